"""Rapports → « Tableau de bord »: the site's figures for a period, with CSV/XLSX export."""

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.functional import cached_property
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView

from analytics import dashboard
from analytics.charts import bar_chart
from core.tabular import NeutralisedExportMixin

PERMISSION = "analytics.view_dashboard"
PERIOD_PARAMETER = "periode"


def can_view(user):
    return user.has_perm(PERMISSION)


class DashboardView(NeutralisedExportMixin, ReportView):
    page_title = "Tableau de bord"
    header_icon = "table"
    template_name = "analytics/dashboard.html"
    index_url_name = "analytics_dashboard"
    paginate_by = None
    columns = [
        Column("section", label="Rubrique"),
        Column("label", label="Libellé"),
        Column("value", label="Période"),
        Column("previous", label="Période précédente"),
    ]
    list_export = ["section", "label", "value", "previous", "quotes", "rate"]
    export_headings = {
        "section": "Rubrique",
        "label": "Libellé",
        "value": "Période",
        "previous": "Période précédente",
        "quotes": "Demandes de devis",
        "rate": "Demandes pour 100 vues",
    }

    def dispatch(self, request, *args, **kwargs):
        if not can_view(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def period(self):
        try:
            days = int(self.request.GET.get(PERIOD_PARAMETER, dashboard.DEFAULT_PERIOD))
        except ValueError:
            days = dashboard.DEFAULT_PERIOD
        return dashboard.period(days if days in dashboard.PERIODS else dashboard.DEFAULT_PERIOD)

    @cached_property
    def figures(self):
        return dashboard.dashboard(self.period)

    def get_page_subtitle(self):
        return f"{self.period.days} derniers jours"

    def get_filename(self):
        return f"tableau-de-bord-{self.period.days}-jours-{timezone.localdate():%Y-%m-%d}"

    def get_filtered_queryset(self):
        return dashboard.export_rows(self.figures)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        span = self.period
        context.update(
            self.figures,
            period=span,
            periods=[
                {"days": days, "current": days == span.days, "query": f"?{PERIOD_PARAMETER}={days}"}
                for days in dashboard.PERIODS
            ],
            views_chart=bar_chart(self.figures["daily_views"], "pages vues"),
            can_promote=self.request.user.has_perm(
                "wagtailsearchpromotions.change_searchpromotion"
            ),
        )
        return context
