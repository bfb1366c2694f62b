"""Maintenance: a banner announcing it on every public page, and the site closed to the public.

Both come from *Paramètres → Maintenance* (`MaintenanceSettings`, per site) and are decided
at request time against the clock:

- the banner shows from « Afficher le bandeau à partir du » until the end of the maintenance
  (« Maintenance prévue le … », then « Maintenance en cours » once it has started);
- when the site is closed (during the window, or from now on), the public gets a French page
  with 503 and ``Retry-After`` (the seconds left until the end), which search engines take as
  temporary. The team (anyone who may open the admin: `core.staff.is_staff`) keeps
  seeing and editing the site, and the admin, the health check and static files stay open.

The page caches, anonymous (core/page_cache.py) and customers' (core/buyer_cache.py),
answer before this middleware and stay right at every instant: the start and end of each
window are boundaries of their entries (``page_cache_boundaries`` hook), so a page cached
before the banner appears, before the maintenance starts or before it ends is not served
after; saving the setting starts a new content generation, like any setting. The closed page
itself is never stored (only 200 answers are), so the public gets the site back on time.
"""

import math

from django.conf import settings
from django.db.models import Min, Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format

from core.site_cache import find_site
from core.staff import is_staff
from sitehealth.models import MaintenanceMode, MaintenanceSettings

# When the end of a closure is not known: ask robots and browsers to try again in an hour.
UNKNOWN_END_RETRY_AFTER = 3600
WINDOW_FIELDS = ("banner_from", "starts_at", "ends_at")


def open_paths():
    """Addresses that stay open while the site is closed: the team's, and the machines'."""
    return ("/admin/", "/healthz", settings.STATIC_URL, settings.MEDIA_URL)


def _when(moment):
    local = timezone.localtime(moment)
    return date_format(local, "j F Y"), date_format(local, "G \\h i")


def _span(start, end):
    (start_day, start_time), (end_day, end_time) = _when(start), _when(end)
    if start_day == end_day:
        return f"le {start_day} de {start_time} à {end_time}"
    return f"du {start_day} à {start_time} au {end_day} à {end_time}"


def banner_text(setting, now):
    """The banner's sentence at `now`, or "" outside its display window."""
    if not (setting.banner_from and setting.starts_at and setting.ends_at):
        return ""
    if not setting.banner_from <= now < setting.ends_at:
        return ""
    if now < setting.starts_at:
        text = f"Maintenance prévue {_span(setting.starts_at, setting.ends_at)}."
    else:
        end_day, end_time = _when(setting.ends_at)
        text = f"Maintenance en cours jusqu'au {end_day} à {end_time}."
    return f"{text} {setting.banner_message}".strip()


def is_closed(setting, now):
    if setting.mode == MaintenanceMode.CLOSED:
        return setting.ends_at is None or now < setting.ends_at
    if setting.mode == MaintenanceMode.WINDOW and setting.starts_at and setting.ends_at:
        return setting.starts_at <= now < setting.ends_at
    return False


def retry_after(setting, now):
    if setting.ends_at and setting.ends_at > now:
        return max(1, math.ceil((setting.ends_at - now).total_seconds()))
    return UNKNOWN_END_RETRY_AFTER


def next_boundary(now):
    """The next instant after `now` when a banner appears or changes, or a closure starts or
    ends, on any site; None if none is coming."""
    found = MaintenanceSettings.objects.aggregate(
        **{name: Min(name, filter=Q(**{f"{name}__gt": now})) for name in WINDOW_FIELDS}
    )
    return min((moment for moment in found.values() if moment is not None), default=None)


def site_setting(request):
    site = find_site(request)
    return MaintenanceSettings.for_site(site) if site is not None else None


def closed_response(request, setting, now):
    end = None
    if setting.ends_at and setting.ends_at > now:
        end = "{} à {}".format(*_when(setting.ends_at))
    response = render(
        request,
        "sitehealth/maintenance.html",
        {"message": setting.closed_message, "reopens": end},
        status=503,
    )
    response["Retry-After"] = str(retry_after(setting, now))
    # The public must get the site back the moment it reopens: no copy anywhere.
    add_never_cache_headers(response)
    return response


class MaintenanceMiddleware:
    """Answers 503 to the public while the site is closed (after authentication: the team
    keeps working). Cached pages never reach it; the page cache's boundaries make sure that
    none is served past the start of a closure."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(open_paths()):
            setting = site_setting(request)
            now = timezone.now()
            if setting is not None and is_closed(setting, now) and not is_staff(request.user):
                return closed_response(request, setting, now)
        return self.get_response(request)
