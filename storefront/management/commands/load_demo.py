from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string
from wagtail.signal_handlers import disable_reference_index_auto_update

from storefront.demo.site import DEMO_ACCOUNTS, ensure_site_address, site_address

# Each entry creates its part of the demo if missing; later apps add theirs after the site.
DEMO_LOADERS = [
    "storefront.demo.site.load",
    "storefront.demo.catalogue.load",
    "promotions.demo_prices.load",
    "promotions.demo_offers.load",
    "news.demo.load",
    "showroom.demo.load",
    "enquiries.demo.load",
    "analytics.demo.load",
]


class Command(BaseCommand):
    help = "Construit (ou complète) le site de démonstration. Sans effet si tout existe déjà."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Autorise le chargement avec DEBUG désactivé (comptes aux mots de passe connus).",
        )
        parser.add_argument(
            "--site-url",
            help="Adresse publique du site (nom d'hôte et port du site Wagtail, d'où viennent "
            "les adresses canoniques). Par défaut : WAGTAILADMIN_BASE_URL.",
        )

    def handle(self, *args, allow_production=False, site_url=None, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "load_demo crée des comptes aux mots de passe connus : il refuse de tourner "
                "avec DEBUG désactivé. Ajoutez --allow-production si c'est voulu."
            )
        site_url = site_url or settings.WAGTAILADMIN_BASE_URL
        try:
            # A bad address stops the command before it changes anything.
            hostname, port = site_address(site_url)
        except ValueError as error:
            raise CommandError(str(error)) from error
        # Indexing references object by object is most of the cost of creating pages;
        # one rebuild at the end gives the same index several times faster.
        with transaction.atomic(), disable_reference_index_auto_update():
            for path in DEMO_LOADERS:
                import_string(path)()
            try:
                ensure_site_address(hostname, port)
            except ValueError as error:
                raise CommandError(str(error)) from error
        call_command("rebuild_references_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Site de démonstration prêt. Comptes :"))
        for username, account in DEMO_ACCOUNTS.items():
            self.stdout.write(f"  {account['role']:<26} {username} / {account['password']}")
