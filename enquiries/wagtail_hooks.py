from django.http import HttpResponsePermanentRedirect
from django.urls import re_path, reverse
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from enquiries import views
from enquiries.admin import AccountRequestViewSet, QuoteRequestViewSet


class RequestsGroup(SnippetViewSetGroup):
    menu_label = "Demandes"
    menu_icon = "mail"
    menu_order = 310
    items = (QuoteRequestViewSet, AccountRequestViewSet)


register_snippet(RequestsGroup)


@hooks.register("page_cache_query_parameters")
def enquiries_query_parameters():
    return views.QUERY_PARAMETERS


def moved_from_storefront(request, model_name, rest):
    """The same admin page under the app the requests now belong to."""
    url = reverse(f"wagtailsnippets_enquiries_{model_name}:list") + rest
    query = request.META.get("QUERY_STRING", "")
    return HttpResponsePermanentRedirect(f"{url}?{query}" if query else url)


@hooks.register("register_admin_urls")
def register_moved_request_urls():
    # The requests' snippets lived in storefront until issue 15: e-mails already sent to the
    # sales team link to their old addresses (enquiries/mail.py writes the new ones).
    return [
        re_path(
            r"^snippets/storefront/(?P<model_name>quoterequest|accountrequest)/(?P<rest>.*)$",
            moved_from_storefront,
            name="enquiries_moved_from_storefront",
        )
    ]
