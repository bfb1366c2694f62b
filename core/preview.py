"""Previewing the site at a date, for the team (`core.staff.is_staff`).

A team member opens any page with ``?at=2027-01-02T08:00`` (Paris time; a date alone means
midnight), or uses the form at the bottom of *Planning*, and sees prices, offers, news and
promotions as they will be at that instant. The date is kept in their session, so every link
they follow shows the same instant, until they leave (« Quitter l'aperçu » in the banner, which
is ``?at=`` with no value) or log out. While a date is active:

- every page shows the banner (templates/base.html, through
  `core.context_processors.preview_at`), so a preview is never mistaken for today's site;
- every response is sent ``private, no-store`` (`PreviewMiddleware`): the page cache
  (core/page_cache.py) neither stores it nor, since the visitor is logged in, serves them
  a shared page, and no CDN or browser keeps it. The fragments shared by anonymous visitors
  (core/fragments.py) are never used for a logged-in visitor either.

Anyone else (customers, anonymous visitors, an account that has since lost admin access) gets
today's site: ``?at=`` is ignored, and a date left in the session is not read.
"""

from datetime import datetime, time

from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.dateparse import parse_date, parse_datetime

from core.staff import is_staff

PARAMETER = "at"
SESSION_KEY = "storefront_preview_at"


def parse_instant(raw):
    """``2027-01-02T08:00`` or ``2027-01-02`` (Paris time unless an offset is given), else None."""
    try:
        moment = parse_datetime(raw)
        day = None if moment else parse_date(raw)
    except ValueError:  # well formed but impossible, such as 2027-02-30
        return None
    if day:
        moment = datetime.combine(day, time())
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, timezone.get_default_timezone())
    return moment


def asked_instant(request):
    """The instant in ``?at=`` if given (even empty), else the one kept in the session."""
    if PARAMETER in request.GET:
        raw = request.GET[PARAMETER]
    else:
        session = getattr(request, "session", None)
        raw = session.get(SESSION_KEY, "") if session is not None else ""
    return parse_instant(raw) if raw else None


def preview_instant(request):
    """The instant this team member previews the site at, or None (always for anyone else)."""
    if not hasattr(request, "_storefront_preview"):
        moment = asked_instant(request)
        if moment is not None and not is_staff(getattr(request, "user", None)):
            moment = None
        request._storefront_preview = moment
    return request._storefront_preview


def request_instant(request):
    """The instant a request sees the site at: now, or the date a team member previews."""
    if not hasattr(request, "_storefront_instant"):
        request._storefront_instant = preview_instant(request) or timezone.now()
    return request._storefront_instant


def keep_preview(request):
    """Keep the instant asked in ``?at=`` for the next pages, or forget it (empty or invalid)."""
    moment = preview_instant(request)
    if moment is None:
        request.session.pop(SESSION_KEY, None)
    else:
        request.session[SESSION_KEY] = moment.isoformat()


class PreviewMiddleware:
    """Keeps a team member's preview date across clicks, and their previews out of every cache."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if PARAMETER in request.GET and is_staff(request.user):
            keep_preview(request)
        response = self.get_response(request)
        if preview_instant(request) is not None:
            add_never_cache_headers(response)
        return response
