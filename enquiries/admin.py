"""Admin for quote and account requests (menu « Demandes »).

Requests come only from the public forms: staff follow them up (status, notes, export) and
decide on account requests (approve, reject, resend the activation e-mail), but never create
one by hand.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import Button
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import EditView, IndexView, SnippetViewSet

from core.tabular import NeutralisedExportMixin
from enquiries import decisions
from enquiries.mail import send_activation
from enquiries.models import AccountRequest, QuoteRequest
from storefront.models import CustomerCompany, PriceGroup


class NoManualCreationPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)


class RequestIndexView(NeutralisedExportMixin, IndexView):
    """Listing and CSV/XLSX export: every field was typed by a visitor."""


class RequestViewSet(SnippetViewSet):
    index_view_class = RequestIndexView
    copy_view_enabled = False
    ordering = ["-created_at"]
    search_backend_name = None  # plain database lookups: no search index for requests

    @property
    def permission_policy(self):
        return NoManualCreationPolicy(self.model)


class QuoteRequestViewSet(RequestViewSet):
    model = QuoteRequest
    icon = "mail"
    menu_label = "Demandes de devis"
    list_display = ["reference", "created_at", "company", "contact_name", "status", "line_count"]
    list_filter = ["status", "created_at"]
    search_fields = ["reference", "company", "contact_name", "email"]
    list_export = [
        "reference",
        "created_at",
        "get_status_display",
        "company",
        "contact_name",
        "email",
        "phone",
        "line_count",
        "lines_summary",
        "message",
        "staff_notes",
    ]
    export_headings = {
        "get_status_display": "Statut",
        "line_count": "Lignes",
        "lines_summary": "Détail des lignes",
    }
    export_filename = "demandes-de-devis"

    def get_queryset(self, request):
        return QuoteRequest.objects.annotate(Count("lines")).prefetch_related("lines")


def decision_url(name, instance):
    args = [instance.pk] if instance is not None else []
    return reverse(f"wagtailsnippets_enquiries_accountrequest:{name}", args=args)


def decision_buttons(instance, user):
    if not decisions.can_decide(user):
        return []
    if instance.is_pending:
        return [
            Button(
                "Approuver", url=decision_url("approve", instance), icon_name="check", priority=1
            ),
            Button("Refuser", url=decision_url("reject", instance), icon_name="cross", priority=2),
        ]
    if decisions.awaits_activation(instance):
        return [
            Button(
                "Renvoyer l'e-mail d'activation",
                url=decision_url("resend", instance),
                icon_name="mail",
                priority=1,
            )
        ]
    return []


class AccountRequestIndexView(RequestIndexView):
    def get_list_more_buttons(self, instance):
        return decision_buttons(instance, self.request.user) + super().get_list_more_buttons(
            instance
        )


class AccountRequestEditView(EditView):
    @cached_property
    def header_more_buttons(self):
        return decision_buttons(self.object, self.request.user) + super().header_more_buttons


class ApprovalForm(forms.Form):
    customer_number = forms.CharField(
        label="Numéro de compte client",
        max_length=30,
        help_text="Le numéro de la société dans l'ERP.",
    )
    price_group = forms.ModelChoiceField(
        PriceGroup.objects.all(),
        label="Groupe tarifaire",
        required=False,
        help_text="Sans groupe, la société voit les prix communs à tous les clients connectés.",
    )

    def clean_customer_number(self):
        number = self.cleaned_data["customer_number"].strip()
        if CustomerCompany.objects.filter(customer_number=number).exists():
            raise forms.ValidationError("Ce numéro de compte client est déjà utilisé.")
        return number


class DecisionView(WagtailAdminTemplateMixin, FormView):
    """Confirmation page + POST for one decision on an account request."""

    template_name = "enquiries/admin/account_request_decision.html"
    header_icon = "user"
    form_class = forms.Form
    danger = False

    def dispatch(self, request, pk):
        self.object = get_object_or_404(
            AccountRequest.objects.select_related("created_user"), pk=pk
        )
        if not decisions.can_decide(request.user):
            raise PermissionDenied
        if not self.applies():
            messages.error(request, "Cette action ne s'applique pas à cette demande.")
            return redirect(decision_url("edit", self.object))
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.object)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {
                "url": decision_url("list", None),
                "label": AccountRequest._meta.verbose_name_plural.capitalize(),
            },
            {"url": decision_url("edit", self.object), "label": str(self.object)},
            {"url": "", "label": self.page_title},
        ]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            object=self.object,
            explanation=self.explanation,
            submit_label=self.page_title,
            danger=self.danger,
            cancel_url=decision_url("edit", self.object),
            **kwargs,
        )

    def form_valid(self, form):
        try:
            level, message = self.decide(form)
        except decisions.DecisionError as error:
            form.add_error(None, str(error))
            return self.form_invalid(form)
        messages.add_message(self.request, level, message)
        return redirect(decision_url("list", None))

    def activation_result(self, user, done):
        if send_activation(self.request, user):
            return messages.SUCCESS, f"{done} E-mail d'activation envoyé à {user.email}."
        return (
            messages.WARNING,
            f"{done} L'e-mail d'activation n'a pas pu partir vers {user.email} : "
            "renvoyez-le depuis la demande.",
        )


class ApproveView(DecisionView):
    page_title = "Approuver"
    form_class = ApprovalForm
    explanation = (
        "L'approbation crée la société cliente et son compte de connexion (identifiant : "
        "l'adresse e-mail, sans mot de passe), puis envoie l'e-mail d'activation qui permet "
        "au client de choisir son mot de passe."
    )

    def applies(self):
        return self.object.is_pending

    def decide(self, form):
        approved = decisions.approve(self.object, decided_by=self.request.user, **form.cleaned_data)
        return self.activation_result(
            approved.created_user, f"Compte ouvert pour {approved.company_name}."
        )


class RejectView(DecisionView):
    page_title = "Refuser"
    danger = True
    explanation = (
        "La demande est marquée refusée : aucun compte n'est créé et aucun e-mail n'est "
        "envoyé. Prévenez le demandeur si besoin."
    )

    def applies(self):
        return self.object.is_pending

    def decide(self, form):
        decisions.reject(self.object, decided_by=self.request.user)
        return messages.SUCCESS, f"Demande de {self.object.company_name} refusée."


class ResendActivationView(DecisionView):
    page_title = "Renvoyer l'e-mail d'activation"
    explanation = (
        "Un nouveau lien pour choisir le mot de passe part à l'adresse du compte ; "
        "les liens déjà envoyés restent valables jusqu'à leur expiration."
    )

    def applies(self):
        return decisions.awaits_activation(self.object)

    def decide(self, form):
        return self.activation_result(self.object.created_user, "")


class AccountRequestViewSet(RequestViewSet):
    model = AccountRequest
    icon = "user"
    menu_label = "Comptes professionnels"
    index_view_class = AccountRequestIndexView
    edit_view_class = AccountRequestEditView
    list_display = ["company_name", "siret", "contact_name", "created_at", "status"]
    list_filter = ["status", "created_at"]
    search_fields = ["company_name", "siret", "contact_name", "email"]
    list_export = [
        "created_at",
        "get_status_display",
        "company_name",
        "siret",
        "vat_number",
        "address",
        "contact_name",
        "email",
        "phone",
        "message",
        "decided_at",
        "decided_by",
    ]
    export_headings = {"get_status_display": "Statut"}
    export_filename = "demandes-de-compte-pro"

    def get_queryset(self, request):
        return AccountRequest.objects.select_related("decided_by")

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("approve/<int:pk>/", ApproveView.as_view(), name="approve"),
            path("reject/<int:pk>/", RejectView.as_view(), name="reject"),
            path("resend/<int:pk>/", ResendActivationView.as_view(), name="resend"),
        ]
