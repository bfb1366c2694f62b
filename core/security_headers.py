"""Content-Security-Policy by area: the strict public policy, or the Wagtail admin's own.

The policies themselves are settings (config/settings/base.py): CONTENT_SECURITY_POLICY for
the public site, STOREFRONT_ADMIN_CONTENT_SECURITY_POLICY for every URL under the admin.
"""

from csp.middleware import CSPMiddleware
from csp.utils import default_config
from django.conf import settings
from django.urls import reverse


def is_admin_path(path):
    return path.startswith(reverse("wagtailadmin_home"))


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policy under the admin's URL prefix.

    A view's own policy (django-csp's @csp decorator) still wins, as it does in django-csp.
    """

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only=report_only)
        if not report_only and parts.config is None and is_admin_path(request.path_info):
            parts.config = default_config(
                settings.STOREFRONT_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]
            )
        return parts
