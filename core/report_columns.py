"""Columns shared by the project's admin reports."""

from django.urls import reverse
from wagtail.admin.ui.tables import TitleColumn


def page_to_edit_column(label="Page"):
    """The row's page (`row.page`), its title linking to the page's editor."""
    return TitleColumn(
        "page",
        label=label,
        get_url=lambda row: reverse("wagtailadmin_pages:edit", args=[row.page_id]),
        sort_key="page__title",
    )
