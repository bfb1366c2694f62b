"""What the counters add up to, per day: numbers only, never who did it.

No row holds a visitor's address, cookie, session or account: page views count per page, logins
per company, searches per term (the term as typed, with what it found).
"""

from django.db import models
from wagtail.contrib.search_promotions.models import Query


class Metric(models.TextChoices):
    PAGE_VIEW = "page_view", "Page vue"
    BROCHURE_DOWNLOAD = "brochure_download", "Plaquette téléchargée"
    CUSTOMER_LOGIN = "customer_login", "Connexion client"
    SHARE_LINK_OPEN = "share_link_open", "Lien de partage ouvert"


class DailyCount(models.Model):
    """How many times `metric` happened to one object (page, company, share link) on `day`.

    `object_id` names the page (page views, brochures), the customer company (logins) or the
    share link (opens). It is not a foreign key: a deleted page keeps its history.
    """

    day = models.DateField("Jour")
    metric = models.CharField("Mesure", max_length=32, choices=Metric.choices)
    object_id = models.PositiveBigIntegerField("Objet")
    count = models.PositiveIntegerField("Nombre", default=0)

    class Meta:
        verbose_name = "Compteur journalier"
        verbose_name_plural = "Compteurs journaliers"
        constraints = [
            models.UniqueConstraint(
                fields=["day", "metric", "object_id"], name="analytics_dailycount_unique"
            )
        ]
        indexes = [models.Index(fields=["metric", "day"], name="analytics_metric_day")]
        # The dashboard's own permission: see analytics/wagtail_hooks.py.
        permissions = [("view_dashboard", "Peut consulter le tableau de bord")]

    def __str__(self):
        return f"{self.day} {self.metric} #{self.object_id} : {self.count}"


class SearchResultsDay(models.Model):
    """What a search term found on `day`: Wagtail's `QueryDailyHits` counts the searches, this
    row how many of them found nothing and how many results the last one found."""

    query = models.ForeignKey(
        Query, verbose_name="Recherche", on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField("Jour")
    zero_result_searches = models.PositiveIntegerField("Recherches sans résultat", default=0)
    results = models.PositiveIntegerField("Résultats", default=0)

    class Meta:
        verbose_name = "Résultats de recherche du jour"
        verbose_name_plural = "Résultats de recherche par jour"
        constraints = [
            models.UniqueConstraint(fields=["query", "day"], name="analytics_searchday_unique")
        ]

    def __str__(self):
        return f"{self.day} {self.query} : {self.results}"
