"""Run by test_requests_move_migration.py in a child process, on a fresh database (DATABASE_URL):
migrates it to storefront 0010, where the requests belonged to storefront, and stores a quote
request with a line, an account request, their content types as Django creates them and a group
allowed to change account requests. Then migrates everything forward (enquiries 0001,
storefront 0011), back to storefront 0010 and forward again, and prints what it saw as JSON."""

import json

import django
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("storefront", "0010_account_request_origin_page"),
    ("contenttypes", "0002_remove_content_type_name"),
    ("auth", "0012_alter_user_first_name_max_length"),
]
BACK = [("storefront", "0010_account_request_origin_page"), ("enquiries", None)]
MODELS = ["quoterequest", "quoterequestline", "accountrequest"]


def migrate(targets=None):
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    executor.loader.build_graph()
    # (app, None) means "unapplied": the state is that of the other targets.
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


def content_types(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    return {ct.model: [ct.app_label, ct.pk] for ct in ContentType.objects.filter(model__in=MODELS)}


def seen_in(apps, app_label):
    QuoteRequest = apps.get_model(app_label, "QuoteRequest")
    AccountRequest = apps.get_model(app_label, "AccountRequest")
    Group = apps.get_model("auth", "Group")
    quote = QuoteRequest.objects.get()
    return {
        "quote": [quote.reference, quote.origin_page_id, quote.customer.username],
        "lines": [[line.sku, line.quantity] for line in quote.lines.all()],
        "account": AccountRequest.objects.values_list("company_name", flat=True).get(),
        "content_types": content_types(apps),
        "group_permissions": sorted(
            f"{p.content_type.app_label}.{p.codename}"
            for p in Group.objects.get(name="Commerciaux").permissions.all()
        ),
    }


def store_requests(apps):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    User = apps.get_model("auth", "User")
    Page = apps.get_model("wagtailcore", "Page")
    QuoteRequest = apps.get_model("storefront", "QuoteRequest")
    QuoteRequestLine = apps.get_model("storefront", "QuoteRequestLine")
    AccountRequest = apps.get_model("storefront", "AccountRequest")
    # Django creates content types and permissions after migrating: made here as it does.
    types = {
        model: ContentType.objects.create(app_label="storefront", model=model) for model in MODELS
    }
    change = Permission.objects.create(
        content_type=types["accountrequest"],
        codename="change_accountrequest",
        name="Can change demande de compte professionnel",
    )
    group = Group.objects.create(name="Commerciaux")
    group.permissions.add(change)
    seller = User.objects.create(username="vendeur", is_active=True)
    seller.groups.add(group)
    customer = User.objects.create(username="acheteur")
    quote = QuoteRequest.objects.create(
        reference="DV-2026-00001",
        company="Brasserie du Port",
        contact_name="Jean Dupont",
        email="jean@brasserie.example",
        customer=customer,
        origin_page=Page.objects.order_by("depth").last(),
    )
    QuoteRequestLine.objects.create(
        request=quote, sku="REF-1", title="Assiette", quantity=12, unit="carton"
    )
    AccountRequest.objects.create(
        company_name="Traiteur Leroy",
        siret="44306184100047",
        address="Lyon",
        contact_name="Marc Leroy",
        email="marc@leroy.example",
        phone="0472112233",
    )


def main():
    django.setup()
    before_apps = migrate(BEFORE)
    store_requests(before_apps)
    before = seen_in(before_apps, "storefront")
    after = seen_in(migrate(), "enquiries")

    # Today's models and permission checks, importable only once django.setup() has run.
    from django.contrib.auth import get_user_model

    from enquiries.models import AccountRequest, QuoteRequest

    seller = get_user_model().objects.get(username="vendeur")
    current = {
        "quote_lines": [line.sku for line in QuoteRequest.objects.get().lines.all()],
        "accounts": AccountRequest.objects.count(),
        "may_change": seller.has_perm("enquiries.change_accountrequest"),
        "may_still_change_as_storefront": seller.has_perm("storefront.change_accountrequest"),
    }
    back = seen_in(migrate(BACK), "storefront")
    again = seen_in(migrate(), "enquiries")
    print(
        json.dumps(
            {"before": before, "after": after, "current": current, "back": back, "again": again}
        )
    )


if __name__ == "__main__":
    main()
