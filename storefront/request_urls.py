"""Quote and professional account requests, mounted at the site root."""

from django.urls import path

from storefront import request_views

urlpatterns = [
    path("devis/", request_views.quote_request, name="quote_request"),
    path(
        "devis/merci/<str:reference>/",
        request_views.quote_request_done,
        name="quote_request_done",
    ),
    path("compte-pro/", request_views.account_request, name="account_request"),
    path("compte-pro/merci/", request_views.account_request_done, name="account_request_done"),
]
