"""B2B customers: companies, their price groups and the users who buy for them."""

from django.conf import settings
from django.db import models
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel
from wagtail.search import index


class PriceGroup(index.Indexed, models.Model):
    """A set of customers who share negotiated prices (e.g. « Restauration collective »)."""

    name = models.CharField("Nom", max_length=100, unique=True)
    code = models.SlugField(
        "Code", max_length=40, unique=True, help_text="Code court utilisé dans les imports."
    )
    description = models.TextField("Description", blank=True)

    panels = [FieldPanel("name"), FieldPanel("code"), FieldPanel("description")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        verbose_name = "Groupe tarifaire"
        verbose_name_plural = "Groupes tarifaires"
        ordering = ["name"]

    def __str__(self):
        return self.name


class CustomerCompany(index.Indexed, ClusterableModel):
    """A client company; its users see the prices of its price group once logged in."""

    name = models.CharField("Raison sociale", max_length=150)
    customer_number = models.CharField(
        "Numéro de compte client", max_length=30, unique=True, help_text="Numéro dans l'ERP."
    )
    siret = models.CharField("SIRET", max_length=14, blank=True)
    price_group = models.ForeignKey(
        PriceGroup,
        verbose_name="Groupe tarifaire",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="companies",
        help_text="Sans groupe, la société voit les prix communs à tous les clients connectés.",
    )

    # The form's panels are in storefront/wagtail_hooks.py: the users' lines need the admin's
    # account chooser (storefront/member_admin.py).
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("customer_number"),
    ]

    class Meta:
        verbose_name = "Société cliente"
        verbose_name_plural = "Sociétés clientes"
        ordering = ["name"]

    def __str__(self):
        return self.name


class CustomerMember(models.Model):
    company = ParentalKey(CustomerCompany, on_delete=models.CASCADE, related_name="members")
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="Utilisateur",
        on_delete=models.CASCADE,
        related_name="customer",
    )

    class Meta:
        verbose_name = "Utilisateur de la société"
        verbose_name_plural = "Utilisateurs de la société"

    def __str__(self):
        return str(self.user)
