from wagtailseo.models import SeoSettings

from core.site_cache import preload_setting


def cached_seo_settings(request):
    """wagtail-seo's settings from the cache, for its templates and our structured data."""
    preload_setting(request, SeoSettings)
    return {}
