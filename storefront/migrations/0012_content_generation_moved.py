"""ContentGeneration now belongs to core (core/migrations/0001_initial.py); the table stays."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("storefront", "0011_requests_moved"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ContentGeneration")],
            database_operations=[],
        ),
    ]
