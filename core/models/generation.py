"""The content generation, kept in the database: `core/generation.py` explains why."""

from django.db import models


class ContentGeneration(models.Model):
    """A single row: the generation of published content, changed by every purge."""

    ROW = 1

    value = models.BigIntegerField()

    class Meta:
        verbose_name = "Génération du contenu publié"
        verbose_name_plural = "Générations du contenu publié"
        # Created by the storefront app (storefront/migrations/0008_content_generation.py),
        # moved here without touching the table (core/migrations/0001_initial.py).
        db_table = "storefront_contentgeneration"

    def __str__(self):
        return str(self.value)
