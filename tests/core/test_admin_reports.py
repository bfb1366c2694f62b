"""The Reports menu shows each report to those its view lets in (core/admin_reports.py)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission

from storefront.demo.site import EDITORS_GROUP
from tests.conftest import AxesClient

pytestmark = pytest.mark.django_db

# Menu item name -> the report's address.
REPORTS = {
    "seo-report": "/admin/reports/seo/",
    "brochure-downloads": "/admin/reports/plaquettes/",
    "broken-links-report": "/admin/reports/liens-casses/",
    "not-found-report": "/admin/reports/404/",
}


def admin_user(*permissions, groups=()):
    user = get_user_model().objects.create_user("lecteur", password="secret-pass-1")
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        *(Permission.objects.get(codename=codename) for codename in permissions),
    )
    user.groups.add(*groups)
    client = AxesClient()
    client.force_login(user)
    return client


def shown_and_open(client):
    sidebar = client.get("/admin/").content.decode()
    return {
        name: (f'"name": "{name}"' in sidebar, client.get(url).status_code == 200)
        for name, url in REPORTS.items()
    }


def test_a_user_who_may_open_no_report_sees_none(demo_site):
    assert shown_and_open(admin_user()) == dict.fromkeys(REPORTS, (False, False))


def test_editors_see_every_report_they_may_open(demo_site):
    editors = Group.objects.get(name=EDITORS_GROUP)
    assert shown_and_open(admin_user(groups=[editors])) == dict.fromkeys(REPORTS, (True, True))


def test_who_may_make_redirects_but_edit_no_page_sees_the_404s_only(demo_site):
    seen = shown_and_open(admin_user("add_redirect"))
    assert seen.pop("not-found-report") == (True, True)
    assert seen == dict.fromkeys(seen, (False, False))
