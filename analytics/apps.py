from django.apps import AppConfig


class AnalyticsConfig(AppConfig):
    name = "analytics"
    verbose_name = "Statistiques"

    def ready(self):
        from analytics import receivers  # noqa: F401
