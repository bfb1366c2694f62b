"""Whether a page is running at an instant: its go-live has come and its expiry has not.

Start inclusive, expiry exclusive, everywhere: a page expiring at 18:00 is gone at 18:00:00.
Pages are judged by their own dates at request time, not by whether the scheduler has
published or unpublished them yet (docs/design.md, principle 1), and the instant is the
request's (`core.preview.request_instant`), so a team member previewing the site at a date
sees the pages of that date.
"""

from django.db.models import Min, Q
from wagtail.models import Page, Revision


def started_q(at):
    return Q(go_live_at__isnull=True) | Q(go_live_at__lte=at)


def not_expired_q(at):
    return Q(expire_at__isnull=True) | Q(expire_at__gt=at)


def running_q(at):
    return started_q(at) & not_expired_q(at)


def has_started(page, at):
    return page.go_live_at is None or page.go_live_at <= at


def has_expired(page, at):
    return page.expire_at is not None and page.expire_at <= at


def earliest_after(queryset, fields, at):
    """The first of these date fields' values after `at` in the queryset, or None."""
    found = queryset.aggregate(
        **{name: Min(name, filter=Q(**{f"{name}__gt": at})) for name in fields}
    )
    return min((moment for moment in found.values() if moment is not None), default=None)


def next_page_change_after(at):
    """The first instant after `at` when a page starts or stops running by itself, or None."""
    moments = [
        # A live page may still carry a future go-live (set in code): news wait for it.
        earliest_after(Page.objects.filter(live=True), ["go_live_at", "expire_at"], at),
        # Scheduled revisions of pages and of snippets alike: their go-live is a change.
        earliest_after(Revision.objects.all(), ["approved_go_live_at"], at),
    ]
    return min((moment for moment in moments if moment is not None), default=None)
