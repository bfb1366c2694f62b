"""Alt text is typed once, on the image: Wagtail's « description », labelled « Texte
alternatif » in the image form (core/image_forms.py). Every picture that carries meaning
reads it from there, unless the editor wrote other words for one use (a gallery line, an image
block), where the context calls for them."""


def alt_text(image, own_text=""):
    """The alt of `image` where it is used with `own_text`: that text if the editor typed one,
    otherwise the image's description, or its title when nobody described it (never empty).
    A block whose image was deleted has no picture to describe."""
    own_text = (own_text or "").strip()
    if own_text or image is None:
        return own_text
    return image.default_alt_text
