"""No English left in the editors' screens: names Wagtail's migrations create, spreadsheet
exports, empty read-only fields, and a sweep over the admin for known English strings."""

import io
from html import unescape
from html.parser import HTMLParser
from importlib import import_module

import polib
import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from openpyxl import load_workbook
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Task, Workflow

from brochures.models import count_download
from core import tabular
from enquiries.models import AccountRequest, QuoteRequest
from news.models import NewsCategory
from promotions.models import Offer, PriceList
from showroom.models import ShareLink
from storefront.models import Brand, CustomerCompany, HomePage, PriceGroup

pytestmark = pytest.mark.django_db

french_default_names = import_module("storefront.migrations.0007_french_default_names")

WORKFLOW = "Validation par les modérateurs"


@pytest.fixture
def editor(client):
    client.login(username="editeur", password="editeur-demo")
    return client


@pytest.fixture
def admin(client):
    client.login(username="admin", password="admin-demo")
    return client


def page_html(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return unescape(response.content.decode())


class TextNodes(HTMLParser):
    """The text of a page as its reader meets it, one string per text node."""

    def __init__(self):
        super().__init__()
        self.nodes, self._skipping = [], 0

    def handle_starttag(self, tag, attrs):
        self._skipping += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skipping -= tag in ("script", "style") and self._skipping > 0

    def handle_data(self, data):
        text = " ".join(data.split())
        if text and not self._skipping:
            self.nodes.append(text)


def text_nodes(html):
    parser = TextNodes()
    parser.feed(html)
    return parser.nodes


# --- Names Wagtail's migrations create in English --------------------------------------------


def test_default_workflow_task_collection_root_and_groups_are_french():
    assert list(Workflow.objects.values_list("name", flat=True)) == [WORKFLOW]
    assert list(Task.objects.values_list("name", flat=True)) == [WORKFLOW]
    assert Collection.get_first_root_node().name == "Racine"
    root = Page.get_first_root_node()
    assert (root.title, root.draft_title) == ("Racine", "Racine")
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Modérateurs", "Rédacteurs"} <= names
    assert not names & {"Moderators", "Editors"}


def test_editors_submit_to_the_french_workflow(editor):
    home = HomePage.objects.get()
    html = page_html(editor, f"/admin/pages/{home.pk}/edit/")
    assert f"Soumettre à {WORKFLOW}" in html
    assert "Moderators approval" not in html


def test_editors_see_the_french_root_in_explorer_and_collections(editor):
    assert "Racine" in text_nodes(page_html(editor, "/admin/pages/"))
    image = get_image_model().objects.first()
    for url in ("/admin/images/", f"/admin/images/{image.pk}/", "/admin/documents/"):
        nodes = text_nodes(page_html(editor, url))
        assert "Racine" in nodes and "Root" not in nodes, url


def test_administrators_see_french_workflow_and_groups(admin):
    for url in ("/admin/workflows/list/", "/admin/workflows/tasks/index/", "/admin/groups/"):
        html = page_html(admin, url)
        assert "Moderators" not in html and "Editors" not in html, url
    assert WORKFLOW in page_html(admin, "/admin/workflows/list/")
    assert "Modérateurs" in page_html(admin, "/admin/groups/")


def test_renaming_keeps_names_chosen_by_administrators():
    Workflow.objects.update(name="Relecture commerciale")
    Collection.objects.filter(depth=1).update(name="Médiathèque")
    Group.objects.filter(name="Modérateurs").update(name="Moderators")  # back to Wagtail's
    Group.objects.create(name="Modérateurs")  # and an administrator's own group took the name
    french_default_names.rename_defaults(apps, None)
    assert Workflow.objects.get().name == "Relecture commerciale"
    assert Collection.get_first_root_node().name == "Médiathèque"
    # Group names are unique: Wagtail's group keeps its English name rather than fail.
    assert Group.objects.filter(name__in=["Moderators", "Modérateurs"]).count() == 2


# --- Spreadsheet exports ---------------------------------------------------------------------


def sheet_names(client, url):
    response = client.get(url, {"export": "xlsx"})
    assert response.status_code == 200, url
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return load_workbook(io.BytesIO(content), read_only=True).sheetnames


@pytest.mark.parametrize(
    "user, url, sheet",
    [
        ("editeur", "/admin/reports/plaquettes/", "Plaquettes PDF"),
        ("editeur", "/admin/reports/seo/", "Référencement"),
        ("editeur", "/admin/snippets/enquiries/quoterequest/", "Demandes de devis"),
        # « Demandes de compte professionnel » is one character too long for a sheet name.
        ("editeur", "/admin/snippets/enquiries/accountrequest/", "Demandes de compte"),
        ("admin", "/admin/searchpicks/reports/search-terms/", "Termes de recherche"),
    ],
)
def test_xlsx_exports_name_their_sheet_in_french(client, category, user, url, sheet):
    count_download(category)
    client.login(username=user, password=f"{user}-demo")
    assert sheet_names(client, url) == [sheet]


@pytest.mark.parametrize(
    "title, sheet",
    [
        ("Import / export : [prix]*?", "Import export prix"),
        ("Demandes de compte professionnel", "Demandes de compte"),
        ("x" * 40, "x" * 31),
        ("///", "Export"),
    ],
)
def test_any_title_gives_a_sheet_name_xlsx_accepts(title, sheet):
    workbook = load_workbook(io.BytesIO(tabular.write_table(["a"], [["1"]], "xlsx", title)))
    assert workbook.sheetnames == [sheet]


# --- Empty read-only fields ------------------------------------------------------------------


def test_an_empty_read_only_field_shows_a_dash_not_none(editor):
    quote = QuoteRequest.objects.filter(origin_page=None, customer=None).first()
    html = page_html(editor, f"/admin/snippets/enquiries/quoterequest/edit/{quote.pk}/")
    assert "None" not in text_nodes(html)
    assert "—" in text_nodes(html)


# --- A sweep over the editors' screens -------------------------------------------------------


def english_strings():
    """What must not be shown: every English string of the project's catalogue, and the names
    Wagtail's migrations give in English."""
    catalogue = polib.pofile(str(settings.LOCALE_PATHS[0] / "fr/LC_MESSAGES/django.po"))
    same_in_french = {entry.msgid for entry in catalogue if entry.msgid == entry.msgstr}
    strings = {entry.msgid.strip() for entry in catalogue} - same_in_french
    return strings | {"Root", "Moderators", "Moderators approval", "Editors"}


def editor_urls(site):
    first = {
        model: model.objects.order_by("pk").first().pk
        for model in (PriceList, Offer, Brand, CustomerCompany, PriceGroup, ShareLink)
    }
    urls = [
        "/admin/",
        "/admin/pages/",
        "/admin/account/",
        "/admin/images/",
        "/admin/documents/",
        "/admin/catalogue/import/",
        "/admin/planning/",
        f"/admin/snippets/news/newscategory/edit/{NewsCategory.objects.first().pk}/",
        f"/admin/snippets/enquiries/quoterequest/edit/{QuoteRequest.objects.first().pk}/",
        f"/admin/snippets/enquiries/accountrequest/edit/{AccountRequest.objects.first().pk}/",
    ]
    for model, pk in first.items():
        listing = f"/admin/snippets/{model._meta.app_label}/{model._meta.model_name}/"
        urls += [listing, f"{listing}add/", f"{listing}edit/{pk}/"]
    # One page of each type, and the explorer of each page that has children.
    page_types = set()
    for page in Page.objects.filter(depth__gt=1).specific().order_by("path"):
        if type(page) not in page_types:
            page_types.add(type(page))
            urls.append(f"/admin/pages/{page.pk}/edit/")
    urls += [f"/admin/pages/{page.pk}/" for page in Page.objects.filter(numchild__gt=0)]
    for app, name in [
        ("wagtailseo", "seosettings"),
        ("seo", "robotssettings"),
        ("storefront", "companysettings"),
        ("storefront", "navigationsettings"),
        ("storefront", "shopsettings"),
    ]:
        urls.append(f"/admin/settings/{app}/{name}/{site.pk}/")
    for report in ("aging-pages", "site-history", "workflow", "workflow_tasks", "locked"):
        urls.append(f"/admin/reports/{report}/")
    urls += [
        "/admin/reports/page-types-usage/",
        "/admin/reports/seo/",
        "/admin/reports/plaquettes/",
    ]
    return urls


def test_no_known_english_string_in_the_editors_screens(editor, demo_site, category):
    count_download(category)
    english = english_strings()
    phrases = {text for text in english if " " in text}
    found = {}
    urls = set(editor_urls(demo_site))
    assert len(urls) > 40
    for url in sorted(urls):
        html = page_html(editor, url)
        nodes = text_nodes(html)
        # Words alone as whole text nodes; phrases anywhere, block definitions (JSON) included.
        shown = {node for node in nodes if node in english}
        shown |= {phrase for phrase in phrases if phrase in html}
        if shown:
            found[url] = sorted(shown)
    assert found == {}
