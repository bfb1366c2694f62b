"""Demo price lists: a general list in force, a price-group list, and next year's list."""

from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from promotions.models import Audience, PriceLine, PriceList
from storefront.demo.catalogue import iter_products
from storefront.models import PriceGroup, ProductPage

PARIS = ZoneInfo("Europe/Paris")
CENT = Decimal("0.01")


def _lines(prices):
    """Base price plus two volume tiers for products sold by the piece or the pack."""
    lines = []
    for product, price in prices:
        lines.append(PriceLine(product=product, min_quantity=1, unit_price=price))
        if product.pk % 3 == 0:
            lines.append(
                PriceLine(product=product, min_quantity=10, unit_price=(price * Decimal("0.95")))
            )
            lines.append(
                PriceLine(product=product, min_quantity=50, unit_price=(price * Decimal("0.90")))
            )
    return [
        PriceLine(
            product=line.product,
            min_quantity=line.min_quantity,
            unit_price=line.unit_price.quantize(CENT, rounding=ROUND_HALF_UP),
        )
        for line in lines
    ]


def ensure_price_list(name, *, audience, valid_from, prices, groups=(), valid_to=None):
    if PriceList.objects.filter(name=name).exists():
        return
    price_list = PriceList(name=name, audience=audience, valid_from=valid_from, valid_to=valid_to)
    price_list.lines = _lines(prices)
    price_list.save()
    price_list.price_groups.set(groups)
    price_list.save()
    price_list.save_revision().publish()


def load():
    products = ProductPage.objects.in_bulk(field_name="sku")
    base = [
        (products[f"SF-{number:05d}"], Decimal(spec[5])) for _, _, number, spec in iter_products()
    ]
    ensure_price_list(
        "Tarif général 2026",
        audience=Audience.PUBLIC,
        valid_from=datetime(2026, 1, 1, tzinfo=PARIS),
        valid_to=datetime(2027, 1, 1, tzinfo=PARIS),
        prices=base,
    )
    ensure_price_list(
        "Tarif général 2027",
        audience=Audience.PUBLIC,
        valid_from=datetime(2027, 1, 1, tzinfo=PARIS),
        prices=[(product, price * Decimal("1.035")) for product, price in base],
    )
    ensure_price_list(
        "Conditions CHR",
        audience=Audience.GROUPS,
        groups=PriceGroup.objects.filter(code="chr"),
        valid_from=datetime(2026, 1, 1, tzinfo=PARIS),
        prices=[(product, price * Decimal("0.92")) for product, price in base[::2]],
    )
