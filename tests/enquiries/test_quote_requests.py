import pytest
from django.core import mail
from django.urls import reverse

from enquiries.lines import check_lines
from enquiries.models import QuoteRequest
from storefront.models import Availability
from tests.conftest import make_product

pytestmark = pytest.mark.django_db

URL = "/devis/"
CONTACT = {
    "company": "Brasserie du Port",
    "contact_name": "Léa Morel",
    "email": "lea@brasserie-du-port.example",
    "phone": "04 91 00 00 00",
    "message": "Livraison à Marseille.",
}


@pytest.fixture
def products(category):
    return {
        "plates": make_product(
            category, 1, title="Assiette plate", min_order_quantity=6, order_multiple=6
        ),
        "glasses": make_product(category, 2, title="Verre à pied", unit_of_sale="carton"),
        "knives": make_product(category, 3, title="Couteau", min_order_quantity=10),
    }


def quote_data(lines, **contact):
    data = {
        "lignes-TOTAL_FORMS": str(len(lines)),
        "lignes-INITIAL_FORMS": "0",
        "lignes-MIN_NUM_FORMS": "0",
        "lignes-MAX_NUM_FORMS": "50",
        **CONTACT,
        **contact,
    }
    for index, (sku, quantity) in enumerate(lines):
        data[f"lignes-{index}-sku"] = sku
        data[f"lignes-{index}-quantity"] = str(quantity)
    return data


def post_quote(client, lines, remote_addr="192.0.2.10", **contact):
    return client.post(URL, quote_data(lines, **contact), REMOTE_ADDR=remote_addr)


def test_valid_request_is_stored_mailed_and_acknowledged(client, products):
    response = post_quote(client, [("test-00001", 12), ("TEST-00002", 3), ("", "")])

    quote = QuoteRequest.objects.get(email=CONTACT["email"])
    assert response.status_code == 302
    assert response.url == reverse("quote_request_done", args=[quote.reference])
    assert quote.status == QuoteRequest.Status.NEW
    assert quote.customer is None
    assert [(line.sku, line.title, line.quantity, line.unit) for line in quote.lines.all()] == [
        ("TEST-00001", "Assiette plate", 12, "pièce"),
        ("TEST-00002", "Verre à pied", 3, "carton"),
    ]

    sales, acknowledgement = mail.outbox
    assert sales.to == ["commercial@storefront.example"]
    assert sales.reply_to == [CONTACT["email"]]
    assert quote.reference in sales.subject
    assert "TEST-00001 – Assiette plate : 12 pièce" in sales.body
    assert f"http://testserver/admin/snippets/enquiries/quoterequest/edit/{quote.pk}/" in (
        sales.body
    )
    assert acknowledgement.to == [CONTACT["email"]]
    assert quote.reference in acknowledgement.body
    # Free text typed by an unverified visitor is never echoed to the address they typed.
    assert "Brasserie du Port" not in acknowledgement.body
    assert "Livraison à Marseille" not in acknowledgement.body

    page = client.get(response.url)
    assert page.status_code == 200
    assert quote.reference in page.content.decode()
    assert "Verre à pied" in page.content.decode()


def test_acknowledgement_page_is_only_for_the_session_that_sent_it(client, products):
    response = post_quote(client, [("TEST-00002", 1)])
    client.cookies.clear()
    assert client.get(response.url).status_code == 404


@pytest.mark.parametrize(
    "lines, message",
    [
        ([("NOPE-1", 1)], "La référence NOPE-1 n&#x27;existe pas dans notre catalogue"),
        ([("TEST-00003", 4)], "Minimum de commande pour la référence TEST-00003 : 10."),
        ([("TEST-00001", 14)], "La référence TEST-00001 se vend par multiples de 6 : 12 ou 18 ?"),
        ([("", "")], "Ajoutez au moins une référence à votre demande."),
        ([("TEST-00002", "")], "Indiquez une quantité pour la référence TEST-00002."),
    ],
)
def test_invalid_lines_are_refused_with_a_clear_message(client, products, lines, message):
    response = post_quote(client, lines)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not QuoteRequest.objects.filter(email=CONTACT["email"]).exists()
    assert mail.outbox == []


def test_discontinued_reference_suggests_its_replacement(category, products):
    old = make_product(
        category,
        4,
        title="Ancienne assiette",
        availability=Availability.DISCONTINUED,
        replacement=products["plates"],
    )
    _, problems = check_lines([(0, old.sku, 6)])
    assert [problem.message for problem in problems] == [
        "La référence TEST-00004 n'est plus commercialisée ; elle est remplacée par la "
        "référence TEST-00001 (Assiette plate)."
    ]


def test_duplicate_references_are_merged_then_checked(products):
    rows = [(0, "TEST-00001", 6), (1, "TEST-00002", 1), (2, "TEST-00001", 6)]
    lines, problems = check_lines(rows)
    assert problems == []
    assert [(line.product.sku, line.quantity) for line in lines] == [
        ("TEST-00001", 12),
        ("TEST-00002", 1),
    ]

    _, problems = check_lines([(0, "TEST-00001", 6), (1, "TEST-00001", 1)])
    assert problems[0].row == 0
    assert "multiples de 6 : 6 ou 12 ?" in problems[0].message


def test_unpublished_product_is_unknown(products):
    products["glasses"].unpublish()
    _, problems = check_lines([(0, "TEST-00002", 1)])
    assert "n'existe pas" in problems[0].message


def test_filled_honeypot_is_rejected_without_storing_or_mailing(client, products):
    response = post_quote(client, [("TEST-00002", 1)], site_web="http://spam.example")

    assert response.status_code == 200
    assert "Votre demande n&#x27;a pas pu être envoyée" in response.content.decode()
    assert not QuoteRequest.objects.filter(email=CONTACT["email"]).exists()
    assert mail.outbox == []


def test_html_is_stored_as_plain_text(client, products):
    post_quote(
        client,
        [("TEST-00002", 1)],
        company="<b>Brasserie</b> du Port",
        message='<p>Bonjour</p>\n<a href="http://x.example">cliquez</a><script>x()</script>',
    )
    quote = QuoteRequest.objects.get(email=CONTACT["email"])
    assert quote.company == "Brasserie du Port"
    assert "<" not in quote.message and ">" not in quote.message
    assert quote.message.startswith("Bonjour\ncliquez")


def test_logged_in_customer_finds_their_details_and_is_linked(client, products):
    client.login(username="client", password="client-demo")
    page = client.get(URL).content.decode()
    assert 'value="Restaurant Dupont"' in page
    assert 'value="achats@restaurant-dupont.example"' in page
    assert 'value="Jean Dupont"' in page

    post_quote(client, [("TEST-00002", 1)], email="achats@restaurant-dupont.example")
    quote = QuoteRequest.objects.filter(email="achats@restaurant-dupont.example").latest("pk")
    assert quote.customer.username == "client"


def test_prefill_from_product_link_and_origin_recorded(client, products):
    plates = products["plates"]
    product_page = client.get(plates.url).content.decode()
    link = f"/devis/?ref={plates.sku}&amp;from={plates.pk}"
    assert link in product_page
    assert "Demander un devis" in product_page

    response = client.get(f"/devis/?ref={plates.sku}&ref=test-00002&qty=&qty=4&from={plates.pk}")
    page = response.content.decode()
    assert 'name="lignes-0-sku" value="TEST-00001"' in page
    # Without a quantity, the smallest valid one (minimum 6, by 6).
    assert 'name="lignes-0-quantity" value="6"' in page
    assert 'name="lignes-1-sku" value="TEST-00002"' in page
    assert 'name="lignes-1-quantity" value="4"' in page
    assert "Assiette plate" in page
    assert f'name="origin" value="{plates.pk}"' in page
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]

    post_quote(client, [("TEST-00002", 1)], origin=str(plates.pk))
    assert QuoteRequest.objects.get(email=CONTACT["email"]).origin_page_id == plates.pk


def test_origin_page_not_visible_is_not_recorded(client, products):
    hidden = products["knives"]
    hidden.unpublish()
    post_quote(client, [("TEST-00002", 1)], origin=str(hidden.pk))
    assert QuoteRequest.objects.get(email=CONTACT["email"]).origin_page is None


def test_add_lines_keeps_what_was_typed(client, products):
    data = quote_data([("TEST-00002", 3)] + [("", "")] * 4)
    data["ajouter_lignes"] = "1"
    response = client.post(URL, data)
    page = response.content.decode()

    assert response.status_code == 200
    assert 'name="lignes-TOTAL_FORMS" value="10"' in page
    assert 'name="lignes-0-sku" value="TEST-00002"' in page
    assert 'value="Brasserie du Port"' in page
    assert "form__error" not in page
    assert not QuoteRequest.objects.filter(email=CONTACT["email"]).exists()


def test_rate_limit_per_address(client, products, settings):
    settings.REQUEST_RATE_LIMITS = {"quote_request": (2, 600)}
    for _ in range(2):
        assert post_quote(client, [("TEST-00002", 1)]).status_code == 302
    mail.outbox.clear()

    response = post_quote(client, [("TEST-00002", 1)], company="Troisième société")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Trop de demandes envoyées" in page
    assert 'value="Troisième société"' in page  # nothing typed is lost
    assert "no-store" in response["Cache-Control"]
    assert QuoteRequest.objects.filter(email=CONTACT["email"]).count() == 2
    assert mail.outbox == []

    assert post_quote(client, [("TEST-00002", 1)], remote_addr="198.51.100.7").status_code == 302


def test_editor_lists_filters_and_exports_quote_requests(client):
    client.login(username="editeur", password="editeur-demo")
    new = QuoteRequest.objects.get(customer__username="client")
    answered = QuoteRequest.objects.get(status=QuoteRequest.Status.ANSWERED)
    listing_url = "/admin/snippets/enquiries/quoterequest/"

    page = client.get(listing_url).content.decode()
    assert new.reference in page and answered.reference in page

    page = client.get(listing_url, {"status": "answered"}).content.decode()
    assert answered.reference in page and new.reference not in page

    export = client.get(listing_url, {"export": "csv"})
    assert export.status_code == 200
    csv_text = b"".join(export.streaming_content).decode()
    assert csv_text.splitlines()[0].startswith("Référence,Reçue le,Statut,Société")
    assert f"{new.reference}," in csv_text and "Nouvelle" in csv_text

    xlsx = client.get(listing_url, {"export": "xlsx"})
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")

    # Requests come from the public form only: no « add » for staff.
    assert client.get(listing_url + "add/").status_code in (302, 403)


def test_editor_changes_status_and_notes(client):
    client.login(username="editeur", password="editeur-demo")
    quote = QuoteRequest.objects.get(customer__username="client")
    url = f"/admin/snippets/enquiries/quoterequest/edit/{quote.pk}/"
    page = client.get(url).content.decode()
    assert quote.lines.first().title in page

    response = client.post(url, {"status": "in_progress", "staff_notes": "Rappelé le client."})
    assert response.status_code == 302
    quote.refresh_from_db()
    assert quote.status == QuoteRequest.Status.IN_PROGRESS
    assert quote.staff_notes == "Rappelé le client."
    assert quote.lines.count() == 3


def test_customer_cannot_open_quote_requests_admin(client):
    client.login(username="client", password="client-demo")
    response = client.get("/admin/snippets/enquiries/quoterequest/")
    assert response.status_code in (302, 403)
