"""The scheduler: publishes what is due once, under a lock, and reports a heartbeat."""

import threading
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from core.models import SchedulerHeartbeat, SchedulerLease
from core.scheduler import NAME, advisory_lock, run_once
from promotions.models import Offer
from tests.promotions.test_offers import make_offer

pytestmark = pytest.mark.django_db


def scheduled_offer():
    """An offer approved for publication a minute ago: due for the scheduler."""
    offer = make_offer(name="Programmée", value=Decimal("10"), publish=False)
    offer.go_live_at = timezone.now() + timedelta(hours=1)
    offer.save_revision().publish()
    revision = offer.scheduled_revision
    due = timezone.now() - timedelta(minutes=1)
    revision.approved_go_live_at = due
    revision.content["go_live_at"] = due.isoformat()
    revision.save(update_fields=["approved_go_live_at", "content"])
    Offer.objects.filter(pk=offer.pk).update(go_live_at=due)
    return offer


def test_run_once_publishes_due_snippets_once_and_records_a_heartbeat():
    offer = scheduled_offer()
    report = run_once()
    assert "Mise en ligne : Offre « Programmée »" in report
    offer.refresh_from_db()
    assert offer.live
    assert not offer.revisions.filter(approved_go_live_at__isnull=False).exists()
    heartbeat = SchedulerHeartbeat.objects.get(name=NAME)
    assert timezone.now() - heartbeat.last_run_at < timedelta(minutes=1)
    revisions = offer.revisions.count()
    run_once()  # nothing left to do: nothing published twice
    offer.refresh_from_db()
    assert offer.revisions.count() == revisions


@pytest.mark.skipif("connection.vendor == 'postgresql'")
def test_a_held_lease_makes_other_copies_skip():
    SchedulerLease.objects.create(
        name=NAME, holder="other-host:1", expires_at=timezone.now() + timedelta(minutes=5)
    )
    offer = scheduled_offer()
    assert run_once() is None
    offer.refresh_from_db()
    assert not offer.live
    SchedulerLease.objects.filter(name=NAME).update(expires_at=timezone.now())
    assert run_once() is not None  # an expired lease is taken over


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_two_copies_on_two_connections_publish_once():
    offer = scheduled_offer()
    holding, release = threading.Event(), threading.Event()

    def other_scheduler():
        # A second real PostgreSQL connection, as another server's scheduler would have.
        try:
            with advisory_lock() as acquired:
                assert acquired
                holding.set()
                release.wait(10)
        finally:
            connection.close()

    thread = threading.Thread(target=other_scheduler)
    thread.start()
    assert holding.wait(10)
    try:
        assert run_once() is None
        offer.refresh_from_db()
        assert not offer.live
    finally:
        release.set()
        thread.join()
    assert run_once() is not None
    offer.refresh_from_db()
    assert offer.live


def test_command_runs_one_pass(capsys):
    call_command("run_scheduler", "--once")
    assert SchedulerHeartbeat.objects.filter(name=NAME).exists()


def test_healthz_reports_the_scheduler(client, caplog):
    body = client.get("/healthz").json()
    assert body["status"] == "degraded" and body["checks"]["scheduler"] == "error"
    assert "never run" in caplog.text  # why, for the logs only
    run_once()
    body = client.get("/healthz").json()
    assert body == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "scheduler": "ok"},
    }
    SchedulerHeartbeat.objects.update(last_run_at=timezone.now() - timedelta(minutes=10))
    response = client.get("/healthz")
    assert response.status_code == 200  # prices stay right without the scheduler
    assert response.json() == {
        "status": "degraded",
        "checks": {"database": "ok", "cache": "ok", "scheduler": "error"},
    }
    assert "stale" in caplog.text
