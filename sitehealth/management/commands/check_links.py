from django.core.management.base import BaseCommand

from sitehealth.links import check_all


class Command(BaseCommand):
    help = (
        "Vérifie les liens des pages publiées (pages, documents, et adresses externes si "
        "SITEHEALTH_CHECK_EXTERNAL_LINKS) et met à jour le rapport « Liens cassés ». Le "
        "planificateur (run_scheduler) le lance aussi toutes les SITEHEALTH_LINK_CHECK_INTERVAL "
        "secondes."
    )

    def handle(self, **options):
        pages, links, broken = check_all()
        self.stdout.write(f"{pages} pages, {links} liens vérifiés : {broken} lien(s) cassé(s).")
