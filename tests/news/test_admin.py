"""Editors write news in the admin: forms, page types, categories, preview."""

import pytest

from news.models import NewsCategory, NewsPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(client):
    assert client.login(username="editeur", password="editeur-demo")
    return client


def test_editors_can_open_the_news_form_under_the_index(editor, news_index):
    response = editor.get(f"/admin/pages/add/news/newspage/{news_index.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for label in ("Chapeau", "Image de liste", "Catégorie", "Mots-clés", "Auteur"):
        assert label in html


def test_news_can_only_go_under_the_news_index(editor, news_index):
    home = news_index.get_parent()
    refused = editor.get(f"/admin/pages/add/news/newspage/{home.pk}/")
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
    types = editor.get(f"/admin/pages/{news_index.pk}/add_subpage/")
    # A single allowed type: Wagtail goes straight to the news form.
    assert types.status_code == 302
    assert types["Location"].endswith(f"/pages/add/news/newspage/{news_index.pk}/")


def test_editors_manage_news_categories(editor):
    listing = editor.get("/admin/snippets/news/newscategory/")
    assert listing.status_code == 200
    assert "Réglementation" in listing.content.decode()
    response = editor.post(
        "/admin/snippets/news/newscategory/add/", {"name": "Recettes", "slug": "recettes"}
    )
    assert response.status_code == 302
    assert NewsCategory.objects.filter(slug="recettes").exists()


def test_editors_preview_the_scheduled_news_item(news_index):
    page = NewsPage.objects.get(title="Commandez vos boissons en ligne 24 h/24")
    page = page.get_latest_revision_as_object()
    response = page.make_preview_request()
    assert response.status_code == 200
    assert "Commandez vos boissons en ligne 24 h/24" in response.content.decode()
