"""Reading and writing the spreadsheets editors exchange with the ERP: CSV and XLSX."""

import csv
import io
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.workbook.child import INVALID_TITLE_REGEX
from wagtail.admin.views.mixins import ExcelDateFormatter

FORMATS = ("csv", "xlsx")

# A spreadsheet runs a cell beginning with one of these as a formula, directly or once it
# drops the leading tab or line break.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# Typed or read from a CSV, a leading apostrophe tells a spreadsheet « this cell is text ».
TEXT_MARK = "'"
# No number an import or an export handles has more digits before the point than this.
MAX_NUMBER_EXPONENT = 30


class TabularError(ValueError):
    """The file as a whole cannot be read (wrong format, no header...)."""


def file_format(filename):
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension not in FORMATS:
        raise TabularError(f"Format non pris en charge : « .{extension} ». Utilisez CSV ou XLSX.")
    return extension


def _reads_as_formula(text):
    # Apostrophes already in front count: « '=1 » gets one more so that restoring is exact.
    return text.lstrip(TEXT_MARK).startswith(FORMULA_STARTS)


def neutralise_cell(value):
    """The value as every export writes it, CSV or XLSX: text that a spreadsheet would run as
    a formula gets the text mark in front. Numbers, dates and other text are left alone.

    XLSX gets the same text as CSV, so that ``read_table`` restores both the same way and a
    leading tab outlives the import's trimming; no XLSX cell starts with « = » any more, the
    only text openpyxl writes as a formula.
    """
    if isinstance(value, str) and _reads_as_formula(value):
        return TEXT_MARK + value
    return value


def xlsx_cell(value):
    """The value as an XLSX export writes it: without the control characters XLSX cannot hold
    (openpyxl raises on them, which failed the whole export; CSV keeps them), then
    neutralised."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("", value)
    return neutralise_cell(value)


def restore_cell(text):
    """What ``neutralise_cell`` was given, from the text of a cell read back."""
    if text.startswith(TEXT_MARK) and _reads_as_formula(text):
        return text[1:]
    return text


def sheet_title(title):
    """A worksheet name XLSX accepts, from the export's title: without the characters it
    forbids (openpyxl raises on them), at most 31 characters, cut between words."""
    title = " ".join(INVALID_TITLE_REGEX.sub(" ", str(title)).split())
    if len(title) > 31:
        title = title[:32].rsplit(" ", 1)[0]
    return title[:31] or "Export"


class NeutralisedExportMixin:
    """Before Wagtail's SpreadsheetExportMixin (reports, snippet listings): each CSV and XLSX
    cell it writes goes through ``preprocess_field_value``, and the XLSX sheet is named after
    the listing."""

    def preprocess_field_value(self, field, value, export_format):
        value = super().preprocess_field_value(field, value, export_format)
        return xlsx_cell(value) if export_format == self.FORMAT_XLSX else neutralise_cell(value)

    def write_xlsx(self, queryset, output):
        # Wagtail's own write_xlsx, whose sheet it names « Sheet1 » with no way to change it.
        workbook = Workbook(write_only=True, iso_dates=True)
        worksheet = workbook.create_sheet(title=sheet_title(self.get_page_title()))
        worksheet.append(self.get_heading(queryset, field) for field in self.list_export)
        date_format = ExcelDateFormatter().get()
        for item in queryset:
            row = self.generate_xlsx_row(worksheet, self.to_row_dict(item), date_format)
            worksheet.append(row)
        workbook.save(output)


def _header(cells):
    return [str(cell or "").strip().lower() for cell in cells]


def read_csv(data):
    """``(header, rows of cells)`` of a CSV file separated by « ; » or « , »."""
    try:
        # utf-8-sig drops the byte-order mark that spreadsheet programs add.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TabularError("Le fichier CSV doit être encodé en UTF-8.") from exc
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    return _header(next(reader, [])), list(reader)


def read_xlsx(data):
    """``(header, rows of cells)`` of the first sheet of an XLSX workbook."""
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise TabularError("Ce fichier XLSX est illisible ou endommagé.") from exc
    rows = workbook.active.iter_rows(values_only=True)
    header = _header(next(rows, []))
    cells = [["" if cell is None else _cell_text(cell) for cell in row] for row in rows]
    workbook.close()
    return header, cells


def _cell_text(cell):
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, float):
        return format_decimal(Decimal(str(cell)))
    return str(cell)


def read_table(data, filename):
    """``(header, rows)``: rows are ``(line_number, {column: text})`` numbered as the editor
    sees them in a spreadsheet (the header is line 1); blank lines are skipped."""
    reader = read_xlsx if file_format(filename) == "xlsx" else read_csv
    header, cell_rows = reader(data)
    rows = []
    for line_number, cells in enumerate(cell_rows, start=2):
        if not any(str(cell).strip() for cell in cells):
            continue
        values = {
            name: (restore_cell(str(cells[i]).strip()) if i < len(cells) else "")
            for i, name in enumerate(header)
            if name
        }
        rows.append((line_number, values))
    return header, rows


def parse_decimal(text):
    """French or English decimal: « 1 234,50 », « 1234.5 »."""
    cleaned = text.replace("\u00a0", "").replace("\u202f", "").replace(" ", "").replace("€", "")
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        # Decimal() also reads « ٣ » or « ５ » as digits: only 0 to 9 are numbers here.
        value = Decimal(cleaned) if cleaned.isascii() else None
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ValueError(f"« {text} » n'est pas un nombre")
    # « 1e400 » is a valid Decimal, and int() of « 1e999999999 » would run for hours.
    if value.adjusted() > MAX_NUMBER_EXPONENT:
        raise ValueError(f"« {text} » : nombre trop grand")
    return value


def format_decimal(value):
    """Decimal with a French comma: cents always, more digits only when they matter."""
    cents = value.quantize(Decimal("0.01"))
    text = f"{cents:f}" if cents == value else f"{value.normalize():f}"
    return text.replace(".", ",")


def write_csv(header, rows):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([neutralise_cell(cell) for cell in row] for row in rows)
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def write_xlsx(header, rows, title="Export"):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_title(title))
    sheet.append(header)
    for row in rows:
        sheet.append([xlsx_cell(cell) for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def write_table(header, rows, file_format, title="Export"):
    if file_format == "xlsx":
        return write_xlsx(header, rows, title)
    return write_csv(header, rows)
