from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import import_string

from storefront.demo.site import DEMO_ACCOUNTS

# Each entry creates its part of the demo if missing; later apps add theirs after the site.
DEMO_LOADERS = ["storefront.demo.site.load"]


class Command(BaseCommand):
    help = "Construit (ou complète) le site de démonstration. Sans effet si tout existe déjà."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Autorise le chargement avec DEBUG désactivé (comptes aux mots de passe connus).",
        )

    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError(
                "load_demo crée des comptes aux mots de passe connus : il refuse de tourner "
                "avec DEBUG désactivé. Ajoutez --allow-production si c'est voulu."
            )
        with transaction.atomic():
            for path in DEMO_LOADERS:
                import_string(path)()
        self.stdout.write(self.style.SUCCESS("Site de démonstration prêt. Comptes :"))
        for username, account in DEMO_ACCOUNTS.items():
            self.stdout.write(f"  {account['role']:<26} {username} / {account['password']}")
