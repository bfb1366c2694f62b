"""The demo site itself: home page, site settings and the demo accounts."""

from urllib.parse import urlsplit

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page, Site

from storefront.demo.images import demo_image
from storefront.models import CompanySettings, HomePage, NavigationSettings

EDITORS_GROUP = "Éditeurs"
CUSTOMERS_GROUP = "Clients"

# Demo logins, printed by `make run`; load_demo refuses to run with DEBUG off.
DEMO_ACCOUNTS = {
    "admin": {"password": "admin-demo", "role": "administrateur"},
    "editeur": {"password": "editeur-demo", "role": "éditeur (animateur web)"},
    "client": {"password": "client-demo", "role": "client B2B"},
}

PAGE_PERMISSIONS = ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
COLLECTION_PERMISSIONS = {
    "wagtailimages": ["add_image", "change_image", "choose_image"],
    "wagtaildocs": ["add_document", "change_document", "choose_document"],
}
# Every model of these apps (snippets, site settings, customers) is editors' work.
EDITOR_APPS = [
    "storefront",
    "promotions",
    "seo",
    "news",
    "showroom",
    "enquiries",
    "brochures",
    "wagtailseo",
    "wagtailsearchpromotions",
    # Redirects: editors turn the addresses of the 404 report into redirects (sitehealth).
    "wagtailredirects",
    # The maintenance banner and closure (Paramètres → Maintenance).
    "sitehealth",
]


def home_body():
    # The block writes its title and text over the picture: a picture with words of its own
    # would show them under the headline.
    hero = demo_image("Bandeau d'accueil", size=(1600, 720), lettered=False)
    return [
        {
            "type": "hero",
            "value": {
                "title": "Le négoce qui livre vos professionnels",
                "text": "Plus de 5 000 références en stock, vos prix négociés en ligne "
                "et une livraison en 24 à 48 h.",
                "image": hero.pk,
                "cta_label": "",
                "cta_page": None,
            },
        },
        {"type": "offers", "value": {"heading": "Nos offres du moment", "limit": 6}},
        {"type": "news", "value": {"title": "Nos dernières actualités", "count": 3}},
        {
            "type": "text",
            "value": "<h2>Votre grossiste en ligne</h2><p>Consultez le catalogue, vos "
            "conditions tarifaires et nos offres réservées au Web, demandez un devis en "
            "quelques clics.</p>",
        },
    ]


def ensure_home_page():
    """The HomePage at the root of the default site, replacing Wagtail's welcome page."""
    home = HomePage.objects.first()
    site = Site.objects.filter(is_default_site=True).first()
    if home is None:
        root = Page.get_first_root_node()
        welcome = root.get_children().exclude(content_type__model="homepage").filter(slug="home")
        welcome.delete()
        home = HomePage(
            title="Accueil",
            slug="accueil",
            body=home_body(),
            seo_title="Storefront Négoce – grossiste pour les professionnels",
            search_description="Catalogue en ligne, prix professionnels et offres "
            "du moment de Storefront Négoce, grossiste B2B.",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    return home


def ensure_settings(site):
    company = CompanySettings.for_site(site)
    if not company.address:
        company.name = "Storefront Négoce"
        company.address = "12 rue des Entrepôts\nZI des Mercières\n69003 Lyon"
        company.phone = "04 72 00 00 00"
        company.email = "contact@storefront.example"
        company.opening_hours = "Du lundi au vendredi, 7 h – 18 h"
        company.siret = "12345678900012"
        company.legal_notice = "SAS au capital de 500 000 € – RCS Lyon 123 456 789"
        company.save()
    if not site.site_name:
        # Page titles end with it (« Catalogue — Storefront Négoce »); Wagtail's own default
        # site has none.
        site.site_name = company.name
        site.save(update_fields=["site_name"])
    navigation = NavigationSettings.for_site(site)
    if not navigation.main_menu:
        navigation.main_menu = [
            {"type": "link", "value": {"label": "Accueil", "page": site.root_page_id, "url": ""}}
        ]
        navigation.save()


def ensure_menu_link(label, page):
    """Add `page` to the main menu of the default site unless a link to it is there."""
    navigation = NavigationSettings.for_site(Site.objects.get(is_default_site=True))
    # Menu values hold base Page objects: compare primary keys, not model instances.
    if any(getattr(link.value.get("page"), "pk", None) == page.pk for link in navigation.main_menu):
        return
    navigation.main_menu.append(("link", {"label": label, "page": page, "url": ""}))
    navigation.save()


def ensure_editors_group():
    group, _ = Group.objects.get_or_create(name=EDITORS_GROUP)
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(content_type__app_label__in=EDITOR_APPS),
    )
    root_page = Page.get_first_root_node()
    for codename in PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=root_page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )
    root_collection = Collection.get_first_root_node()
    for app_label, codenames in COLLECTION_PERMISSIONS.items():
        for codename in codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=group,
                collection=root_collection,
                permission=Permission.objects.get(
                    content_type__app_label=app_label, codename=codename
                ),
            )
    return group


def ensure_user(username, *, email, first_name, last_name, is_superuser=False, groups=()):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User(
            username=username,
            email=email,
            first_name=first_name,
            last_name=last_name,
            is_staff=is_superuser,
            is_superuser=is_superuser,
        )
        user.set_password(DEMO_ACCOUNTS[username]["password"])
        user.save()
    user.groups.add(*groups)
    return user


def ensure_accounts():
    editors = ensure_editors_group()
    customers, _ = Group.objects.get_or_create(name=CUSTOMERS_GROUP)
    ensure_user(
        "admin",
        email="admin@storefront.example",
        first_name="Alice",
        last_name="Admin",
        is_superuser=True,
    )
    ensure_user(
        "editeur",
        email="editeur@storefront.example",
        first_name="Élodie",
        last_name="Martin",
        groups=[editors],
    )
    ensure_user(
        "client",
        email="achats@restaurant-dupont.example",
        first_name="Jean",
        last_name="Dupont",
        groups=[customers],
    )


def site_address(url):
    """(hostname, port) of the Wagtail site that answers at `url`, e.g. « https://shop.example.com »
    → ("shop.example.com", 443). ValueError, in French, for what a Wagtail site cannot be."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise ValueError(f"Adresse du site invalide : « {url} ».") from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(
            f"Adresse du site invalide : « {url} » (attendu : http://nom-d-hote ou https://…)."
        )
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise ValueError(
            f"Adresse du site invalide : « {url} ». Un site Wagtail occupe la racine de son "
            "nom d'hôte : pas de chemin après celui-ci."
        )
    default_port = 443 if parts.scheme == "https" else 80
    if parts.scheme == "https" and port not in (None, 443):
        # Site.root_url writes https only for port 443: canonical URLs would say http.
        raise ValueError(f"Adresse du site invalide : « {url} ». En https, le port doit être 443.")
    return parts.hostname, port or default_port


def ensure_site_address(hostname, port):
    """Give the default site the host and port it is served on: canonical URLs, og:url, the
    sitemap and robots.txt are built from them, not from the request."""
    site = Site.objects.get(is_default_site=True)
    if (site.hostname, site.port) == (hostname, port):
        return site
    if Site.objects.filter(hostname=hostname, port=port).exclude(pk=site.pk).exists():
        raise ValueError(f"Un autre site Wagtail répond déjà sur {hostname}:{port}.")
    site.hostname, site.port = hostname, port
    site.save(update_fields=["hostname", "port"])
    return site


def load():
    home = ensure_home_page()
    ensure_settings(home.get_site())
    ensure_accounts()
