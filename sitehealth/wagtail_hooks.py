from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.contrib.redirects.permissions import permission_policy as redirect_policy
from wagtail.permissions import page_permission_policy

from sitehealth import links, maintenance, not_found
from sitehealth.admin_views import NotFoundRedirectCreateView
from sitehealth.reports import BrokenLinksReportView, NotFoundReportView


class NotFoundMenuItem(MenuItem):
    def is_shown(self, request):
        # Same rule as the view: those who may create redirects.
        return redirect_policy.user_has_permission(request.user, "add")


class BrokenLinksMenuItem(MenuItem):
    def is_shown(self, request):
        # Same rule as the view: page editors.
        return page_permission_policy.user_has_permission(request.user, "change")


@hooks.register("register_admin_urls")
def register_site_health_urls():
    return [
        path("reports/404/", NotFoundReportView.as_view(), name="sitehealth_not_found_report"),
        path(
            "reports/404/results/",
            NotFoundReportView.as_view(results_only=True),
            name="sitehealth_not_found_report_results",
        ),
        path(
            "reports/404/<int:pk>/rediriger/",
            NotFoundRedirectCreateView.as_view(),
            name="sitehealth_not_found_redirect",
        ),
        path(
            "reports/liens-casses/",
            BrokenLinksReportView.as_view(),
            name="sitehealth_broken_links_report",
        ),
        path(
            "reports/liens-casses/results/",
            BrokenLinksReportView.as_view(results_only=True),
            name="sitehealth_broken_links_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_not_found_menu_item():
    return NotFoundMenuItem(
        "Pages introuvables (404)",
        reverse("sitehealth_not_found_report"),
        name="not-found-report",
        icon_name="warning",
        order=1500,
    )


@hooks.register("register_reports_menu_item")
def register_broken_links_menu_item():
    return BrokenLinksMenuItem(
        "Liens cassés",
        reverse("sitehealth_broken_links_report"),
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
def maintenance_boundary(now):
    return maintenance.next_boundary(now)
