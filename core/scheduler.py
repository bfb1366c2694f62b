"""One scheduler pass: Wagtail's scheduled publishing, under a lock, with a heartbeat.

Several copies may run (one per app server): the lock makes sure one pass runs at a time,
so nothing is published twice. On PostgreSQL the lock is an advisory lock, released by the
server if the process dies; elsewhere (SQLite) it is a lease row that expires on its own.

After publishing, a pass runs the periodic tasks other apps register with the
``scheduler_tasks`` hook (in their wagtail_hooks.py), under the same lock.
"""

import io
import logging
import os
import socket
import uuid
from contextlib import contextmanager
from datetime import timedelta

from django.apps import apps
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from wagtail import hooks
from wagtail.models import DraftStateMixin, Page, Revision

from core.models import SchedulerHeartbeat, SchedulerLease

logger = logging.getLogger("storefront.scheduler")

NAME = "publish_scheduled"
# Any 64-bit number that no other part of the application uses as an advisory lock key.
ADVISORY_LOCK_KEY = 7_264_031_509
LEASE = timedelta(minutes=5)
STALE_AFTER = timedelta(minutes=3)
TASKS_HOOK = "scheduler_tasks"
HOLDER = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@contextmanager
def advisory_lock():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [ADVISORY_LOCK_KEY])
        acquired = cursor.fetchone()[0]
    try:
        yield acquired
    finally:
        if acquired:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [ADVISORY_LOCK_KEY])


@contextmanager
def lease_lock(holder=HOLDER):
    now = timezone.now()
    try:
        with transaction.atomic():
            SchedulerLease.objects.get_or_create(name=NAME, defaults={"expires_at": now})
    except IntegrityError:  # another process created it at the same moment
        pass
    acquired = (
        SchedulerLease.objects.filter(name=NAME)
        .filter(Q(expires_at__lte=now) | Q(holder=holder))
        .update(holder=holder, expires_at=now + LEASE)
        == 1
    )
    try:
        yield acquired
    finally:
        if acquired:
            SchedulerLease.objects.filter(name=NAME, holder=holder).update(
                expires_at=timezone.now()
            )


def scheduler_lock():
    return advisory_lock() if connection.vendor == "postgresql" else lease_lock()


def due_items(now=None):
    """What publish_scheduled is about to do, in words, for the log and the heartbeat
    (the command itself prints nothing when it acts)."""
    now = now or timezone.now()
    items = []
    models = [Page] + [
        model
        for model in apps.get_models()
        if issubclass(model, DraftStateMixin) and not issubclass(model, Page)
    ]
    for model in models:
        for record in model.objects.filter(live=True, expire_at__lt=now):
            items.append(f"Expiration : {_describe(record)}")
    for revision in Revision.objects.filter(approved_go_live_at__lt=now).order_by(
        "approved_go_live_at"
    ):
        items.append(f"Mise en ligne : {_describe(revision.as_object())}")
    return items


def _describe(record):
    record = record.specific if isinstance(record, Page) else record
    return f"{record._meta.verbose_name.capitalize()} « {record} » (#{record.pk})"


def run_tasks():
    """Run every registered periodic task; each returns the lines it reports (maybe none).

    A task that fails is logged and the pass goes on: publishing and the heartbeat never
    depend on housekeeping.
    """
    lines = []
    for task in hooks.get_hooks(TASKS_HOOK):
        try:
            lines += task()
        except Exception:
            logger.exception("Planificateur : la tâche %s a échoué.", task.__name__)
            lines.append(f"Échec de la tâche {task.__name__} (voir le journal)")
    return lines


def run_once():
    """Publish and unpublish what is due, then run the periodic tasks. Returns the report,
    or None if another ran."""
    with scheduler_lock() as acquired:
        if not acquired:
            logger.info("Un autre planificateur est en cours : passage ignoré.")
            return None
        due = due_items()
        call_command("publish_scheduled", stdout=io.StringIO())
        lines = [*due, *run_tasks()]
        report = "\n".join(lines)
        for line in lines:
            logger.info("Planificateur : %s", line)
        SchedulerHeartbeat.objects.update_or_create(
            name=NAME,
            defaults={
                "last_run_at": timezone.now(),
                "last_report": report[:10_000],
                "host": HOLDER,
            },
        )
        return report


def heartbeat_status(now=None):
    """ "ok", or why the scheduler looks down ("never run", "stale since ...")."""
    now = now or timezone.now()
    heartbeat = SchedulerHeartbeat.objects.filter(name=NAME).first()
    if heartbeat is None:
        return "never run"
    if now - heartbeat.last_run_at > STALE_AFTER:
        since = timezone.localtime(heartbeat.last_run_at).strftime("%d/%m/%Y %H:%M:%S")
        return f"stale: last run {since}"
    return "ok"
