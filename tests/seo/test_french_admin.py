"""wagtail-seo speaks French in the admin: through the project's catalogue (locale/), which
Django reads compiled, and the project's own preview template."""

import gettext
from html import unescape

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from wagtail.admin.panels import HelpPanel, MultiFieldPanel
from wagtailseo.models import SeoMixin, SeoSettings

from news.models import NewsPage
from storefront.models import ProductPage

pytestmark = pytest.mark.django_db

CATALOGUE = settings.LOCALE_PATHS[0] / "fr" / "LC_MESSAGES"
# wagtail-seo strings that are the same words in French.
SAME_IN_FRENCH = {"SEO", "Action", "Actions", "Navigation"}


@pytest.fixture
def editor(client):
    client.login(username="editeur", password="editeur-demo")
    return client


def catalogue_source():
    return polib.pofile(str(CATALOGUE / "django.po"))


def english_of_catalogue():
    return {entry.msgid for entry in catalogue_source()}


# --- The catalogue itself -------------------------------------------------------------------


def test_compiled_catalogue_is_its_source():
    """Django reads django.mo only: it must say exactly what django.po says."""
    source = catalogue_source()
    assert source.fuzzy_entries() == [] and source.untranslated_entries() == []
    expected = {}
    for entry in source.translated_entries():
        msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for n, text in entry.msgstr_plural.items():
                expected[(msgid, int(n))] = text
        else:
            expected[msgid] = entry.msgstr
    with open(CATALOGUE / "django.mo", "rb") as compiled:
        catalog = dict(gettext.GNUTranslations(compiled)._catalog)
    catalog.pop("")  # the header
    assert catalog == expected


def _labels(model_fields, blocks, panels):
    """The labels the admin shows for these fields, blocks and panels, nested ones included."""
    labels = []
    for field in model_fields:
        labels += [field.verbose_name, field.help_text]
    blocks, panels = list(blocks), list(panels)
    while blocks:
        block = blocks.pop()
        labels += [block.label, getattr(block.meta, "help_text", None)]
        # Translatable choices only: the others are schema.org's type names.
        choices = getattr(getattr(block, "field", None), "choices", [])
        labels += [label for _, label in choices if isinstance(label, Promise)]
        blocks += getattr(block, "child_blocks", {}).values()
    while panels:
        panel = panels.pop()
        if isinstance(panel, MultiFieldPanel):
            labels.append(panel.heading)
            panels += panel.children
        if isinstance(panel, HelpPanel):
            labels += [panel.heading, panel.content]
    return [label for label in labels if label]


def test_every_wagtail_seo_label_has_a_french_translation():
    """Fails when a wagtail-seo upgrade brings a string the catalogue does not translate."""
    # Its own fields; « site » is Wagtail's.
    settings_fields = [
        f
        for f in SeoSettings._meta.get_fields()
        if f.concrete and f.name.startswith(("struct", "og", "twitter"))
    ]
    page_fields = [ProductPage._meta.get_field(name) for name in ("canonical_url", "og_image")]
    blocks = [
        child
        for field in settings_fields
        if hasattr(field, "stream_block")
        for child in field.stream_block.child_blocks.values()
    ]
    panels = SeoSettings.panels + SeoMixin.seo_panels
    labels = _labels(settings_fields + page_fields, blocks, panels)
    labels += [label for _, label in ProductPage().preview_modes]
    assert len(labels) > 60
    untranslated = []
    for label in labels:
        with translation.override("en"):
            english = str(label)
        with translation.override("fr"):
            french = str(label)
        if french == english and english not in SAME_IN_FRENCH:
            untranslated.append(english)
    assert untranslated == []


# --- The screens ----------------------------------------------------------------------------


def test_promote_tab_of_a_page_is_in_french(editor):
    product = ProductPage.objects.live().first()
    html = unescape(editor.get(f"/admin/pages/{product.pk}/edit/").content.decode())
    for french in (
        "Moteurs de recherche et réseaux sociaux",
        "Adresse canonique",
        "Laisser vide pour utiliser l'adresse de la page.",
        "Image d'aperçu",
        "Aperçu SEO",
    ):
        assert french in html
    for english in ("Search and Social Previews", "Canonical URL", "Preview image", "SEO Preview"):
        assert english not in html


def test_seo_settings_screen_is_in_french(editor, demo_site):
    response = editor.get(f"/admin/settings/wagtailseo/seosettings/{demo_site.pk}/")
    assert response.status_code == 200
    html = unescape(response.content.decode())
    for french in (
        "Référencement naturel",
        "Balises Open Graph",
        "Compte Twitter (X)",
        "Image d'aperçu par défaut",
        "Données structurées : organisation",
        "Nom de l'organisation",
        "Code postal",
        "Horaires d'ouverture",
        "Heure d'ouverture",
        "Type d'action",
    ):
        assert french in html
    # Every English string the catalogue translates, labels of its blocks included.
    shown = [english for english in english_of_catalogue() if " " in english and english in html]
    assert shown == []


def test_seo_preview_is_in_french_and_styled_by_a_stylesheet(demo_site):
    page = NewsPage.objects.live().first()
    response = page.make_preview_request(preview_mode="wagtail-seo")
    assert response.status_code == 200
    html = unescape(response.content.decode())
    assert "Aperçu dans les résultats de recherche" in html
    assert "Aperçu sur les réseaux sociaux" in html
    assert "Search Preview" not in html and "Social Media Preview" not in html
    # Previews are served under the public Content-Security-Policy, which refuses inline styles.
    assert "<style" not in html and "/static/seo/search-preview.css" in html


def test_seo_preview_warnings_are_in_french(demo_site):
    page = NewsPage.objects.live().first()
    page.seo_title = "Un titre de page beaucoup trop long pour les moteurs de recherche actuels"
    page.search_description = "Trop court."
    html = unescape(page.make_preview_request(preview_mode="wagtail-seo").content.decode())
    assert "La balise titre devrait compter moins de 60 caractères" in html
    assert "La meta description devrait compter entre 50 et 160 caractères" in html
    assert "should be" not in html
