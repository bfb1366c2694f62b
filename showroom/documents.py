"""The document chooser of a space's « Documents » blocks: Wagtail's own, whose upload goes
into the space's private collection whatever the editor picks.

The modal knows the space only through the `space` parameter its widget adds
(`showroom.blocks.SpaceDocumentChooser`); it keeps it on its own links and on the upload form's
address. An upload made before the space's first save (no id yet), or naming a space the editor
may not edit, goes into « Espaces clients » itself: no stranger may download a document there
(`showroom.access.document_verdict`), and saving the space moves it into its own collection
(`showroom.models.adopt_documents`). Uploading from Wagtail's « Documents » menu is unchanged.
"""

from django.utils.functional import cached_property
from wagtail.documents.views.chooser import (
    DocumentChooseResultsView,
    DocumentChooserUploadView,
    DocumentChooserViewSet,
    DocumentChooseView,
)
from wagtail.models import Collection

from showroom.blocks import SPACE_DOCUMENT_CHOOSER
from showroom.models import ClientSpacePage, spaces_collection
from storefront.validators import is_ascii_digits


def upload_collection(request):
    """Where a document uploaded from the space named by `?space=<id>` goes."""
    space_id = request.GET.get("space", "")
    # `id`, the page's own integer column (see ShareLinkCreateView).
    space = (
        ClientSpacePage.objects.filter(id=space_id).first() if is_ascii_digits(space_id) else None
    )
    if space is not None and space.permissions_for_user(request.user).can_edit():
        # Every space has one from its first save (`showroom.models.sync_space_access`).
        return space.own_collection() or spaces_collection()
    return spaces_collection()


class SpaceUploadMixin:
    """The upload form offers no choice of collection: it is the space's."""

    @cached_property
    def upload_collection(self):
        return upload_collection(self.request)

    def can_create(self):
        # An editor who may not add documents there gets no upload tab, and the upload view
        # refuses (403): no upload rather than one elsewhere.
        allowed = self.get_permission_policy().collections_user_has_permission_for(
            self.request.user, "add"
        )
        return allowed.filter(pk=self.upload_collection.pk).exists()

    def get_creation_form(self):
        form = super().get_creation_form()
        # Wagtail's form saves into its only collection when it offers one (and then hides it).
        form.collections = Collection.objects.filter(pk=self.upload_collection.pk)
        form.fields.pop("collection", None)
        return form


class SpaceDocumentChooseView(SpaceUploadMixin, DocumentChooseView):
    pass


class SpaceDocumentChooseResultsView(SpaceUploadMixin, DocumentChooseResultsView):
    pass


class SpaceDocumentUploadView(SpaceUploadMixin, DocumentChooserUploadView):
    pass


class SpaceDocumentChooserViewSet(DocumentChooserViewSet):
    choose_view_class = SpaceDocumentChooseView
    choose_results_view_class = SpaceDocumentChooseResultsView
    create_view_class = SpaceDocumentUploadView
    preserve_url_parameters = ["multiple", "space"]
    # Wagtail's own chooser stays the one of every other document field.
    register_widget = False


space_document_chooser = SpaceDocumentChooserViewSet(
    SPACE_DOCUMENT_CHOOSER, url_prefix="espaces-clients/documents"
)
