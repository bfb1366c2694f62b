"""French names for the records Wagtail's own migrations create in English.

Editors see them in the admin: the root page (page explorer, choosers), the root collection
(images, documents), the default moderation workflow and its task (« Soumettre à … »), and the
two default groups (users, workflow tasks). Only a record still bearing Wagtail's English name
is renamed, so a name an administrator chose is kept; a group keeps its name when the French
one is already taken (group names are unique).
"""

from django.db import migrations

WORKFLOW = ("Moderators approval", "Validation par les modérateurs")
ROOT = ("Root", "Racine")
# Wagtail's « Editors » may add and edit pages but not publish: they are writers, and the
# demo's own « Éditeurs » group (storefront/demo/site.py), who publish, stays distinct.
GROUPS = [("Moderators", "Modérateurs"), ("Editors", "Rédacteurs")]


def rename_defaults(apps, schema_editor):
    english, french = WORKFLOW
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=english).update(name=french)
    apps.get_model("wagtailcore", "Task").objects.filter(name=english).update(name=french)

    english, french = ROOT
    apps.get_model("wagtailcore", "Collection").objects.filter(depth=1, name=english).update(
        name=french
    )
    apps.get_model("wagtailcore", "Page").objects.filter(depth=1, title=english).update(
        title=french, draft_title=french
    )

    Group = apps.get_model("auth", "Group")
    for english, french in GROUPS:
        if not Group.objects.filter(name=french).exists():
            Group.objects.filter(name=english).update(name=french)


class Migration(migrations.Migration):
    dependencies = [
        ("storefront", "0006_alter_homepage_body"),
        # Every migration that creates these records or finds the groups by their English name.
        ("wagtailcore", "0048_add_default_workflows"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailimages", "0002_initial_data"),
        ("wagtaildocs", "0002_initial_data"),
    ]

    operations = [
        # Going back keeps the French names: nothing depends on the English ones.
        migrations.RunPython(rename_defaults, migrations.RunPython.noop),
    ]
