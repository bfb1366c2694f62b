from wagtail import hooks

from core.admin_reports import report_menu_item, report_urls
from seo import views
from seo.reports import SeoReportView


@hooks.register("register_admin_urls")
def register_seo_report_urls():
    return report_urls(SeoReportView, "reports/seo/", "seo_report")


@hooks.register("register_reports_menu_item")
def register_seo_report_menu_item():
    return report_menu_item(
        SeoReportView,
        "seo_report",
        "Référencement (SEO)",
        name="seo-report",
        icon_name="search",
        order=1300,
    )


@hooks.register("page_cache_query_parameters")
def sitemap_query_parameters():
    return views.QUERY_PARAMETERS
