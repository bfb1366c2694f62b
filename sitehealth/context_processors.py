from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from sitehealth.maintenance import banner_text, site_setting


def maintenance_banner(request):
    """The maintenance banner of base.html; read only by templates that show it."""

    def text():
        setting = site_setting(request)
        return banner_text(setting, timezone.now()) if setting is not None else ""

    return {"maintenance_banner": SimpleLazyObject(text)}
