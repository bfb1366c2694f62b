"""Quote and professional account requests, mounted at the site root."""

from django.urls import path

from enquiries import views

urlpatterns = [
    path("devis/", views.quote_request, name="quote_request"),
    path(
        "devis/merci/<str:reference>/",
        views.quote_request_done,
        name="quote_request_done",
    ),
    path("compte-pro/", views.account_request, name="account_request"),
    path("compte-pro/merci/", views.account_request_done, name="account_request_done"),
]
