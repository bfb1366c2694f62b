from wagtail import hooks

from brochures.reports import BrochureDownloadsReportView
from core.admin_reports import report_menu_item, report_urls


@hooks.register("register_admin_urls")
def register_brochure_report_urls():
    return report_urls(
        BrochureDownloadsReportView, "reports/plaquettes/", "brochure_downloads_report"
    )


@hooks.register("register_reports_menu_item")
def register_brochure_report_menu_item():
    return report_menu_item(
        BrochureDownloadsReportView,
        "brochure_downloads_report",
        "Plaquettes PDF",
        name="brochure-downloads",
        icon_name="doc-full",
        order=1400,
    )
