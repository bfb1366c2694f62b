from django import forms
from wagtail.contrib.redirects.forms import RedirectForm


class NotFoundRedirectForm(RedirectForm):
    """Wagtail's redirect form for one logged address: the address is given, the editor picks
    where it goes (its checks, duplicates included, stay Wagtail's)."""

    class Meta(RedirectForm.Meta):
        fields = ("old_path", "is_permanent", "redirect_page", "redirect_link")
        widgets = {"old_path": forms.HiddenInput}
        labels = {
            "is_permanent": "Redirection permanente (301)",
            "redirect_page": "Vers une page du site",
            "redirect_link": "Ou vers une adresse",
        }
        help_texts = {
            "is_permanent": "Décochez seulement si l'adresse doit revenir plus tard : les moteurs "
            "de recherche gardent alors l'ancienne.",
            "redirect_page": "La page à montrer aux visiteurs qui demandent cette adresse.",
            "redirect_link": "Une adresse complète (https://…), si la destination n'est pas "
            "une page du site.",
        }

    def clean(self):
        super().clean()  # Wagtail's returns nothing
        cleaned_data = self.cleaned_data
        # Wagtail accepts a redirect to nowhere; from a 404, it would only make another one.
        if not (cleaned_data.get("redirect_page") or cleaned_data.get("redirect_link")):
            raise forms.ValidationError(
                "Choisissez la page du site ou l'adresse vers laquelle rediriger."
            )
        return cleaned_data
