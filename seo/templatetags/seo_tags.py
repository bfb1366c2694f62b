"""Template side of seo/structured_data.py and seo/share.py.

The tags read ``page`` and ``request`` from the context, and reuse what the page's view already
put there (a product's gallery and quote, a listing's cards, breadcrumbs) to add no query.
"""

from django import template
from django.utils.safestring import mark_safe
from wagtailseo.models import SeoMixin

from promotions.models import Audience
from seo import share, structured_data

register = template.Library()


def _seo_page(context):
    page = context.get("page")
    request = context.get("request")
    if isinstance(page, SeoMixin) and request is not None:
        return page, request
    return None, None


@register.filter
def ld_json(value):
    """A dict as JSON that cannot close its <script type="application/ld+json"> element."""
    return mark_safe(structured_data.dumps_ld(value))


@register.simple_tag(takes_context=True)
def page_structured_data(context):
    page, request = _seo_page(context)
    if page is None:
        return []
    return structured_data.page_data(page, request, context)


@register.simple_tag(takes_context=True)
def organization_data(context):
    page, request = _seo_page(context)
    if page is None:
        return None
    return structured_data.organization_for_page(page, request)


@register.simple_tag(takes_context=True)
def article_data(context):
    page, request = _seo_page(context)
    if page is None:
        return None
    return structured_data.article(page, request)


@register.simple_tag(takes_context=True)
def share_image(context):
    page, request = _seo_page(context)
    if page is None:
        return None
    return share.share_image(page, request, context.get("gallery"))


@register.simple_tag(takes_context=True)
def preview_description(context):
    page, _request = _seo_page(context)
    return share.preview_description(page) if page is not None else ""


@register.simple_tag(takes_context=True)
def share_links(context):
    page, request = _seo_page(context)
    # A page kept out of search engines (by choice or because it is private) is not offered
    # to social networks either.
    if page is None or page.seo_noindex:
        return []
    # Nor is a promotion that only logged-in customers can see: whoever followed the link
    # would get a 404.
    offers = context.get("current_offers") or []
    if offers and not any(offer.audience == Audience.PUBLIC for offer in offers):
        return []
    return share.share_links(page.seo_canonical_url, page.title)
