"""The 404 log: which addresses visitors (and links from elsewhere) ask for in vain.

Each 404 costs one statement, an upsert on the address, and nothing about the visitor is kept
(no IP, no query string, the referring page's host alone). Requests that are only robots
probing for other software (WordPress, PHP, leaked ``.env`` files…) are not counted: the list
is SITEHEALTH_404_IGNORED. The table is bounded: the scheduler keeps the
SITEHEALTH_404_MAX_ROWS addresses asked for most recently (``prune``), so that a crawler
inventing addresses cannot grow it without end between two passes by more than it can ask.
"""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from sitehealth.models import NotFoundPath

logger = logging.getLogger("storefront.sitehealth")

# Parts of an address that only robots looking for a flaw ask for (none is a page of ours),
# and the admin, whose addresses are no public page to redirect.
DEFAULT_IGNORED = (
    "wp-admin",
    "wp-login",
    "wp-content",
    "wp-includes",
    "wordpress",
    "xmlrpc",
    "phpmyadmin",
    ".php",
    ".asp",
    ".env",
    ".git",
    ".aws",
    ".ds_store",
    "cgi-bin",
    "/vendor/",
    "/owa/",
    "/actuator",
    "/admin/",
)
MAX_PATH = NotFoundPath._meta.get_field("path").max_length
MAX_HOST = NotFoundPath._meta.get_field("referrer_host").max_length


def ignored_parts():
    return tuple(
        part.lower() for part in getattr(settings, "SITEHEALTH_404_IGNORED", DEFAULT_IGNORED)
    )


def max_rows():
    return getattr(settings, "SITEHEALTH_404_MAX_ROWS", 5000)


def is_noise(path):
    lowered = path.lower()
    return len(path) > MAX_PATH or any(part in lowered for part in ignored_parts())


def referrer_host(request):
    try:
        host = urlsplit(request.META.get("HTTP_REFERER", "")).hostname or ""
    except ValueError:  # a made-up Referer header
        return ""
    return host[:MAX_HOST]


def upsert_sql():
    table = connection.ops.quote_name(NotFoundPath._meta.db_table)
    # PostgreSQL and SQLite (3.24+) share this syntax: one statement, whether the row exists.
    return (
        f"INSERT INTO {table} (path, hits, first_seen, last_seen, referrer_host) "
        "VALUES (%s, 1, %s, %s, %s) "
        "ON CONFLICT (path) DO UPDATE SET "
        f"hits = {table}.hits + 1, last_seen = excluded.last_seen, "
        "referrer_host = CASE WHEN excluded.referrer_host = '' "
        f"THEN {table}.referrer_host ELSE excluded.referrer_host END"
    )


def record(path, host, now=None):
    now = connection.ops.adapt_datetimefield_value(now or timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(upsert_sql(), [path, now, now, host])


def prune():
    """Forget the addresses asked for least recently beyond the cap. Returns how many."""
    excess = NotFoundPath.objects.count() - max_rows()
    if excess <= 0:
        return 0
    stale = NotFoundPath.objects.order_by("last_seen", "pk").values_list("pk", flat=True)
    return NotFoundPath.objects.filter(pk__in=list(stale[:excess])).delete()[0]


class NotFoundLogMiddleware:
    """Counts the 404s visitors get, after redirects and the added slash had their chance
    (it sits above them in MIDDLEWARE). A failed write is logged, and the visitor still gets
    their 404 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if (
            response.status_code == 404
            and request.method in ("GET", "HEAD")
            and not is_noise(request.path)
        ):
            try:
                # A savepoint: inside a transaction, a failed write must not break it.
                with transaction.atomic():
                    record(request.path, referrer_host(request))
            except DatabaseError:
                logger.warning("Journal des 404 : écriture impossible pour %s", request.path)
        return response
