from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    name = "storefront"
    verbose_name = "Boutique"

    def ready(self):
        from storefront import auth_backend, cache_purge, renditions

        auth_backend.connect()
        cache_purge.connect()
        renditions.connect()
