"""Which offers reach a visitor, what a promotion page is to them, and which products offers
touch. Rules on offers only: promotion pages call them (promotions/models/pages.py), so this
module never imports the page models."""

from django.core.paginator import Paginator

from core.audience import request_audience
from core.catalogue import catalogue
from core.preview import request_instant
from promotions.models.audience import in_force_at
from promotions.models.offers import Offer, OfferCategory
from promotions.pricing import (
    ANONYMOUS_BUYER,
    audience_filter,
    current_or_upcoming,
    pricing_records,
    targets_q,
    window,
)

PRODUCTS_PER_PAGE = 24


def visitor_buyer(request):
    """The visitor's pricing buyer (core/audience.py); anonymous when no app says otherwise."""
    return request_audience(request) or ANONYMOUS_BUYER


QUERY_PARAMETERS = ("page",)  # of a promotion page's products


def current_offers(buyer, at):
    """Offers that apply to this buyer at this instant."""
    offers = pricing_records(buyer, at).offers.values()
    return [offer for offer in offers if in_force_at(offer, at)[0]]


def offer_products_filter(offers):
    """`targets_q` of these offers, their categories' paths read from the database."""
    ids = [offer.pk for offer in offers]
    paths = OfferCategory.objects.filter(offer_id__in=ids).values_list("category__path", flat=True)
    return targets_q(ids, paths)


def page_offer_ids(page):
    """The ids of a promotion page's offers, as the page holds them.

    Read through the page, not the database: an editor's preview holds its offers in memory
    (modelcluster), and they may differ from the saved ones.
    """
    return {offer.pk for offer in page.offers.all()}


def promotion_state(request, page):
    """ "current", "upcoming", "ended" (for this visitor) or "hidden" (not for them)."""
    buyer, at = visitor_buyer(request), request_instant(request)
    offer_ids = page_offer_ids(page)
    if not offer_ids:
        return "current"
    mine = list(current_or_upcoming(Offer, buyer, at).filter(pk__in=offer_ids))
    if any(window(offer)[0] <= at for offer in mine):
        return "current"
    if mine:
        return "upcoming"
    if Offer.objects.filter(audience_filter(buyer), pk__in=offer_ids).exists():
        return "ended"
    return "hidden"


def offers_in_force(request, page):
    """The offers of a promotion page in force for this visitor now."""
    offer_ids = page_offer_ids(page)
    return [
        offer
        for offer in current_offers(visitor_buyer(request), request_instant(request))
        if offer.pk in offer_ids
    ]


def offered_products(offers):
    """The live, public products `offers` apply to, by name."""
    return (
        catalogue()
        .product_model.objects.live()
        .public()
        .filter(offer_products_filter(offers))
        .order_by("title", "pk")
    )


def promotion_context(request, page):
    offers = offers_in_force(request, page)
    context = {"current_offers": offers, "cards": [], "page_obj": None}
    if offers:
        products = catalogue().listed(offered_products(offers))
        page_obj = Paginator(products, PRODUCTS_PER_PAGE).get_page(request.GET.get("page"))
        context["page_obj"] = page_obj
        context["cards"] = catalogue().cards(request, page_obj.object_list)
    return context
