"""The brochure's layout: A4, a cover, then two columns of product blocks.

fpdf2's core fonts (Helvetica) need no font file, which keeps the project free of system
packages; they cover the Windows-1252 set, so French text, « € », « œ » and typographic quotes
print as they are. Anything else (emoji, other scripts) is transliterated or dropped by
`printable`, so no product name can make the brochure fail.
"""

import io
import math
import unicodedata

from fpdf import FPDF

from brochures.content import Brochure

ENCODING = "cp1252"
FONT = "Helvetica"
# The storefront's colours (storefront.css).
BRAND = (11, 83, 148)
BRAND_DARK = (8, 59, 105)
INK = (29, 39, 51)
MUTED = (91, 102, 115)
LINE = (217, 222, 228)
TINT = (243, 245, 247)
WHITE = (255, 255, 255)
ACCENT = (192, 57, 43)
AVAILABILITY_COLOURS = {
    "in_stock": (30, 123, 52),
    "on_order": (154, 91, 0),
    "out_of_stock": ACCENT,
    "discontinued": MUTED,
}

PAGE_WIDTH, PAGE_HEIGHT = 210, 297
MARGIN = 12
GRID_TOP = 22
GRID_BOTTOM = PAGE_HEIGHT - 20
COLUMNS, ROWS = 2, 4
GAP = 5
BLOCK_WIDTH = (PAGE_WIDTH - 2 * MARGIN - (COLUMNS - 1) * GAP) / COLUMNS
BLOCK_HEIGHT = (GRID_BOTTOM - GRID_TOP - (ROWS - 1) * GAP) / ROWS
PADDING = 3
IMAGE_SIZE = 32
DETAIL_LINE = 3.5

# Characters outside Windows-1252 that have an obvious equivalent inside it.
EQUIVALENTS = str.maketrans(
    {
        "\u202f": "\u00a0",  # narrow no-break space (French typography)
        "\u2007": "\u00a0",
        "\u2009": " ",
        "\u200a": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2010": "-",
        "\u2011": "-",
        "\u2212": "-",  # minus sign, as in offer labels « −15 % »
        "\u2264": "<=",
        "\u2265": ">=",
        "\u2192": "->",
    }
)


def _encodable(text):
    try:
        text.encode(ENCODING)
    except UnicodeEncodeError:
        return False
    return True


def printable(text):
    """`text` with only characters the core fonts can print: equivalents where one exists,
    letters without their accent, « ? » for other letters and digits, nothing for symbols such
    as emoji."""
    text = str(text).translate(EQUIVALENTS)
    if _encodable(text):
        return text
    kept = []
    for char in text:
        if _encodable(char):
            kept.append(char)
            continue
        base = "".join(
            c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c)
        )
        if base and _encodable(base):
            kept.append(base)
        elif unicodedata.category(char)[0] in "LN":
            kept.append("?")
    return " ".join(part for part in "".join(kept).split(" ") if part)


class BrochurePDF(FPDF):
    def __init__(self, brochure: Brochure):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.brochure = brochure
        self.core_fonts_encoding = ENCODING
        self.set_margins(MARGIN, MARGIN, MARGIN)
        self.set_auto_page_break(False)
        self.set_title(printable(brochure.title))
        self.set_author(printable(brochure.contact.name))
        self.set_creator("Storefront")
        self.set_lang("fr-FR")

    def normalize_text(self, text):
        return super().normalize_text(printable(text))

    # -- text helpers -----------------------------------------------------------------------

    def style(self, size, weight="", colour=INK):
        self.set_font(FONT, weight, size)
        self.set_text_color(*colour)

    def width(self, text):
        """Width of `text` in the current core font: the sum of its glyph widths. (fpdf2's
        `get_string_width` and `cell` run its text-shaping machinery, which took most of the
        layout time; plain `text` calls print the same thing.)"""
        widths = self.current_font.cw
        return sum(widths[char] for char in self.normalize_text(text)) * self.font_size / 1000

    def put(self, x, y, width, height, text, align="L", link=""):
        """One line of text in the box (x, y, width, height), vertically centred."""
        text_width = self.width(text)
        if align == "R":
            x += width - text_width
        elif align == "C":
            x += (width - text_width) / 2
        self.text(x, y + height / 2 + 0.3 * self.font_size, text)
        if link:
            self.link(x, y, text_width, height, link)

    def ellipsize(self, text, width, force=False):
        if not force and self.width(text) <= width:
            return text
        while text and self.width(text.rstrip() + "…") > width:
            text = text[:-1]
        return text.rstrip() + "…"

    def wrap(self, text, width, max_lines):
        """Lines of `text` within `width`, at most `max_lines`, the last one cut with « … »."""
        lines, current = [], ""
        for word in (part for part in text.split(" ") if part):
            candidate = f"{current} {word}" if current else word
            if current and self.width(candidate) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        if current:
            lines.append(current)
        cut = len(lines) > max_lines
        lines = [self.ellipsize(line, width) for line in lines[:max_lines]]
        if cut:
            lines[-1] = self.ellipsize(lines[-1], width, force=True)
        return lines

    def lines_at(self, x, y, lines, width, height, align="L", link=""):
        for number, line in enumerate(lines):
            self.put(x, y + number * height, width, height, line, align=align, link=link)
        return y + len(lines) * height

    # -- page furniture ---------------------------------------------------------------------

    @property
    def page_count(self):
        return 1 + math.ceil(len(self.brochure.entries) / (COLUMNS * ROWS))

    def header(self):
        if self.page_no() == 1:
            return
        title_width = PAGE_WIDTH - 2 * MARGIN - 80
        self.style(9, "B", BRAND)
        self.put(MARGIN, 9, 80, 5, self.ellipsize(self.brochure.contact.name, 78))
        self.style(9, "", MUTED)
        title = self.ellipsize(self.brochure.title, title_width)
        self.put(MARGIN + 80, 9, title_width, 5, title, align="R")
        self.set_draw_color(*LINE)
        self.line(MARGIN, 16, PAGE_WIDTH - MARGIN, 16)

    def footer(self):
        if self.page_no() == 1:
            return
        width = PAGE_WIDTH - 2 * MARGIN
        self.set_draw_color(*LINE)
        self.line(MARGIN, PAGE_HEIGHT - 16, PAGE_WIDTH - MARGIN, PAGE_HEIGHT - 16)
        self.style(7.5, "", MUTED)
        self.put(
            MARGIN, PAGE_HEIGHT - 15, width, 4, self.ellipsize(self.brochure.contact.summary, width)
        )
        self.put(MARGIN, PAGE_HEIGHT - 11, width - 30, 4, self.brochure.validity)
        number = f"Page {self.page_no()} / {self.page_count}"
        self.put(PAGE_WIDTH - MARGIN - 30, PAGE_HEIGHT - 11, 30, 4, number, align="R")

    # -- cover ------------------------------------------------------------------------------

    def cover(self):
        brochure, contact = self.brochure, self.brochure.contact
        width = PAGE_WIDTH - 2 * MARGIN
        self.add_page()
        y = 18
        if contact.logo:
            self.image(io.BytesIO(contact.logo), x=MARGIN, y=y, w=60, h=24, keep_aspect_ratio=True)
            y += 28
        self.style(22, "B", BRAND)
        y = self.lines_at(MARGIN, y, self.wrap(contact.name, width, 2), width, 10)

        band_top = max(y + 14, 70)
        self.set_fill_color(*BRAND)
        self.rect(0, band_top, PAGE_WIDTH, 85, style="F")
        self.style(10, "B", WHITE)
        self.put(MARGIN, band_top + 10, width, 5, f"Plaquette · {brochure.kind}".upper())
        self.style(28, "B", WHITE)
        y = self.lines_at(MARGIN, band_top + 19, self.wrap(brochure.title, width, 2), width, 12)
        if brochure.subtitle:
            self.style(12, "", WHITE)
            self.lines_at(MARGIN, y + 4, self.wrap(brochure.subtitle, width, 4), width, 6)

        self.style(11, "", INK)
        count = len(brochure.entries)
        lines = [f"{count} produit{'s' if count > 1 else ''}"]
        if brochure.truncated:
            where = f" sur {contact.website}" if contact.website else " sur notre site"
            lines = [
                f"Les {count} premiers produits sur {brochure.total}, retrouvez les autres{where}."
            ]
        lines += [brochure.validity, "Prix en euros hors taxes." if brochure.prices_shown else ""]
        lines += [brochure.price_notice, brochure.created_text]
        y = band_top + 95
        for line in filter(None, lines):
            y = self.lines_at(MARGIN, y, self.wrap(line, width, 2), width, 6.5)

        self.contact_box(top=PAGE_HEIGHT - 62)

    def contact_box(self, top):
        contact = self.brochure.contact
        width = PAGE_WIDTH - 2 * MARGIN
        self.set_fill_color(*TINT)
        self.rect(MARGIN, top, width, 48, style="F", round_corners=True, corner_radius=3)
        x, column = MARGIN + 6, (width - 12) / 2
        self.style(10, "B", BRAND)
        self.put(x, top + 6, column, 5, "Contact")
        self.style(10, "B", INK)
        y = self.lines_at(x, top + 13, self.wrap(contact.name, column, 1), column, 5)
        self.style(9.5, "", INK)
        lines = [self.ellipsize(line, column) for line in contact.address_lines[:4]]
        self.lines_at(x, y, lines, column, 5)
        right = [
            f"Tél. {contact.phone}" if contact.phone else "",
            contact.email,
            contact.website,
            contact.opening_hours,
            f"SIRET {contact.siret}" if contact.siret else "",
        ]
        lines = [self.ellipsize(line, column) for line in right if line]
        self.lines_at(x + column, top + 13, lines, column, 5)

    # -- products ---------------------------------------------------------------------------

    def products(self):
        per_page = COLUMNS * ROWS
        for index, entry in enumerate(self.brochure.entries):
            if index % per_page == 0:
                self.add_page()
            slot = index % per_page
            x = MARGIN + (slot % COLUMNS) * (BLOCK_WIDTH + GAP)
            y = GRID_TOP + (slot // COLUMNS) * (BLOCK_HEIGHT + GAP)
            self.product_block(entry, x, y)

    def product_block(self, entry, x, y):
        self.set_draw_color(*LINE)
        self.set_line_width(0.3)
        self.rect(x, y, BLOCK_WIDTH, BLOCK_HEIGHT, round_corners=True, corner_radius=2)
        image_x, image_y = x + PADDING, y + PADDING
        if entry.image:
            self.image(
                io.BytesIO(entry.image),
                x=image_x,
                y=image_y,
                w=IMAGE_SIZE,
                h=IMAGE_SIZE,
                keep_aspect_ratio=True,
                link=entry.url,
            )
        else:
            self.set_fill_color(*TINT)
            self.rect(image_x, image_y, IMAGE_SIZE, IMAGE_SIZE, style="F")
            self.style(7.5, "", MUTED)
            self.put(image_x, image_y + IMAGE_SIZE / 2 - 2, IMAGE_SIZE, 4, "Pas d'image", "C")

        self.style(7.5, "B", AVAILABILITY_COLOURS.get(entry.availability_kind, MUTED))
        availability = self.wrap(entry.availability, IMAGE_SIZE, 2)
        self.lines_at(image_x, image_y + IMAGE_SIZE + 1.5, availability, IMAGE_SIZE, 3.5)

        text_x = image_x + IMAGE_SIZE + 4
        text_width = x + BLOCK_WIDTH - PADDING - text_x
        self.style(9.5, "B", INK)
        name = self.wrap(entry.name, text_width, 2)
        text_y = self.lines_at(text_x, y + PADDING, name, text_width, 4.3, link=entry.url)
        self.style(7.5, "", MUTED)
        reference = f"Réf. {entry.sku}" + (f" · {entry.brand}" if entry.brand else "")
        reference = [self.ellipsize(reference, text_width)]
        text_y = self.lines_at(text_x, text_y + 0.5, reference, text_width, 3.6)
        self.style(7.5, "", INK)
        details = [entry.packaging, entry.ordering]
        details += [f"{name} : {value}" for name, value in entry.attributes]
        text_y += 1
        # Details stop above the price lines, the offer taking one more line than a price.
        price_top = y + BLOCK_HEIGHT - PADDING - (11 if entry.price and entry.price.offer else 7)
        for detail in filter(None, details):
            room = min(2, int((price_top - text_y) // DETAIL_LINE))
            if room < 1:
                break
            lines = self.wrap(detail, text_width, room)
            text_y = self.lines_at(text_x, text_y, lines, text_width, DETAIL_LINE)
        self.price_area(entry, x, y)

    def price_area(self, entry, x, y):
        right = x + BLOCK_WIDTH - PADDING
        width = BLOCK_WIDTH - 2 * PADDING
        bottom = y + BLOCK_HEIGHT - PADDING
        price = entry.price
        if price is None:
            if entry.price_note:
                self.style(9, "I", MUTED)
                self.put(x + PADDING, bottom - 5, width, 5, entry.price_note, align="R")
            return
        unit = f" / {price.unit}" if price.unit else ""
        self.style(8, "", MUTED)
        unit_width = self.width(unit)
        self.style(12, "B", ACCENT if price.offer else BRAND_DARK)
        amount_width = self.width(price.amount)
        self.put(right - unit_width - amount_width, bottom - 6, amount_width, 6, price.amount)
        self.style(8, "", MUTED)
        self.put(right - unit_width, bottom - 5.5, unit_width, 5.5, unit)
        if price.offer:
            self.style(8, "S", MUTED)
            regular_width = self.width(price.regular)
            self.put(right - regular_width, bottom - 10, regular_width, 4, price.regular)
            self.style(8, "B", WHITE)
            label = self.ellipsize(price.offer, width / 2)
            label_width = self.width(label) + 3
            label_x = right - regular_width - label_width - 2
            self.set_fill_color(*ACCENT)
            self.rect(label_x, bottom - 10, label_width, 4, style="F")
            self.put(label_x, bottom - 10, label_width, 4, label, align="C")
        tiers_width = width - amount_width - unit_width - 3
        if price.tiers and tiers_width > 15:
            self.style(7, "", MUTED)
            tiers = self.ellipsize(" · ".join(price.tiers), tiers_width)
            self.put(x + PADDING, bottom - 4, tiers_width, 4, tiers)


def render(brochure: Brochure) -> bytes:
    pdf = BrochurePDF(brochure)
    pdf.cover()
    pdf.products()
    return bytes(pdf.output())
