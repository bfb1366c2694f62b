"""An editor's preview of a promotion page, built from the edit form, renders."""

import pytest

from promotions.models import PromotionPage

pytestmark = pytest.mark.django_db


def test_preview_with_offers_held_in_memory_renders():
    page = PromotionPage.objects.live().first()
    offers = list(page.offers.all())
    # As the admin's edit form builds a page to preview: its relations in memory, unsaved.
    page.offers = offers
    response = page.make_preview_request()
    assert response.status_code == 200
    assert offers[0].name in response.content.decode()
