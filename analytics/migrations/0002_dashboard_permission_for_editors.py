"""Wagtail's default groups see the dashboard: « Rédacteurs » (Editors) and « Modérateurs »
(Moderators), whichever name they bear (storefront/migrations/0007_french_default_names.py)."""

from django.db import migrations

GROUPS = ["Rédacteurs", "Editors", "Modérateurs", "Moderators"]


def grant(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    # Django creates permissions after the migrations have run: created here the same way.
    content_type, _ = ContentType.objects.get_or_create(app_label="analytics", model="dailycount")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_dashboard",
        defaults={"name": "Peut consulter le tableau de bord"},
    )
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("analytics", "0001_daily_counts"),
        ("storefront", "0007_french_default_names"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
