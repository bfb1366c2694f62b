"""Attaching existing customer accounts to a client company, from the company's form.

Editors have no « Utilisateurs » menu. The company's « Utilisateurs » lines pick an account
with a searchable chooser that lists only customer accounts attached to no company
(storefront/members.py); each line's form checks the choice again on the server, so a forged
POST naming a team account or another company's user gets a French error, not a member.
Saving a line fires the signals of showroom/signals.py, which put the user in the company's
client-space group.
"""

from django import forms
from django.conf import settings
from django.contrib.admin.utils import quote
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import path, reverse
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.chooser import ChooseResultsView, ChooseView, ChosenView
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets import BaseChooser

from storefront.members import (
    NOT_A_CUSTOMER_ACCOUNT,
    account_label,
    attach_refusal,
    attachable_accounts,
    unattached_customer_accounts,
)
from storefront.validators import is_ascii_digits

# A name is rarely more than a few words; more only slows the query down.
MAX_SEARCH_WORDS = 5


class CompanyEditorsOnly:
    """The chooser lists customers' names and e-mails: for those who edit companies only."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if not (
            user.has_perm("storefront.change_customercompany")
            or user.has_perm("storefront.add_customercompany")
        ):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class AccountSearchForm(BaseFilterForm):
    q = forms.CharField(
        label="Rechercher",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "Nom, e-mail ou identifiant"}),
    )

    def filter(self, objects):
        query = self.cleaned_data.get("q", "")
        for word in query.split()[:MAX_SEARCH_WORDS]:
            objects = objects.filter(
                Q(first_name__icontains=word)
                | Q(last_name__icontains=word)
                | Q(email__icontains=word)
                | Q(username__icontains=word)
            )
        if query.strip():
            self.is_searching = True
            self.search_query = query
        return objects


class AccountListMixin(CompanyEditorsOnly):
    filter_form_class = AccountSearchForm
    ordering = ["last_name", "first_name", "username"]
    per_page = 20

    def get_object_list(self):
        return unattached_customer_accounts()

    @property
    def columns(self):
        return [
            TitleColumn(
                "name",
                label="Nom",
                accessor=lambda user: user.get_full_name() or user.get_username(),
                get_url=lambda user: self.append_preserved_url_parameters(
                    reverse(self.chosen_url_name, args=(quote(user.pk),))
                ),
                link_attrs={"data-chooser-modal-choice": True},
            ),
            Column("email", label="E-mail"),
            Column("username", label="Identifiant"),
        ]


class AccountChooseView(AccountListMixin, ChooseView):
    pass


class AccountChooseResultsView(AccountListMixin, ChooseResultsView):
    pass


class AccountChosenView(CompanyEditorsOnly, ChosenView):
    def get_object(self, pk):
        if not is_ascii_digits(pk):
            raise get_user_model().DoesNotExist  # a 404, not a lookup that fails or converts
        return unattached_customer_accounts().get(pk=pk)

    def get_display_title(self, instance):
        return account_label(instance)

    def get_edit_item_url(self, instance):
        return None  # accounts are edited in « Utilisateurs », which editors do not have


class AccountChooserWidget(BaseChooser):
    show_edit_link = False

    def get_display_title(self, instance):
        return account_label(instance)


class CustomerAccountChooserViewSet(ChooserViewSet):
    model = settings.AUTH_USER_MODEL
    icon = "user"
    choose_one_text = "Choisir un compte client"
    choose_another_text = "Choisir un autre compte"
    page_title = "Comptes clients sans société"
    base_widget_class = AccountChooserWidget
    choose_view_class = AccountChooseView
    choose_results_view_class = AccountChooseResultsView
    chosen_view_class = AccountChosenView
    # Only on the company's lines: other forms choosing a user keep Wagtail's own widget.
    register_widget = False

    def get_urlpatterns(self):
        # No creation, no multiple choice: accounts are created in « Utilisateurs » or by
        # approving an account request.
        return [
            path("", self.choose_view, name="choose"),
            path("results/", self.choose_results_view, name="choose_results"),
            path("chosen/<str:pk>/", self.chosen_view, name="chosen"),
        ]


customer_account_chooser = CustomerAccountChooserViewSet(
    "customer_account_chooser", url_prefix="clients/comptes"
)


class CustomerMemberForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        field.queryset = attachable_accounts(self.instance.user_id)
        field.error_messages["invalid_choice"] = NOT_A_CUSTOMER_ACCOUNT

    def clean_user(self):
        user = self.cleaned_data["user"]
        refusal = attach_refusal(user, self.instance)
        if refusal:
            raise forms.ValidationError(refusal, code="not_attachable")
        return user


class MembersPanel(InlinePanel):
    """The company's users, each line a customer account picked with the chooser above."""

    def __init__(self, relation_name="members", **kwargs):
        kwargs.setdefault(
            "panels", [FieldPanel("user", widget=customer_account_chooser.widget_class)]
        )
        super().__init__(relation_name, **kwargs)

    def get_form_options(self):
        options = super().get_form_options()
        options["formsets"][self.relation_name]["form"] = CustomerMemberForm
        return options
