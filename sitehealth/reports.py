"""Site health reports in the admin's Reports menu."""

from django.urls import reverse
from django.utils import timezone
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.views.reports import ReportView
from wagtail.contrib.redirects.permissions import permission_policy as redirect_policy
from wagtail.permissions import page_permission_policy

from core.report_columns import page_to_edit_column
from core.tabular import NeutralisedExportMixin
from sitehealth.links import last_check
from sitehealth.models import BrokenLink, NotFoundPath


class ActionColumn(Column):
    """A button per row, to act on it (its URL from `get_url(row)`)."""

    cell_template_name = "sitehealth/action_cell.html"

    def __init__(self, name, action_label, get_url, **kwargs):
        super().__init__(name, **kwargs)
        self.action_label = action_label
        self.get_url = get_url

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["link_url"] = self.get_url(instance)
        return context


class NotFoundReportView(NeutralisedExportMixin, ReportView):
    page_title = "Pages introuvables (404)"
    page_subtitle = "Les plus demandées d'abord"
    header_icon = "warning"
    results_template_name = "sitehealth/not_found_results.html"
    index_url_name = "sitehealth_not_found_report"
    index_results_url_name = "sitehealth_not_found_report_results"
    # Its one action creates redirects: those who may create them.
    permission_policy = redirect_policy
    permission_required = "add"
    model = NotFoundPath
    default_ordering = "-hits"
    columns = [
        Column("path", label="Adresse demandée", sort_key="path"),
        Column("hits", label="Demandes", sort_key="hits"),
        DateColumn("last_seen", label="Dernière demande", sort_key="last_seen"),
        Column("referrer_host", label="Site d'origine"),
        ActionColumn(
            "redirect",
            label="Action",
            action_label="Créer une redirection",
            get_url=lambda row: reverse("sitehealth_not_found_redirect", args=[row.pk]),
        ),
    ]
    list_export = ["path", "hits", "first_seen", "last_seen", "referrer_host"]
    export_headings = {
        "path": "Adresse demandée",
        "hits": "Demandes",
        "first_seen": "Première demande",
        "last_seen": "Dernière demande",
        "referrer_host": "Site d'origine",
    }

    def get_filename(self):
        return f"pages-introuvables-{timezone.localdate():%Y-%m-%d}"

    def get_base_queryset(self):
        return NotFoundPath.objects.filter(redirect__isnull=True)


class BrokenLinksReportView(NeutralisedExportMixin, ReportView):
    page_title = "Liens cassés"
    header_icon = "link"
    results_template_name = "sitehealth/broken_links_results.html"
    index_url_name = "sitehealth_broken_links_report"
    index_results_url_name = "sitehealth_broken_links_report_results"
    # A to-do list of pages to correct: page editors, for the pages they may edit.
    permission_policy = page_permission_policy
    permission_required = "change"
    model = BrokenLink
    default_ordering = "page__title"
    columns = [
        page_to_edit_column(),
        Column("place", label="Emplacement"),
        Column("link", label="Lien", sort_key="link"),
        Column("problem", label="Problème", sort_key="problem"),
    ]
    list_export = ["page.title", "place", "link", "problem", "page_id"]
    export_headings = {
        "page.title": "Page",
        "place": "Emplacement",
        "link": "Lien",
        "problem": "Problème",
        "page_id": "Identifiant de la page",
    }

    def get_page_subtitle(self):
        last = last_check()
        if last is None:
            return "Pas encore vérifiés"
        when = timezone.localtime(last.finished_at)
        return f"Vérifiés le {when:%d/%m/%Y à %H:%M} : {last.links} liens de {last.pages} pages"

    def get_filename(self):
        return f"liens-casses-{timezone.localdate():%Y-%m-%d}"

    def get_base_queryset(self):
        editable = page_permission_policy.instances_user_has_permission_for(
            self.request.user, "change"
        )
        return BrokenLink.objects.filter(page__in=editable).select_related("page")
