"""A catalogue import asked for in the admin, run by a task: what the status page shows."""

import uuid

from django.conf import settings
from django.db import models


class ImportRun(models.Model):
    """One simulation or application of an uploaded file. The file waits in the private
    `imports` storage until its simulation is confirmed; an application points at the
    simulation it confirms, at most one per simulation."""

    class Kind(models.TextChoices):
        DRY_RUN = "dry_run", "Simulation"
        APPLY = "apply", "Application"

    class Status(models.TextChoices):
        QUEUED = "queued", "En attente"
        RUNNING = "running", "En cours"
        DONE = "done", "Terminé"
        FAILED = "failed", "Échec"

    # Not a sequence: the status page's address is not guessable.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField("type", max_length=10, choices=Kind.choices)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.QUEUED)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="demandé par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    filename = models.CharField("fichier", max_length=255)
    stored_file = models.CharField("fichier conservé", max_length=500)
    price_list_name = models.CharField("nom de la liste de prix", max_length=150, blank=True)
    simulation = models.OneToOneField(
        "self",
        verbose_name="simulation confirmée",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="application",
    )
    report = models.JSONField("rapport", null=True, blank=True)
    error = models.TextField("erreur", blank=True)
    created_at = models.DateTimeField("demandé le", auto_now_add=True)
    started_at = models.DateTimeField("commencé le", null=True, blank=True)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "import du catalogue"
        verbose_name_plural = "imports du catalogue"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} de « {self.filename} »"

    @property
    def finished(self):
        return self.status in {self.Status.DONE, self.Status.FAILED}
