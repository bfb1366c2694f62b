"""Brochure downloads in the admin's Reports menu: a read-only listing with CSV/XLSX export."""

from django.utils import timezone
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permissions import page_permission_policy

from brochures.models import BrochureDownload
from core.report_columns import page_to_edit_column
from core.tabular import NeutralisedExportMixin


class BrochureDownloadsReportView(NeutralisedExportMixin, ReportView):
    page_title = "Plaquettes PDF"
    page_subtitle = "Téléchargements par page"
    header_icon = "doc-full"
    index_url_name = "brochure_downloads_report"
    index_results_url_name = "brochure_downloads_report_results"
    # Page editors follow how their pages' brochures are used.
    permission_policy = page_permission_policy
    permission_required = "change"
    model = BrochureDownload
    default_ordering = "-count"
    columns = [
        page_to_edit_column(),
        Column("page_type", label="Type"),
        Column("count", label="Téléchargements", sort_key="count"),
        DateColumn(
            "last_downloaded_at", label="Dernier téléchargement", sort_key="last_downloaded_at"
        ),
    ]
    list_export = ["page.title", "page_type", "count", "last_downloaded_at", "page_id"]
    export_headings = {
        "page.title": "Page",
        "page_type": "Type",
        "count": "Téléchargements",
        "last_downloaded_at": "Dernier téléchargement",
        "page_id": "Identifiant de la page",
    }

    def get_filename(self):
        return f"plaquettes-telechargements-{timezone.localdate():%Y-%m-%d}"

    def get_base_queryset(self):
        return BrochureDownload.objects.select_related("page")
