from decimal import ROUND_HALF_UP, Decimal

from django import template

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
