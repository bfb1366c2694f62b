from django.contrib import messages
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import ObjectList
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.snippets.action_menu import ActionMenuItem, PublishMenuItem
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from promotions import boundaries, reach
from promotions.admin_views import ScheduleCalendarView
from promotions.forms import PUBLISH_AT_START, format_decimal
from promotions.models import (
    AudienceWindow,
    DiscountKind,
    Offer,
    PriceList,
    publication_status,
    window_label,
)
from promotions.price_checks import PriceConfirmationPanel, PriceListForm


def status(record):
    return publication_status(record, timezone.now())


def offer_value(offer):
    """« 20 % », « 3,50 € HT »: an offer's value with its unit."""
    # Non-breaking spaces: the unit never wraps away from its number.
    if offer.kind == DiscountKind.PERCENT:
        return f"{offer.value.normalize():f}\u00a0%".replace(".", ",")
    return f"{format_decimal(offer.value)}\u00a0€\u00a0HT"


# What editors read in the listings instead of « Publiée : True » and raw dates.
STATUS_COLUMN = StatusTagColumn(
    "status", label="Statut", accessor=status, primary=lambda record: status(record) == "En cours"
)
PERIOD_COLUMN = Column("period", label="Période (heure de Paris)", accessor=window_label)


class PriceListViewSet(SnippetViewSet):
    model = PriceList
    icon = "table"
    menu_label = "Listes de prix"
    list_display = ["name", "audience", PERIOD_COLUMN, STATUS_COLUMN]
    list_filter = ["audience", "live"]
    search_fields = ["name"]
    # The confirmation of prices far from those in force comes first, where it is seen.
    edit_handler = ObjectList(
        [PriceConfirmationPanel("confirm_prices"), *PriceList.panels],
        base_form_class=PriceListForm,
    )


class OfferViewSet(SnippetViewSet):
    model = Offer
    icon = "tag"
    menu_label = "Offres"
    list_display = [
        "name",
        "kind",
        Column("value", label="Valeur", accessor=offer_value),
        "audience",
        PERIOD_COLUMN,
        STATUS_COLUMN,
    ]
    list_filter = ["audience", "kind", "web_exclusive", "exclusive", "live"]
    search_fields = ["name"]


class PricesGroup(SnippetViewSetGroup):
    menu_label = "Prix et offres"
    menu_icon = "tag"
    menu_order = 250
    items = (PriceListViewSet, OfferViewSet)


register_snippet(PricesGroup)


class PublishAtStartMenuItem(PublishMenuItem):
    """« Publier à la date de début »: Wagtail's publish button, sending its own value so
    the form sets the go-live date to the start of the window (see promotions/forms.py)."""

    label = PUBLISH_AT_START
    icon_name = "date"
    # The plain button, whose value is the label.
    template_name = ActionMenuItem.template_name


@hooks.register("register_snippet_action_menu_item")
def register_publish_at_start(model):
    if issubclass(model, AudienceWindow):
        return PublishAtStartMenuItem(order=35)  # right after « Publier »
    return None


@hooks.register("register_admin_urls")
def register_calendar_url():
    return [path("planning/", ScheduleCalendarView.as_view(), name="promotions_calendar")]


@hooks.register("register_admin_menu_item")
def register_calendar_menu_item():
    return MenuItem("Planning", reverse("promotions_calendar"), icon_name="date", order=240)


@hooks.register("before_edit_page")
def warn_about_scheduled_revision(request, page):
    """Publishing now replaces a page's scheduled revision: say so before it happens."""
    scheduled = page.scheduled_revision
    if scheduled is None:
        return
    when = timezone.localtime(scheduled.approved_go_live_at).strftime("%d/%m/%Y à %H:%M")
    if request.method == "POST" and "action-publish" in request.POST:
        messages.warning(
            request,
            f"Cette page avait une version programmée pour le {when} (heure de Paris) : "
            "la publication immédiate l'a remplacée. Reprogrammez-la si besoin.",
        )
    else:
        messages.warning(
            request,
            f"Une version de cette page est programmée pour le {when} (heure de Paris). "
            "Publier maintenant la remplacera : pour un changement de prix ou d'offre, "
            "utilisez plutôt les listes de prix et les offres, qui ont leurs propres dates.",
        )


@hooks.register("page_cache_query_parameters")
def promotion_query_parameters():
    return reach.QUERY_PARAMETERS


# Cached pages and fragments of an audience stop at the next start or end of its prices and
# offers (core/page_cache.py).
hooks.register("page_cache_boundaries", boundaries.next_change_after)


@hooks.register("direct_route_models")
def promotions_direct_route_models():
    """Routed by URL path in one query (core/serving.py): these pages route their live
    children as Wagtail does."""
    return [
        "promotions.promotionindexpage",
        "promotions.promotionpage",
    ]
