"""Demo news: the index under the home page, categories, and six news items dated relative to
today, one of them scheduled for next week and one already past its expiry."""

from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from news.models import NewsCategory, NewsIndexPage, NewsPage
from storefront.demo.catalogue import ensure_child
from storefront.demo.images import demo_image
from storefront.demo.site import EDITORS_GROUP, ensure_menu_link
from storefront.models import HomePage, ProductPage

CATEGORIES = {
    "entreprise": "Vie de l'entreprise",
    "nouveautes": "Nouveautés produits",
    "reglementation": "Réglementation",
    "evenements": "Salons et événements",
}


def text(*paragraphs):
    return {"type": "text", "value": "".join(f"<p>{p}</p>" for p in paragraphs)}


def picture(title, alt, caption=""):
    image = demo_image(title, size=(1600, 900), description=alt)
    return {"image": image.pk, "caption": caption}


def product_cards(title, product_titles):
    products = dict(ProductPage.objects.filter(title__in=product_titles).values_list("title", "pk"))
    return {
        "type": "products",
        "value": {"title": title, "products": [products[t] for t in product_titles]},
    }


def news_specs():
    """One dict per news item; ``days`` is its date relative to today (negative: past)."""
    return [
        {
            "title": "Notre nouvel entrepôt de Corbas est ouvert",
            "days": -24,
            "author": "Direction logistique",
            "category": "entreprise",
            "tags": ["Logistique", "Livraison"],
            "intro": "8 000 m² de plus près de Lyon : des livraisons en 24 h sur toute la "
            "région Auvergne-Rhône-Alpes et 2 000 références supplémentaires en stock.",
            "body": [
                text(
                    "Après dix mois de travaux, notre plateforme de Corbas accueille ses "
                    "premières commandes. Ses trois zones de température (ambiant, frais et "
                    "surgelé) nous permettent de préparer l'ensemble de vos commandes sur un "
                    "seul site.",
                    "Les tournées partent désormais à 5 h : les restaurants du Grand Lyon "
                    "sont livrés avant le service du midi.",
                ),
                {
                    "type": "gallery",
                    "value": [
                        picture("Entrepôt de Corbas – quais", "Les quais de chargement"),
                        picture("Entrepôt de Corbas – chambre froide", "La chambre froide"),
                        picture("Entrepôt de Corbas – préparation", "La zone de préparation"),
                    ],
                },
            ],
        },
        {
            "title": "Couteaux, planches, bacs : la cuisine professionnelle s'agrandit",
            "days": -12,
            "author": "Service achats",
            "category": "nouveautes",
            "tags": ["Cuisine", "CHR"],
            "intro": "Nos acheteurs ont sélectionné de nouveaux ustensiles pensés pour les "
            "brigades : découvrez-les avec vos prix.",
            "body": [
                text(
                    "Robustes, faciles à nettoyer et conformes aux règles d'hygiène, ces "
                    "ustensiles sont disponibles dès maintenant en stock."
                ),
                product_cards(
                    "La sélection de nos acheteurs",
                    [
                        "Couteau de chef 25 cm",
                        "Planche à découper PEHD verte",
                        "Bac gastronorme GN 1/1 inox",
                    ],
                ),
            ],
        },
        {
            "title": "Loi AGEC : la vaisselle réemployable en salle, et à emporter ?",
            "days": -6,
            "author": "Claire Martin",
            "category": "reglementation",
            "tags": ["Emballages", "Développement durable"],
            "intro": "Depuis 2023, la vaisselle jetable est interdite pour les repas servis sur "
            "place. Ce qui change pour la vente à emporter, et nos solutions.",
            "body": [
                text(
                    "La loi anti-gaspillage pour une économie circulaire (AGEC) impose aux "
                    "établissements de plus de 20 places assises une vaisselle réemployable "
                    "pour les repas servis sur place.",
                    "Pour la vente à emporter, les emballages en carton kraft et en "
                    "aluminium recyclable restent autorisés.",
                ),
                {
                    "type": "quote",
                    "value": {
                        "quote": "Nous avons remplacé tous nos contenants en une semaine, "
                        "sans changer nos habitudes de service.",
                        "author": "Karim Benali",
                        "role": "gérant du snack Le Comptoir, Villeurbanne",
                    },
                },
                {
                    "type": "image",
                    "value": picture(
                        "Emballages kraft pour la vente à emporter",
                        "Boîtes et sacs en carton kraft",
                        "Notre gamme kraft, compostable et recyclable.",
                    ),
                },
            ],
        },
        {
            "title": "Retrouvez-nous au Sirha Lyon",
            "days": -2,
            "author": "Service communication",
            "category": "evenements",
            "tags": ["Salon", "CHR"],
            "intro": "Pendant tout le salon, notre équipe vous accueille hall 4 : "
            "démonstrations, nouveautés et conditions spéciales salon.",
            "body": [
                text(
                    "Venez rencontrer nos commerciaux et nos chefs démonstrateurs sur le stand "
                    "4C12. Les commandes passées pendant le salon bénéficient de la livraison "
                    "offerte.",
                ),
            ],
        },
        {
            "title": "Horaires d'été du dépôt",
            "days": -40,
            "author": "Service client",
            "category": "entreprise",
            "tags": ["Livraison"],
            "intro": "En juillet et en août, le dépôt ouvre de 6 h à 13 h ; les livraisons "
            "continuent du lundi au samedi.",
            "body": [text("Les horaires habituels reprendront à la rentrée.")],
            # Past its expiry but still live, as when the scheduler has not run yet: the site
            # leaves it out all the same.
            "expire_in": timedelta(days=-1),
        },
        {
            "title": "Commandez vos boissons en ligne 24 h/24",
            "days": 7,
            "author": "Équipe e-commerce",
            "category": "nouveautes",
            "tags": ["Boissons", "Commande en ligne"],
            "intro": "Eaux, sodas et jus : toute la gamme boissons se commande désormais en "
            "ligne, avec vos prix négociés.",
            "body": [text("Rendez-vous dans le catalogue, rubrique Boissons.")],
            # Written in advance, published by the scheduler on its date.
            "go_live_in": timedelta(days=7),
        },
    ]


def ensure_categories():
    categories = {}
    for slug, name in CATEGORIES.items():
        categories[slug], _ = NewsCategory.objects.get_or_create(slug=slug, defaults={"name": name})
    return categories


def ensure_news(index, spec, categories, now):
    existing = NewsPage.objects.child_of(index).filter(title=spec["title"]).first()
    if existing:
        return existing
    go_live_in = spec.get("go_live_in")
    expire_in = spec.get("expire_in")
    page = NewsPage(
        title=spec["title"],
        date=timezone.localdate(now) + timedelta(days=spec["days"]),
        author=spec["author"],
        intro=spec["intro"],
        image=demo_image(spec["title"], size=(1600, 900)),
        body=spec["body"],
        category=categories[spec["category"]],
        expire_at=now + expire_in if expire_in else None,
        live=go_live_in is None,
    )
    page.tags.add(*spec["tags"])
    index.add_child(instance=page)
    if go_live_in:
        # Scheduled from a fresh instance: publishing a future revision from a stale one can
        # unpublish the live page (docs/design.md, known pitfalls).
        page = NewsPage.objects.get(pk=page.pk)
        page.go_live_at = now + go_live_in
    page.save_revision().publish()
    return page


def ensure_editor_permissions():
    """Editors write news and manage its categories, like the rest of the content."""
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group:
        group.permissions.add(*Permission.objects.filter(content_type__app_label="news"))


def load():
    now = timezone.now().replace(second=0, microsecond=0)
    home = HomePage.objects.get()
    index = ensure_child(
        home,
        NewsIndexPage,
        "Actualités",
        slug="actualites",
        intro="<p>La vie de l'entreprise, nos nouveautés et la réglementation qui vous "
        "concerne.</p>",
    )
    categories = ensure_categories()
    for spec in news_specs():
        ensure_news(index, spec, categories, now)
    ensure_editor_permissions()
    ensure_menu_link("Actualités", index)
