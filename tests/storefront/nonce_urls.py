"""A page with a nonce-carrying inline script, as a template using request.csp_nonce would be."""

from csp.constants import NONCE
from csp.decorators import csp_update
from django.http import HttpResponse
from django.urls import path
from django.utils.html import format_html

from config.urls import urlpatterns as site_urlpatterns


@csp_update({"script-src": NONCE})
def page_with_nonce(request):
    return HttpResponse(
        format_html('<script nonce="{}">let ready = true;</script>', request.csp_nonce)
    )


urlpatterns = [path("avec-nonce/", page_with_nonce), *site_urlpatterns]
