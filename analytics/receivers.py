"""Events of the other apps, counted: each one is a cache increment (analytics/counters.py)."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from wagtail.search.utils import normalise_query_string

from analytics.counters import count
from analytics.flush import SEARCH
from analytics.models import Metric
from brochures.views import brochure_downloaded
from showroom.views import share_link_opened
from storefront.models import CustomerMember
from storefront.search import search_performed


@receiver(search_performed)
def search_counted(sender, query, result_count, **kwargs):
    # Normalised as Wagtail's Query stores it: « Huile » and « huile » are one term.
    count(SEARCH, normalise_query_string(query), result_count)


@receiver(brochure_downloaded)
def brochure_counted(sender, page, **kwargs):
    count(Metric.BROCHURE_DOWNLOAD.value, page.pk)


@receiver(share_link_opened)
def share_link_counted(sender, link, **kwargs):
    count(Metric.SHARE_LINK_OPEN.value, link.pk)


@receiver(user_logged_in)
def login_counted(sender, user, **kwargs):
    # Per company, never per person: team accounts and staff belong to none and are not counted.
    company_id = CustomerMember.objects.filter(user=user).values_list("company_id", flat=True)
    company_id = company_id.first()
    if company_id is not None:
        count(Metric.CUSTOMER_LOGIN.value, company_id)
