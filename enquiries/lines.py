"""Quote requests: which lines a buyer may ask for, and recording the request.

The rules are the product's own: a live, public, still-sold reference, at least its minimum
quantity and a multiple of its order multiple. Messages name the reference, because a buyer
typing twenty lines needs to know which one is wrong.
"""

from dataclasses import dataclass

from django.db import transaction
from wagtail.models import Page

from core.privacy import page_open_to
from enquiries.models import QuoteRequest, QuoteRequestLine
from storefront.models import Availability, ProductPage

MAX_LINES = 50


@dataclass
class RequestedLine:
    row: int
    product: ProductPage
    quantity: int


@dataclass
class LineProblem:
    row: int | None  # None: about the request as a whole
    field: str | None
    message: str


def orderable_products_by_sku(skus):
    """Live, public products among `skus`, by SKU (one query, whatever the number)."""
    products = ProductPage.objects.live().public().filter(sku__in=set(skus))
    return {product.sku: product for product in products}


def smallest_quantity(product):
    """The smallest quantity that is both ≥ the minimum and a multiple of the order multiple."""
    multiple = product.order_multiple or 1
    return -(-max(product.min_order_quantity, 1) // multiple) * multiple


def quantity_problem(product, quantity):
    smallest = smallest_quantity(product)
    if quantity < smallest:
        return f"Minimum de commande pour la référence {product.sku} : {smallest}."
    multiple = product.order_multiple or 1
    if quantity % multiple:
        lower = quantity // multiple * multiple
        upper = lower + multiple
        choices = f"{lower} ou {upper}" if lower >= smallest else str(upper)
        return f"La référence {product.sku} se vend par multiples de {multiple} : {choices} ?"
    return None


def discontinued_message(product, replacement):
    message = f"La référence {product.sku} n'est plus commercialisée"
    if replacement is not None:
        return (
            f"{message} ; elle est remplacée par la référence {replacement.sku} "
            f"({replacement.title})."
        )
    return f"{message}."


def check_lines(rows):
    """Validate the buyer's lines.

    `rows` are (row index, normalised SKU or "", quantity or None) in form order. Duplicate
    SKUs are merged (quantities added, reported on the first row), since typing a reference
    twice is a slip, not a wish for two lines. Returns (lines, problems).
    """
    problems = []
    merged = {}
    for row, sku, quantity in rows:
        if not sku and quantity is None:
            continue
        if not sku:
            problems.append(LineProblem(row, "sku", "Indiquez la référence de cette ligne."))
        elif quantity is None:
            problems.append(
                LineProblem(row, "quantity", f"Indiquez une quantité pour la référence {sku}.")
            )
        elif sku in merged:
            merged[sku] = (merged[sku][0], merged[sku][1] + quantity)
        else:
            merged[sku] = (row, quantity)
    if not merged and not problems:
        problems.append(LineProblem(None, None, "Ajoutez au moins une référence à votre demande."))
    if len(merged) > MAX_LINES:
        problems.append(
            LineProblem(
                None,
                None,
                f"Une demande compte au plus {MAX_LINES} références : "
                "envoyez-en plusieurs si besoin.",
            )
        )
        return [], problems

    products = orderable_products_by_sku(merged)
    replacements = {
        product.pk: product
        for product in ProductPage.objects.live()
        .public()
        .exclude(availability=Availability.DISCONTINUED)
        .filter(pk__in=[p.replacement_id for p in products.values() if p.is_discontinued])
    }
    lines = []
    for sku, (row, quantity) in merged.items():
        product = products.get(sku)
        if product is None:
            message = f"La référence {sku} n'existe pas dans notre catalogue : vérifiez-la."
            problems.append(LineProblem(row, "sku", message))
        elif product.is_discontinued:
            replacement = replacements.get(product.replacement_id)
            problems.append(LineProblem(row, "sku", discontinued_message(product, replacement)))
        elif message := quantity_problem(product, quantity):
            problems.append(LineProblem(row, "quantity", message))
        else:
            lines.append(RequestedLine(row, product, quantity))
    return lines, problems


def initial_lines(skus, quantities):
    """Formset initial data from `?ref=…&qty=…`: the quantity defaults to the smallest valid."""
    skus = skus[:MAX_LINES]
    products = orderable_products_by_sku(skus)
    initial = []
    for index, sku in enumerate(skus):
        product = products.get(sku)
        quantity = quantities[index] if index < len(quantities) else None
        if quantity is None and product is not None:
            quantity = smallest_quantity(product)
        initial.append({"sku": sku, "quantity": quantity, "product": product})
    return initial


def open_origin_page(request, page_id):
    """The live page `page_id` if this visitor may see it (privacy honoured), else None."""
    try:
        page = Page.objects.live().get(pk=int(page_id))
    except (TypeError, ValueError, Page.DoesNotExist):
        return None
    return page if page_open_to(request, page) else None


@transaction.atomic
def create_quote_request(lines, *, customer=None, origin_page=None, **contact):
    """Store a request and its lines (SKU, title and unit copied from the products)."""
    quote = QuoteRequest.objects.create(customer=customer, origin_page=origin_page, **contact)
    QuoteRequestLine.objects.bulk_create(
        QuoteRequestLine(
            request=quote,
            product=line.product,
            sku=line.product.sku,
            title=line.product.title,
            quantity=line.quantity,
            unit=line.product.unit_of_sale,
        )
        for line in lines
    )
    return quote
