"""Admin panels: where a space's documents go, its « Partage » tab, the address of a share link."""

from django.urls import reverse
from wagtail.admin.panels import Panel

# The element the space's document choosers read the space's id from (see showroom.blocks).
SPACE_ID_ELEMENT = "client-space-id"


class SpaceDocumentsPanel(Panel):
    """Tells the editor where the documents uploaded from the space go, and holds the space's
    id for the document chooser (an input outside every form field, never submitted)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "showroom/admin/space_documents_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["element_id"] = SPACE_ID_ELEMENT
            context["space_id"] = self.instance.pk or ""
            context["collection"] = self.instance.own_collection()
            return context


class ShareLinksPanel(Panel):
    """The share links of the space being edited, with a button to create one for it."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "showroom/admin/share_links_panel.html"

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            space = self.instance
            context["links"] = list(space.share_links.all()) if space.pk else []
            context["add_url"] = (
                reverse("wagtailsnippets_showroom_sharelink:add") + f"?space={space.pk}"
                if space.pk
                else None
            )
            return context


class ShareLinkAddressPanel(Panel):
    """The full address to copy and the state of an existing link."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "showroom/admin/share_link_address_panel.html"

        def is_shown(self):
            return self.instance.pk is not None

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["link"] = self.instance
            if self.instance.is_valid():
                context["revoke_url"] = reverse(
                    "wagtailsnippets_showroom_sharelink:revoke", args=[self.instance.pk]
                )
            return context
