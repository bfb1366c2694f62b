"""Sites and site settings read from the cache: every page shows several, they rarely change."""

from django.http.request import split_domain_port
from wagtail.contrib.settings.models import BaseSiteSetting
from wagtail.models import Site

# Per content generation: settings hold links to pages, which move and unpublish, and saving
# a setting or a site starts a new generation (core.cache_purge).
from core.generation import cached_for_generation


def cached_site(site_id):
    return cached_for_generation(f"site:{site_id}", lambda: Site.objects.get(pk=site_id))


def find_site(request):
    """Wagtail's `Site.find_for_request`, remembered per host and port."""
    if not hasattr(request, "_wagtail_site"):
        hostname = split_domain_port(request._get_raw_host())[0]
        key = f"site-for-host:{hostname}:{request.get_port()}"
        site_id = cached_for_generation(
            key, lambda: getattr(Site._find_for_request(request), "pk", 0)
        )
        # Where Wagtail's Site.find_for_request keeps the site of this request.
        request._wagtail_site = cached_site(site_id) if site_id else None
    return request._wagtail_site


def cached_setting(model, site, load):
    def load_and_prepare():
        instance = load(site)
        prepare = getattr(instance, "prepare_for_cache", None)
        if prepare:
            prepare()
        return instance

    key = f"sitesetting:{model._meta.label_lower}:{site.pk}"
    return cached_for_generation(key, load_and_prepare)


def preload_setting(request, model):
    """Put the cached copy where Wagtail's `for_request` (and `{{ settings }}`) looks first."""
    attr_name = model.get_cache_attr_name()
    if not hasattr(request, attr_name):
        site = Site.find_for_request(request)
        if site is not None:
            setting = cached_setting(model, site, model.for_site)
            setting._request = request
            setattr(request, attr_name, setting)


class CachedSiteSetting(BaseSiteSetting):
    class Meta:
        abstract = True

    @classmethod
    def for_site(cls, site):
        return cached_setting(cls, site, super().for_site)

    def prepare_for_cache(self):
        """Compute here, once per cached copy, what would otherwise cost queries per view."""
