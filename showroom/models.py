"""Client demo spaces: pages reserved to some client companies, and share links for prospects.

Who may see a space is Wagtail's own page privacy, kept in step with the space's companies by
`showroom.access` (one Django group per company); its documents live in a private collection
restricted to the same groups. See `showroom.access` for the rules and why.
"""

import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, IntegerField, When
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, ObjectList, TabbedInterface
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    BaseViewRestriction,
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
)

from brochures.views import brochure_response
from core.pages import SeoPage
from core.publication import not_expired_q
from core.staff import is_staff
from showroom.blocks import ClientSpaceStreamBlock
from showroom.panels import ShareLinkAddressPanel, ShareLinksPanel, SpaceDocumentsPanel
from storefront.account_facts import membership
from storefront.models import CustomerCompany, ProductPage
from storefront.pricing_context import product_cards

# The parent collection of every space's documents (see `showroom.access`).
SPACES_COLLECTION = "Espaces clients"


def is_spaces_collection(collection):
    return collection.depth == 2 and collection.name == SPACES_COLLECTION


def documents_of(body):
    """The documents picked in the « Documents » blocks of a space's `body`, each once."""
    documents = []
    for block in body:
        if block.block_type == "documents":
            for document in block.value["documents"]:
                if document and document not in documents:
                    documents.append(document)
    return documents


class ClientSpacePageForm(WagtailAdminPageForm):
    """Publishing a space (or submitting it for moderation, which ends in a publication) is
    refused while one of its document blocks points at a document that someone outside the
    space could download. A draft is still saved: it shows nothing to anyone."""

    def clean(self):
        cleaned_data = super().clean()
        # Wagtail defers what only publication requires when it saves a draft.
        if not self.is_deferred_validation and "body" in cleaned_data:
            for document in self.instance.exposed_documents(cleaned_data["body"]):
                self.add_error(None, self.instance.exposure_message(document))
        return cleaned_data


class ClientSpaceIndexPage(SeoPage):
    """The folder of client spaces: open to logged-in visitors only, it lists no space to
    anyone who may not see it and sends a customer straight to their own space."""

    intro = RichTextField(
        "Texte d'accueil",
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Affiché au-dessus de la liste des espaces (clients ayant plusieurs espaces, "
        "équipe interne).",
    )

    content_panels = Page.content_panels + [FieldPanel("intro")]
    promote_panels = SeoPage.promote_panels
    parent_page_types = ["storefront.HomePage"]
    subpage_types = ["showroom.ClientSpacePage"]
    max_count = 1

    class Meta:
        verbose_name = "Index des espaces clients"

    def save(self, *args, **kwargs):
        # Never in a menu nor a search engine, whatever the promote tab says.
        self.show_in_menus = False
        self.noindex = True
        super().save(*args, **kwargs)

    def serve(self, request, *args, **kwargs):
        spaces = listed_spaces(request.user)
        if len(spaces) == 1 and not is_staff(request.user):
            return redirect(spaces[0].get_url(request))
        return TemplateResponse(
            request, self.get_template(request), {**self.get_context(request), "spaces": spaces}
        )


class ClientSpacePage(RoutablePageMixin, SeoPage):
    """A space dedicated to one client company (or a few), visible only to their users,
    the staff and holders of a valid share link."""

    companies = ParentalManyToManyField(
        "storefront.CustomerCompany",
        verbose_name="Sociétés clientes",
        blank=True,
        related_name="client_spaces",
        help_text="Seuls les utilisateurs de ces sociétés (et l'équipe interne) voient l'espace "
        "et ses documents, à partir de la publication. Sans société, l'espace n'est ouvert "
        "qu'à l'équipe et aux liens de partage.",
    )
    welcome = RichTextField(
        "Mot d'accueil",
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Quelques lignes personnalisées en haut de l'espace.",
    )
    body = StreamField(
        ClientSpaceStreamBlock(),
        blank=True,
        verbose_name="Contenu",
        help_text="Produits (avec les prix du visiteur), catégories, documents, vidéo, "
        "actualités et carte du commercial, dans l'ordre voulu.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("companies"),
        FieldPanel("welcome"),
        SpaceDocumentsPanel(heading="Documents de l'espace"),
        FieldPanel("body"),
    ]
    promote_panels = SeoPage.promote_panels
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Contenu"),
            ObjectList([ShareLinksPanel()], heading="Partage"),
            ObjectList(promote_panels, heading="Promotion"),
            ObjectList(Page.settings_panels, heading="Paramètres"),
        ],
        base_form_class=ClientSpacePageForm,
    )
    parent_page_types = ["showroom.ClientSpaceIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = "Espace client"
        verbose_name_plural = "Espaces clients"

    def save(self, *args, **kwargs):
        self.show_in_menus = False
        self.noindex = True
        super().save(*args, **kwargs)
        # A draft saves only a few columns: companies and title change access on publication.
        # After save(), not on post_save: modelcluster commits the companies after the signal.
        if kwargs.get("update_fields") is None:
            sync_space_access(self)

    def own_collection(self):
        """The space's private collection, or None before its first save."""
        link = SpaceCollection.objects.filter(space_id=self.pk).select_related("collection")
        link = link.first() if self.pk else None
        return link.collection if link else None

    def exposed_documents(self, body):
        """Documents of `body` that someone outside the space could download: every one kept
        neither in the space's private collection (or below it) nor in « Espaces clients »
        itself, where uploads made before the space's first save wait (only the team may
        download them there, and saving the space moves them into its own collection:
        `showroom.models.adopt_documents`). A document of another space's collection is
        refused too: that space's visitors could download it, this one's could not."""
        own = self.own_collection()

        def kept(document):
            collection = document.collection
            if is_spaces_collection(collection):
                return True
            return own is not None and collection.path.startswith(own.path)

        return [document for document in documents_of(body) if not kept(document)]

    def exposure_message(self, document):
        own = self.own_collection()
        if own is None:
            where = (
                f"dans la collection « {SPACES_COLLECTION} » (il rejoindra celle de l'espace "
                "à l'enregistrement), ou déposez-le depuis le bloc « Documents » de l'espace"
            )
        else:
            where = f"dans la collection de l'espace « {SPACES_COLLECTION} › {own.name} »"
        return (
            f"Le document « {document.title} » peut être téléchargé par des personnes qui ne "
            f"voient pas cet espace. Déplacez le document « {document.title} » {where} "
            "(menu Documents, champ « Collection »), puis publiez."
        )

    def picked_product_ids(self):
        """Product ids of every selection block, in page order, read from the raw stream
        (no page is loaded for it)."""
        ids = []
        for block in self.body.raw_data:
            if block["type"] == "products":
                for item in block["value"].get("products", []):
                    pk = item.get("value") if isinstance(item, dict) else item
                    if pk and pk not in ids:
                        ids.append(pk)
        return ids

    def brochure_products(self):
        """Live, public product pages picked in the space, in page order."""
        ids = self.picked_product_ids()
        if not ids:
            return ProductPage.objects.none()
        order = Case(
            *(When(pk=pk, then=position) for position, pk in enumerate(ids)),
            output_field=IntegerField(),
        )
        return ProductPage.objects.live().public().filter(pk__in=ids).order_by(order)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        cards = product_cards(request, self.brochure_products())
        context["space_cards"] = {card.product.pk: card for card in cards}
        return context

    # Wagtail serves only path segments made of letters, digits, "-" and "_" ending in "/":
    # the route cannot be "plaquette.pdf"; the file is still named plaquette-<slug>.pdf.
    @path("plaquette/", name="brochure")
    def brochure(self, request):
        return brochure_response(request, self, self.brochure_products())


def open_spaces(at=None):
    """Spaces that may be shown at `at` (now) to anyone but the team: live, and not past their
    expiry even if the scheduler has not unpublished them yet. A deleted space is simply gone."""
    at = at or timezone.now()
    return ClientSpacePage.objects.live().filter(not_expired_q(at))


def customer_spaces(user):
    """Open spaces of the visitor's company (a user buys for one company at most)."""
    company_id, _ = membership(user) if user.is_authenticated else (None, None)
    if company_id is None:
        return ClientSpacePage.objects.none()
    return open_spaces().filter(companies=company_id)


def space_for_user(user):
    """The space a customer lands on after logging in, or None."""
    return customer_spaces(user).order_by("path").first()


def listed_spaces(user):
    """Spaces the index may list to this visitor: all of them for staff, their own for
    customers, none for anyone else."""
    spaces = ClientSpacePage.objects.live() if is_staff(user) else customer_spaces(user)
    return list(spaces.order_by("title"))


def new_token():
    return secrets.token_urlsafe(32)


class ShareLinkQuerySet(models.QuerySet):
    def valid(self, at=None):
        return self.filter(revoked_at__isnull=True, expires_at__gt=at or timezone.now())

    def usable(self, at=None):
        """Valid links whose space is open at `at`: what a link may still show."""
        at = at or timezone.now()
        return self.valid(at).filter(space__in=open_spaces(at))


class ShareLink(models.Model):
    """A secret link that opens one space without an account, until a date or a revocation."""

    space = models.ForeignKey(
        ClientSpacePage,
        verbose_name="Espace client",
        on_delete=models.CASCADE,
        related_name="share_links",
    )
    label = models.CharField(
        "Destinataire",
        max_length=150,
        help_text="Le prospect à qui le lien est envoyé, par ex. « Prospect – Brasserie du Port ».",
    )
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    expires_at = models.DateTimeField(
        "Valable jusqu'au",
        help_text="Date et heure de Paris après lesquelles le lien affiche une page "
        "« lien expiré » au lieu de l'espace.",
    )
    revoked_at = models.DateTimeField("Révoqué le", null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Créé par",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("Créé le", auto_now_add=True)
    last_used_at = models.DateTimeField("Dernière ouverture", null=True, blank=True, editable=False)
    use_count = models.PositiveIntegerField("Ouvertures", default=0, editable=False)

    objects = ShareLinkQuerySet.as_manager()

    panels = [
        FieldPanel("space"),
        FieldPanel("label"),
        FieldPanel("expires_at"),
        ShareLinkAddressPanel(heading="Adresse à envoyer"),
    ]

    class Meta:
        verbose_name = "Lien de partage"
        verbose_name_plural = "Liens de partage"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.label} – {self.space.title}"

    def clean(self):
        if self._state.adding and self.expires_at and self.expires_at <= timezone.now():
            raise ValidationError({"expires_at": "Choisissez une date à venir."})

    def is_valid(self, at=None):
        return self.revoked_at is None and self.expires_at > (at or timezone.now())

    def status(self):
        if self.revoked_at:
            return "Révoqué"
        return "Actif" if self.is_valid() else "Expiré"

    status.short_description = "État"

    def get_path(self):
        return reverse("showroom:share_link", args=[self.token])

    def get_full_url(self):
        """What the editor copies: absolute on the space's site."""
        site = self.space.get_site()
        root = site.root_url if site else settings.WAGTAILADMIN_BASE_URL
        return root + self.get_path()

    get_full_url.short_description = "Adresse à envoyer"

    def revoke(self):
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])


class CompanyGroup(models.Model):
    """The Django group that holds the users of one client company, for page privacy."""

    company = models.OneToOneField(
        "storefront.CustomerCompany", on_delete=models.CASCADE, related_name="space_group"
    )
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="company_link")

    class Meta:
        verbose_name = "Groupe d'accès d'une société"
        verbose_name_plural = "Groupes d'accès des sociétés"

    def __str__(self):
        return str(self.group)


class SpaceCollection(models.Model):
    """The private document collection of a space (outside the page so that reverting a
    revision cannot unlink it)."""

    space = models.OneToOneField(
        ClientSpacePage, on_delete=models.CASCADE, related_name="document_collection"
    )
    collection = models.OneToOneField(Collection, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = "Collection d'un espace"
        verbose_name_plural = "Collections des espaces"

    def __str__(self):
        return str(self.collection)


# -- Who may see a space: its companies' groups (showroom/access.py explains the rules) -------


def group_name(company):
    return f"Espace client – {company.customer_number}"


def company_group(company):
    """The company's group, created with its current users on first use."""
    link = CompanyGroup.objects.filter(company=company).select_related("group").first()
    if link:
        return link.group
    group, _ = Group.objects.get_or_create(name=group_name(company))
    CompanyGroup.objects.create(company=company, group=group)
    group.user_set.add(*get_user_model().objects.filter(customer__company=company))
    return group


def restrict_to_groups(restrictions, create, groups):
    """Leave exactly one « groups » restriction in `restrictions`, listing `groups`."""
    kept = None
    for restriction in restrictions:
        if kept is None and restriction.restriction_type == BaseViewRestriction.GROUPS:
            kept = restriction
        else:
            restriction.delete()
    if kept is None:
        kept = create(restriction_type=BaseViewRestriction.GROUPS)
    kept.groups.set(groups)
    return kept


def spaces_collection():
    """The parent collection of every space's documents, open to logged-in users at most."""
    root = Collection.get_first_root_node()
    parent = root.get_children().filter(name=SPACES_COLLECTION).first()
    if parent is None:
        parent = root.add_child(name=SPACES_COLLECTION)
    if not CollectionViewRestriction.objects.filter(collection=parent).exists():
        CollectionViewRestriction.objects.create(
            collection=parent, restriction_type=BaseViewRestriction.LOGIN
        )
    return parent


def space_collection(space):
    """The space's private collection, created on first use and named after the space."""
    link = SpaceCollection.objects.filter(space=space).select_related("collection").first()
    if link is None:
        collection = spaces_collection().add_child(name=space.title)
        SpaceCollection.objects.create(space=space, collection=collection)
        return collection
    if link.collection.name != space.title:
        link.collection.name = space.title
        link.collection.save(update_fields=["name"])
    return link.collection


def adopt_documents(space, collection):
    """Move into the space's collection the documents its blocks show that still wait in
    « Espaces clients » itself: uploaded from the space's editor before its first save
    (`showroom.documents`), they belong to no space there and only the team may download them."""
    for document in documents_of(space.body):
        if is_spaces_collection(document.collection):
            document.collection = collection
            document.save(update_fields=["collection"])


def sync_space_access(space):
    """Make the space and its collection visible to the users of its companies (as saved), and
    gather the documents uploaded before the collection existed."""
    groups = [company_group(c) for c in CustomerCompany.objects.filter(client_spaces=space)]
    restrict_to_groups(
        PageViewRestriction.objects.filter(page=space),
        lambda **fields: PageViewRestriction.objects.create(page=space, **fields),
        groups,
    )
    collection = space_collection(space)
    restrict_to_groups(
        CollectionViewRestriction.objects.filter(collection=collection),
        lambda **fields: CollectionViewRestriction.objects.create(collection=collection, **fields),
        groups,
    )
    adopt_documents(space, collection)
