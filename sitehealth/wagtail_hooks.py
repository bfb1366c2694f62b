from django.urls import path
from django.utils import timezone
from wagtail import hooks

from core.admin_reports import report_menu_item, report_urls
from sitehealth import links, maintenance, not_found
from sitehealth.admin_views import NotFoundRedirectCreateView
from sitehealth.reports import BrokenLinksReportView, NotFoundReportView


@hooks.register("register_admin_urls")
def register_site_health_urls():
    return [
        *report_urls(NotFoundReportView, "reports/404/", "sitehealth_not_found_report"),
        path(
            "reports/404/<int:pk>/rediriger/",
            NotFoundRedirectCreateView.as_view(),
            name="sitehealth_not_found_redirect",
        ),
        *report_urls(
            BrokenLinksReportView, "reports/liens-casses/", "sitehealth_broken_links_report"
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_not_found_menu_item():
    return report_menu_item(
        NotFoundReportView,
        "sitehealth_not_found_report",
        "Pages introuvables (404)",
        name="not-found-report",
        icon_name="warning",
        order=1500,
    )


@hooks.register("register_reports_menu_item")
def register_broken_links_menu_item():
    return report_menu_item(
        BrokenLinksReportView,
        "sitehealth_broken_links_report",
        "Liens cassés",
        name="broken-links-report",
        icon_name="link",
        order=1510,
    )


@hooks.register("scheduler_tasks")
def check_links_when_due():
    if not links.is_due(timezone.now()):
        return []
    pages, checked, broken = links.check_all()
    return [f"Liens : {checked} liens de {pages} pages vérifiés, {broken} cassé(s)"]


@hooks.register("scheduler_tasks")
def prune_not_found_log():
    pruned = not_found.prune()
    return [f"Journal des 404 : {pruned} adresse(s) ancienne(s) oubliée(s)"] if pruned else []


@hooks.register("page_cache_boundaries")
def maintenance_boundary(now, audience):
    return maintenance.next_boundary(now)
