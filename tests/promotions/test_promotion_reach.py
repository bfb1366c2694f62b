"""Which promotion pages a visitor is shown: the bulk rule (`promotion_pages_q`, used by the
index, the sitemap and the feed) agrees with the page's own (`promotion_state`, used by its
serve and its brochure) for every kind of page and visitor."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from promotions.models import Audience, PromotionIndexPage, PromotionPage
from promotions.models.pages import promotion_pages_q
from promotions.reach import promotion_state
from storefront.pricing_context import buyer_for
from tests.promotions.test_offers import make_offer
from tests.promotions.test_promotion_pages import make_promotion

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@pytest.fixture
def pages():
    index = PromotionIndexPage.objects.get()
    now = timezone.now()
    windows = {
        "courante": {"valid_from": now - DAY},
        "à venir": {"valid_from": now + DAY},
        "finie": {"valid_from": now - 9 * DAY, "valid_to": now - DAY},
    }
    made = [make_promotion(index, "Sans offre", [])]
    for audience in (Audience.PUBLIC, Audience.CUSTOMERS):
        for name, window in windows.items():
            offer = make_offer(
                name=f"{name} {audience}", value=Decimal("5"), audience=audience, **window
            )
            made.append(make_promotion(index, f"{name} {audience}", [offer]))
    return PromotionPage.objects.filter(pk__in=[page.pk for page in made])


@pytest.mark.parametrize("username", [None, "client"])
def test_the_bulk_rule_agrees_with_each_page(rf, pages, username):
    request = rf.get("/")
    request.user = get_user_model().objects.get(username=username) if username else AnonymousUser()
    buyer, at = buyer_for(request), timezone.now()
    states = {page.pk: promotion_state(request, page) for page in pages}
    running = set(pages.filter(promotion_pages_q(buyer, at)).values_list("pk", flat=True))
    shown = set(
        pages.filter(promotion_pages_q(buyer, at, upcoming=True)).values_list("pk", flat=True)
    )
    assert running == {pk for pk, state in states.items() if state == "current"}
    assert shown == {pk for pk, state in states.items() if state in ("current", "upcoming")}
    # Every kind is there: the comparison would not be empty-handed.
    expected = (
        {"current", "upcoming", "ended", "hidden"}
        if not username
        else {"current", "upcoming", "ended"}
    )
    assert set(states.values()) == expected
