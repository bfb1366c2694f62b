from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.tabular import TabularError, file_format, write_table
from promotions.models import PriceList
from storefront.exporting import catalogue_rows, price_list_rows
from storefront.importing import COLUMNS


class Command(BaseCommand):
    help = (
        "Exporte le catalogue (avec les prix publics en vigueur) ou une liste de prix, en CSV ou "
        "XLSX, dans les colonnes que lit import_catalogue."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Fichier de sortie .csv ou .xlsx")
        parser.add_argument("--price-list", help="Nom de la liste de prix à exporter.")

    def handle(self, file, price_list=None, **options):
        try:
            extension = file_format(file)
        except TabularError as exc:
            raise CommandError(str(exc)) from exc
        if price_list:
            found = PriceList.objects.filter(name=price_list).first()
            if found is None:
                raise CommandError(f"Aucune liste de prix nommée « {price_list} ».")
            rows = price_list_rows(found)
        else:
            rows = catalogue_rows()
        rows = list(rows)
        Path(file).write_bytes(write_table(COLUMNS, rows, extension, title="Catalogue"))
        self.stdout.write(self.style.SUCCESS(f"{len(rows)} produits exportés dans {file}"))
