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


class PriceDisplay(models.TextChoices):
    """Who sees prices on the site (the shop settings choose)."""

    PUBLIC = "public", "Prix visibles par tous"
    CUSTOMERS = "customers", "Prix réservés aux clients connectés"
    NONE = "none", "Aucun prix affiché (sur devis)"


class Audience(models.TextChoices):
    PUBLIC = "public", "Tous les visiteurs"
    CUSTOMERS = "customers", "Tous les clients connectés"
    GROUPS = "groups", "Certains groupes tarifaires"


def window(record):
    """``(start, end)`` of a price list or offer: its own window within Wagtail's dates."""
    start = record.valid_from
    if not record.live and record.go_live_at and record.go_live_at > start:
        start = record.go_live_at
    ends = [end for end in (record.valid_to, record.expire_at) if end]
    return start, min(ends) if ends else None


def in_force_at(record, at):
    """Whether a price list or offer applies at `at` (start included, end excluded), and the
    next instant after `at` when that changes: its start if it has not begun, its end if it
    runs, None if it has ended or runs for good."""
    start, end = window(record)
    if end is not None and end <= at:
        return False, None
    if start > at:
        return False, start
    return True, end


ENDED = "Terminée"


def paris(moment):
    return timezone.localtime(moment).strftime("%d/%m/%Y à %H:%M")


def publication_status(record, now):
    """What a price list or offer is at `now`, for editors: Brouillon, Programmée le …,
    En cours or Terminée.

    The same window as the pricing function's (`window`): a record applies from its start
    to its end once it is live, or once Wagtail has it scheduled.
    """
    start, end = window(record)
    published = record.live or record.approved_schedule
    if end is not None and end <= now and (published or record.expired):
        return ENDED
    if not published:
        return "Brouillon"
    if start > now:
        return f"Programmée le {paris(start)}"
    return "En cours"


def window_label(record):
    """« du 01/12/2026 à 08:00 au 31/12/2026 à 00:00 », Paris time, for editors."""
    start, end = window(record)
    if end is None:
        return f"à partir du {paris(start)}, sans fin"
    return f"du {paris(start)} au {paris(end)}"


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
