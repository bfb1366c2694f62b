"""Rate limits for the public forms, kept in Django's cache (Redis when shared).

Counted per client address, or per another identity such as an e-mail address. The client
address is REMOTE_ADDR (`client_address`, which django-axes also uses for login lockouts).
Behind a reverse proxy, the proxy must set it to the real client address (e.g. gunicorn's
`--forwarded-allow-ips` with the proxy's address, or the proxy's real-IP module):
X-Forwarded-For is never read here, since any client can forge it. Addresses and identities
are stored only as a salted hash, and only for the length of the window.

With the cache down the counts are lost and every submission is accepted: the forms stay open
(a lost quote request costs more than a few more spam ones), password-reset e-mails go out
unthrottled for that time too (login lockouts, kept in the database, still hold), and the
outage is logged and reported by /healthz (core/cache_backend.py).
"""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac


@dataclass(frozen=True)
class Scope:
    """What one form limits: `allowed` submissions per `window` seconds and per client address
    or identity. The REQUEST_RATE_LIMITS setting may override it by name: {name: (allowed,
    window)}. Each form declares its own (enquiries/views.py, core/password_reset.py)."""

    name: str
    allowed: int
    window: int


def limit_for(scope):
    """``(allowed, window)`` of the scope, as the settings may override it."""
    overrides = getattr(settings, "REQUEST_RATE_LIMITS", {})
    return overrides.get(scope.name, (scope.allowed, scope.window))


def client_address(request):
    return request.META.get("REMOTE_ADDR", "")


def _key(request, scope, identity=None):
    if identity is None:
        identity = client_address(request)
    digest = salted_hmac("core.ratelimit", identity).hexdigest()[:32]
    return f"ratelimit:{scope.name}:{digest}"


def is_limited(request, scope):
    """True when this address has used up its submissions for the current window."""
    allowed, _ = limit_for(scope)
    return cache.get(_key(request, scope), 0) >= allowed


def consume(request, scope, identity=None):
    """Count one submission of this address (or `identity`); False when it goes over the limit
    (then refuse it)."""
    allowed, window = limit_for(scope)
    key = _key(request, scope, identity)
    # add() creates the counter with its expiry only if missing; incr() is atomic on
    # Redis and on the local-memory cache, so concurrent submissions are all counted.
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, window)
        count = 1
    return count <= allowed
