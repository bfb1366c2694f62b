"""Migration 0007 moves offer targets from many-to-many fields to chooser rows without losing
any, both ways, and a revision scheduled before it keeps its targets when published after."""

import sqlite3

import pytest
from django.db import connection

from tests.conftest import run_roundtrip

pytestmark = pytest.mark.django_db


def test_offer_targets_survive_the_migration_and_a_scheduled_revision_keeps_them(tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("runs on a copy of the SQLite test database")
    database = tmp_path / "copy.sqlite3"
    connection.ensure_connection()
    with sqlite3.connect(database) as copy:
        connection.connection.backup(copy)
    seen = run_roundtrip(
        "tests.promotions.offer_targets_roundtrip", f"sqlite:///{database}", timeout=300
    )
    # The demo's offers target products, categories and brands: the round trip keeps each.
    assert seen["before"]
    assert any(products for products, _, _ in seen["before"].values())
    assert any(categories for _, categories, _ in seen["before"].values())
    assert any(brands for _, _, brands in seen["before"].values())
    assert seen["after"] == seen["before"]
    assert seen["published_products"] == [seen["chosen"]]
    assert seen["published_categories"] == 0
    assert seen["live_revision"]
