"""Search-engine settings shared by every page type: wagtail-seo plus our own rules."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtailseo.models import SeoSettings

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


def label_organisation_blocks():
    """Give the fields of wagtail-seo's opening-hours and action blocks their own labels.

    wagtail-seo names them with ``verbose_name``, which Wagtail's blocks do not read: the
    settings screen showed their field names in English (« Start time », « Extra json »).
    Wagtail reads ``label``; locale/fr translates the names wagtail-seo gave.
    """
    for name in ("struct_org_hours", "struct_org_actions"):
        for block in SeoSettings._meta.get_field(name).stream_block.child_blocks.values():
            for child in block.child_blocks.values():
                child.label = child.meta.verbose_name


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
