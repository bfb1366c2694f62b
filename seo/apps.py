from django.apps import AppConfig


class SeoConfig(AppConfig):
    name = "seo"
    verbose_name = "Référencement"

    def ready(self):
        from seo.models import label_organisation_blocks  # models load after the app registry

        label_organisation_blocks()
