from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import page_permission_policy

from seo import views
from seo.reports import SeoReportView


class SeoReportMenuItem(MenuItem):
    def is_shown(self, request):
        # Same rule as the view: the report lists pages to edit, so page editors only.
        return page_permission_policy.user_has_permission(request.user, "change")


@hooks.register("register_admin_urls")
def register_seo_report_urls():
    return [
        path("reports/seo/", SeoReportView.as_view(), name="seo_report"),
        path(
            "reports/seo/results/",
            SeoReportView.as_view(results_only=True),
            name="seo_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_seo_report_menu_item():
    return SeoReportMenuItem(
        "Référencement (SEO)",
        reverse("seo_report"),
        name="seo-report",
        icon_name="search",
        order=1300,
    )


@hooks.register("page_cache_query_parameters")
def sitemap_query_parameters():
    return views.QUERY_PARAMETERS
