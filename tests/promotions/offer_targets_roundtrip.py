"""Run by test_offer_targets_migration.py in a child process, on a copy of the test database
(DATABASE_URL): takes promotions back before migration 0007, where offers held their targets
in many-to-many fields, schedules a revision in that old shape, migrates forward, then
publishes the revision with today's code. Prints what it saw as JSON."""

import json
from datetime import timedelta

import django
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = ("promotions", "0006_promotionindexpage_noindex_promotionpage_noindex")
AFTER = ("promotions", "0007_offer_targets_as_chooser_rows")


def migrate(target):
    executor = MigrationExecutor(connection)
    executor.migrate([target])
    executor.loader.build_graph()
    return executor.loader.project_state(target).apps


def targets_now(apps):
    Offer = apps.get_model("promotions", "Offer")
    return {
        offer.name: [
            sorted(offer.products.values_list("pk", flat=True)),
            sorted(offer.categories.values_list("pk", flat=True)),
            sorted(offer.brands.values_list("pk", flat=True)),
        ]
        for offer in Offer.objects.all()
    }


def main():
    django.setup()
    old = migrate(BEFORE)
    before = targets_now(old)
    Offer = old.get_model("promotions", "Offer")
    Revision = old.get_model("wagtailcore", "Revision")
    ProductPage = old.get_model("storefront", "ProductPage")
    offer = Offer.objects.filter(products__isnull=False).distinct().order_by("pk").first()
    chosen = ProductPage.objects.exclude(pk__in=offer.products.all()).order_by("pk").first()
    revision = Revision.objects.filter(object_id=str(offer.pk)).order_by("-pk").first()
    content = dict(revision.content, products=[chosen.pk], categories=[], brands=[])
    scheduled = Revision.objects.create(
        content_type_id=revision.content_type_id,
        base_content_type_id=revision.base_content_type_id,
        object_id=revision.object_id,
        created_at=timezone.now(),
        content=content,
        object_str=revision.object_str,
        # Due while the site was being migrated: the scheduler publishes it after.
        approved_go_live_at=timezone.now() - timedelta(minutes=1),
    )

    migrate(AFTER)
    # Today's models, importable only once django.setup() has run.
    from promotions.models import Offer as CurrentOffer

    after = {
        current.name: [
            sorted(current.target_products.values_list("product_id", flat=True)),
            sorted(current.target_categories.values_list("category_id", flat=True)),
            sorted(current.target_brands.values_list("brand_id", flat=True)),
        ]
        for current in CurrentOffer.objects.all()
    }
    call_command("publish_scheduled")
    published = CurrentOffer.objects.get(pk=offer.pk)
    print(
        json.dumps(
            {
                "before": before,
                "after": after,
                "chosen": chosen.pk,
                "published_products": list(
                    published.target_products.values_list("product_id", flat=True)
                ),
                "published_categories": published.target_categories.count(),
                "live_revision": published.live_revision_id == scheduled.pk,
            }
        )
    )


if __name__ == "__main__":
    main()
