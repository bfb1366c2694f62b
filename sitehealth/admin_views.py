"""Admin views of site health: a redirect created from a row of the 404 report."""

from django.shortcuts import get_object_or_404
from django.urls import reverse
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.redirects.permissions import permission_policy as redirect_policy
from wagtail.contrib.redirects.views import CreateView as RedirectCreateView

from sitehealth.forms import NotFoundRedirectForm
from sitehealth.models import NotFoundPath


class NotFoundRedirectCreateView(RedirectCreateView):
    """Wagtail's « add redirect » view, from the address of a 404 row, back to the report.

    The row leaves the report once redirected (it keeps the redirect), so the same address is
    never offered twice.
    """

    form_class = NotFoundRedirectForm
    permission_policy = redirect_policy
    template_name = "wagtailadmin/generic/create.html"
    index_url_name = "sitehealth_not_found_report"
    page_title = "Créer une redirection"
    submit_button_label = "Créer la redirection"
    submit_button_active_label = "Création…"

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.row = get_object_or_404(NotFoundPath, pk=kwargs["pk"], redirect__isnull=True)

    def get_page_subtitle(self):
        return f"Rediriger {self.row.path}"

    def get_add_url(self):
        return reverse("sitehealth_not_found_redirect", args=[self.row.pk])

    def get_breadcrumbs_items(self):
        return [
            {"url": reverse("sitehealth_not_found_report"), "label": "Pages introuvables (404)"},
            {"url": "", "label": self.get_page_subtitle()},
        ]

    def get_initial(self):
        return {"old_path": Redirect.normalise_path(self.row.path), "is_permanent": True}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        if "data" in kwargs:
            # The address is the row's, whatever the posted form says.
            kwargs["data"] = kwargs["data"].copy()
            kwargs["data"]["old_path"] = Redirect.normalise_path(self.row.path)
        return kwargs

    def save_instance(self):
        redirect = super().save_instance()
        self.row.redirect = redirect
        self.row.save(update_fields=["redirect"])
        return redirect

    def get_success_message(self, instance):
        return f"Redirection créée : {instance.old_path} → {instance.link}"
