"""The quote and account requests now belong to enquiries (its 0001_initial, which keeps their
tables): removed from storefront's state only, the tables and their rows stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("storefront", "0010_account_request_origin_page"),
        ("enquiries", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="QuoteRequestLine"),
                migrations.DeleteModel(name="QuoteRequest"),
                migrations.DeleteModel(name="AccountRequest"),
            ],
            database_operations=[],
        ),
    ]
