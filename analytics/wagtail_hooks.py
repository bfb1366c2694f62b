from django.contrib.auth.models import Permission
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from analytics import dashboard
from analytics.flush import flush
from analytics.views import PERIOD_PARAMETER, DashboardView, can_view


@hooks.register("before_serve_page")
def mark_page_view(page, request, serve_args, serve_kwargs):
    # Read by analytics.middleware.PageMarkMiddleware once the page is answered.
    request.analytics_page_id = page.pk


@hooks.register("scheduler_tasks")
def flush_counters():
    written = flush()
    return [f"Statistiques : {written} évènement(s) écrit(s)"] if written else []


@hooks.register("register_admin_urls")
def register_dashboard_urls():
    return [path("reports/tableau-de-bord/", DashboardView.as_view(), name="analytics_dashboard")]


class DashboardMenuItem(MenuItem):
    def is_shown(self, request):
        return can_view(request.user)


@hooks.register("register_reports_menu_item")
def register_dashboard_menu_item():
    return DashboardMenuItem(
        "Tableau de bord",
        reverse("analytics_dashboard"),
        name="analytics-dashboard",
        icon_name="table",
        order=50,
    )


@hooks.register("register_permissions")
def register_dashboard_permission():
    # Offered in the groups' settings (« Autres permissions »).
    return Permission.objects.filter(content_type__app_label="analytics", codename="view_dashboard")


class DashboardPanel(Component):
    name = "analytics_dashboard"
    template_name = "analytics/home_panel.html"
    order = 90

    def get_context_data(self, parent_context):
        return {
            "figures": dashboard.headlines(dashboard.period(7)),
            "dashboard_url": f"{reverse('analytics_dashboard')}?{PERIOD_PARAMETER}=7",
        }


@hooks.register("construct_homepage_panels")
def add_dashboard_panel(request, panels):
    if can_view(request.user):
        panels.append(DashboardPanel())
