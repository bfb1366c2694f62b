"""One « staff » rule for the whole project: may open the Wagtail admin (core/staff.py)."""

import ast
import tomllib
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser

from core.staff import is_staff

pytestmark = pytest.mark.django_db


def test_the_team_is_who_may_open_the_admin_not_djangos_staff_flag(client):
    User = get_user_model()
    editor = User.objects.get(username="editeur")
    assert not editor.is_staff  # the demo editor: « Éditeurs » group, no Django staff flag
    assert is_staff(editor)
    assert is_staff(User.objects.get(username="admin"))
    flag_only = User.objects.create_user("drapeau", is_staff=True)
    assert not is_staff(flag_only)
    assert not is_staff(User.objects.get(username="client"))
    assert not is_staff(AnonymousUser()) and not is_staff(None)
    # The rule is the one that opens the admin itself.
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    client.force_login(flag_only)
    assert client.get("/admin/").status_code == 302
    editor.is_active = False
    assert not is_staff(editor)


ROOT = Path(__file__).resolve().parents[2]
# The project's packages, as the import layers list them.
APPS = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["root_packages"]


def test_no_code_reads_djangos_staff_flag():
    """Django's ``User.is_staff`` opens Django's admin, which is not served: a check on it
    would let in people who are not the team, or keep editors out. `is_staff` decides."""
    readers = []
    for app in APPS:
        for source in (ROOT / app).rglob("*.py"):
            tree = ast.parse(source.read_text(), str(source))
            readers += [
                f"{source.relative_to(ROOT)}:{node.lineno}"
                for node in ast.walk(tree)
                if isinstance(node, ast.Attribute) and node.attr == "is_staff"
            ]
    assert readers == []
