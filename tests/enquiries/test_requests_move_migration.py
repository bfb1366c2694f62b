"""enquiries 0001 and storefront 0011 move the request models between apps without touching
their tables: rows, content types (so permissions and group grants) survive, both ways."""

import json
import os
import subprocess
import sys

import psycopg
import pytest
from django.conf import settings
from django.db import connection


@pytest.fixture
def fresh_database_url(tmp_path):
    """A database of its own: migrating the test database back would undo the demo's state."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
        return
    database = connection.settings_dict
    name = f"{database['NAME']}_requests_move"
    options = {
        "host": database["HOST"],
        "port": database["PORT"] or None,
        "user": database["USER"],
        "password": database["PASSWORD"] or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **options) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')
    user = database["USER"] + (f":{database['PASSWORD']}" if database["PASSWORD"] else "")
    yield f"postgres://{user}@{database['HOST']}:{database['PORT'] or 5432}/{name}"
    with psycopg.connect(dbname="postgres", autocommit=True, **options) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_requests_rows_content_types_and_permissions_survive_the_move(fresh_database_url):
    env = {**os.environ, "DATABASE_URL": fresh_database_url}
    env.pop("REDIS_URL", None)
    done = subprocess.run(
        [sys.executable, "-m", "tests.enquiries.requests_move_roundtrip"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    before, after = seen["before"], seen["after"]

    assert before["quote"][0] == "DV-2026-00001" and before["quote"][1] is not None
    assert before["lines"] == [["REF-1", 12]]
    assert before["group_permissions"] == ["storefront.change_accountrequest"]
    # Same rows, and the same content type rows under the new app label.
    for key in ("quote", "lines", "account"):
        assert after[key] == before[key]
    assert after["content_types"] == {
        model: ["enquiries", pk] for model, (_, pk) in before["content_types"].items()
    }
    assert after["group_permissions"] == ["enquiries.change_accountrequest"]
    assert seen["current"] == {
        "quote_lines": ["REF-1"],
        "accounts": 1,
        "may_change": True,
        "may_still_change_as_storefront": False,
    }
    # Back to storefront 0010 and forward again: the reverse renames back.
    assert seen["back"] == before
    assert seen["again"] == after
