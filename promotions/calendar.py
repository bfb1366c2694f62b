"""The schedule calendar: what starts or ends in the coming weeks, and what conflicts."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import combinations

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page, Revision

from core.catalogue import catalogue
from promotions.models import Offer, PriceLine, PriceList, PromotionPage, in_force_at
from promotions.pricing import window
from promotions.reach import offer_products_filter


@dataclass
class Event:
    when: datetime
    action: str  # "start", "end", "go_live", "expire"
    kind: str
    title: str
    edit_url: str

    @property
    def label(self):
        return {
            "start": "Début",
            "end": "Fin",
            "go_live": "Mise en ligne",
            "expire": "Expiration",
        }[self.action]


@dataclass
class Conflict:
    message: str
    edit_url: str


def _snippet_edit_url(record):
    meta = record._meta
    return reverse(f"wagtailsnippets_{meta.app_label}_{meta.model_name}:edit", args=[record.pk])


def _page_edit_url(page_id):
    return reverse("wagtailadmin_pages:edit", args=[page_id])


def scheduled_records(model, since):
    """Live or Wagtail-scheduled price lists / offers still running at `since`."""
    scheduled_ids = Revision.objects.filter(
        base_content_type__model=model._meta.model_name,
        base_content_type__app_label=model._meta.app_label,
        approved_go_live_at__isnull=False,
    ).values_list("object_id", flat=True)
    return (
        model.objects.filter(Q(live=True) | Q(pk__in=[int(pk) for pk in scheduled_ids]))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=since))
        .filter(Q(expire_at__isnull=True) | Q(expire_at__gt=since))
    )


def events_between(start, end):
    events = []
    for model, kind in ((PriceList, "Liste de prix"), (Offer, "Offre")):
        for record in scheduled_records(model, start):
            begins, finishes = window(record)
            url = _snippet_edit_url(record)
            if start <= begins < end:
                events.append(Event(begins, "start", kind, record.name, url))
            if finishes and start <= finishes < end:
                events.append(Event(finishes, "end", kind, record.name, url))
    going_live = Revision.page_revisions.filter(
        approved_go_live_at__gte=start, approved_go_live_at__lt=end
    ).select_related("base_content_type")
    for revision in going_live:
        page = revision.as_object()
        events.append(
            Event(
                revision.approved_go_live_at,
                "go_live",
                page.get_verbose_name(),
                page.title,
                _page_edit_url(page.pk),
            )
        )
    for page in Page.objects.live().filter(expire_at__gte=start, expire_at__lt=end).specific():
        events.append(
            Event(
                page.expire_at,
                "expire",
                page.get_verbose_name(),
                page.title,
                _page_edit_url(page.pk),
            )
        )
    return sorted(events, key=lambda event: (event.when, event.title))


def by_day(events):
    """[(date, [events])] in Paris time."""
    days = {}
    for event in events:
        days.setdefault(timezone.localtime(event.when).date(), []).append(event)
    return sorted(days.items())


def _overlap(first, second):
    (a_start, a_end), (b_start, b_end) = window(first), window(second)
    return (a_end is None or b_start < a_end) and (b_end is None or a_start < b_end)


def _products(offer):
    return set(
        catalogue()
        .product_model.objects.filter(offer_products_filter([offer]))
        .values_list("pk", "sku")
    )


def conflicts(now=None):
    now = now or timezone.now()
    found = []
    offers = list(scheduled_records(Offer, now))
    targets = {offer.pk: _products(offer) for offer in offers}

    exclusive = [offer for offer in offers if offer.exclusive]
    for first, second in combinations(exclusive, 2):
        shared = targets[first.pk] & targets[second.pk]
        if shared and _overlap(first, second):
            skus = ", ".join(sorted(sku for _, sku in shared)[:5])
            found.append(
                Conflict(
                    f"Deux offres prioritaires se chevauchent : « {first.name} » et "
                    f"« {second.name} » sur {len(shared)} produit(s) ({skus}).",
                    _snippet_edit_url(first),
                )
            )

    lists = list(scheduled_records(PriceList, now))
    for offer in offers:
        moment = max(window(offer)[0], now)
        in_force = [price_list.pk for price_list in lists if in_force_at(price_list, moment)[0]]
        priced = set(
            PriceLine.objects.filter(price_list__in=in_force).values_list("product_id", flat=True)
        )
        unpriced = sorted(sku for pk, sku in targets[offer.pk] if pk not in priced)
        if unpriced:
            found.append(
                Conflict(
                    f"L'offre « {offer.name} » porte sur {len(unpriced)} produit(s) sans prix à "
                    f"sa date de début : {', '.join(unpriced[:5])}.",
                    _snippet_edit_url(offer),
                )
            )

    for page in PromotionPage.objects.live().prefetch_related("offers"):
        for offer in page.offers.all():
            offer_end = window(offer)[1]
            if (
                offer_end
                and offer_end > now
                and (page.expire_at is None or offer_end < page.expire_at)
            ):
                found.append(
                    Conflict(
                        f"La promotion « {page.title} » reste en ligne après la fin de l'offre "
                        f"« {offer.name} » ({timezone.localtime(offer_end):%d/%m/%Y %H:%M}) : "
                        "programmez son expiration.",
                        _page_edit_url(page.pk),
                    )
                )
            elif offer_end and page.expire_at and now < page.expire_at < offer_end:
                # The page's expiry is proposed from its offers' end (promotions/models/
                # pages.py): an offer extended later would lose its page before its end.
                found.append(
                    Conflict(
                        f"La promotion « {page.title} » expire le "
                        f"{timezone.localtime(page.expire_at):%d/%m/%Y %H:%M}, avant la fin "
                        f"de l'offre « {offer.name} » "
                        f"({timezone.localtime(offer_end):%d/%m/%Y %H:%M}) : reportez son "
                        "expiration.",
                        _page_edit_url(page.pk),
                    )
                )
    return found


def calendar(weeks=6, now=None):
    now = now or timezone.now()
    end = now + timedelta(weeks=weeks)
    return {
        "days": by_day(events_between(now, end)),
        "conflicts": conflicts(now),
        "start": now,
        "end": end,
    }
