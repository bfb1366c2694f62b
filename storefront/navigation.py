"""Where a page sits: its breadcrumbs, for category and product pages alike."""

from core.generation import cached_for_generation


def breadcrumbs(page):
    """The live ancestors of a page below the root, read once per content generation."""
    return cached_for_generation(
        f"breadcrumbs:{page.pk}", lambda: list(page.get_ancestors().filter(depth__gt=1).live())
    )
