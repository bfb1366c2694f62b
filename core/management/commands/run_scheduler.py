import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from core.scheduler import run_once


class Command(BaseCommand):
    help = (
        "Planificateur : publie et dépublie chaque minute ce qui est programmé (pages, listes "
        "de prix, offres). Plusieurs copies peuvent tourner : une seule agit à la fois."
    )

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Un seul passage, puis quitter.")
        parser.add_argument(
            "--interval", type=int, default=60, help="Secondes entre deux passages (60)."
        )

    def handle(self, once=False, interval=60, **options):
        while True:
            report = run_once()
            stamp = timezone.localtime().strftime("%d/%m/%Y %H:%M:%S")
            if report is None:
                self.stdout.write(f"{stamp} un autre planificateur est actif : rien à faire")
            else:
                self.stdout.write(f"{stamp} {report or 'rien à publier'}")
            if once:
                return
            # Wake up on the next multiple of the interval, so passes stay on the minute.
            time.sleep(interval - time.time() % interval)
            # A long-lived process must drop connections the database has since closed.
            close_old_connections()
