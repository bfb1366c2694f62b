from django.apps import AppConfig


class EnquiriesConfig(AppConfig):
    """Quote and professional account requests: the public forms and their follow-up."""

    name = "enquiries"
    verbose_name = "Demandes"
