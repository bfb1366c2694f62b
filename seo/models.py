"""Search-engine settings shared by every page type: wagtail-seo plus our own rules."""

from django.apps import apps
from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import PageViewRestriction
from wagtailseo import settings as wagtailseo_settings
from wagtailseo.models import SeoMixin, SeoSettings

from core.privacy import StorefrontPageManager, is_private
from core.site_cache import cached_site

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


def title_with_site_name(title, site_name):
    """« Catalogue — Storefront Négoce », or just « Catalogue » when there is no name."""
    if not site_name:
        return title
    return f"{title} {wagtailseo_settings.get('WAGTAILSEO_SEP')} {site_name}"


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


class SeoPage(SeoMixin):
    """Every public page type: wagtail-seo's fields plus a per-page « noindex »."""

    noindex = models.BooleanField(
        "Ne pas indexer",
        default=False,
        help_text="Demande aux moteurs de recherche de ne pas référencer cette page et la "
        "retire du plan du site (sitemap).",
    )

    objects = StorefrontPageManager()

    promote_panels = SeoMixin.seo_panels + [
        MultiFieldPanel([FieldPanel("noindex")], heading="Indexation"),
    ]

    class Meta:
        abstract = True

    def get_site(self):
        # wagtail-seo asks for the site for the title, the site name and the OpenGraph tags.
        if not hasattr(self, "_site"):
            url_parts = self.get_url_parts()  # from Wagtail's cached site root paths
            self._site = cached_site(url_parts[0]) if url_parts else None
        return self._site

    def get_view_restrictions(self):
        """The restrictions on this page and its ancestors, read once per page object.

        Wagtail's privacy check and our `noindex` both ask. One query on the ancestors' paths;
        an alias (and so any page under an alias) keeps Wagtail's lookup through its source.
        """
        if not hasattr(self, "_view_restrictions"):
            if self.alias_of_id:
                restrictions = super().get_view_restrictions()
            else:
                paths = [
                    self.path[:length]
                    for length in range(self.steplen, len(self.path) + 1, self.steplen)
                ]
                restrictions = PageViewRestriction.objects.filter(page__path__in=paths)
            list(restrictions)  # evaluate once; later iterations and exists() reuse the rows
            self._view_restrictions = restrictions
        return self._view_restrictions

    @property
    def seo_sitename(self):
        """The Wagtail site's name, else the company's: a site whose name nobody set in
        *Paramètres → Sites* still signs its titles and og:site_name."""
        site = self.get_site()
        if site is None:
            return ""
        if site.site_name:
            return site.site_name
        return apps.get_model("storefront", "CompanySettings").for_site(site).name

    @property
    def seo_pagetitle(self):
        """wagtail-seo's title (the page's own SEO title, else « title — site name ») without a
        dangling separator when there is no name to put after it."""
        for attr in self.seo_pagetitle_sources:
            text = getattr(self, attr, "")
            if text:
                return text
        return title_with_site_name(self.title, self.seo_sitename)

    @property
    def seo_noindex(self):
        """True when this page must not be indexed: its own setting or its privacy."""
        return self.noindex or is_private(self)


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
