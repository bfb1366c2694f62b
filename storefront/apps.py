from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    name = "storefront"
    verbose_name = "Boutique"

    def ready(self):
        from storefront import cache_purge, renditions

        cache_purge.connect()
        renditions.connect()
