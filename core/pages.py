"""What every public page type shares: wagtail-seo's fields with our indexing rules
(`SeoPage`), and what an expired page answers: 410 Gone, so that search engines drop the URL,
with a page that sends the visitor on (the current promotions, the latest news) instead of a
dead end.

A site whose name nobody set in *Paramètres → Sites* still signs its titles: the
``site_name`` hook gives another name for a site (storefront/wagtail_hooks.py: the company's).
"""

from django.apps import apps
from django.db import models
from django.http import Http404
from django.template.response import TemplateResponse
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import PageViewRestriction
from wagtail.url_routing import RouteResult
from wagtailseo import settings as wagtailseo_settings
from wagtailseo.models import SeoMixin

from core.preview import request_instant
from core.privacy import StorefrontPageManager, is_private
from core.publication import not_expired_q
from core.site_cache import cached_site

SITE_NAME_HOOK = "site_name"


def title_with_site_name(title, site_name):
    """« Catalogue — Storefront Négoce », or just « Catalogue » when there is no name."""
    if not site_name:
        return title
    return f"{title} {wagtailseo_settings.get('WAGTAILSEO_SEP')} {site_name}"


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
        """The Wagtail site's name, else the one an app gives (the ``site_name`` hook), for
        titles and og:site_name."""
        site = self.get_site()
        if site is None:
            return ""
        if site.site_name:
            return site.site_name
        names = (name_of(site) for name_of in hooks.get_hooks(SITE_NAME_HOOK))
        return next((name for name in names if name), "")

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


class GoneMixin:
    """A page model that may be gone: `gone_response` renders `gone_template` with
    `gone_context(request)`, for the page itself and anything that stands for it (its
    brochure)."""

    gone_template = None

    def gone_context(self, request):
        return {}

    def gone_response(self, request):
        return TemplateResponse(request, self.gone_template, self.gone_context(request), status=410)


class ExpiredChildrenAreGone:
    """An index page whose children, once Wagtail unpublished them at their expiry, are gone
    (their own serve() answers 410), not missing (404).

    `gone_child_model` names the child page model ("app_label.ModelName").
    """

    gone_child_model = None

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            if len(path_components) == 1:
                expired = (
                    apps.get_model(self.gone_child_model)
                    .objects.child_of(self)
                    .filter(slug=path_components[0], expired=True)
                    .exclude(not_expired_q(request_instant(request)))
                    .first()
                )
                if expired:
                    return RouteResult(expired)
            raise
