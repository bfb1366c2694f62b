from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import page_permission_policy

from brochures.reports import BrochureDownloadsReportView


class BrochureDownloadsMenuItem(MenuItem):
    def is_shown(self, request):
        # Same rule as the view: page editors.
        return page_permission_policy.user_has_permission(request.user, "change")


@hooks.register("register_admin_urls")
def register_brochure_report_urls():
    return [
        path(
            "reports/plaquettes/",
            BrochureDownloadsReportView.as_view(),
            name="brochure_downloads_report",
        ),
        path(
            "reports/plaquettes/results/",
            BrochureDownloadsReportView.as_view(results_only=True),
            name="brochure_downloads_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_brochure_report_menu_item():
    return BrochureDownloadsMenuItem(
        "Plaquettes PDF",
        reverse("brochure_downloads_report"),
        name="brochure-downloads",
        icon_name="doc-full",
        order=1400,
    )
