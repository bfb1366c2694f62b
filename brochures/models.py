"""How often each brochure is downloaded (for the KPIs of the web team)."""

from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import capfirst


class BrochureDownload(models.Model):
    """One row per page a brochure is generated from, counting downloads."""

    page = models.OneToOneField(
        "wagtailcore.Page",
        verbose_name="Page",
        on_delete=models.CASCADE,
        related_name="brochure_downloads",
    )
    count = models.PositiveIntegerField("Téléchargements", default=0)
    last_downloaded_at = models.DateTimeField("Dernier téléchargement", null=True, blank=True)

    class Meta:
        # One row per page whose brochure was downloaded: Wagtail's listings count rows with
        # these names (« 1 plaquette téléchargée », « 2 plaquettes téléchargées »).
        verbose_name = "plaquette téléchargée"
        verbose_name_plural = "plaquettes téléchargées"
        ordering = ["-count", "page_id"]

    def __str__(self):
        return f"{self.page} : {self.count}"

    @property
    def page_type(self):
        model = self.page.specific_class
        return capfirst(model._meta.verbose_name) if model else ""


def count_download(page, at=None):
    """Add one download for `page`, without losing any when two visitors download at once."""
    at = at or timezone.now()
    counter = BrochureDownload.objects.filter(page=page)
    if counter.update(count=F("count") + 1, last_downloaded_at=at):
        return
    try:
        with transaction.atomic():
            BrochureDownload.objects.create(page=page, count=1, last_downloaded_at=at)
    except IntegrityError:  # another request created the row in between
        counter.update(count=F("count") + 1, last_downloaded_at=at)
