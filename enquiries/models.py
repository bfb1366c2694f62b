"""What visitors ask the sales team for: quotes and professional accounts.

Nothing here is HTML: the public forms strip tags before saving, and templates escape.
No IP address is stored; rate limiting keeps a salted hash in the cache for a few minutes.
"""

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, Panel

from storefront.validators import validate_siret, validate_vat_number


class QuoteLinesPanel(Panel):
    """The requested lines, read-only: they are what the buyer asked for."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "enquiries/admin/quote_lines_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["lines"] = (
                self.instance.lines.select_related("product") if self.instance.pk else []
            )
            return context


class QuoteRequest(models.Model):
    class Status(models.TextChoices):
        NEW = "new", "Nouvelle"
        IN_PROGRESS = "in_progress", "En cours"
        ANSWERED = "answered", "Répondue"

    # NULL until the primary key is known (see save()): unique, so two requests saved at the
    # same time cannot both hold an empty string.
    reference = models.CharField(  # noqa: DJ001
        "Référence",
        max_length=20,
        unique=True,
        null=True,
        editable=False,
        help_text="Communiquée au demandeur ; à rappeler dans la réponse.",
    )
    status = models.CharField(
        "Statut", max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    created_at = models.DateTimeField("Reçue le", default=timezone.now, db_index=True)
    company = models.CharField("Société", max_length=150)
    contact_name = models.CharField("Contact", max_length=150)
    email = models.EmailField("E-mail")
    phone = models.CharField("Téléphone", max_length=30, blank=True)
    message = models.TextField("Message", blank=True)
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Compte client",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="quote_requests",
        help_text="Renseigné quand le demandeur était connecté.",
    )
    origin_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Page d'origine",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Produit, catégorie ou espace client depuis lequel la demande a été faite.",
    )
    staff_notes = models.TextField(
        "Notes internes",
        blank=True,
        help_text="Visibles seulement dans l'administration : suivi, devis envoyé, relances…",
    )

    panels = [
        FieldRowPanel([FieldPanel("status"), FieldPanel("created_at", read_only=True)]),
        FieldPanel("staff_notes"),
        MultiFieldPanel(
            [
                FieldPanel("company", read_only=True),
                FieldPanel("contact_name", read_only=True),
                FieldPanel("email", read_only=True),
                FieldPanel("phone", read_only=True),
                FieldPanel("customer", read_only=True),
                FieldPanel("origin_page", read_only=True),
                FieldPanel("message", read_only=True),
            ],
            heading="Demandeur",
        ),
        QuoteLinesPanel(heading="Lignes demandées"),
    ]

    class Meta:
        # Created by storefront (its migration 0005); moved here without renaming the table.
        db_table = "storefront_quoterequest"
        verbose_name = "Demande de devis"
        verbose_name_plural = "Demandes de devis"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.reference} – {self.company}"

    def save(self, *args, **kwargs):
        # The reference derives from the primary key, known only after the first insert.
        with transaction.atomic():
            super().save(*args, **kwargs)
            if not self.reference:
                self.reference = f"DV-{timezone.localtime(self.created_at):%Y}-{self.pk:05d}"
                super().save(update_fields=["reference"])

    def line_count(self):
        # Annotated in the admin listing (`lines__count`) so the listing stays one query.
        count = getattr(self, "lines__count", None)
        return self.lines.count() if count is None else count

    line_count.short_description = "Lignes"
    line_count.admin_order_field = "lines__count"

    def lines_summary(self):
        return " ; ".join(f"{line.sku} × {line.quantity}" for line in self.lines.all())

    lines_summary.short_description = "Détail des lignes"


class QuoteRequestLine(models.Model):
    """One requested reference; SKU, title and unit are copied so the request outlives edits."""

    request = models.ForeignKey(
        QuoteRequest, verbose_name="Demande", on_delete=models.CASCADE, related_name="lines"
    )
    product = models.ForeignKey(
        "storefront.ProductPage",
        verbose_name="Produit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    sku = models.CharField("Référence", max_length=40)
    title = models.CharField("Désignation", max_length=255)
    quantity = models.PositiveIntegerField("Quantité")
    unit = models.CharField("Unité", max_length=40, blank=True)

    class Meta:
        db_table = "storefront_quoterequestline"
        verbose_name = "Ligne de demande de devis"
        verbose_name_plural = "Lignes de demande de devis"
        ordering = ["pk"]

    def __str__(self):
        return f"{self.sku} × {self.quantity}"


class AccountRequest(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", "En attente"
        APPROVED = "approved", "Approuvée"
        REJECTED = "rejected", "Refusée"

    status = models.CharField(
        "Statut", max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    created_at = models.DateTimeField("Reçue le", default=timezone.now, db_index=True)
    company_name = models.CharField("Raison sociale", max_length=150)
    siret = models.CharField(
        "SIRET", max_length=14, validators=[validate_siret], help_text="14 chiffres, sans espace."
    )
    vat_number = models.CharField(
        "N° de TVA intracommunautaire",
        max_length=20,
        blank=True,
        validators=[validate_vat_number],
    )
    address = models.TextField("Adresse", help_text="Adresse de facturation.")
    contact_name = models.CharField("Contact", max_length=150)
    email = models.EmailField(
        "E-mail", help_text="Devient l'identifiant du compte client à l'approbation."
    )
    phone = models.CharField("Téléphone", max_length=30)
    message = models.TextField("Message", blank=True)
    origin_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name="Page d'origine",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Page depuis laquelle le visiteur a ouvert le formulaire.",
    )
    created_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Compte créé",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_company = models.ForeignKey(
        "storefront.CustomerCompany",
        verbose_name="Société créée",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("Décision le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="Décision par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("company_name"),
                FieldRowPanel([FieldPanel("siret"), FieldPanel("vat_number")]),
                FieldPanel("address"),
            ],
            heading="Société",
            help_text="Corrigez une faute de frappe avant d'approuver : le compte reprend ces "
            "informations.",
        ),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("email"), FieldPanel("phone")],
            heading="Contact",
        ),
        FieldPanel("message", read_only=True),
        FieldPanel("origin_page", read_only=True),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("status", read_only=True), FieldPanel("created_at", read_only=True)]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("decided_at", read_only=True),
                        FieldPanel("decided_by", read_only=True),
                    ]
                ),
                FieldRowPanel(
                    [
                        FieldPanel("created_company", read_only=True),
                        FieldPanel("created_user", read_only=True),
                    ]
                ),
            ],
            heading="Suivi",
        ),
    ]

    class Meta:
        db_table = "storefront_accountrequest"
        verbose_name = "Demande de compte professionnel"
        verbose_name_plural = "Demandes de compte professionnel"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.company_name} ({self.contact_name})"

    @property
    def is_pending(self):
        return self.status == self.Status.PENDING
