from datetime import timedelta
from itertools import count

import pytest
from django.utils import timezone
from django.utils.text import slugify

from news.models import NewsCategory, NewsIndexPage, NewsPage

_numbers = count(1)


@pytest.fixture
def news_index(demo_site):
    return NewsIndexPage.objects.get()


def make_news(index, title, *, days_ago=0, tags=(), publish=True, **fields):
    """A published news item dated `days_ago` days before today."""
    fields.setdefault("intro", f"Chapeau de « {title} ».")
    page = NewsPage(
        title=title,
        slug=f"{slugify(title)[:40]}-{next(_numbers)}",
        date=timezone.localdate() - timedelta(days=days_ago),
        **fields,
    )
    page.tags.add(*tags)
    index.add_child(instance=page)
    if publish:
        page.save_revision().publish()
    return page


@pytest.fixture
def news_category():
    return NewsCategory.objects.create(name="Catégorie de test", slug="categorie-de-test")
