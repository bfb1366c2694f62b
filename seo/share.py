"""Social sharing: the preview image networks show, and plain share links.

Share links are ordinary links built on the server: no network's script runs on our pages, so
visitors are not tracked by them and pages stay fast.
"""

from dataclasses import dataclass
from html import unescape
from urllib.parse import quote, urlencode

from django.utils.html import strip_tags
from django.utils.text import Truncator
from wagtail.images.models import AbstractImage
from wagtailseo.models import SeoSettings

from seo.structured_data import absolute_media_url

# The size Facebook, LinkedIn and X recommend for large previews (1.91:1). JPEG because every
# network reads it (some still reject WebP); quality 85 keeps a 1200×630 picture far below the
# networks' size limits (1 MB for some).
SHARE_IMAGE_SPEC = "fill-1200x630|format-jpeg|jpegquality-85"

# Page fields, in order of preference, holding an image that illustrates the page when the
# editor chose no preview image: a category's picture, a promotion's banner.
FALLBACK_IMAGE_FIELDS = ("image", "banner")


# Page fields, in order of preference, that describe the page in a sentence or two when the
# editor left the search description empty: a product's short description, an introduction.
FALLBACK_DESCRIPTION_FIELDS = ("short_description", "intro")
DESCRIPTION_LENGTH = 200


def preview_description(page):
    """The description search engines and networks show: wagtail-seo's (the search description)
    or, rather than nothing, the page's own summary as plain text."""
    if page.seo_description:
        return page.seo_description
    for name in FALLBACK_DESCRIPTION_FIELDS:
        value = getattr(page, name, None)
        if isinstance(value, str) and value.strip():
            # Introductions are rich text: the tags go, the entities become characters again
            # (the template escapes them once).
            text = " ".join(unescape(strip_tags(value)).split())
            if text:
                return Truncator(text).chars(DESCRIPTION_LENGTH)
    return ""


@dataclass(frozen=True)
class ShareImage:
    url: str
    width: int
    height: int
    alt: str


def _image_and_alt(page, request, gallery):
    if getattr(page, "og_image_id", None):
        return page.og_image, page.og_image.default_alt_text
    if hasattr(page, "gallery_images"):
        # A product's first gallery picture, with its alt text (core/alt_text.py).
        if gallery is None:
            first = page.gallery_images.select_related("image").first()
        else:
            first = next(iter(gallery), None)
        if first is not None:
            return first.image, first.alt
    for name in FALLBACK_IMAGE_FIELDS:
        image = getattr(page, name, None)
        if isinstance(image, AbstractImage):
            return image, image.default_alt_text
    default = SeoSettings.for_request(request).og_image_default
    if default is not None:
        return default, default.default_alt_text
    return None, ""


def share_image(page, request, gallery=None):
    """The preview picture of a page, as a 1200×630 JPEG rendition (smaller when the original
    is smaller: Wagtail never enlarges), or None. ``gallery`` is a product's gallery when the
    view already loaded it."""
    image, alt = _image_and_alt(page, request, gallery)
    if image is None:
        return None
    try:
        rendition = image.get_rendition(SHARE_IMAGE_SPEC)
    except OSError:  # the original file is missing from storage: no preview rather than a 500
        return None
    return ShareImage(
        url=absolute_media_url(rendition.url, request),
        width=rendition.width,
        height=rendition.height,
        alt=alt,
    )


@dataclass(frozen=True)
class ShareLink:
    network: str
    label: str
    href: str
    new_window: bool = True


def _query(**params):
    # quote (not quote_plus): "%20" is a space everywhere, including mailto: bodies.
    return urlencode(params, quote_via=quote)


def share_links(url, title):
    """Links that share the absolute ``url`` with ``title`` on each network, labelled in French."""
    text = f"{title} {url}"
    body = f"{title}\r\n{url}"
    return [
        ShareLink(
            "linkedin",
            "Partager sur LinkedIn",
            f"https://www.linkedin.com/sharing/share-offsite/?{_query(url=url)}",
        ),
        ShareLink(
            "x", "Partager sur X", f"https://x.com/intent/tweet?{_query(url=url, text=title)}"
        ),
        ShareLink(
            "facebook",
            "Partager sur Facebook",
            f"https://www.facebook.com/sharer/sharer.php?{_query(u=url)}",
        ),
        ShareLink(
            "email",
            "Envoyer par e-mail",
            f"mailto:?{_query(subject=title, body=body)}",
            new_window=False,
        ),
        ShareLink("whatsapp", "Partager sur WhatsApp", f"https://wa.me/?{_query(text=text)}"),
    ]
