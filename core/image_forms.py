"""The image form of the admin (WAGTAILIMAGES_IMAGE_FORM_BASE): the description is where the
alt text is typed, once for every use of the image (core/alt_text.py)."""

from wagtail.images.forms import BaseImageForm


class ImageForm(BaseImageForm):
    class Meta(BaseImageForm.Meta):
        # Still optional: the multiple upload creates images from their file alone, and an
        # image left undescribed is announced by its title.
        labels = {"description": "Texte alternatif (description de l'image)"}
        help_texts = {
            "description": "Ce que l'image montre, pour qui ne la voit pas (lecteurs d'écran, "
            "moteurs de recherche) : repris partout où l'image apparaît, sauf là où un texte "
            "propre à l'emplacement a été saisi. Laissé vide, le titre de l'image le remplace."
        }
