from wagtail import hooks

from brochures.content import IMAGE_SPEC
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


@hooks.register("product_image_specs")
def product_brochure_image_specs():
    return (IMAGE_SPEC,)
