"""Run by test_moved_models.py in a child process, on a fresh database (DATABASE_URL): migrates
it to before the moves into core, stores a row of each moved model with its content type and
a group allowed to view it, as Django makes them, then migrates everything forward and prints
what it saw as JSON."""

import json

import django
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("storefront", "0010_account_request_origin_page"),
    ("promotions", "0007_offer_targets_as_chooser_rows"),
    ("contenttypes", "0002_remove_content_type_name"),
    ("auth", "0012_alter_user_first_name_max_length"),
]
# model: (its app before the move, a row of it)
MOVES = {
    "contentgeneration": ("storefront", {"id": 1, "value": 42}),
    "schedulerheartbeat": (
        "promotions",
        {"name": "publish_scheduled", "last_run_at": "2026-12-04T08:00:00+00:00", "host": "web-1"},
    ),
}


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


def seen_in(apps, app_of):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    seen = {}
    for model, (old_app, row) in MOVES.items():
        stored = apps.get_model(app_of(old_app), model).objects.values(*row).get()
        content_type = ContentType.objects.get(model=model)
        seen[model] = {
            "row": {name: str(value) for name, value in stored.items()},
            "content_type": [content_type.app_label, content_type.pk],
            "group_permissions": sorted(
                f"{p.content_type.app_label}.{p.codename}"
                for p in Group.objects.get(name=f"Lecteurs {model}").permissions.all()
            ),
        }
    return seen


def store_rows(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    for model, (old_app, row) in MOVES.items():
        apps.get_model(old_app, model).objects.create(**row)
        # Django creates content types and permissions after migrating: made here as it does.
        content_type = ContentType.objects.create(app_label=old_app, model=model)
        view = Permission.objects.create(
            content_type=content_type, codename=f"view_{model}", name=f"Can view {model}"
        )
        Group.objects.create(name=f"Lecteurs {model}").permissions.add(view)


def main():
    django.setup()
    before_apps = migrate(BEFORE)
    store_rows(before_apps)
    before = seen_in(before_apps, lambda old_app: old_app)
    after = seen_in(migrate(), lambda old_app: "core")
    print(json.dumps({"before": before, "after": after}))


if __name__ == "__main__":
    main()
