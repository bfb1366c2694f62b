"""Chooser widgets of an app above, in the admin forms of an app below it.

An offer targets catalogue products and categories, which the catalogue's choosers pick best
(storefront/choosers.py); promotions sits below the catalogue and never imports it. Its panels
name the chooser's viewset instead, and the widget is looked up when a form is built, by which
time Wagtail has registered every viewset.
"""

from django import forms
from wagtail.admin.viewsets import viewsets


def chooser_viewset(name):
    for viewset in viewsets.viewsets:
        if viewset.name == name:
            return viewset
    raise LookupError(f"Aucun sélecteur enregistré sous le nom « {name} ».")


def registered_chooser(name):
    """A widget class standing for the widget of the chooser viewset registered as `name`."""

    class RegisteredChooser(forms.Widget):
        def __new__(cls, *args, **kwargs):
            return chooser_viewset(name).widget_class(*args, **kwargs)

    return RegisteredChooser
