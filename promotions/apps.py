from django.apps import AppConfig
from django.db import models


class PromotionsConfig(AppConfig):
    name = "promotions"
    verbose_name = "Prix et promotions"

    def ready(self):
        # Imported once the apps are loaded, as Django asks of code using models.
        from wagtail.admin.forms.models import register_form_field_override

        from promotions.forms import FrenchDecimalField

        # Every decimal typed in the admin (prices, offer values) takes « 12,40 » as well
        # as « 12.40 », in a text box: a number box turns « 12,40 » into 1240 in some browsers.
        register_form_field_override(
            models.DecimalField, override={"form_class": FrenchDecimalField}
        )
