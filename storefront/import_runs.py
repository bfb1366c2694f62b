"""Catalogue imports from the admin, run by a task off the web request (issue 15).

An import of 5,000 new products takes about a minute and a half, twice (simulation, then
application): more than a web request may last under gunicorn's timeout. The upload is kept
in the private `imports` storage, an ImportRun records who asked for what, and the worker
(README « Worker ») runs CatalogueImport; the admin's status page reads the run.

Progress goes to a small file beside the upload, not to the ImportRun row: the import works
inside one transaction, whose writes nobody else sees before it ends (and on SQLite, whose
lock would keep another connection from writing at all). The storage is the one place the
web processes and the worker must share anyway, for the upload.
"""

import json
import logging
import time

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import task

from core.tabular import TabularError
from storefront.importing import CatalogueImport
from storefront.models import ImportRun

logger = logging.getLogger(__name__)

# Seconds between two writes of a run's progress (and one at each new phase).
PROGRESS_INTERVAL = 1.0
UNEXPECTED_ERROR = (
    "L'import s'est arrêté sur une erreur inattendue : rien n'a été appliqué. L'équipe "
    "technique en trouvera le détail dans les journaux du serveur."
)


def _storage():
    return storages["imports"]


def progress_path(run):
    return f"progress/{run.pk.hex}.json"


def read_progress(run):
    """{"phase", "done", "total"} as last written by the worker, or None."""
    try:
        with _storage().open(progress_path(run)) as file:
            return json.loads(file.read())
    except (FileNotFoundError, ValueError):  # not started, or caught while being rewritten
        return None


class Progress:
    """The `on_progress` callback of a run's CatalogueImport, writing at most once per
    PROGRESS_INTERVAL of `clock` (seconds)."""

    def __init__(self, run, clock=time.monotonic):
        self.path = progress_path(run)
        self.clock = clock
        self.phase = None
        self.written_at = 0.0

    def __call__(self, phase, done, total):
        now = self.clock()
        if phase == self.phase and now - self.written_at < PROGRESS_INTERVAL:
            return
        self.phase, self.written_at = phase, now
        storage = _storage()
        storage.delete(self.path)
        content = {"phase": phase, "done": done, "total": total}
        storage.save(self.path, ContentFile(json.dumps(content).encode()))

    def clear(self):
        _storage().delete(self.path)


def start_simulation(upload, price_list_name, user):
    """Keep the uploaded file aside (never in public media) and queue its simulation."""
    run = ImportRun(
        kind=ImportRun.Kind.DRY_RUN,
        user=user,
        filename=upload.name,
        price_list_name=price_list_name,
    )
    run.stored_file = _storage().save(f"{run.pk.hex}/{upload.name}", upload)
    run.save()
    run_import.enqueue(str(run.pk))
    return run


def confirm(simulation, price_list_name):
    """The application of a simulation, queued the first time only; (run, queued now)."""
    try:
        with transaction.atomic():
            application = ImportRun.objects.create(
                kind=ImportRun.Kind.APPLY,
                simulation=simulation,
                user=simulation.user,
                filename=simulation.filename,
                stored_file=simulation.stored_file,
                price_list_name=price_list_name,
            )
    except IntegrityError:  # confirmed already (a double click, a second tab)
        return ImportRun.objects.get(simulation=simulation), False
    run_import.enqueue(str(application.pk))
    return application, True


def _finish(run, status, report=None, error=""):
    run.status, run.report, run.error = status, report, error
    run.finished_at = timezone.now()
    run.save(update_fields=["status", "report", "error", "finished_at"])


@task(backend="background")
def run_import(run_id):
    """Simulate or apply one ImportRun, once: a task queued twice finds it taken."""
    claimed = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.QUEUED).update(
        status=ImportRun.Status.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return
    run = ImportRun.objects.select_related("user").get(pk=run_id)
    progress = Progress(run)
    try:
        with _storage().open(run.stored_file) as file:
            report = CatalogueImport(
                file,
                run.filename,
                price_list_name=run.price_list_name or None,
                dry_run=run.kind == ImportRun.Kind.DRY_RUN,
                user=run.user,
                on_progress=progress,
            ).run()
    except TabularError as exc:
        _finish(run, ImportRun.Status.FAILED, error=str(exc))
    except Exception:
        _finish(run, ImportRun.Status.FAILED, error=UNEXPECTED_ERROR)
        raise  # the task fails, and django-tasks logs why
    else:
        _finish(run, ImportRun.Status.DONE, report=report.as_json())
    finally:
        progress.clear()
        # The file waits for a confirmation only after a simulation that found nothing wrong.
        if run.kind == ImportRun.Kind.APPLY or not (run.report and not run.report["errors"]):
            _storage().delete(run.stored_file)
