"""The scheduler's heartbeat and lease move from promotions to core, keeping their tables and
content types (core/model_moves.py)."""

from django.db import migrations, models

from core.model_moves import relabel_content_types


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("promotions", "0007_offer_targets_as_chooser_rows"),
    ]

    operations = [
        relabel_content_types("promotions", "core", ["schedulerheartbeat", "schedulerlease"]),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SchedulerHeartbeat",
                    fields=[
                        (
                            "name",
                            models.CharField(max_length=50, primary_key=True, serialize=False),
                        ),
                        ("last_run_at", models.DateTimeField(verbose_name="Dernier passage")),
                        (
                            "last_report",
                            models.TextField(blank=True, verbose_name="Dernier compte rendu"),
                        ),
                        (
                            "host",
                            models.CharField(blank=True, max_length=255, verbose_name="Machine"),
                        ),
                    ],
                    options={
                        "verbose_name": "Battement du planificateur",
                        "db_table": "promotions_schedulerheartbeat",
                    },
                ),
                migrations.CreateModel(
                    name="SchedulerLease",
                    fields=[
                        (
                            "name",
                            models.CharField(max_length=50, primary_key=True, serialize=False),
                        ),
                        ("holder", models.CharField(blank=True, max_length=255)),
                        ("expires_at", models.DateTimeField()),
                    ],
                    options={
                        "verbose_name": "Verrou du planificateur",
                        "db_table": "promotions_schedulerlease",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
