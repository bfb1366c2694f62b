from django import template

from core.fragments import shared_fragment
from showroom.models import space_for_user
from storefront.account_facts import membership

register = template.Library()


@register.simple_tag(takes_context=True)
def client_space_url(context):
    """URL of the logged-in customer's space, or "".

    The same for everyone of a company until the next publish or a space's expiry: read once
    for them (the header of every customer's page shows it, cached page or not).
    """
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return ""
    company_id, _ = membership(user)
    if company_id is None:
        return ""

    def space_url():
        space = space_for_user(user)
        return space.get_url(request) if space else ""

    return shared_fragment(request, f"client-space-url:{company_id}", space_url)
