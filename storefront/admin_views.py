"""Admin screens to import and export the catalogue (Wagtail admin, French)."""

import uuid

from django.core.exceptions import PermissionDenied
from django.core.files.storage import storages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import TemplateView
from wagtail.admin import messages
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from core.tabular import FORMATS, TabularError, write_table
from storefront.exporting import catalogue_rows, price_list_rows
from storefront.forms import CatalogueUploadForm, PriceListExportForm
from storefront.importing import COLUMNS, CatalogueImport
from storefront.models import CatalogueIndexPage

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
    """Upload → simulation report → confirmation; nothing changes before the confirmation."""

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
        upload = form.cleaned_data["file"]
        price_list_name = form.cleaned_data["price_list_name"]
        # Read as a stream, never whole in memory (Django keeps a large upload on disk).
        report = self._run(upload, upload.name, price_list_name, dry_run=True)
        context = {"upload_form": form, "report": report, "filename": upload.name}
        if report and report.ok:
            # Kept aside (never in public media) until the editor confirms.
            token = uuid.uuid4().hex
            storages["imports"].save(f"{token}/{upload.name}", upload)
            context.update(token=token, price_list_name=price_list_name)
        return self.render_to_response(self.get_context_data(**context))

    def confirm(self, request):
        token = request.POST["token"]
        storage = storages["imports"]
        try:
            uuid.UUID(hex=token)
            _, names = storage.listdir(token)
        except (ValueError, FileNotFoundError) as exc:
            raise Http404("Import expiré ou inconnu") from exc
        if not names:
            raise Http404("Import expiré ou inconnu")
        path = f"{token}/{names[0]}"
        with storage.open(path) as staged:
            report = self._run(staged, names[0], request.POST.get("price_list_name", ""))
        storage.delete(path)
        if report and report.ok:
            messages.success(
                request,
                "Import appliqué : " + " ; ".join(report.summary()),
                buttons=self._price_list_button(report),
            )
            return redirect("storefront_catalogue_import")
        return self.render_to_response(self.get_context_data(report=report, filename=names[0]))

    def _price_list_button(self, report):
        price_list = report.draft_price_list
        url = price_list and AdminURLFinder(self.request.user).get_edit_url(price_list)
        if not url:
            return []
        return [messages.button(url, f"Relire la liste de prix « {price_list.name} »")]

    def _run(self, file, filename, price_list_name, dry_run=False):
        try:
            return CatalogueImport(
                file,
                filename,
                price_list_name=price_list_name or None,
                dry_run=dry_run,
                user=self.request.user,
            ).run()
        except TabularError as exc:
            messages.error(self.request, str(exc))
            return None


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
