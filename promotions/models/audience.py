"""Audiences and validity windows shared by price lists and offers."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    MultiFieldPanel,
)


class Audience(models.TextChoices):
    PUBLIC = "public", "Tous les visiteurs"
    CUSTOMERS = "customers", "Tous les clients connectés"
    GROUPS = "groups", "Certains groupes tarifaires"


# The most specific audience wins when several lists price the same product.
AUDIENCE_SPECIFICITY = {Audience.PUBLIC: 0, Audience.CUSTOMERS: 1, Audience.GROUPS: 2}


class AudienceWindow(models.Model):
    """Who a price list or an offer is for, and when it applies (Paris time, end excluded)."""

    audience = models.CharField(
        "Public",
        max_length=20,
        choices=Audience.choices,
        default=Audience.PUBLIC,
        help_text="Quand plusieurs tarifs s'appliquent, le plus ciblé l'emporte : groupe "
        "tarifaire, puis clients connectés, puis tous les visiteurs.",
    )
    price_groups = ParentalManyToManyField(
        "storefront.PriceGroup",
        verbose_name="Groupes tarifaires",
        blank=True,
        related_name="+",
        help_text="Seulement pour le public « Certains groupes tarifaires ».",
    )
    valid_from = models.DateTimeField(
        "Début",
        default=timezone.now,
        help_text="Date et heure de Paris. S'applique à cet instant précis, sans attendre "
        "aucune tâche planifiée.",
    )
    valid_to = models.DateTimeField(
        "Fin",
        null=True,
        blank=True,
        help_text="Heure de Paris, exclue : à cet instant précis, c'est terminé.",
    )

    audience_panels = [
        MultiFieldPanel(
            [FieldPanel("audience"), FieldPanel("price_groups")],
            heading="À qui cela s'adresse",
        ),
        FieldRowPanel(
            [FieldPanel("valid_from"), FieldPanel("valid_to")],
            heading="Période d'application (heure de Paris)",
        ),
    ]

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.valid_to and self.valid_from and self.valid_to <= self.valid_from:
            raise ValidationError({"valid_to": "La fin doit être postérieure au début."})

    def audience_label(self):
        if self.audience != Audience.GROUPS:
            return self.get_audience_display()
        return ", ".join(group.name for group in self.price_groups.all()) or "aucun groupe"
