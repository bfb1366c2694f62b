"""HTML fragments shared by anonymous visitors for as long as the page cache could keep them.

The page cache stores whole pages only where it is on (production, with a shared cache). A
fragment that depends only on published content and on the instant, such as the home page's
blocks (banner, selections, current offers, latest news), follows the same rules everywhere: a
new content generation or the next change that happens by itself (an offer starting, a news
page expiring: `core.page_cache.boundary`) retires it. Logged-in visitors may see other offers,
so theirs is always rendered; that includes a team member previewing the site at another date
(core/preview.py), whose blocks are those of that date.
"""

import math

from django.core.cache import cache
from django.utils import timezone

from core.generation import GENERATION_TIMEOUT, request_generation
from core.page_cache import boundary


def anonymous_fragment(request, name, render):
    """`render()`, or the HTML it gave another anonymous visitor since nothing changed."""
    user = getattr(request, "user", None)
    if request is None or (user is not None and user.is_authenticated):
        return render()
    return shared_fragment(request, name, render)


# What `shared_fragment` is given when the caller has not read the fragment's entry.
NOT_READ = object()


def fragment_key(request, name):
    # No generation in the name: the entry holds it, so that a caller who knows the name can
    # read the entry along with others in one round trip (core/buyer_cache.py).
    return f"fragment:{request.get_host()}:{name}"


def shared_fragment(request, name, render, found=NOT_READ):
    """`render()`, or what it gave for `name` since nothing changed: `name` says everything
    the result depends on besides published content and the instant.

    Kept with its generation and the moment it stops being right (the next change that
    happens by itself), so that serving it is one read; `found` is the cache's entry for
    `fragment_key(request, name)` (or None) when the caller read it already.
    """
    generation = request_generation(request)
    key = fragment_key(request, name)
    now = timezone.now()
    if found is NOT_READ:
        found = cache.get(key)
    if found is not None:
        kept_generation, html, until = found
        if kept_generation == generation and (until is None or now < until):
            return html
    html = render()
    until = boundary(generation, now)
    seconds = GENERATION_TIMEOUT
    if until is not None:
        seconds = min(seconds, math.ceil((until - now).total_seconds()))
    cache.set(key, (generation, html, until), seconds)
    return html
