"""The content generation, kept in the database: `storefront.generation` explains why."""

from django.db import models


class ContentGeneration(models.Model):
    """A single row: the generation of published content, changed by every purge."""

    ROW = 1

    value = models.BigIntegerField()

    class Meta:
        verbose_name = "Génération du contenu publié"
        verbose_name_plural = "Générations du contenu publié"

    def __str__(self):
        return str(self.value)
