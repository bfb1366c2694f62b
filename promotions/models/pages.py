"""The editorial side of offers: the promotions index and one page per promotion."""

from django import forms
from django.db import models
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from core.pages import ExpiredChildrenAreGone, GoneMixin, SeoPage
from core.preview import request_instant
from core.publication import has_expired
from promotions.pricing import current_or_upcoming
from promotions.reach import (
    current_offers,
    promotion_context,
    promotion_state,
    visitor_buyer,
)

from .audience import ENDED, paris, publication_status, window, window_label
from .offers import Offer


class PromotionIndexPage(ExpiredChildrenAreGone, SeoPage):
    intro = RichTextField("Introduction", blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]
    promote_panels = SeoPage.promote_panels
    parent_page_types = ["storefront.HomePage"]
    subpage_types = ["promotions.PromotionPage"]
    gone_child_model = "promotions.PromotionPage"
    max_count = 1

    class Meta:
        verbose_name = "Index des promotions"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["promotions"] = current_promotions(request, self)
        return context


class PresentedOffers(forms.CheckboxSelectMultiple):
    """The offers a promotion may present, each with its window and status (Paris time).

    An offer that has ended is not offered; one already chosen stays, marked « Terminée »,
    so the editor sees it and can untick it.
    """

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        offer = value.instance
        option["status"] = publication_status(offer, timezone.now())
        option["label"] = f"{offer.name} — {window_label(offer)} — {option['status']}"
        return option

    def optgroups(self, name, value, attrs=None):
        return [
            (group, options, index)
            for group, options, index in super().optgroups(name, value, attrs)
            if options[0]["selected"] or options[0]["status"] != ENDED
        ]


def proposed_expiry(offers):
    """When a promotion presenting `offers` should expire: when the last of them ends.

    None when one of them has no end (the page may stay) or there is none.
    """
    ends = [window(offer)[1] for offer in offers]
    if not ends or None in ends:
        return None
    return max(ends)


class PromotionPageForm(WagtailAdminPageForm):
    """Proposes the page's expiry from its offers, so the end date is not typed twice."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        expire_at = self.fields.get("expire_at")
        proposed = proposed_expiry(self.instance.offers.all()) if self.instance.pk else None
        if expire_at is None or proposed is None:
            return
        expire_at.help_text = (
            f"Proposée : le {paris(proposed)} (heure de Paris), fin de la dernière offre "
            "présentée. Après cette date, la page répond « Promotion terminée »."
        )
        if self.instance.expire_at is None and not self.is_bound:
            self.initial["expire_at"] = proposed


class PromotionPage(GoneMixin, SeoPage):
    """One promotion: banner, text, conditions, and the offers it presents."""

    banner = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name="Bannière",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Image large en haut de la page et dans les listes (format 16:9 conseillé).",
    )
    intro = models.TextField(
        "Accroche", max_length=300, blank=True, help_text="Une ou deux phrases, reprises en liste."
    )
    body = RichTextField(
        "Texte", blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )
    conditions = models.TextField(
        "Conditions", blank=True, help_text="Conditions de l'offre (durée, quantités, exclusions)."
    )
    offers = ParentalManyToManyField(
        "promotions.Offer",
        verbose_name="Offres présentées",
        blank=True,
        related_name="pages",
        help_text="La page n'est visible que des visiteurs concernés par au moins une de ces "
        "offres, et seulement pendant qu'elles s'appliquent.",
    )

    content_panels = Page.content_panels + [
        FieldPanel("banner"),
        FieldPanel("intro"),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("offers", widget=PresentedOffers), FieldPanel("conditions")],
            heading="Offres",
        ),
    ]
    promote_panels = SeoPage.promote_panels
    base_form_class = PromotionPageForm
    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["promotions.PromotionIndexPage"]
    subpage_types = []
    gone_template = "promotions/promotion_gone.html"

    class Meta:
        verbose_name = "Promotion"
        verbose_name_plural = "Promotions"

    def state_for(self, request):
        """What this promotion is for the visitor of `request`: "gone" once the page has
        expired or its offers have ended for them (410), "hidden" when they concern them not
        (404), else "current" or "upcoming". The page and its brochure both answer by it."""
        if has_expired(self, request_instant(request)):
            return "gone"
        state = promotion_state(request, self)
        return "gone" if state == "ended" else state

    def gone_context(self, request):
        """Visitors of an ended promotion get the current ones instead."""
        index_page = self.get_parent().specific
        return {"index_page": index_page, "promotions": current_promotions(request, index_page)}

    def serve(self, request, *args, **kwargs):
        state = self.state_for(request)
        if state == "hidden":
            raise Http404
        if state == "gone":
            return self.gone_response(request)
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(promotion_context(request, self))
        return context


def promotion_pages_q(buyer, at, *, upcoming=False):
    """Promotion pages shown to `buyer` at `at`: those without offers, and those with an offer
    for them in force (with `upcoming`, or starting later).

    The bulk form of `promotion_state`. Lists (the index, the feed) show running promotions;
    the sitemap also lists upcoming ones, which their page serves (200) with a notice.
    """
    if upcoming:
        offer_ids = current_or_upcoming(Offer, buyer, at).values("pk")
    else:
        offer_ids = [offer.pk for offer in current_offers(buyer, at)]
    links = PromotionPage.offers.through.objects
    return Q(pk__in=links.filter(offer_id__in=offer_ids).values("promotionpage_id")) | ~Q(
        pk__in=links.values("promotionpage_id")
    )


def current_promotions(request, index_page):
    """Live promotion pages under the index running for this visitor now."""
    return (
        PromotionPage.objects.child_of(index_page)
        .live()
        .public()
        .filter(promotion_pages_q(visitor_buyer(request), request_instant(request)))
        .select_related("banner")
        .order_by("-first_published_at")
    )


def offers_with_pages(request, limit):
    """[(offer, promotion page or None)] running now for this visitor, ending soonest first."""
    offers = current_offers(visitor_buyer(request), request_instant(request))
    offers.sort(key=lambda offer: (window(offer)[1] is None, window(offer)[1], offer.pk))
    offers = offers[:limit]
    pages = {}
    for page in (
        PromotionPage.objects.live()
        .public()
        .filter(offers__in=[o.pk for o in offers])
        .annotate(offer_id=F("offers__pk"))
        .order_by("pk")
    ):
        pages.setdefault(page.offer_id, page)
    return [(offer, pages.get(offer.pk)) for offer in offers]
