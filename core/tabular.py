"""Reading and writing the spreadsheets editors exchange with the ERP: CSV and XLSX."""

import csv
import io
import itertools
import zipfile
from decimal import Decimal, InvalidOperation

from django.conf import settings
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.workbook.child import INVALID_TITLE_REGEX
from wagtail.admin.views.mixins import ExcelDateFormatter

FORMATS = ("csv", "xlsx")

# A spreadsheet runs a cell beginning with one of these as a formula, directly or once it
# drops the leading tab or line break.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
MEGABYTE = 1024 * 1024
# Archive members under this size are not checked for their compression ratio.
RATIO_CHECKED_FROM = MEGABYTE
UNREADABLE_XLSX = "Ce fichier XLSX est illisible ou endommagé."
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


class FileTooLarge(TabularError):
    """The file goes beyond one of the IMPORT_MAX_* settings: refused before it costs more."""

    def __init__(self, what, limit):
        super().__init__(f"Fichier trop volumineux : {what} (limite {limit}).")


def _megabytes(size):
    """« 1,5 Mo », « 1 900 Mo »."""
    value = size / MEGABYTE
    if value < 10:
        return f"{value:.1f} Mo".replace(".", ",")
    return f"{value:,.0f} Mo".replace(",", "\u202f")


def check_file_size(size):
    """Refuse a file longer than IMPORT_MAX_FILE_MB, before reading it."""
    limit = settings.IMPORT_MAX_FILE_MB * MEGABYTE
    if size > limit:
        raise FileTooLarge(_megabytes(size), _megabytes(limit))


def check_archive(file):
    """Refuse an XLSX whose members would unpack too large, from the sizes the archive
    declares and before unpacking any (zipfile never unpacks a member past its declared size).
    """
    try:
        members = zipfile.ZipFile(file).infolist()
    except (zipfile.BadZipFile, EOFError, ValueError) as exc:
        raise TabularError(UNREADABLE_XLSX) from exc
    member_limit = settings.IMPORT_MAX_MEMBER_MB * MEGABYTE
    ratio_limit = settings.IMPORT_MAX_COMPRESSION_RATIO
    for member in members:
        if member.file_size > member_limit:
            raise FileTooLarge(
                f"« {member.filename} » se décompresse en {_megabytes(member.file_size)}",
                f"{_megabytes(member_limit)} par partie du classeur",
            )
        # Small parts (styles, a short sheet) may compress very well and cost nothing.
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > RATIO_CHECKED_FROM and ratio > ratio_limit:
            raise FileTooLarge(
                f"« {member.filename} » est compressé {ratio:.0f} fois",
                f"{ratio_limit} fois",
            )
    total = sum(member.file_size for member in members)
    total_limit = settings.IMPORT_MAX_UNPACKED_MB * MEGABYTE
    if total > total_limit:
        raise FileTooLarge(
            f"le classeur se décompresse en {_megabytes(total)}", _megabytes(total_limit)
        )
    file.seek(0)


def _bounded(rows):
    """The rows of cells (header first), refused at the first that goes beyond a limit."""
    max_rows = settings.IMPORT_MAX_ROWS
    max_columns = settings.IMPORT_MAX_COLUMNS
    max_length = settings.IMPORT_MAX_CELL_LENGTH
    for line_number, cells in enumerate(rows, start=1):
        if line_number > max_rows + 1:  # the header does not count
            raise FileTooLarge(f"plus de {max_rows:,} lignes".replace(",", "\u202f"), max_rows)
        cells = ["" if cell is None else _cell_text(cell) for cell in cells]
        # Empty cells past the last column are common (formatting, trailing separators).
        if any(cell.strip() for cell in cells[max_columns:]):
            raise FileTooLarge(f"ligne {line_number}, plus de {max_columns} colonnes", max_columns)
        for cell in cells[:max_columns]:
            if len(cell) > max_length:
                raise FileTooLarge(
                    f"ligne {line_number}, une cellule de {len(cell)} caractères",
                    f"{max_length} caractères",
                )
        yield cells[:max_columns]


def read_csv(file):
    """The rows of cells of a CSV file separated by « ; » or « , », read as they come."""
    # utf-8-sig drops the byte-order mark that spreadsheet programs add.
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    try:
        # The header line decides the separator; a header longer than any allowed row is
        # cut short here and refused by the limits below.
        first_line = text.readline(settings.IMPORT_MAX_CELL_LENGTH * settings.IMPORT_MAX_COLUMNS)
        delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
        yield from _bounded(csv.reader(itertools.chain([first_line], text), delimiter=delimiter))
    except UnicodeDecodeError as exc:
        raise TabularError("Le fichier CSV doit être encodé en UTF-8.") from exc
    except csv.Error as exc:  # a field over the csv module's own limit, among others
        raise TabularError(f"Ce fichier CSV est illisible : {exc}.") from exc
    finally:
        # Detached, not closed: the caller's file stays open. A reading given up after the
        # caller closed it has nothing left to detach.
        if not file.closed:
            text.detach()


def read_xlsx(file):
    """The rows of cells of the first sheet of an XLSX workbook, read as they come."""
    check_archive(file)
    try:
        # read_only: the sheet is parsed as it is read, never held whole in memory.
        workbook = load_workbook(file, read_only=True, data_only=True)
        sheet = workbook.active
    except Exception as exc:  # openpyxl raises several unrelated types for a bad file
        raise TabularError(UNREADABLE_XLSX) from exc
    try:
        # One row and one column past the limits: enough to refuse, and a sheet claiming
        # a million columns is not padded to them.
        yield from _bounded(
            sheet.iter_rows(
                values_only=True,
                max_row=settings.IMPORT_MAX_ROWS + 2,
                max_col=settings.IMPORT_MAX_COLUMNS + 1,
            )
        )
    except TabularError:
        raise
    except Exception as exc:  # as above, for a sheet damaged further down
        raise TabularError(UNREADABLE_XLSX) from exc
    finally:
        workbook.close()


def _cell_text(cell):
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, float):
        return format_decimal(Decimal(str(cell)))
    return str(cell)


def read_table(file, filename):
    """``(header, rows)`` of a binary file: rows are ``(line_number, {column: text})``, read
    as they are iterated, numbered as the editor sees them in a spreadsheet (the header is
    line 1); blank lines are skipped. Beyond the IMPORT_MAX_* settings, iterating raises
    ``FileTooLarge``."""
    reader = read_xlsx if file_format(filename) == "xlsx" else read_csv
    cell_rows = reader(file)
    header = _header(next(cell_rows, []))
    return header, _values(header, cell_rows)


def _values(header, cell_rows):
    for line_number, cells in enumerate(cell_rows, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        yield (
            line_number,
            {
                name: (restore_cell(cells[i].strip()) if i < len(cells) else "")
                for i, name in enumerate(header)
                if name
            },
        )


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
