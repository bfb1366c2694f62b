"""ContentGeneration moves from storefront to core, keeping its table and its content type.

Permissions, log entries and revisions point at the content type's id, so the row is renamed
rather than replaced. On a new database there is no row yet (Django creates content types
after the migrations) and the rename does nothing.
"""

from django.db import migrations, models

MOVED = ["contentgeneration"]


def relabel(source, target):
    def run(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        ContentType.objects.using(schema_editor.connection.alias).filter(
            app_label=source, model__in=MOVED
        ).update(app_label=target)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("storefront", "0010_account_request_origin_page"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(relabel("storefront", "core"), relabel("core", "storefront")),
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
