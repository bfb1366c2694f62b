"""Serving spaces and their documents; share links in the admin.

Wagtail's page privacy (its `on_serve_page` check) and collection privacy (its
`before_serve_document` check) let in the users of a space's companies. The hooks below run
first and answer what those checks cannot (`showroom.access.space_verdict` and
`document_verdict` decide): they serve the team and prospects holding a valid share link,
refuse a space that is no longer open, show the polite pages for an ended link (410) and for a
logged-in visitor of another company (403: the login page would only send them back), and let
everyone else through to Wagtail's checks (members served, anonymous visitors asked to log in).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import Button
from wagtail.documents.models import document_served
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from core.staff import is_staff
from showroom.access import (
    LINK_ENDED,
    NOT_FOUND,
    RESERVED,
    SERVE,
    document_verdict,
    space_verdict,
)
from showroom.documents import space_document_chooser
from showroom.models import ClientSpacePage, ShareLink, space_for_user
from showroom.sharing import VALID, grant_state, unavailable_response
from storefront.validators import is_ascii_digits

DEFAULT_LINK_DAYS = 30
RESERVED_TEMPLATE = "showroom/space_reserved.html"


def private(response):
    add_never_cache_headers(response)  # max-age=0, no-cache, no-store, must-revalidate, private
    return response


def reserved_response(request):
    """The polite 403 page: nothing of the space asked for, a way to the visitor's own."""
    own_space = space_for_user(request.user)
    context = {"own_space_url": own_space.get_url(request) if own_space else ""}
    return private(TemplateResponse(request, RESERVED_TEMPLATE, context, status=403))


def refusal(request, verdict):
    """The answer to a verdict that serves nothing, or None to let Wagtail's checks answer."""
    if verdict == NOT_FOUND:
        raise Http404
    if verdict == LINK_ENDED:
        return unavailable_response(request)
    if verdict == RESERVED:
        return reserved_response(request)
    return None


# Order 10: after Wagtail's request-method check (order 0); every before_serve_page hook runs
# before its privacy check, which wraps the page's serve().
@hooks.register("before_serve_page", order=10)
def serve_space_before_wagtail_privacy(page, request, serve_args, serve_kwargs):
    if not isinstance(page, ClientSpacePage):
        return None
    verdict = space_verdict(request, page)
    if verdict == SERVE:
        return private(page.serve(request, *serve_args, **serve_kwargs))
    return refusal(request, verdict)


def document_response(document, request):
    """The file itself, with the headers of Wagtail's serve view.

    Read into memory: Wagtail takes only an `HttpResponse` from this hook, not a streaming one;
    documents are capped by WAGTAILDOCS_MAX_UPLOAD_SIZE, and this path serves only the team
    and share-link holders (customers get Wagtail's own streaming response).
    """
    document_served.send(sender=type(document), instance=document, request=request)
    with document.open_file() as file:
        response = HttpResponse(file.read(), content_type=document.content_type)
    response["Content-Disposition"] = document.content_disposition
    response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return private(response)


@hooks.register("before_serve_document", order=-10)
def serve_space_document_before_wagtail_privacy(document, request):
    verdict = document_verdict(request, document)
    if verdict == SERVE:
        return document_response(document, request)
    return refusal(request, verdict)


@hooks.register("page_access_grants")
def team_and_share_links_see_private_pages(request, page):
    # Beyond Wagtail's restrictions (core.privacy), as space_verdict lets them in: the team
    # sees every private page, a share-link holder the space the link opens.
    return is_staff(request.user) or grant_state(request, page.pk) == VALID


# -- Admin -------------------------------------------------------------------------------------


class ShareLinkCreateView(CreateView):
    def get_initial_form_instance(self):
        """The link's author, a default expiry, and the space when coming from its « Partage »
        tab (?space=<id>)."""
        link = ShareLink(
            created_by=self.request.user,
            expires_at=timezone.localtime() + timezone.timedelta(days=DEFAULT_LINK_DAYS),
        )
        space_id = self.request.GET.get("space", "")
        if is_ascii_digits(space_id):
            # `id`, the page's own integer column: a number out of its range finds nothing,
            # where the subclass's `pk` (a one-to-one link) overflows on SQLite.
            link.space = ClientSpacePage.objects.filter(id=space_id).first()
        return link


class CopyLinkColumn(Column):
    """The link's absolute address with a « Copier le lien » button."""

    cell_template_name = "showroom/admin/share_link_cell.html"


class ShareLinkViewSet(SnippetViewSet):
    model = ShareLink
    icon = "link"
    menu_label = "Liens de partage"
    menu_order = 310
    add_to_admin_menu = True
    add_view_class = ShareLinkCreateView
    copy_view_enabled = False  # a copy would carry the same token
    list_display = [
        "label",
        "space",
        "expires_at",
        "status",
        "use_count",
        CopyLinkColumn("get_full_url", label="Adresse à envoyer"),
    ]
    list_filter = ["space"]
    search_fields = ["label"]
    inspect_view_enabled = False

    def get_queryset(self, request):
        return ShareLink.objects.select_related("space")

    def revoke_view(self, request, pk):
        link = get_object_or_404(ShareLink, pk=pk)
        if not self.permission_policy.user_has_permission(request.user, "change"):
            raise PermissionDenied
        if request.method == "POST":
            link.revoke()
            messages.success(request, f"Le lien « {link.label} » est révoqué.")
            return redirect(self.get_url_name("list"))
        return TemplateResponse(
            request,
            "showroom/admin/confirm_revoke.html",
            {"link": link, "index_url": reverse(self.get_url_name("list"))},
        )

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("revoke/<int:pk>/", self.revoke_view, name="revoke")
        ]


share_link_viewset = ShareLinkViewSet()
register_snippet(share_link_viewset)


@hooks.register("insert_global_admin_css")
def share_link_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("showroom/css/admin.css"))


@hooks.register("register_snippet_listing_buttons")
def revoke_button(snippet, user, next_url=None):
    if (
        isinstance(snippet, ShareLink)
        and snippet.is_valid()
        and share_link_viewset.permission_policy.user_has_permission(user, "change")
    ):
        yield Button(
            "Révoquer",
            reverse(share_link_viewset.get_url_name("revoke"), args=[snippet.pk]),
            icon_name="cross",
            priority=30,
        )


@hooks.register("register_admin_viewset")
def register_space_document_chooser():
    return space_document_chooser


@hooks.register("login_redirect_url")
def own_space_after_login(request):
    """A customer logging in without a `next` lands on their company's client space."""
    space = space_for_user(request.user)
    return space.get_url(request) if space else None
