from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.contrib.redirects.permissions import permission_policy as redirect_policy

from sitehealth import maintenance, not_found
from sitehealth.admin_views import NotFoundRedirectCreateView
from sitehealth.reports import NotFoundReportView


class NotFoundMenuItem(MenuItem):
    def is_shown(self, request):
        # Same rule as the view: those who may create redirects.
        return redirect_policy.user_has_permission(request.user, "add")


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


@hooks.register("scheduler_tasks")
def prune_not_found_log():
    pruned = not_found.prune()
    return [f"Journal des 404 : {pruned} adresse(s) ancienne(s) oubliée(s)"] if pruned else []


@hooks.register("page_cache_boundaries")
def maintenance_boundary(now):
    return maintenance.next_boundary(now)
