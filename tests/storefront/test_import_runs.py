"""Imports from the admin run in a task (issue 15): the upload answers at once with a status
page that reloads itself, shows progress, then the report; a confirmation applies once."""

from datetime import timedelta
from html import unescape

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django_tasks import task_backends

from storefront import import_runs
from storefront.importing import INDEXING, READING, WRITING
from storefront.models import ImportRun, ProductPage
from tests.storefront.test_import import GOOD_ROWS, csv_file, run_import

pytestmark = pytest.mark.django_db

URL = "/admin/catalogue/import/"


@pytest.fixture
def queue(settings):
    """A queue that keeps tasks without running them: a worker that has not started yet."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
        "background": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"},
    }
    return task_backends["background"]


def work(queue):
    """What the worker does: run what is queued, from what the queue stored."""
    results, queue.results[:] = list(queue.results), []
    for result in results:
        result.task.call(*result.args, **result.kwargs)


@pytest.fixture
def editor(client):
    client.login(username="editeur", password="editeur-demo")
    return client


def upload(client, rows=GOOD_ROWS, **options):
    data = {"file": SimpleUploadedFile("lot.csv", csv_file(rows), content_type="text/csv")}
    return client.post(URL, data, **options)


def test_the_upload_answers_at_once_and_the_status_page_follows_the_run(editor, queue):
    response = upload(editor)
    run = ImportRun.objects.get()
    assert response.status_code == 302 and response.url == f"{URL}{run.pk}/"
    assert (run.kind, run.status, run.filename) == ("dry_run", "queued", "lot.csv")

    waiting = editor.get(response.url)
    assert waiting["Refresh"] == "2"
    assert "Simulation de « lot.csv » : en attente." in waiting.content.decode()
    assert "token" not in waiting.context
    assert "exécutant de tâches" not in waiting.content.decode()

    work(queue)
    done = editor.get(response.url)
    html = done.content.decode()
    assert not done.has_header("Refresh")
    assert "Simulation de « lot.csv » :" in html and "Produits créés : 3" in html
    assert done.context["token"] == run.pk.hex
    assert not ProductPage.objects.filter(sku="IMP-001").exists()

    confirmed = editor.post(URL, {"token": run.pk.hex, "price_list_name": "Tarif linge"})
    application = ImportRun.objects.get(kind=ImportRun.Kind.APPLY)
    assert confirmed.url == f"{URL}{application.pk}/"
    assert "Application de « lot.csv » : en attente." in editor.get(confirmed.url).content.decode()
    assert not ProductPage.objects.filter(sku="IMP-001").exists()
    work(queue)
    html = editor.get(confirmed.url).content.decode()
    assert "Import de « lot.csv » appliqué" in html and "Produits créés : 3" in html
    assert ProductPage.objects.filter(sku="IMP-001").exists()


def test_a_run_nobody_picks_up_says_so(editor, queue):
    upload(editor)
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    html = editor.get(f"{URL}{run.pk}/").content.decode()
    assert "En attente d'un exécutant de tâches…" in unescape(html)
    assert "manage.py db_worker" in html


def test_the_import_reports_its_progress_row_by_row():
    calls = []
    run_import(csv_file(GOOD_ROWS), on_progress=lambda *call: calls.append(call))
    assert calls == [
        (READING, 1, None),
        (READING, 2, None),
        (READING, 3, None),
        (WRITING, 1, 3),
        (WRITING, 2, 3),
        (WRITING, 3, 3),
        (INDEXING, 3, 3),
    ]
    calls.clear()
    run_import(csv_file(GOOD_ROWS), dry_run=True, on_progress=lambda *call: calls.append(call))
    assert calls[-1] == (WRITING, 3, 3)  # a simulation indexes nothing


def test_progress_is_written_at_most_once_a_second_and_shown(editor, queue):
    upload(editor)
    run = ImportRun.objects.get()
    ImportRun.objects.filter(pk=run.pk).update(status=ImportRun.Status.RUNNING)
    # Its own clock: patching time.monotonic would also stop the cache client's.
    clock = iter([100.0, 100.5, 101.2])
    progress = import_runs.Progress(run, clock=lambda: next(clock))
    progress(WRITING, 1, 3)
    progress(WRITING, 2, 3)  # half a second later: not written
    assert import_runs.read_progress(run) == {"phase": WRITING, "done": 1, "total": 3}
    progress(WRITING, 3, 3)
    assert import_runs.read_progress(run)["done"] == 3

    html = editor.get(f"{URL}{run.pk}/").content.decode()
    assert "Simulation de « lot.csv » : en cours." in html
    assert "Préparation des changements : 3 lignes sur 3" in html
    assert '<progress max="3" value="3">' in html


def test_a_finished_run_leaves_no_progress_and_keeps_the_file_only_for_its_confirmation(
    editor, monkeypatch
):
    monkeypatch.setattr(import_runs, "PROGRESS_INTERVAL", 0)
    storage = storages["imports"]
    upload(editor)
    simulation = ImportRun.objects.get()
    assert import_runs.read_progress(simulation) is None
    assert storage.exists(simulation.stored_file)
    editor.post(URL, {"token": simulation.pk.hex})
    assert not storage.exists(simulation.stored_file)

    upload(editor, rows=["IMP-1;;Linge;;;;;;;;;;;;"])
    refused = ImportRun.objects.exclude(pk=simulation.pk).get(kind=ImportRun.Kind.DRY_RUN)
    assert refused.report["errors"]
    assert not storage.exists(refused.stored_file)


def test_runs_are_their_owners_only(editor, client, queue):
    upload(editor)
    run = ImportRun.objects.get()
    work(queue)
    other = type(client)()
    other.login(username="admin", password="admin-demo")  # may import, but did not ask
    # Wagtail answers a permission denied in its admin with a redirect to the dashboard.
    for refused in (other.get(f"{URL}{run.pk}/"), other.post(URL, {"token": run.pk.hex})):
        assert (refused.status_code, refused.url) == (302, "/admin/")
    assert other.get(URL).status_code == 200
    assert not ImportRun.objects.filter(kind=ImportRun.Kind.APPLY).exists()
    customer = type(client)()
    customer.login(username="client", password="client-demo")
    assert customer.get(f"{URL}{run.pk}/").status_code in (302, 403)


def test_a_failed_run_shows_what_went_wrong(editor, monkeypatch):
    def broken(self):
        raise RuntimeError("panne")

    monkeypatch.setattr("storefront.importing.CatalogueImport.run", broken)
    response = upload(editor, follow=True)
    run = ImportRun.objects.get()
    assert run.status == ImportRun.Status.FAILED and run.finished_at
    html = response.content.decode()
    assert "Simulation de « lot.csv » impossible : rien n'a été importé." in unescape(html)
    assert "erreur inattendue" in html and "panne" not in html
    assert "token" not in response.context and not response.has_header("Refresh")
    assert not storages["imports"].exists(run.stored_file)


def test_a_confirmation_applies_exactly_once(editor, queue):
    upload(editor)
    simulation = ImportRun.objects.get()
    assert editor.post(URL, {"token": simulation.pk.hex}).status_code == 404  # not simulated yet
    work(queue)
    first = editor.post(URL, {"token": simulation.pk.hex})
    second = editor.post(URL, {"token": simulation.pk.hex}, follow=True)
    assert second.redirect_chain[0][0] == first.url
    assert "déjà été confirmé" in second.content.decode()
    assert ImportRun.objects.filter(kind=ImportRun.Kind.APPLY).count() == 1
    assert len(queue.results) == 1
    work(queue)
    work(queue)
    assert ImportRun.objects.get(kind=ImportRun.Kind.APPLY).status == ImportRun.Status.DONE


def test_hostile_confirmations_are_refused(editor):
    upload(editor, rows=["IMP-1;;Linge;;;;;;;;;;;;"])
    refused = ImportRun.objects.get()
    for token in (refused.pk.hex, "../../etc/passwd", "", "0" * 32):
        assert editor.post(URL, {"token": token}).status_code == 404
    long_name = {"token": refused.pk.hex, "price_list_name": "x" * 151}
    assert editor.post(URL, long_name).status_code == 404
    assert editor.get(f"{URL}00000000-0000-0000-0000-000000000000/").status_code == 404
    assert editor.post(f"{URL}{refused.pk}/", {"token": refused.pk.hex}).status_code == 405
