from django.db import models
from wagtail.contrib.redirects.models import Redirect


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

