"""The PDF response every brochure goes through, and the public brochures of category and
promotion pages (client spaces serve theirs from their own private route)."""

from django.dispatch import Signal
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from wagtail.models import Page

from brochures.content import build_brochure
from brochures.models import count_download
from brochures.pdf import render
from core.privacy import is_private
from promotions.models import PromotionPage
from promotions.reach import offered_products, offers_in_force
from storefront.models import CategoryPage, ProductPage
from storefront.pricing_context import buyer_for

# Sent with the `page` whose brochure was downloaded, for the daily statistics
# (analytics/receivers.py); `count_download` keeps the running total of the brochures report.
brochure_downloaded = Signal()


def brochure_response(request, source_page, products, title=None):
    """The brochure of `products` as this visitor sees them (their prices, or none), counted as
    one download of `source_page`'s brochure."""
    brochure = build_brochure(request, source_page, products, title)
    response = HttpResponse(render(brochure), content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        False, f"plaquette-{source_page.slug}.pdf"
    )
    if buyer_for(request).authenticated:  # anyone logged in: prices may be theirs alone
        patch_cache_control(response, private=True, no_store=True)
    else:
        # Revalidated every time: each download is counted and prices are never stale.
        patch_cache_control(response, no_cache=True)
    count_download(source_page)
    brochure_downloaded.send(sender=brochure_response, page=source_page)
    return response


def category_products(category):
    """Every live, public product of the category's subtree, in the listing's default order."""
    return ProductPage.objects.live().public().descendant_of(category).order_by("title", "pk")


def promotion_products(request, promotion):
    """The products the promotion presents to this visitor now, as on its page; None when it
    presents none (not started, or no offer)."""
    offers = offers_in_force(request, promotion)
    return offered_products(offers) if offers else None


def page_brochure(request, page_id):
    page = get_object_or_404(Page.objects.live().specific(), pk=page_id)
    if is_private(page):
        raise Http404
    if isinstance(page, CategoryPage):
        return brochure_response(request, page, category_products(page))
    if not isinstance(page, PromotionPage):
        raise Http404
    # The promotion page's own rules: gone once ended, invisible to visitors it does not concern.
    state = page.state_for(request)
    if state == "gone":
        return page.gone_response(request)
    products = promotion_products(request, page) if state == "current" else None
    if products is None:
        raise Http404
    return brochure_response(request, page, products)
