"""Demo pictures drawn with Pillow, so the demo never downloads anything."""

import io
import unicodedata
import zlib

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont, ImageOps
from wagtail.images import get_image_model
from wagtail.models import Collection

DEMO_COLLECTION = "Démo"


def demo_collection():
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name=DEMO_COLLECTION).first()
    return existing or root.add_child(name=DEMO_COLLECTION)


def _palette(seed_text):
    # A stable colour per title, so re-running the demo draws the same picture.
    seed = zlib.crc32(seed_text.encode())
    return ((seed >> 16) % 160 + 40, (seed >> 8) % 160 + 40, seed % 160 + 40)


def draw_picture(label, size=(1200, 800), *, lettered=True):
    """JPEG bytes: a diagonal gradient in a colour derived from the label, with the label on it
    unless `lettered` is false (a picture that a page writes its own text over)."""
    colour = _palette(label)
    lighter = tuple(channel + (255 - channel) // 2 for channel in colour)
    gradient = PILImage.linear_gradient("L").rotate(45, expand=True).resize(size)
    picture = ImageOps.colorize(gradient, black=colour, white=lighter)
    if lettered:
        _write_label(picture, label)
    buffer = io.BytesIO()
    picture.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def _write_label(picture, label):
    width, height = picture.size
    draw = ImageDraw.Draw(picture)
    # Pillow's built-in font has no accented letters: draw the label without accents.
    label = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode()
    font = ImageFont.load_default(size=max(24, width // 18))
    box = draw.textbbox((0, 0), label, font=font)
    position = ((width - (box[2] - box[0])) / 2, (height - (box[3] - box[1])) / 2)
    draw.text(position, label, fill=(255, 255, 255), font=font)


def demo_image(title, size=(1200, 800), collection=None, *, lettered=True, description=""):
    """The Wagtail image with this title, drawn and saved on first use; `description` is its
    alt text."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    filename = f"{zlib.crc32(title.encode()):08x}.jpg"
    image = Image(title=title, description=description, collection=collection or demo_collection())
    picture = draw_picture(title, size, lettered=lettered)
    image.file = ImageFile(io.BytesIO(picture), name=filename)
    image.save()
    return image
