"""ContentGeneration moves from storefront to core, keeping its table and its content type
(core/model_moves.py)."""

from django.db import migrations, models

from core.model_moves import relabel_content_types


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("storefront", "0010_account_request_origin_page"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        relabel_content_types("storefront", "core", ["contentgeneration"]),
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ContentGeneration",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("value", models.BigIntegerField()),
                    ],
                    options={
                        "verbose_name": "Génération du contenu publié",
                        "verbose_name_plural": "Générations du contenu publié",
                        "db_table": "storefront_contentgeneration",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
