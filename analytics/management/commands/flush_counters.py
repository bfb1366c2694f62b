from django.core.management.base import BaseCommand

from analytics.flush import flush
from core.scheduler import scheduler_lock


class Command(BaseCommand):
    help = (
        "Statistiques : écrit en base les compteurs tenus dans le cache (pages vues, "
        "recherches…). Le planificateur (run_scheduler) le fait à chaque passage."
    )

    def handle(self, **options):
        # The scheduler's lock: a flush running at the same time would write the counts twice.
        with scheduler_lock() as acquired:
            if not acquired:
                self.stdout.write("Un planificateur est en cours : il écrira les compteurs.")
                return
            self.stdout.write(f"{flush()} évènement(s) écrit(s).")
