from django.apps import AppConfig


class ShowroomConfig(AppConfig):
    name = "showroom"
    verbose_name = "Espaces clients"

    def ready(self):
        from showroom import signals  # noqa: F401
