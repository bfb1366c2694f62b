"""The catalogue as the apps below it use it: promotion pages and news bodies show product
cards priced for the visitor, without importing the catalogue app.

The catalogue app registers one object with the ``catalogue`` hook
(storefront/wagtail_hooks.py) offering `product_model`, `listed(products)` (a listing's
products, loaded light) and `cards(request, products)` (their cards, priced and rendered).
"""

from django.core.exceptions import ImproperlyConfigured
from wagtail import hooks

CATALOGUE_HOOK = "catalogue"


def catalogue():
    for registered in hooks.get_hooks(CATALOGUE_HOOK):
        return registered()
    raise ImproperlyConfigured("Aucune application n'enregistre le catalogue (hook « catalogue »).")
