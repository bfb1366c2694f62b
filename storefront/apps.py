from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    name = "storefront"
    verbose_name = "Boutique"

    def ready(self):
        from storefront import auth_backend, renditions

        auth_backend.connect()
        renditions.connect()
