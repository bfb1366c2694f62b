from django.conf import settings
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from core import report_exports
from core.health import healthz
from core.password_reset import AdminPasswordResetConfirmView, AdminPasswordResetView
from core.serving import serve
from storefront.search import search_view

urlpatterns = [
    # Wagtail's own password reset routes, answered by views that add a rate limit and lift
    # a login lockout (core/password_reset.py); its URL names still reverse to them.
    path("admin/password_reset/", AdminPasswordResetView.as_view()),
    path(
        "admin/password_reset/confirm/<uidb64>/<token>/",
        AdminPasswordResetConfirmView.as_view(),
    ),
    # Wagtail's own reports, whose exports neutralise formulas (core/report_exports.py).
    *report_exports.urlpatterns,
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", healthz, name="healthz"),
    path("search/", search_view, name="search"),
    path("account/", include("storefront.account_urls")),
    path("", include("enquiries.urls")),
    path("plaquettes/", include("brochures.urls")),
    path("partage/", include("showroom.urls")),
    path("", include("seo.urls")),
    path("feeds/", include("seo.feed_urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail's own pattern and name, so that page URLs reverse the same; see core.serving.
    re_path(wagtail_urls.serve_pattern, serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
]
