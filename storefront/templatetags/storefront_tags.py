import hashlib
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.utils.safestring import mark_safe

from core.buyer_cache import PERSONAL_MARKER, shows_placeholder
from core.fragments import anonymous_fragment
from core.generation import cached_for_generation

register = template.Library()

CURRENCY_SYMBOLS = {"EUR": "€"}

NBSP = "\u00a0"


def format_price(amount, currency="EUR", vat_mode="HT"):
    """French price: « 1 234,56 € HT » with non-breaking spaces."""
    rounded = Decimal(amount).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    units, cents = f"{rounded:.2f}".split(".")
    sign = "-" if units.startswith("-") else ""
    units = units.lstrip("-")
    groups = []
    while units:
        groups.insert(0, units[-3:])
        units = units[:-3]
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    text = f"{sign}{NBSP.join(groups)},{cents}{NBSP}{symbol}"
    return f"{text}{NBSP}{vat_mode}" if vat_mode else text


@register.filter
def price(amount, quote=None):
    if amount is None:
        return ""
    if quote is not None:
        return format_price(amount, quote.currency, quote.vat_mode)
    return format_price(amount)


@register.simple_tag
def query_string(request, **changes):
    """The current query string with some parameters replaced (None removes them)."""
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None or value == "":
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag
def product_card(card):
    """A product card as `storefront.card_cache.render_cards` made it (or found it)."""
    return card.html


@register.simple_tag(takes_context=True)
def page_body(context, page):
    """The blocks of `page.body`, shared by anonymous visitors (`core.fragments`)."""

    def render():
        block_context = context.flatten()
        return mark_safe("".join(child.render_as_block(block_context) for child in page.body))

    return anonymous_fragment(context.get("request"), f"body:{page.pk}", render)


class GenerationCacheNode(template.Node):
    def __init__(self, nodelist, parts):
        self.nodelist = nodelist
        self.parts = parts

    def render(self, context):
        request = context.get("request")
        if getattr(request, "is_preview", False):  # an editor's draft, not what is published
            return self.nodelist.render(context)
        host = request.get_host() if request is not None else ""
        parts = [host, *(part.resolve(context) for part in self.parts)]
        digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
        return cached_for_generation(f"fragment:{digest}", lambda: self.nodelist.render(context))


@register.tag
def generation_cache(parser, token):
    """``{% generation_cache "name" value… %}…{% endgeneration_cache %}``: the enclosed HTML,
    kept until anything is published (`core.generation`). The values (a page's pk) name
    what it shows; it must show nothing that depends on the visitor or the instant (prices)."""
    parts = [parser.compile_filter(bit) for bit in token.split_contents()[1:]]
    if not parts:
        raise template.TemplateSyntaxError("generation_cache needs a fragment name")
    nodelist = parser.parse(("endgeneration_cache",))
    parser.delete_first_token()
    return GenerationCacheNode(nodelist, parts)


@register.simple_tag(takes_context=True)
def personal_placeholder(context):
    """The marker the buyer page cache fills with this visitor's own links, or "" to render them.

    Only while a page customers may share is rendered (core/buyer_cache.py).
    """
    request = context.get("request")
    return mark_safe(PERSONAL_MARKER) if request is not None and shows_placeholder(request) else ""


FACET_LEGENDS = (("offers", "Offres"), ("brands", "Marque"), ("availability", "Disponibilité"))


@register.filter
def facet_groups(facets):
    """A listing's facets as (legend, values), in the form's order, empty groups left out: one
    loop in the template instead of an include per value (a tenth of a category page)."""
    groups = [(legend, facets.get(name)) for name, legend in FACET_LEGENDS]
    groups += list(facets.get("attributes", {}).items())
    return [(legend, values) for legend, values in groups if values]
