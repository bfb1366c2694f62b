"""Per-IP rate limits for the public forms, kept in Django's cache (Redis when shared).

The client address is REMOTE_ADDR. Behind a reverse proxy, the proxy must set it to the real
client address (e.g. gunicorn's `--forwarded-allow-ips` with the proxy's address, or the
proxy's real-IP module): X-Forwarded-For is never read here, since any client can forge it.
Addresses are stored only as a salted hash, and only for the length of the window.
"""

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

# (submissions, seconds) per client address; overridable in settings.
DEFAULT_LIMITS = {
    "quote_request": (5, 10 * 60),
    "account_request": (3, 60 * 60),
}


def limit_for(scope):
    return getattr(settings, "REQUEST_RATE_LIMITS", {}).get(scope, DEFAULT_LIMITS[scope])


def _key(request, scope):
    address = request.META.get("REMOTE_ADDR", "")
    digest = salted_hmac("storefront.ratelimit", address).hexdigest()[:32]
    return f"ratelimit:{scope}:{digest}"


def is_limited(request, scope):
    """True when this address has used up its submissions for the current window."""
    allowed, _ = limit_for(scope)
    return cache.get(_key(request, scope), 0) >= allowed


def consume(request, scope):
    """Count one submission; False when it goes over the limit (then refuse it)."""
    allowed, window = limit_for(scope)
    key = _key(request, scope)
    # add() creates the counter with its expiry only if missing; incr() is atomic on
    # Redis and on the local-memory cache, so concurrent submissions are all counted.
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.set(key, 1, window)
        count = 1
    return count <= allowed
