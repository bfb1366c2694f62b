"""Search-engine settings shared by every page type: wagtail-seo plus our own rules."""

from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtailseo.models import SeoMixin

DEFAULT_ROBOTS_RULES = """User-agent: *
Disallow: /admin/
Disallow: /django-admin/
Disallow: /account/
Disallow: /search/
Disallow: /devis/
Disallow: /compte-pro/
Disallow: /plaquettes/
Disallow: /partage/
Disallow: /espaces-clients/
Disallow: /*?*marque=
Disallow: /*?*dispo=
Disallow: /*?*attr=
Disallow: /*?*promo=
Disallow: /*?*tri=
Disallow: /*?*at=
"""


class SeoPage(SeoMixin):
    """Every public page type: wagtail-seo's fields plus a per-page « noindex »."""

    noindex = models.BooleanField(
        "Ne pas indexer",
        default=False,
        help_text="Demande aux moteurs de recherche de ne pas référencer cette page et la "
        "retire du plan du site (sitemap).",
    )

    promote_panels = SeoMixin.seo_panels + [
        MultiFieldPanel([FieldPanel("noindex")], heading="Indexation"),
    ]

    class Meta:
        abstract = True

    @property
    def seo_noindex(self):
        """True when this page must not be indexed: its own setting or its privacy."""
        if self.noindex:
            return True
        if not hasattr(self, "_seo_private"):
            self._seo_private = self.get_view_restrictions().exists()
        return self._seo_private


@register_setting(icon="site")
class RobotsSettings(BaseSiteSetting):
    rules = models.TextField(
        "Règles robots.txt",
        default=DEFAULT_ROBOTS_RULES,
        help_text="Contenu de /robots.txt. La ligne « Sitemap: » avec l'adresse complète du plan "
        "du site est ajoutée automatiquement à la fin.",
    )

    panels = [FieldPanel("rules")]

    class Meta:
        verbose_name = "robots.txt"
