from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What every app of the site builds on, and that imports none of them."""

    name = "core"
    verbose_name = "Socle"

    def ready(self):
        from core import cache_purge

        cache_purge.connect()
