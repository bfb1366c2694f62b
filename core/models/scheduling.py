"""State of the scheduler process: its heartbeat and the lease that keeps it single."""

from django.db import models


class SchedulerHeartbeat(models.Model):
    name = models.CharField(max_length=50, primary_key=True)
    last_run_at = models.DateTimeField("Dernier passage")
    last_report = models.TextField("Dernier compte rendu", blank=True)
    host = models.CharField("Machine", max_length=255, blank=True)

    class Meta:
        verbose_name = "Battement du planificateur"
        # Created by promotions (promotions/migrations/0005_schedulerheartbeat_schedulerlease.py),
        # moved here without touching the table (core/migrations/0002_scheduler_state.py).
        db_table = "promotions_schedulerheartbeat"

    def __str__(self):
        return f"{self.name} @ {self.last_run_at:%Y-%m-%d %H:%M:%S}"


class SchedulerLease(models.Model):
    """Who may run the scheduler now; used where PostgreSQL advisory locks do not exist."""

    name = models.CharField(max_length=50, primary_key=True)
    holder = models.CharField(max_length=255, blank=True)
    expires_at = models.DateTimeField()

    class Meta:
        verbose_name = "Verrou du planificateur"
        db_table = "promotions_schedulerlease"

    def __str__(self):
        return f"{self.name} ({self.holder or 'libre'})"
