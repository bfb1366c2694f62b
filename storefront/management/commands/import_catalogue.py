from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.utils import get_admin_base_url

from core.tabular import TabularError, check_file_size
from storefront.importing import COLUMNS, CatalogueImport


class Command(BaseCommand):
    help = (
        "Importe des catégories, produits et prix depuis un fichier CSV ou XLSX. Les prix sont "
        "chargés dans une liste de prix en brouillon. Une seule ligne en erreur : rien n'est "
        f"appliqué. Colonnes : {', '.join(COLUMNS)}."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier .csv ou .xlsx")
        parser.add_argument(
            "--dry-run", action="store_true", help="Affiche ce qui changerait, sans rien modifier."
        )
        parser.add_argument(
            "--price-list",
            help="Nom de la liste de prix en brouillon (par défaut « Import <fichier> »).",
        )

    def handle(self, file, dry_run=False, price_list=None, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"Fichier introuvable : {file}")
        try:
            check_file_size(path.stat().st_size)
            with path.open("rb") as file:
                report = CatalogueImport(
                    file, path.name, price_list_name=price_list, dry_run=dry_run
                ).run()
        except TabularError as exc:
            raise CommandError(str(exc)) from exc
        for warning in report.warnings:
            self.stderr.write(self.style.WARNING(f"Attention : {warning}"))
        if not report.ok:
            for line, message in report.errors:
                where = f"ligne {line}" if line else "fichier"
                self.stderr.write(f"{where} : {message}")
            raise CommandError(
                f"{len(report.errors)} erreur(s) : rien n'a été importé. Corrigez le fichier "
                "et relancez."
            )
        title = "Simulation (rien n'est modifié)" if dry_run else "Import terminé"
        self.stdout.write(self.style.SUCCESS(title))
        for line in report.summary():
            self.stdout.write(f"  {line}")
        if report.draft_price_list:
            url = get_admin_base_url().rstrip("/") + AdminURLFinder().get_edit_url(
                report.draft_price_list
            )
            self.stdout.write(f"  À relire puis publier ou planifier : {url}")
