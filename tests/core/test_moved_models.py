"""Models that moved into core keep their rows, their content type and its permissions on a
database migrated before the move (core/model_moves.py)."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

pytestmark = pytest.mark.django_db(transaction=True)

MOVES = {
    "contentgeneration": (
        "storefront",
        [("storefront", "0010_account_request_origin_page"), ("core", None)],
        {"pk": 1, "defaults": {"value": 42}},
    ),
    "schedulerheartbeat": (
        "promotions",
        [("promotions", "0007_offer_targets_as_chooser_rows"), ("core", "0001_initial")],
        {"pk": "moved", "defaults": {"last_run_at": timezone.now(), "host": "web-1"}},
    ),
}


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([node for node in targets if node[1]]).apps


@pytest.mark.parametrize("model_name", MOVES)
def test_a_model_moved_to_core_keeps_its_rows_content_type_and_permissions(model_name):
    old_app, before_move, row = MOVES[model_name]
    old = migrate(before_move)
    old_type = old.get_model("contenttypes", "ContentType").objects.get(
        app_label=old_app, model=model_name
    )
    permission = Permission.objects.get(content_type_id=old_type.pk, codename=f"view_{model_name}")
    group = Group.objects.create(name="Lecteurs")
    group.permissions.add(permission)
    # After the group: saving one starts a new content generation.
    old.get_model(old_app, model_name).objects.update_or_create(**row)

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    model = apps.get_model("core", model_name)
    moved = model.objects.get(pk=row["pk"])
    for field, value in row["defaults"].items():
        assert getattr(moved, field) == value
    content_type = ContentType.objects.get_for_model(model)
    assert (content_type.pk, content_type.app_label) == (old_type.pk, "core")
    assert not ContentType.objects.filter(app_label=old_app, model=model_name)
    assert group.permissions.get().content_type == content_type
