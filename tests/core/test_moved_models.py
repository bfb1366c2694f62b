"""Models that moved into core keep their rows, their content type and its permissions on a
database migrated before the move (core/migrations/0001_initial.py)."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from core.models import ContentGeneration

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE_MOVE = [("storefront", "0010_account_request_origin_page"), ("core", None)]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state([node for node in targets if node[1]]).apps


def test_content_generation_moves_with_its_row_content_type_and_permissions():
    old = migrate(BEFORE_MOVE)
    OldContentType = old.get_model("contenttypes", "ContentType")
    old_type = OldContentType.objects.get(app_label="storefront", model="contentgeneration")
    permission = Permission.objects.get(
        content_type_id=old_type.pk, codename="view_contentgeneration"
    )
    group = Group.objects.create(name="Lecteurs")
    group.permissions.add(permission)

    # After the group: saving one starts a new generation.
    old.get_model("storefront", "ContentGeneration").objects.update_or_create(
        pk=1, defaults={"value": 42}
    )

    migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    ContentType.objects.clear_cache()

    assert ContentGeneration.objects.get().value == 42
    moved = ContentType.objects.get_for_model(ContentGeneration)
    assert (moved.pk, moved.app_label) == (old_type.pk, "core")
    assert not ContentType.objects.filter(app_label="storefront", model="contentgeneration")
    assert group.permissions.get().content_type == moved
