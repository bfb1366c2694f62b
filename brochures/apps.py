from django.apps import AppConfig


class BrochuresConfig(AppConfig):
    name = "brochures"
    verbose_name = "Plaquettes PDF"
