from django import forms

from core.tabular import FORMATS, TabularError, check_file_size, file_format
from promotions.models import PriceList


class CatalogueUploadForm(forms.Form):
    file = forms.FileField(
        label="Fichier CSV ou XLSX",
        help_text="Colonnes : reference, nom, categorie, puis les colonnes facultatives décrites "
        "dans la documentation. CSV en UTF-8, séparateur « ; » ou « , ».",
    )
    price_list_name = forms.CharField(
        label="Nom de la liste de prix",
        required=False,
        max_length=150,
        help_text="Les prix du fichier y sont chargés en brouillon, à relire puis publier ou "
        "planifier. Par défaut : « Import <nom du fichier> ».",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            file_format(upload.name)
        except TabularError as exc:
            raise forms.ValidationError(str(exc)) from exc
        try:
            check_file_size(upload.size)
        except TabularError as exc:
            raise forms.ValidationError(str(exc)) from exc
        return upload


class ImportConfirmationForm(forms.Form):
    """The confirmation of a simulation (ImportRun) whose report the editor has read."""

    token = forms.UUIDField()
    price_list_name = forms.CharField(required=False, max_length=150)


class PriceListExportForm(forms.Form):
    price_list = forms.ModelChoiceField(
        label="Liste de prix", queryset=PriceList.objects.order_by("-valid_from", "name")
    )
    format = forms.ChoiceField(
        label="Format", choices=[(f, f.upper()) for f in FORMATS], initial="xlsx"
    )
