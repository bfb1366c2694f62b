"""Public forms: quote request (contact + lines formset) and professional account request.

Every field is validated on the server and stored as plain text (tags stripped). A honeypot
field, invisible on screen and skipped by the keyboard, catches the robots that fill every
input; it is labelled for screen-reader users so that they leave it empty too.
"""

import contextlib

from django import forms
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.forms import BaseFormSet, formset_factory
from django.utils.html import strip_tags

from enquiries.lines import MAX_LINES, check_lines
from enquiries.models import AccountRequest, QuoteRequest
from storefront.validators import (
    is_ascii_digits,
    normalise_siret,
    normalise_sku,
    normalise_vat_number,
    validate_siret,
    validate_vat_number,
)

HONEYPOT_FIELD = "site_web"
EMPTY_LINES = 5
LINES_PREFIX = "lignes"
MAX_QUANTITY = 999_999
MESSAGE_MAX_LENGTH = 3000

validate_phone = RegexValidator(
    r"^\+?[0-9 .()\-]{6,25}$",
    "Numéro de téléphone invalide : chiffres, espaces, points, tirets, « + » en tête.",
)


class SingleLineTextField(forms.CharField):
    """One line of plain text: tags removed, runs of spaces and line breaks collapsed."""

    def to_python(self, value):
        return " ".join(strip_tags(super().to_python(value)).split())


class MultiLineTextField(forms.CharField):
    """Plain text that keeps its line breaks; tags removed."""

    widget = forms.Textarea

    def to_python(self, value):
        lines = strip_tags(super().to_python(value)).splitlines()
        return "\n".join(line.rstrip() for line in lines).strip()


class QuantityField(forms.IntegerField):
    """A quantity typed with the digits 0 to 9 only, from `min_value` to `max_value`.

    Django's IntegerField reads the text with int(), which also takes « ٣ », « ５ » or « 1_000 »
    and raises on a number of more than 4,300 digits.
    """

    default_error_messages = {
        "invalid": "Indiquez la quantité en chiffres (0 à 9), sans espace ni autre signe.",
    }

    def __init__(self, *, min_value=1, max_value=MAX_QUANTITY, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value).strip()
        if not is_ascii_digits(text):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        if len(text.lstrip("0")) > len(str(self.max_value)):
            # Above the maximum whatever its digits, and maybe too long for int().
            raise ValidationError(
                MaxValueValidator.message, code="max_value", params={"limit_value": self.max_value}
            )
        return int(text)


class HoneypotFormMixin(forms.Form):
    site_web = forms.CharField(
        label="Ne pas remplir ce champ (protection contre les envois automatiques)",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get(HONEYPOT_FIELD):
            raise forms.ValidationError(
                "Votre demande n'a pas pu être envoyée. Si le problème persiste, "
                "appelez-nous ou écrivez-nous.",
                code="honeypot",
            )
        return cleaned_data

    @property
    def honeypot(self):
        return self[HONEYPOT_FIELD]

    def public_fields(self):
        return [field for field in self.visible_fields() if field.name != HONEYPOT_FIELD]

    def raw_values(self):
        """What was typed, unvalidated, to show again (never the honeypot)."""
        return {name: self[name].value() for name in self.fields if name != HONEYPOT_FIELD}


def message_field(help_text):
    return MultiLineTextField(
        label="Message",
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class QuoteContactForm(HoneypotFormMixin, forms.ModelForm):
    message = message_field(
        "Délai souhaité, lieu de livraison, précisions… (texte seul, 3 000 caractères au plus)."
    )
    origin = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = QuoteRequest
        fields = ["company", "contact_name", "email", "phone", "message"]
        field_classes = {
            "company": SingleLineTextField,
            "contact_name": SingleLineTextField,
            "phone": SingleLineTextField,
        }
        labels = {"contact_name": "Nom et prénom"}
        widgets = {
            "company": forms.TextInput(attrs={"autocomplete": "organization"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].validators.append(validate_phone)

    def contact_data(self):
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


def initial_contact(user):
    """A logged-in customer's details, so that they only have to type the lines."""
    if not user.is_authenticated:
        return {}
    initial = {"contact_name": user.get_full_name(), "email": user.email}
    with contextlib.suppress(ObjectDoesNotExist):  # not every user is a customer
        initial["company"] = user.customer.company.name
    return initial


class QuoteLineForm(forms.Form):
    sku = forms.CharField(label="Référence", max_length=40, required=False)
    quantity = QuantityField(label="Quantité", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Shown beside the line: the product behind a prefilled or accepted reference.
        self.product = self.initial.get("product")

    def clean_sku(self):
        return normalise_sku(self.cleaned_data["sku"])


def prefilled_quantity(text):
    """A `?qty=` quantity read as the quote form reads it; None where the form would refuse it
    (the line then offers the product's smallest quantity)."""
    try:
        return QuoteLineForm.base_fields["quantity"].clean(text)
    except ValidationError:
        return None


class BaseQuoteLineFormSet(BaseFormSet):
    """Checks the lines together (see enquiries.lines.check_lines); `lines` when valid."""

    lines = ()

    def clean(self):
        if any(form.errors for form in self.forms):
            return  # a malformed value first: its own message says what to fix
        rows = [
            (index, form.cleaned_data.get("sku", ""), form.cleaned_data.get("quantity"))
            for index, form in enumerate(self.forms)
        ]
        self.lines, problems = check_lines(rows)
        for line in self.lines:
            self.forms[line.row].product = line.product
        for problem in problems:
            if problem.row is not None:
                self.forms[problem.row].add_error(problem.field, problem.message)
        request_errors = [problem.message for problem in problems if problem.row is None]
        if request_errors:
            raise forms.ValidationError(request_errors)


def quote_line_formset(extra=EMPTY_LINES):
    return formset_factory(
        QuoteLineForm,
        formset=BaseQuoteLineFormSet,
        extra=extra,
        max_num=MAX_LINES,
        absolute_max=MAX_LINES,
    )


class AccountRequestForm(HoneypotFormMixin, forms.ModelForm):
    siret = forms.CharField(
        label="SIRET",
        max_length=20,
        help_text="14 chiffres, sur votre extrait Kbis ; les espaces sont acceptés.",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    vat_number = forms.CharField(
        label="N° de TVA intracommunautaire", max_length=20, required=False
    )
    message = message_field("Votre activité, vos besoins… (facultatif, texte seul).")
    # The page the visitor came from, for the dashboard (analytics/dashboard.py).
    origin = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = AccountRequest
        fields = [
            "company_name",
            "siret",
            "vat_number",
            "address",
            "contact_name",
            "email",
            "phone",
            "message",
        ]
        field_classes = {
            "company_name": SingleLineTextField,
            "address": MultiLineTextField,
            "contact_name": SingleLineTextField,
            "phone": SingleLineTextField,
        }
        labels = {"contact_name": "Nom et prénom", "address": "Adresse de facturation"}
        help_texts = {"email": "Votre identifiant de connexion une fois le compte ouvert."}
        widgets = {
            "company_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "address": forms.Textarea(attrs={"rows": 3, "autocomplete": "street-address"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].validators.append(validate_phone)

    def clean_siret(self):
        siret = normalise_siret(self.cleaned_data["siret"])
        validate_siret(siret)
        return siret

    def clean_vat_number(self):
        vat_number = normalise_vat_number(self.cleaned_data["vat_number"])
        if vat_number:
            validate_vat_number(vat_number)
        return vat_number

    def clean(self):
        cleaned_data = super().clean()
        siret, vat_number = cleaned_data.get("siret"), cleaned_data.get("vat_number")
        if siret and vat_number and vat_number.startswith("FR") and vat_number[4:] != siret[:9]:
            self.add_error(
                "vat_number", "Ce numéro de TVA ne correspond pas au SIREN de votre SIRET."
            )
        return cleaned_data
