"""Demo client space: « Restaurant Dupont » (the demo customer's company), with products, a
category, a video, a price sheet in its private collection, two news items, its account manager,
and two share links (one valid 30 days, one expired). Idempotent: only what is missing is
created."""

from datetime import timedelta

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import timezone
from fpdf import FPDF
from wagtail.documents import get_document_model
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.models import Embed
from wagtail.models import Site

from news.models import running_news
from promotions.pricing import Buyer, quote_many
from showroom.models import ClientSpaceIndexPage, ClientSpacePage, ShareLink, space_collection
from storefront.demo.catalogue import ensure_child, iter_products
from storefront.demo.images import demo_image
from storefront.demo.site import EDITORS_GROUP
from storefront.models import (
    CategoryPage,
    CustomerCompany,
    HomePage,
    ProductPage,
    ShopSettings,
)
from storefront.pricing_context import buyer_of
from storefront.templatetags.storefront_tags import format_price

COMPANY_NUMBER = "C-000123"  # Restaurant Dupont, see storefront.demo.catalogue
SPACE_TITLE = "Restaurant Dupont"
PRODUCT_COUNT = 6
VIDEO_URL = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
# Stored as if already fetched: the demo builds without network access.
VIDEO_HTML = (
    '<iframe width="960" height="540" src="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ" '
    'title="Visite de notre entrepôt" frameborder="0" allowfullscreen></iframe>'
)
SHARE_LINKS = (
    ("Prospect – Brasserie du Port", timedelta(days=30)),
    ("Prospect – Café de la Gare (salon 2025)", timedelta(days=-10)),
)


def ensure_video():
    Embed.objects.get_or_create(
        hash=get_embed_hash(VIDEO_URL),
        defaults={
            "url": VIDEO_URL,
            "type": "video",
            "html": VIDEO_HTML,
            "title": "Visite de notre entrepôt",
            "provider_name": "YouTube",
            "width": 960,
            "height": 540,
        },
    )


def space_products():
    skus = [f"SF-{number:05d}" for _, _, number, _ in list(iter_products())[:PRODUCT_COUNT]]
    return list(ProductPage.objects.filter(sku__in=skus).order_by("sku"))


def price_sheet_pdf(company, products):
    """A one-page price sheet with the company's prices, as the pricing function gives them."""
    member = company.members.select_related("user").first()
    buyer = buyer_of(member.user) if member else Buyer.anonymous()
    # A document of prices shown online: the site's price display applies to it too.
    display = ShopSettings.for_site(Site.objects.get(is_default_site=True)).price_display
    quotes = quote_many(products, buyer, price_display=display)
    pdf = FPDF(format="A4")
    pdf.core_fonts_encoding = "windows-1252"
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, f"Conditions tarifaires – {company.name}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 10)
    today = timezone.localdate().strftime("%d/%m/%Y")
    pdf.cell(0, 8, f"Prix nets HT au {today}, sous réserve de modification.", new_x="LMARGIN")
    pdf.ln(12)
    for product in products:
        quote = quotes[product.pk]
        amount = format_price(quote.unit_price) if quote.has_price else "sur devis"
        pdf.cell(35, 7, product.sku)
        pdf.cell(110, 7, product.title[:60])
        pdf.cell(0, 7, amount, align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def ensure_price_sheet(space, company, products):
    Document = get_document_model()
    collection = space_collection(space)
    title = f"Conditions tarifaires {company.name}"
    document = Document.objects.filter(collection=collection, title=title).first()
    if document is None:
        document = Document(title=title, collection=collection)
        document.file.save(
            "conditions-tarifaires.pdf", ContentFile(price_sheet_pdf(company, products)), save=False
        )
        document._set_document_file_metadata()  # what Wagtail's upload form does
        document.save()
    return document


def space_body(products, category, document, news):
    body = [
        {
            "type": "products",
            "value": {
                "heading": "Votre sélection de la saison",
                "products": [product.pk for product in products],
            },
        },
        {
            "type": "categories",
            "value": {"heading": "Vos rayons habituels", "categories": [category.pk]},
        },
        {
            "type": "documents",
            "value": {"heading": "Vos documents", "documents": [document.pk]},
        },
        {
            "type": "video",
            "value": {
                "title": "Visite de notre entrepôt",
                "video": VIDEO_URL,
                "caption": "Préparation et livraison de vos commandes en 24 à 48 h.",
            },
        },
        {
            "type": "contact",
            "value": {
                "heading": "Votre interlocuteur",
                "name": "Claire Fontaine",
                "role": "Responsable de compte CHR",
                "phone": "04 72 00 00 12",
                "email": "claire.fontaine@storefront.example",
                "photo": demo_image("Claire Fontaine", size=(400, 400)).pk,
            },
        },
    ]
    if news:
        body.insert(
            -1,
            {
                "type": "news",
                "value": {"heading": "À lire", "news": [page.pk for page in news]},
            },
        )
    return body


def ensure_space(index, company):
    space = ClientSpacePage.objects.child_of(index).filter(title=SPACE_TITLE).first()
    if space:
        return space
    products = space_products()
    space = ClientSpacePage(
        title=SPACE_TITLE,
        slug="restaurant-dupont",
        companies=[company],
        welcome="<p>Bonjour, voici les produits et les conditions que nous avons préparés "
        "pour votre établissement. Bonne visite !</p>",
    )
    # Saving creates the private collection the price sheet goes into.
    index.add_child(instance=space)
    document = ensure_price_sheet(space, company, products)
    category = CategoryPage.objects.get(pk=products[0].get_parent().pk)
    news = list(running_news()[:2])
    space.body = space_body(products, category, document, news)
    space.save_revision().publish()
    return space


def ensure_share_links(space):
    now = timezone.now()
    for label, valid_for in SHARE_LINKS:
        if not ShareLink.objects.filter(space=space, label=label).exists():
            # A link cannot be created already expired in the admin: the demo backdates it.
            link = ShareLink.objects.create(space=space, label=label, expires_at=now + valid_for)
            if valid_for < timedelta(0):
                ShareLink.objects.filter(pk=link.pk).update(created_at=now + 2 * valid_for)


def ensure_editor_permissions():
    """Editors manage share links, like the rest of the content."""
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group:
        permissions = Permission.objects.filter(content_type__app_label="showroom")
        group.permissions.add(*permissions.filter(codename__endswith="sharelink"))


def load():
    ensure_video()
    index = ensure_child(
        HomePage.objects.get(),
        ClientSpaceIndexPage,
        "Espaces clients",
        slug="espaces-clients",
        intro="<p>Vos espaces de présentation personnalisés.</p>",
    )
    company = CustomerCompany.objects.get(customer_number=COMPANY_NUMBER)
    ensure_share_links(ensure_space(index, company))
    ensure_editor_permissions()
