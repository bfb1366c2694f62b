from django.core.exceptions import ValidationError
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.models import register_setting

from core.site_cache import CachedSiteSetting


class NotFoundPath(models.Model):
    """An address visitors asked for and the site did not have, counted (sitehealth/not_found.py).

    Nothing about the visitor is kept: no IP address, no query string (it may hold an e-mail
    or a name), only the host of the page that linked here.
    """

    path = models.CharField("Adresse demandée", max_length=255, unique=True)
    hits = models.PositiveIntegerField("Nombre de demandes", default=1)
    first_seen = models.DateTimeField("Première demande")
    last_seen = models.DateTimeField("Dernière demande", db_index=True)
    referrer_host = models.CharField(
        "Site d'origine",
        max_length=255,
        blank=True,
        help_text="Le site du dernier lien suivi vers cette adresse, sans le reste de l'URL.",
    )
    # Set when an editor redirects the address from the report: the row leaves the report,
    # and comes back if the redirect is deleted.
    redirect = models.ForeignKey(
        Redirect,
        verbose_name="Redirection",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "Page introuvable (404)"
        verbose_name_plural = "Pages introuvables (404)"

    def __str__(self):
        return self.path


class MaintenanceMode(models.TextChoices):
    OPEN = "open", "Site ouvert pendant la maintenance (bandeau seulement)"
    WINDOW = "window", "Site fermé au public du début à la fin de la maintenance"
    CLOSED = "closed", "Site fermé au public dès maintenant, jusqu'à réouverture"


@register_setting(icon="warning")
class MaintenanceSettings(CachedSiteSetting):
    """A maintenance announced by a banner on every public page, and the site closed to the
    public (503) during it if chosen; the team keeps working (sitehealth/maintenance.py)."""

    starts_at = models.DateTimeField(
        "Début de la maintenance",
        null=True,
        blank=True,
        help_text="Heure de Paris. Le bandeau et la fermeture éventuelle s'en servent.",
    )
    ends_at = models.DateTimeField(
        "Fin de la maintenance",
        null=True,
        blank=True,
        help_text="Heure de Paris. Le bandeau disparaît et le site rouvre à cet instant.",
    )
    banner_from = models.DateTimeField(
        "Afficher le bandeau à partir du",
        null=True,
        blank=True,
        help_text="Le bandeau « Maintenance prévue le … de … à … » apparaît sur toutes les "
        "pages publiques de cet instant jusqu'à la fin de la maintenance. Vide : pas de bandeau.",
    )
    banner_message = models.CharField(
        "Précisions du bandeau",
        max_length=200,
        blank=True,
        help_text="Facultatif, ajouté après la date : par exemple « Les commandes EDI restent "
        "possibles. »",
    )
    mode = models.CharField(
        "Fermeture du site",
        max_length=10,
        choices=MaintenanceMode.choices,
        default=MaintenanceMode.OPEN,
        help_text="Site fermé : le public reçoit une page « Site en maintenance » (code 503, "
        "que les moteurs de recherche comprennent comme temporaire) ; l'équipe connectée à "
        "l'administration continue de voir et de modifier le site.",
    )
    closed_message = models.TextField(
        "Message de la page de maintenance",
        blank=True,
        help_text="Facultatif. Par défaut : « Le site est en cours de maintenance. Merci de "
        "revenir un peu plus tard. »",
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("starts_at"), FieldPanel("ends_at")], heading="Fenêtre de maintenance"
        ),
        MultiFieldPanel(
            [FieldPanel("banner_from"), FieldPanel("banner_message")], heading="Bandeau"
        ),
        MultiFieldPanel([FieldPanel("mode"), FieldPanel("closed_message")], heading="Fermeture"),
    ]

    class Meta:
        verbose_name = "Maintenance"

    def clean(self):
        super().clean()
        errors = {}
        if (self.starts_at is None) != (self.ends_at is None):
            errors["ends_at"] = (
                "Indiquez le début et la fin de la maintenance, ou ni l'un ni l'autre."
            )
        elif self.starts_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "La fin de la maintenance doit suivre son début."
        if self.banner_from and not self.starts_at:
            errors["banner_from"] = "Le bandeau annonce une maintenance : indiquez sa fenêtre."
        elif self.banner_from and self.starts_at and self.banner_from > self.starts_at:
            errors["banner_from"] = "Le bandeau doit apparaître avant le début de la maintenance."
        if self.mode == MaintenanceMode.WINDOW and not self.starts_at:
            errors["mode"] = "Pour fermer le site pendant la maintenance, indiquez sa fenêtre."
        if errors:
            raise ValidationError(errors)


class BrokenLink(models.Model):
    """A link of a live page that leads nowhere, found by the last check (sitehealth/links.py)."""

    page = models.ForeignKey(
        "wagtailcore.Page", verbose_name="Page", on_delete=models.CASCADE, related_name="+"
    )
    place = models.CharField("Emplacement", max_length=255)
    link = models.CharField("Lien", max_length=500)
    problem = models.CharField("Problème", max_length=255)

    class Meta:
        verbose_name = "Lien cassé"
        verbose_name_plural = "Liens cassés"

    def __str__(self):
        return f"{self.link} ({self.problem})"


class LinkCheck(models.Model):
    """When the links were last checked, and how many: one row (`ROW`)."""

    ROW = 1

    finished_at = models.DateTimeField("Dernière vérification")
    pages = models.PositiveIntegerField("Pages vérifiées", default=0)
    links = models.PositiveIntegerField("Liens vérifiés", default=0)

    class Meta:
        verbose_name = "Vérification des liens"

    def __str__(self):
        return f"{self.pages} pages, {self.links} liens, le {self.finished_at:%d/%m/%Y %H:%M}"
