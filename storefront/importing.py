"""Catalogue import: validate every row first, then apply all of it or nothing.

A file creates or updates categories and products by reference (SKU), and loads its prices
into a *draft* price list that editors review, approve and schedule in the admin.
"""

import hashlib
from contextlib import nullcontext
from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator
from django.db import transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils import timezone
from django.utils.text import slugify
from wagtail.models import Page, ReferenceIndex
from wagtail.signal_handlers import disable_reference_index_auto_update

from core import cache_purge
from core.bulk_pages import (
    add_to_search_index,
    bulk_create_pages,
    chunks,
    pages_by_id,
    refresh_statistics,
)
from core.tabular import parse_decimal, read_table
from promotions.models import PriceLine, PriceList
from storefront.models import (
    Availability,
    Brand,
    CatalogueIndexPage,
    CategoryPage,
    ProductAttribute,
    ProductPage,
)
from storefront.renditions import prepare_after_commit
from storefront.validators import is_ascii_digits, normalise_sku, validate_gtin, validate_sku

REQUIRED_COLUMNS = ["reference", "nom", "categorie"]
OPTIONAL_COLUMNS = [
    "marque",
    "gtin",
    "description_courte",
    "unite",
    "conditionnement",
    "qte_min",
    "multiple",
    "disponibilite",
    "delai_jours",
    "exclusivite_web",
    "caracteristiques",
    "prix",
    "paliers",
]
COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS
# Text columns and the model field each goes to, whose max_length bounds it.
TEXT_COLUMNS = [
    ("nom", ProductPage, "title"),
    ("description_courte", ProductPage, "short_description"),
    ("unite", ProductPage, "unit_of_sale"),
    ("conditionnement", ProductPage, "packaging"),
    ("marque", Brand, "name"),
]
NUL = "\x00"
CATEGORY_SEPARATOR = ">"
ITEM_SEPARATOR = "|"
# New products are inserted this many at a time per category (see core.bulk_pages).
CREATE_BATCH_SIZE = 500
# Rows applied together: what memory holds of the file while it is applied.
APPLY_CHUNK_SIZE = 1000
# Fingerprints of price lines are 128-bit and summed modulo this.
FINGERPRINT_MODULUS = 1 << 128
# The phases an import reports through its `on_progress(phase, done, total)` callback: rows
# read and checked (total not known yet), rows applied (or simulated) out of the rows read,
# then the search index (applied imports only).
READING, WRITING, INDEXING = "reading", "writing", "indexing"

AVAILABILITY_WORDS = {
    "": Availability.IN_STOCK,
    "en stock": Availability.IN_STOCK,
    "en_stock": Availability.IN_STOCK,
    "sur commande": Availability.ON_ORDER,
    "sur_commande": Availability.ON_ORDER,
    "épuisé": Availability.OUT_OF_STOCK,
    "epuise": Availability.OUT_OF_STOCK,
    "arrêté": Availability.DISCONTINUED,
    "arrete": Availability.DISCONTINUED,
    **{value: value for value in Availability.values},
}
AVAILABILITY_LABELS = {value: label.lower() for value, label in Availability.choices}
YES = {"oui", "o", "yes", "1", "vrai", "x"}
NO = {"", "non", "n", "no", "0", "faux"}

# Fields compared to decide whether an existing product changes.
PRODUCT_FIELDS = [
    "title",
    "gtin",
    "short_description",
    "unit_of_sale",
    "packaging",
    "min_order_quantity",
    "order_multiple",
    "availability",
    "lead_time_days",
    "web_exclusive",
]


@dataclass
class ProductRow:
    line: int
    sku: str
    category_path: tuple
    brand: str
    fields: dict
    attributes: list
    prices: list  # [(min_quantity, Decimal)], base price first


@dataclass
class ImportReport:
    errors: list = field(default_factory=list)  # [(line, message)]
    warnings: list = field(default_factory=list)
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    categories_created: list = field(default_factory=list)
    brands_created: list = field(default_factory=list)
    price_list_action: str = ""
    price_list_name: str = ""
    price_lines: int = 0
    price_list: PriceList = None  # the draft the prices went to, once saved
    applied: bool = False
    rows: int = 0  # product rows read

    def as_json(self):
        """The report as the admin's status page keeps it (ImportRun.report)."""
        data = {f.name: getattr(self, f.name) for f in fields(self) if f.name != "price_list"}
        data["draft_price_list_id"] = self.draft_price_list.pk if self.draft_price_list else None
        return data

    @classmethod
    def from_json(cls, data):
        data = dict(data)
        price_list_id = data.pop("draft_price_list_id")
        report = cls(**data)
        report.errors = [tuple(error) for error in report.errors]
        if price_list_id:
            report.price_list = PriceList.objects.filter(pk=price_list_id).first()
        return report

    @property
    def ok(self):
        return not self.errors

    @property
    def draft_price_list(self):
        """The draft price list this import wrote, for editors to review; None for a
        simulation, whose list was rolled back."""
        return self.price_list if self.applied else None

    def summary(self):
        categories = f"Catégories créées : {len(self.categories_created)}"
        if self.categories_created:
            categories += " (" + ", ".join(self.categories_created) + ")"
        lines = [
            f"Produits créés : {len(self.created)}",
            f"Produits modifiés : {len(self.updated)}",
            f"Produits inchangés : {len(self.unchanged)}",
            categories,
            f"Marques créées : {len(self.brands_created)}",
        ]
        if self.price_list_action:
            lines.append(
                f"Liste de prix « {self.price_list_name} » ({self.price_lines} lignes) : "
                f"{self.price_list_action}"
            )
        return lines


def _items(text):
    # « | » separates items inside a cell: unlike « ; » or « , » it is never a CSV delimiter.
    return [part.strip() for part in text.split(ITEM_SEPARATOR) if part.strip()]


def _max_length(model, name):
    return model._meta.get_field(name).max_length


def _length_problem(text, label, model, name):
    """A message when `text` is longer than the model field it goes to, else None."""
    limit = _max_length(model, name)
    if len(text) > limit:
        return f"{label} : {len(text)} caractères, {limit} au plus"
    return None


def _slug_problem(text, label):
    # Pages and brands get their URL identifier from their name: a name with no letter or
    # digit (« *** ») would give none.
    if text and not slugify(text):
        return f"{label} « {text} » : il faut au moins une lettre ou un chiffre (sans accent)"
    return None


def _integer(text, label, model, name, minimum=0):
    """The whole number of `text`, within what the model field holds on every database."""
    if text == "":
        return None
    # The portable range, not the connection's: SQLite takes 64-bit integers where
    # PostgreSQL's integer stops at 2,147,483,647, and a file checked on one must load on both.
    _, maximum = BaseDatabaseOperations.integer_field_ranges[
        model._meta.get_field(name).get_internal_type()
    ]
    digits = "".join(text.split())  # « 1 000 »: spaces between thousands
    if (
        not is_ascii_digits(digits)
        or len(digits) > len(str(maximum))
        or not minimum <= int(digits) <= maximum
    ):
        raise ValueError(
            f"{label} : nombre entier de {minimum} à {maximum} attendu, pas « {text} »"
        )
    return int(digits)


def _price(text, label):
    """A unit price that the price line's decimal field holds, as the admin form would check."""
    field = PriceLine._meta.get_field("unit_price")
    whole_digits = field.max_digits - field.decimal_places
    price = parse_decimal(text)
    if price < 0:
        raise ValueError(f"{label} ne peut pas être négatif")
    try:
        DecimalValidator(field.max_digits, field.decimal_places)(price)
    except ValidationError as exc:
        raise ValueError(
            f"{label} « {text} » : au plus {whole_digits} chiffres avant la virgule et "
            f"{field.decimal_places} après"
        ) from exc
    return price


def _attributes(text):
    """« Matière=Inox | Contenance=5 [L] » → [(name, value, unit)]."""
    attributes = []
    for item in _items(text):
        name, sep, rest = item.partition("=")
        if not sep or not name.strip() or not rest.strip():
            raise ValueError(f"caractéristique « {item} » : format attendu « Nom=valeur [unité] »")
        value, unit = rest.strip(), ""
        if value.endswith("]") and "[" in value:
            value, _, unit = value[:-1].rpartition("[")
        where = f"caractéristique « {item[:40]} »"
        for text, label, field_name in [
            (name, "nom", "name"),
            (value, "valeur", "value"),
            (unit, "unité", "unit"),
        ]:
            problem = _length_problem(
                text.strip(), f"{where}, {label}", ProductAttribute, field_name
            )
            if problem:
                raise ValueError(problem)
        attributes.append((name.strip(), value.strip(), unit.strip()))
    return attributes


def _prices(row):
    prices = []
    if row.get("prix", ""):
        prices.append((1, _price(row["prix"], "le prix")))
    for item in _items(row.get("paliers", "")):
        quantity, sep, price = item.partition("=")
        if not sep:
            raise ValueError(f"palier « {item} » : format attendu « quantité=prix »")
        quantity = _integer(
            quantity.strip(), "quantité du palier", PriceLine, "min_quantity", minimum=2
        )
        prices.append((quantity, _price(price.strip(), "un prix de palier")))
    if prices and prices[0][0] != 1:
        raise ValueError("des paliers sans prix de base (colonne « prix »)")
    quantities = [quantity for quantity, _ in prices]
    if len(set(quantities)) != len(quantities):
        raise ValueError("deux paliers pour la même quantité")
    return prices


def parse_row(line, row):
    """A validated ProductRow, or ValueError with every problem of the row."""
    problems = [
        f"colonne « {column} » : caractère nul interdit"
        for column, text in row.items()
        if NUL in text  # PostgreSQL refuses it in any text
    ]
    sku = normalise_sku(row.get("reference", ""))
    try:
        validate_sku(sku)
    except ValidationError as exc:
        problems.append(f"référence « {row.get('reference', '')} » : {exc.messages[0]}")
    name = row.get("nom", "")
    if not name:
        problems.append("nom manquant")
    path = tuple(
        part.strip() for part in row.get("categorie", "").split(CATEGORY_SEPARATOR) if part.strip()
    )
    if not path:
        problems.append("catégorie manquante (par exemple « Épicerie > Conserves »)")
    for title in path:
        problems.append(
            _length_problem(title, f"catégorie « {title[:40]}… »", CategoryPage, "title")
        )
        problems.append(_slug_problem(title, "catégorie"))
    gtin = row.get("gtin", "").replace(" ", "")
    try:
        validate_gtin(gtin)
    except ValidationError as exc:
        problems.append(f"GTIN « {gtin} » : {exc.messages[0]}")
    availability = AVAILABILITY_WORDS.get(row.get("disponibilite", "").lower())
    if availability is None:
        problems.append(
            f"disponibilité « {row['disponibilite']} » inconnue "
            "(en stock, sur commande, épuisé ou arrêté)"
        )
    web_exclusive = row.get("exclusivite_web", "").lower()
    if web_exclusive not in YES | NO:
        problems.append(f"exclusivité Web « {web_exclusive} » : oui ou non attendu")
    values = {}
    for key, column, label, minimum in [
        ("min_order_quantity", "qte_min", "quantité minimale", 1),
        ("order_multiple", "multiple", "multiple de commande", 1),
        ("lead_time_days", "delai_jours", "délai", 0),
    ]:
        try:
            values[key] = _integer(row.get(column, ""), label, ProductPage, key, minimum)
        except ValueError as exc:
            problems.append(str(exc))
    if availability == Availability.ON_ORDER and not values.get("lead_time_days"):
        problems.append("un produit sur commande doit avoir un délai (colonne « delai_jours »)")
    try:
        attributes = _attributes(row.get("caracteristiques", ""))
    except ValueError as exc:
        problems.append(str(exc))
    try:
        prices = _prices(row)
    except ValueError as exc:
        problems.append(str(exc))
    for column, model, field_name in TEXT_COLUMNS:
        problems.append(_length_problem(row.get(column, ""), f"« {column} »", model, field_name))
    problems.append(_slug_problem(name, "nom"))
    problems.append(_slug_problem(row.get("marque", ""), "marque"))
    problems = [problem for problem in problems if problem]
    if problems:
        raise ValueError(" ; ".join(problems))
    return ProductRow(
        line=line,
        sku=sku,
        category_path=path,
        brand=row.get("marque", ""),
        fields={
            "title": name,
            "gtin": gtin,
            "short_description": row.get("description_courte", ""),
            "unit_of_sale": row.get("unite", "") or "pièce",
            "packaging": row.get("conditionnement", ""),
            "min_order_quantity": values["min_order_quantity"] or 1,
            "order_multiple": values["order_multiple"] or 1,
            "availability": availability,
            "lead_time_days": values["lead_time_days"],
            "web_exclusive": web_exclusive in YES,
        },
        attributes=attributes,
        prices=prices,
    )


def _attribute_objects(row):
    # An explicit sort_order, as the admin's inline panel sets: with none, PostgreSQL may
    # return the attributes in another order and the next import would see a change.
    return [
        ProductAttribute(name=name, value=value, unit=unit, sort_order=position)
        for position, (name, value, unit) in enumerate(row.attributes)
    ]


@dataclass
class PriceSet:
    """Price lines (reference, quantity, price) as a count and an order-free fingerprint: a
    file's prices and a price list's compare without either being held in memory."""

    count: int = 0
    digest: int = 0

    def add(self, sku, quantity, price):
        # 12.4 and 12.4000 are one price (the column keeps four decimals).
        key = f"{sku}\0{quantity}\0{format(Decimal(price).normalize(), 'f')}"
        fingerprint = hashlib.blake2b(key.encode(), digest_size=16).digest()
        self.count += 1
        self.digest = (self.digest + int.from_bytes(fingerprint, "big")) % FINGERPRINT_MODULUS

    @classmethod
    def of_price_list(cls, price_list):
        prices = cls()
        lines = PriceLine.objects.filter(price_list=price_list).values_list(
            "product__sku", "min_quantity", "unit_price"
        )
        for sku, quantity, price in lines.iterator(chunk_size=APPLY_CHUNK_SIZE):
            prices.add(sku, quantity, price)
        return prices


def check_rows(file, filename, report, on_row=None):
    """First reading: parse and validate every row, each problem to the report, and return
    the file's prices (a PriceSet). Holds one row at a time, and the references seen. Raises
    TabularError for a file that cannot be read or goes beyond the import's limits.
    `on_row(rows read so far)` is called after each row."""
    header, raw_rows = read_table(file, filename)
    prices = PriceSet()
    missing = [column for column in REQUIRED_COLUMNS if column not in header]
    if missing:
        report.errors.append((1, f"colonnes obligatoires absentes : {', '.join(missing)}"))
        return prices
    unknown = [column for column in header if column and column not in COLUMNS]
    if unknown:
        report.warnings.append(f"colonnes ignorées : {', '.join(unknown)}")
    seen, read = {}, 0
    for line, raw in raw_rows:
        read += 1
        report.rows = read
        if on_row:
            on_row(read)
        try:
            row = parse_row(line, raw)
        except ValueError as exc:
            report.errors.append((line, str(exc)))
            continue
        if row.sku in seen:
            report.errors.append((line, f"référence {row.sku} déjà présente ligne {seen[row.sku]}"))
            continue
        seen[row.sku] = line
        for quantity, price in row.prices:
            prices.add(row.sku, quantity, price)
    if not read:
        report.errors.append((1, "le fichier ne contient aucune ligne de produit"))
    return prices


def checked_rows(file, filename):
    """Second reading of a file that check_rows() found valid: its ProductRows, one at a
    time."""
    file.seek(0)
    _header, raw_rows = read_table(file, filename)
    for line, raw in raw_rows:
        yield parse_row(line, raw)


class CatalogueImport:
    """Plans, then (unless dry) applies, one file's changes in a single transaction.

    The file is read twice: once to check every row, once to apply them a chunk at a time,
    so that memory holds one chunk's rows and pages, not the file's (issue 12: a 50 MB file
    under 300 MB)."""

    def __init__(
        self, file, filename, *, price_list_name=None, dry_run=False, user=None, on_progress=None
    ):
        """`file`: the binary file to import, seekable, read twice as a stream.
        `on_progress(phase, done, total)`: called as rows are read and applied (READING,
        WRITING, INDEXING), as often as every row: the callee decides what to keep."""
        self.file = file
        self.filename = filename
        self.price_list_name = price_list_name or f"Import {filename}"
        self.dry_run = dry_run
        self.user = user
        self.report = ImportReport(price_list_name=self.price_list_name)
        self.pending = {}  # category pk -> (category, [new ProductPage not yet inserted])
        self.created_ids = {ProductPage: [], CategoryPage: []}
        self.changed_ids = []
        self.on_progress = on_progress or (lambda phase, done, total: None)

    def run(self):
        prices = check_rows(
            self.file,
            self.filename,
            self.report,
            lambda read: self.on_progress(READING, read, None),
        )
        if not self.report.ok:
            return self.report
        catalogue = CatalogueIndexPage.objects.first()
        if catalogue is None:
            self.report.errors.append((0, "aucune page « Catalogue » : créez-la d'abord"))
            return self.report
        # A simulation is rolled back: the publish and save signals its work sends must not
        # purge the caches (a new content generation would retire every cached page).
        no_purge = cache_purge.suspended() if self.dry_run else nullcontext()
        with transaction.atomic(), disable_reference_index_auto_update(), no_purge:
            try:
                self._apply(catalogue, prices)
            except ValidationError as exc:
                # What the rows' checks could not foresee (the tree, slugs taken): refused,
                # reported, and rolled back below like any row error.
                self.report.errors.append((0, " ; ".join(exc.messages)))
            if self.dry_run or not self.report.ok:
                # The dry run does the real work and throws it away, so what it
                # reports is exactly what an import would do.
                transaction.set_rollback(True)
                return self.report
            self.on_progress(INDEXING, self.report.rows, self.report.rows)
            # One reference-index update per changed page instead of one per save (new
            # products got theirs when inserted).
            for page in pages_by_id(ProductPage, self.changed_ids):
                ReferenceIndex.create_or_update_for_object(page)
            # Only now, once nothing will be rolled back: a search service outside the
            # database would otherwise keep the pages of a dry run.
            for model, ids in self.created_ids.items():
                add_to_search_index(model, ids)
            written = [*self.created_ids[CategoryPage], *self.created_ids[ProductPage]]
            written += self.changed_ids
            # The bulk path sends no publish signal: purge as a publish would.
            cache_purge.purge_pages(pages_by_id(Page, written))
            prepare_after_commit(self.created_ids[ProductPage] + self.changed_ids)
        self.report.applied = True
        refresh_statistics([ProductPage, ProductAttribute, PriceLine], len(written))
        return self.report

    def _apply(self, catalogue, prices):
        categories = CategoryTree(catalogue, self.report, self.user)
        brands = Brands(self.report)
        price_list = self._price_list_for(prices)
        done = 0
        for chunk in chunks(checked_rows(self.file, self.filename), APPLY_CHUNK_SIZE):
            existing = (
                ProductPage.objects.filter(sku__in=[row.sku for row in chunk])
                .select_related("brand")
                .prefetch_related("attributes")
                .in_bulk(field_name="sku")
            )
            products = {}
            for row in chunk:
                brand = brands.get(row)
                parent = categories.get(row.category_path)
                product = existing.get(row.sku)
                if product is None:
                    product = self._create(parent, row, brand)
                elif self._update(product, parent, row, brand):
                    self.changed_ids.append(product.pk)
                products[row.sku] = product
                done += 1
                self.on_progress(WRITING, done, self.report.rows)
            for parent, _ in list(self.pending.values()):
                self._flush(parent)
            if price_list is not None:
                PriceLine.objects.bulk_create(
                    PriceLine(
                        price_list=price_list,
                        product_id=products[row.sku].pk,
                        min_quantity=quantity,
                        unit_price=price,
                    )
                    for row in chunk
                    for quantity, price in row.prices
                )
        if price_list is not None:
            price_list.save_revision_of_stored_lines(user=self.user)
            self.report.price_list = price_list
        self.created_ids[CategoryPage] += [category.pk for category in categories.created]

    def _price_list_for(self, prices):
        """The draft price list the file's prices go to, emptied and ready for them; None
        when the file has no prices, when the draft already holds exactly them, or when the
        list cannot take them (reported)."""
        if not prices.count:
            return None
        self.report.price_lines = prices.count
        price_list = PriceList.objects.filter(name=self.price_list_name).first()
        if price_list is None:
            price_list = PriceList(name=self.price_list_name, live=False)
            self.report.price_list_action = "créée en brouillon"
        elif price_list.live:
            self.report.errors.append(
                (
                    0,
                    f"la liste de prix « {self.price_list_name} » est déjà publiée : "
                    "choisissez un autre nom pour charger de nouveaux prix",
                )
            )
            return None
        elif PriceSet.of_price_list(price_list) == prices:
            self.report.price_list_action = "inchangée"
            return None
        else:
            self.report.price_list_action = "brouillon mis à jour"
        price_list.save()
        # One delete and batched inserts: assigning price_list.lines would make save() insert
        # the lines one by one, a query each (6,666 for 5,000 products).
        PriceLine.objects.filter(price_list=price_list).delete()
        return price_list

    def _create(self, parent, row, brand):
        """A new product, queued for insertion with the other new ones of its category."""
        product = ProductPage(sku=row.sku, brand=brand, **row.fields)
        product.attributes = _attribute_objects(row)
        batch = self.pending.setdefault(parent.pk, (parent, []))[1]
        batch.append(product)
        self.report.created.append(row.sku)
        if len(batch) >= CREATE_BATCH_SIZE:
            self._flush(parent)
        return product

    def _flush(self, parent):
        # add_child() + publish() per product costs ~90 queries; the bulk path a few per batch.
        # Updates and moves stay on Wagtail's normal path: they are rare.
        _, batch = self.pending.pop(parent.pk)
        bulk_create_pages(parent, batch, user=self.user, update_search_index=False)
        self.created_ids[ProductPage] += [product.pk for product in batch]

    def _update(self, product, parent, row, brand):
        """Bring an existing product in line with its row; True when anything changed."""
        attributes = [(a.name, a.value, a.unit) for a in product.attributes.all()]
        changed = [name for name in PRODUCT_FIELDS if getattr(product, name) != row.fields[name]]
        if product.brand_id != (brand.pk if brand else None):
            changed.append("brand")
        if attributes != row.attributes:
            changed.append("attributes")
        moved = not product.path.startswith(parent.path) or product.depth != parent.depth + 1
        if not changed and not moved:
            self.report.unchanged.append(row.sku)
            return False
        if moved:
            product.move(parent, pos="last-child", user=self.user)
            product.refresh_from_db()
        if changed:
            for name in PRODUCT_FIELDS:
                setattr(product, name, row.fields[name])
            if "availability" in changed:
                product.availability_updated_at = timezone.now()
            product.brand = brand
            product.attributes = _attribute_objects(row)
            product.save_revision(user=self.user).publish(user=self.user)
        self.report.updated.append(row.sku)
        return True


class Brands:
    """Brands by name, as rows name them, creating missing ones."""

    def __init__(self, report):
        self.report = report
        self.by_name = {brand.name.lower(): brand for brand in Brand.objects.all()}
        self.by_slug = {brand.slug: brand for brand in self.by_name.values()}

    def get(self, row):
        """The row's brand; None for none, or for a name refused (reported)."""
        if not row.brand:
            return None
        brand = self.by_name.get(row.brand.lower())
        if brand is None and slugify(row.brand) in self.by_slug:
            # « Café » next to « Cafe »: both would get the URL identifier « cafe ».
            other = self.by_slug[slugify(row.brand)]
            self.report.errors.append(
                (row.line, f"marque « {row.brand} » trop proche de « {other.name} »")
            )
        elif brand is None:
            brand = Brand.objects.create(name=row.brand)
            self.by_name[row.brand.lower()] = brand
            self.by_slug[brand.slug] = brand
            self.report.brands_created.append(row.brand)
        return brand


class CategoryTree:
    """Finds categories by their path of titles under the catalogue, creating missing ones."""

    def __init__(self, catalogue, report, user):
        self.catalogue = catalogue
        self.report = report
        self.user = user
        self.cache = {(): catalogue}
        self.created = []

    def get(self, path):
        if path in self.cache:
            return self.cache[path]
        parent = self.get(path[:-1])
        title = path[-1]
        category = CategoryPage.objects.child_of(parent).filter(title__iexact=title).first()
        if category is None:
            # The bulk path for one page still saves ~70 queries on add_child() + publish().
            category = CategoryPage(title=title)
            bulk_create_pages(parent, [category], user=self.user, update_search_index=False)
            self.report.categories_created.append(f" {CATEGORY_SEPARATOR} ".join(path))
            self.created.append(category)
        self.cache[path] = category
        return category
