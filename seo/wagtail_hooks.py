from wagtail import hooks

from core.admin_reports import report_menu_item, report_urls
from seo import views
from seo.feeds import IMAGE_SPEC as FEED_SPEC
from seo.reports import SeoReportView
from seo.share import SHARE_IMAGE_SPEC
from seo.structured_data import PRODUCT_IMAGE_SPEC


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


@hooks.register("product_image_specs")
def product_seo_image_specs():
    # Structured data and sitemaps, the Merchant feed, share previews.
    return (PRODUCT_IMAGE_SPEC, FEED_SPEC, SHARE_IMAGE_SPEC)
