"""A food-service wholesaler's catalogue: brands, two levels of categories, ~70 products."""

from django.contrib.auth import get_user_model

from storefront.demo.images import demo_image
from storefront.demo.site import ensure_menu_link
from storefront.models import (
    Availability,
    Brand,
    CatalogueIndexPage,
    CategoryPage,
    CustomerCompany,
    CustomerMember,
    HomePage,
    PriceGroup,
    ProductPage,
)
from storefront.validators import gtin_check_digit

BRANDS = ["Maison Lucas", "Cristal Source", "ProNet", "Embal'Vert", "Chef Pro", "Givrés & Co"]

# category -> sub-category -> products: (name, brand, unit, packaging, attributes, base price)
CATALOGUE = {
    "Épicerie": {
        "Huiles et vinaigres": [
            ("Huile de tournesol", 0, "bidon", "bidon de 5 L", [("Contenance", "5", "L")], "9.90"),
            (
                "Huile d'olive vierge extra",
                0,
                "bidon",
                "bidon de 5 L",
                [("Contenance", "5", "L"), ("Origine", "Espagne", "")],
                "34.50",
            ),
            (
                "Huile de colza",
                0,
                "bouteille",
                "carton de 6 × 1 L",
                [("Contenance", "1", "L")],
                "2.85",
            ),
            (
                "Vinaigre de vin rouge",
                0,
                "bouteille",
                "carton de 6 × 1 L",
                [("Contenance", "1", "L")],
                "1.60",
            ),
            (
                "Vinaigre balsamique de Modène",
                0,
                "bouteille",
                "carton de 6 × 50 cl",
                [("Contenance", "0,5", "L"), ("Origine", "Italie", "")],
                "4.20",
            ),
            (
                "Huile de friture spéciale",
                0,
                "bidon",
                "bidon de 25 L",
                [("Contenance", "25", "L")],
                "46.00",
            ),
        ],
        "Conserves": [
            (
                "Tomates pelées",
                0,
                "boîte",
                "carton de 6 boîtes 4/4",
                [("Format", "4/4", ""), ("Origine", "Italie", "")],
                "2.10",
            ),
            (
                "Haricots verts extra-fins",
                0,
                "boîte",
                "carton de 3 boîtes 5/1",
                [("Format", "5/1", "")],
                "6.40",
            ),
            ("Maïs doux", 0, "boîte", "carton de 6 boîtes 4/4", [("Format", "4/4", "")], "1.75"),
            (
                "Thon albacore au naturel",
                0,
                "boîte",
                "carton de 6 boîtes 4/4",
                [("Format", "4/4", "")],
                "12.90",
            ),
            ("Pois chiches", 0, "boîte", "carton de 6 boîtes 4/4", [("Format", "4/4", "")], "1.95"),
        ],
    },
    "Boissons": {
        "Eaux": [
            (
                "Eau minérale plate 50 cl",
                1,
                "pack",
                "pack de 24 bouteilles",
                [("Contenance", "0,5", "L"), ("Type", "Plate", "")],
                "5.40",
            ),
            (
                "Eau minérale plate 1,5 L",
                1,
                "pack",
                "pack de 6 bouteilles",
                [("Contenance", "1,5", "L"), ("Type", "Plate", "")],
                "2.70",
            ),
            (
                "Eau gazeuse 1 L verre",
                1,
                "caisse",
                "caisse de 12 bouteilles consignées",
                [("Contenance", "1", "L"), ("Type", "Gazeuse", "")],
                "9.60",
            ),
            (
                "Eau gazeuse 50 cl",
                1,
                "pack",
                "pack de 24 bouteilles",
                [("Contenance", "0,5", "L"), ("Type", "Gazeuse", "")],
                "7.20",
            ),
            (
                "Eau de source 5 L",
                1,
                "bidon",
                "carton de 2 × 5 L",
                [("Contenance", "5", "L"), ("Type", "Plate", "")],
                "1.90",
            ),
        ],
        "Jus et sodas": [
            (
                "Jus d'orange 100 % pur jus",
                1,
                "bouteille",
                "carton de 6 × 1 L",
                [("Contenance", "1", "L")],
                "2.30",
            ),
            (
                "Jus de pomme trouble",
                1,
                "bouteille",
                "carton de 6 × 1 L",
                [("Contenance", "1", "L")],
                "2.10",
            ),
            (
                "Limonade artisanale",
                1,
                "bouteille",
                "caisse de 12 × 33 cl",
                [("Contenance", "0,33", "L")],
                "0.95",
            ),
            (
                "Cola 33 cl",
                1,
                "canette",
                "pack de 24 canettes",
                [("Contenance", "0,33", "L")],
                "0.62",
            ),
            (
                "Thé glacé pêche",
                1,
                "bouteille",
                "pack de 12 × 50 cl",
                [("Contenance", "0,5", "L")],
                "0.88",
            ),
        ],
    },
    "Hygiène et entretien": {
        "Vaisselle": [
            (
                "Liquide vaisselle main",
                2,
                "bidon",
                "carton de 4 × 5 L",
                [("Contenance", "5", "L"), ("Écolabel", "Oui", "")],
                "8.90",
            ),
            (
                "Détergent lave-vaisselle",
                2,
                "bidon",
                "bidon de 20 kg",
                [("Contenance", "20", "kg"), ("Écolabel", "Non", "")],
                "39.00",
            ),
            (
                "Liquide de rinçage",
                2,
                "bidon",
                "bidon de 10 L",
                [("Contenance", "10", "L"), ("Écolabel", "Oui", "")],
                "24.50",
            ),
            (
                "Pastilles lave-vaisselle",
                2,
                "seau",
                "seau de 150 pastilles",
                [("Écolabel", "Oui", "")],
                "29.90",
            ),
            ("Éponges grattoirs", 2, "lot", "lot de 10", [("Écolabel", "Non", "")], "3.20"),
        ],
        "Essuyage": [
            (
                "Bobine d'essuyage 450 formats",
                2,
                "colis",
                "colis de 2 bobines",
                [("Plis", "2", ""), ("Écolabel", "Oui", "")],
                "18.60",
            ),
            (
                "Papier toilette 200 feuilles",
                2,
                "colis",
                "colis de 96 rouleaux",
                [("Plis", "2", ""), ("Écolabel", "Oui", "")],
                "31.00",
            ),
            (
                "Essuie-mains enchevêtrés",
                2,
                "colis",
                "colis de 3 750 feuilles",
                [("Plis", "2", ""), ("Écolabel", "Non", "")],
                "22.40",
            ),
            (
                "Serviettes ouate 30 × 30",
                2,
                "colis",
                "colis de 3 200",
                [("Plis", "2", ""), ("Couleur", "Blanc", "")],
                "19.80",
            ),
            (
                "Serviettes ouate 39 × 39 bordeaux",
                2,
                "colis",
                "colis de 1 200",
                [("Plis", "2", ""), ("Couleur", "Bordeaux", "")],
                "24.90",
            ),
        ],
    },
    "Emballages": {
        "Vente à emporter": [
            (
                "Boîte burger kraft",
                3,
                "colis",
                "colis de 200",
                [("Matière", "Carton", "")],
                "21.00",
            ),
            (
                "Pot à soupe 500 ml",
                3,
                "colis",
                "colis de 500",
                [("Matière", "Carton", ""), ("Contenance", "0,5", "L")],
                "48.00",
            ),
            (
                "Barquette aluminium 1 L",
                3,
                "colis",
                "colis de 100",
                [("Matière", "Aluminium", ""), ("Contenance", "1", "L")],
                "17.50",
            ),
            (
                "Gobelet carton 25 cl",
                3,
                "colis",
                "colis de 1 000",
                [("Matière", "Carton", ""), ("Contenance", "0,25", "L")],
                "38.00",
            ),
            (
                "Couverts bois (kit)",
                3,
                "colis",
                "colis de 250 kits",
                [("Matière", "Bois", "")],
                "27.50",
            ),
        ],
        "Sacs": [
            (
                "Sac kraft à poignées",
                3,
                "colis",
                "colis de 250",
                [("Matière", "Papier", "")],
                "29.00",
            ),
            (
                "Sac poubelle 110 L",
                3,
                "carton",
                "carton de 200",
                [("Matière", "Plastique recyclé", ""), ("Contenance", "110", "L")],
                "26.40",
            ),
            (
                "Sac congélation 3 L",
                3,
                "boîte",
                "boîte de 500",
                [("Matière", "Plastique", ""), ("Contenance", "3", "L")],
                "12.80",
            ),
            (
                "Sac sandwich papier",
                3,
                "colis",
                "colis de 1 000",
                [("Matière", "Papier", "")],
                "15.60",
            ),
            (
                "Sac poubelle 50 L",
                3,
                "carton",
                "carton de 500",
                [("Matière", "Plastique recyclé", ""), ("Contenance", "50", "L")],
                "33.00",
            ),
        ],
    },
    "Matériel de cuisine": {
        "Ustensiles": [
            ("Louche inox 12 cm", 4, "pièce", "à l'unité", [("Matière", "Inox", "")], "6.90"),
            (
                "Fouet professionnel 35 cm",
                4,
                "pièce",
                "à l'unité",
                [("Matière", "Inox", "")],
                "11.50",
            ),
            ("Couteau de chef 25 cm", 4, "pièce", "à l'unité", [("Matière", "Inox", "")], "32.00"),
            (
                "Planche à découper PEHD verte",
                4,
                "pièce",
                "à l'unité",
                [("Matière", "Polyéthylène", ""), ("Couleur", "Vert", "")],
                "18.90",
            ),
            (
                "Spatule maryse silicone",
                4,
                "pièce",
                "à l'unité",
                [("Matière", "Silicone", "")],
                "5.40",
            ),
        ],
        "Cuisson": [
            (
                "Bac gastronorme GN 1/1 inox",
                4,
                "pièce",
                "à l'unité",
                [("Matière", "Inox", ""), ("Profondeur", "65", "mm")],
                "21.00",
            ),
            (
                "Poêle aluminium 28 cm",
                4,
                "pièce",
                "à l'unité",
                [("Matière", "Aluminium", ""), ("Diamètre", "28", "cm")],
                "24.90",
            ),
            (
                "Marmite inox 20 L",
                4,
                "pièce",
                "à l'unité",
                [("Matière", "Inox", ""), ("Contenance", "20", "L")],
                "89.00",
            ),
            (
                "Plaque pâtissière perforée",
                4,
                "pièce",
                "à l'unité",
                [("Matière", "Aluminium", "")],
                "16.50",
            ),
            (
                "Sauteuse inox 32 cm",
                4,
                "pièce",
                "à l'unité",
                [("Matière", "Inox", ""), ("Diamètre", "32", "cm")],
                "64.00",
            ),
        ],
    },
    "Surgelés": {
        "Légumes surgelés": [
            (
                "Haricots verts extra-fins surgelés",
                5,
                "sachet",
                "carton de 4 × 2,5 kg",
                [("Poids", "2,5", "kg")],
                "7.80",
            ),
            (
                "Petits pois surgelés",
                5,
                "sachet",
                "carton de 4 × 2,5 kg",
                [("Poids", "2,5", "kg")],
                "6.20",
            ),
            (
                "Poêlée de légumes grillés",
                5,
                "sachet",
                "carton de 4 × 2,5 kg",
                [("Poids", "2,5", "kg")],
                "11.40",
            ),
            (
                "Frites allumettes 9 mm",
                5,
                "sachet",
                "carton de 4 × 2,5 kg",
                [("Poids", "2,5", "kg")],
                "5.90",
            ),
            (
                "Épinards en branches",
                5,
                "sachet",
                "carton de 4 × 2,5 kg",
                [("Poids", "2,5", "kg")],
                "7.10",
            ),
        ],
        "Desserts surgelés": [
            (
                "Fondant au chocolat",
                5,
                "boîte",
                "boîte de 12 × 90 g",
                [("Poids", "1,08", "kg")],
                "14.90",
            ),
            (
                "Tarte aux pommes 10 parts",
                5,
                "pièce",
                "carton de 4 tartes",
                [("Poids", "1,1", "kg")],
                "8.60",
            ),
            (
                "Crème glacée vanille 5 L",
                5,
                "bac",
                "bac de 5 L",
                [("Contenance", "5", "L")],
                "18.50",
            ),
            ("Macarons assortis", 5, "boîte", "boîte de 72", [("Poids", "0,86", "kg")], "32.00"),
            ("Profiteroles", 5, "boîte", "boîte de 60 pièces", [("Poids", "0,9", "kg")], "15.20"),
        ],
    },
}

PRICE_GROUP = ("CHR – Cafés, hôtels, restaurants", "chr")


def demo_gtin(number):
    digits = f"376{number:09d}"
    return digits + str(gtin_check_digit(digits))


def ensure_brands():
    brands = []
    for name in BRANDS:
        brand = Brand.objects.filter(name=name).first()
        if brand is None:
            brand = Brand(name=name, logo=demo_image(f"Logo {name}", size=(400, 200)))
            brand.save()
        brands.append(brand)
    return brands


def ensure_child(parent, model, title, **fields):
    existing = model.objects.child_of(parent).filter(title=title).first()
    if existing:
        return existing
    page = model(title=title, **fields)
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def product_fields(number, spec, brands):
    name, brand_index, unit, packaging, attributes, _price = spec
    availability = Availability.IN_STOCK
    if number % 11 == 0:
        availability = Availability.ON_ORDER
    elif number % 17 == 0:
        availability = Availability.OUT_OF_STOCK
    image = demo_image(name, description=f"{name}, {packaging}")
    return {
        "sku": f"SF-{number:05d}",
        "gtin": demo_gtin(number),
        "brand": brands[brand_index],
        "short_description": f"{name} – {packaging}, pour les professionnels de la restauration.",
        "description": [
            {
                "type": "text",
                "value": f"<p>{name} sélectionné par nos acheteurs pour un usage "
                "professionnel intensif. Livraison sous 24 à 48 h.</p>",
            },
            {
                "type": "specs",
                "value": [
                    {"label": "Conditionnement", "value": packaging},
                    {"label": "Unité de vente", "value": unit},
                ],
            },
        ],
        "unit_of_sale": unit,
        "packaging": packaging,
        "min_order_quantity": 2 if number % 7 == 0 else 1,
        "order_multiple": 2 if number % 7 == 0 else 1,
        "availability": availability,
        "lead_time_days": 5 if availability == Availability.ON_ORDER else None,
        "web_exclusive": number % 13 == 0,
        "gallery_images": [{"image": image}],
        "attributes": [{"name": n, "value": v, "unit": u} for n, v, u in attributes],
    }


def ensure_product(category, number, spec, brands):
    sku = f"SF-{number:05d}"
    existing = ProductPage.objects.filter(sku=sku).first()
    if existing:
        return existing
    fields = product_fields(number, spec, brands)
    gallery = fields.pop("gallery_images")
    attributes = fields.pop("attributes")
    product = ProductPage(title=spec[0], **fields)
    for item in gallery:
        product.gallery_images.add(product.gallery_images.model(**item))
    for item in attributes:
        product.attributes.add(product.attributes.model(**item))
    category.add_child(instance=product)
    product.save_revision().publish()
    return product


def iter_products():
    """(top category, sub-category, number, spec) for every demo product, in a stable order."""
    number = 100
    for top, subs in CATALOGUE.items():
        for sub, specs in subs.items():
            for spec in specs:
                number += 1
                yield top, sub, number, spec


def ensure_catalogue():
    home = HomePage.objects.get()
    catalogue = ensure_child(
        home,
        CatalogueIndexPage,
        "Catalogue",
        slug="catalogue",
        intro="<p>Toute notre offre pour la restauration et les collectivités.</p>",
    )
    brands = ensure_brands()
    categories = {}
    for top, sub, number, spec in iter_products():
        if top not in categories:
            categories[top] = ensure_child(
                catalogue, CategoryPage, top, image=demo_image(top, size=(960, 640))
            )
        if (top, sub) not in categories:
            categories[(top, sub)] = ensure_child(
                categories[top], CategoryPage, sub, image=demo_image(sub, size=(960, 640))
            )
        ensure_product(categories[(top, sub)], number, spec, brands)
    return catalogue


def ensure_customer():
    name, code = PRICE_GROUP
    group, _ = PriceGroup.objects.get_or_create(code=code, defaults={"name": name})
    company, _ = CustomerCompany.objects.get_or_create(
        customer_number="C-000123",
        defaults={"name": "Restaurant Dupont", "siret": "73282932000074", "price_group": group},
    )
    user = get_user_model().objects.get(username="client")
    CustomerMember.objects.get_or_create(user=user, defaults={"company": company})


def load():
    catalogue = ensure_catalogue()
    ensure_customer()
    ensure_menu_link("Catalogue", catalogue)
