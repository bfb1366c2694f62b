"""Admin screens to import and export the catalogue (Wagtail admin, French)."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.tabular import FORMATS, write_table
from storefront import import_runs
from storefront.exporting import catalogue_rows, price_list_rows
from storefront.forms import CatalogueUploadForm, ImportConfirmationForm, PriceListExportForm
from storefront.importing import COLUMNS, INDEXING, READING, WRITING, ImportReport
from storefront.models import CatalogueIndexPage, ImportRun

# A run still queued after this long says so: the worker may be stopped, or busy with another.
WAITING_NOTICE_AFTER = timedelta(minutes=1)
# Seconds between two reloads of the status page of an unfinished run.
REFRESH_SECONDS = 2
PHASES = {
    READING: "Lecture et vérification du fichier",
    WRITING: "Préparation des changements",
    INDEXING: "Mise à jour de l'index de recherche",
}

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def can_import(user):
    catalogue = CatalogueIndexPage.objects.first()
    if catalogue is None or not user.has_perm("promotions.add_pricelist"):
        return False
    permissions = catalogue.permissions_for_user(user)
    return permissions.can_add_subpage() and permissions.can_publish_subpage()


def can_export(user):
    return user.has_perm("promotions.view_pricelist")


class CatalogueImportView(WagtailAdminTemplateMixin, TemplateView):
    """Upload → simulation report → confirmation; nothing changes before the confirmation.
    Both the simulation and the application run in a task; each has its status page."""

    template_name = "storefront/admin/catalogue_import.html"
    page_title = "Import et export du catalogue"
    header_icon = "table"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def dispatch(self, request, *args, **kwargs):
        if not (can_import(request.user) or can_export(request.user)):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("upload_form", CatalogueUploadForm())
        context.setdefault("export_form", PriceListExportForm())
        context["can_import"] = can_import(self.request.user)
        context["can_export"] = can_export(self.request.user)
        context["columns"] = COLUMNS
        context["formats"] = FORMATS
        return context

    def post(self, request):
        if not can_import(request.user):
            raise PermissionDenied
        if "token" in request.POST:
            return self.confirm(request)
        form = CatalogueUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(upload_form=form))
        run = import_runs.start_simulation(
            form.cleaned_data["file"], form.cleaned_data["price_list_name"], request.user
        )
        return redirect("storefront_catalogue_import_run", run.pk)

    def confirm(self, request):
        form = ImportConfirmationForm(request.POST)
        if not form.is_valid():
            raise Http404("Import expiré ou inconnu")
        simulation = own_run(request, form.cleaned_data["token"], kind=ImportRun.Kind.DRY_RUN)
        if not confirmable(simulation):
            raise Http404("Import expiré ou inconnu")
        application, queued = import_runs.confirm(simulation, form.cleaned_data["price_list_name"])
        if not queued:
            messages.warning(
                request, "Cet import a déjà été confirmé : il n'est appliqué qu'une fois."
            )
        return redirect("storefront_catalogue_import_run", application.pk)


class ImportRunView(CatalogueImportView):
    """Where a run stands; reloads itself until it ends, then shows its report."""

    http_method_names = ["get", "head", "options"]

    def get(self, request, run_id):
        run = own_run(request, run_id)
        response = super().get(request, run=run)
        if not run.finished:
            response["Refresh"] = str(REFRESH_SECONDS)
        return response

    def get_context_data(self, run, **kwargs):
        report = ImportReport.from_json(run.report) if run.report else None
        context = super().get_context_data(run=run, report=report, filename=run.filename)
        if run.status == ImportRun.Status.RUNNING:
            progress = import_runs.read_progress(run)
            if progress:
                progress["label"] = PHASES.get(progress["phase"], "")
            context["progress"] = progress
        waiting = run.status == ImportRun.Status.QUEUED
        context["waiting_for_worker"] = (
            waiting and timezone.now() - run.created_at > WAITING_NOTICE_AFTER
        )
        if confirmable(run):
            context.update(token=run.pk.hex, price_list_name=run.price_list_name)
        if report and report.draft_price_list:
            context["price_list_url"] = AdminURLFinder(self.request.user).get_edit_url(
                report.draft_price_list
            )
        return context


def own_run(request, run_id, **filters):
    """The run, to the user who asked for it only: a simulation lists another editor's
    file, and its confirmation is theirs to give."""
    if not can_import(request.user):
        raise PermissionDenied
    run = get_object_or_404(ImportRun, pk=run_id, **filters)
    if run.user_id != request.user.pk:
        raise PermissionDenied
    return run


def confirmable(run):
    return (
        run.kind == ImportRun.Kind.DRY_RUN
        and run.status == ImportRun.Status.DONE
        and not run.report["errors"]
    )


def _download(rows, file_format, basename):
    if file_format not in FORMATS:
        raise Http404
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(
        write_table(COLUMNS, rows, file_format, title=basename[:31]),
        content_type=CONTENT_TYPES[file_format],
    )
    response["Content-Disposition"] = f'attachment; filename="{basename}-{stamp}.{file_format}"'
    return response


def export_catalogue(request, file_format):
    if not can_export(request.user):
        raise PermissionDenied
    return _download(catalogue_rows(), file_format, "catalogue")


def export_price_list(request):
    if not can_export(request.user):
        raise PermissionDenied
    form = PriceListExportForm(request.GET)
    if not form.is_valid():
        messages.error(request, "Choisissez une liste de prix et un format.")
        return redirect(reverse("storefront_catalogue_import"))
    price_list = form.cleaned_data["price_list"]
    return _download(
        price_list_rows(price_list), form.cleaned_data["format"], f"prix-{price_list.pk}"
    )
