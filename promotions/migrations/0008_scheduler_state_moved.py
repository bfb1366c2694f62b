"""The scheduler's heartbeat and lease now belong to core (core/migrations/0002_scheduler_state.py);
the tables stay."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("promotions", "0007_offer_targets_as_chooser_rows"),
        ("core", "0002_scheduler_state"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="SchedulerHeartbeat"),
                migrations.DeleteModel(name="SchedulerLease"),
            ],
            database_operations=[],
        ),
    ]
