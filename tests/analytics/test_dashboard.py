"""Rapports → « Tableau de bord »: the figures of a known set of counts, their export, and who
may see them."""

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from analytics.models import DailyCount, Metric, SearchResultsDay
from enquiries.models import AccountRequest, QuoteRequest
from promotions.models import PromotionIndexPage, PromotionPage
from storefront.models import CustomerCompany
from tests.conftest import make_product

pytestmark = pytest.mark.django_db

URL = "/admin/reports/tableau-de-bord/"
TODAY = timezone.localdate


def days_ago(n):
    return TODAY() - timedelta(days=n)


def views(page, day, count):
    DailyCount.objects.create(day=day, metric=Metric.PAGE_VIEW, object_id=page.pk, count=count)


def quote(origin=None, customer=None, days=0):
    request = QuoteRequest.objects.create(
        company="Bistrot",
        contact_name="Léa",
        email="lea@example.com",
        origin_page=origin,
        customer=customer,
    )
    QuoteRequest.objects.filter(pk=request.pk).update(
        created_at=timezone.now() - timedelta(days=days)
    )


@pytest.fixture
def known_counts(category):
    """Over the last 7 days: 5 views of the product and 2 of the category today, 8 of the
    promotion 2 days ago; in the 7 days before: 4 views of the product. Searches, logins and
    quote requests as named below."""
    QuoteRequest.objects.all().delete()
    AccountRequest.objects.all().delete()
    product = make_product(category, 1, title="Plateau inox")
    promotion = PromotionPage(title="Promo plateaux", intro="Accroche")
    PromotionIndexPage.objects.get().add_child(instance=promotion)
    views(product, TODAY(), 5)
    views(category, TODAY(), 2)
    views(promotion, days_ago(2), 8)
    views(product, days_ago(8), 4)
    views(product, days_ago(20), 100)  # in the 30-day period only

    huile = Query.get("huile")
    QueryDailyHits.objects.create(query=huile, date=TODAY(), hits=6)
    SearchResultsDay.objects.create(query=huile, day=TODAY(), results=12)
    nothing = Query.get("plateau titane")
    QueryDailyHits.objects.create(query=nothing, date=days_ago(1), hits=3)
    SearchResultsDay.objects.create(query=nothing, day=days_ago(1), zero_result_searches=3)

    dupont = CustomerCompany.objects.get(customer_number="C-000123")
    DailyCount.objects.create(
        day=TODAY(), metric=Metric.CUSTOMER_LOGIN, object_id=dupont.pk, count=4
    )
    client_user = get_user_model().objects.get(username="client")
    quote(origin=promotion, customer=client_user)
    quote(origin=promotion, days=1)
    quote(origin=product, days=9)  # previous period
    return {"product": product, "promotion": promotion, "dupont": dupont, "nothing": nothing}


def as_editor(client):
    client.login(username="editeur", password="editeur-demo")
    return client


def test_the_dashboard_shows_the_figures_of_the_period(client, known_counts):
    response = as_editor(client).get(URL, {"periode": 7})
    assert response.status_code == 200
    headlines = {
        figure.label: (figure.value, figure.previous) for figure in response.context["headlines"]
    }
    assert headlines["Pages vues"] == (15, 4)
    assert headlines["Recherches"] == (9, 0)
    assert headlines["Recherches sans résultat"] == (3, 0)
    assert headlines["Demandes de devis"] == (2, 1)
    assert headlines["Connexions clients"] == (4, 0)
    html = response.content.decode()
    assert "+275 %" in html  # 15 page views against 4
    assert [(f.label, f.value, f.previous) for f in response.context["top_products"]] == [
        ("Plateau inox", 5, 4)
    ]
    assert [(f.label, f.value) for f in response.context["top_categories"]] == [
        (known_counts["product"].get_parent().title, 2)
    ]
    promotion = response.context["promotions"][0]
    assert (promotion.label, promotion.value, promotion.quotes, promotion.rate) == (
        "Promo plateaux",
        8,
        2,
        25.0,
    )
    company = response.context["companies"][0]
    assert (company.label, company.value, company.quotes) == ("Restaurant Dupont", 4, 1)
    # The chart: one bar per day, today's the tallest.
    assert html.count('class="analytics-chart__bar"') == 7
    assert "Promo plateaux" in html and "Plateau inox" in html


def test_a_longer_period_adds_up_more_days(client, known_counts):
    response = as_editor(client).get(URL, {"periode": 30})
    headlines = {f.label: f.value for f in response.context["headlines"]}
    assert headlines["Pages vues"] == 119
    assert response.content.decode().count('class="analytics-chart__bar"') == 30


def test_a_zero_result_term_opens_its_search_promotion_form_in_one_click(client, known_counts):
    response = as_editor(client).get(URL, {"periode": 7})
    edit_url = reverse("wagtailsearchpromotions:edit", args=[known_counts["nothing"].pk])
    assert f'href="{edit_url}"' in response.content.decode()
    form = client.get(edit_url)
    assert form.status_code == 200
    assert 'value="plateau titane"' in form.content.decode()


def test_the_export_writes_every_figure(client, known_counts):
    response = as_editor(client).get(URL, {"periode": 7, "export": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "Rubrique",
        "Libellé",
        "Période",
        "Période précédente",
        "Demandes de devis",
        "Demandes pour 100 vues",
    ]
    assert ["Indicateurs", "Pages vues", "15", "4", "", ""] in rows
    assert ["Produits les plus vus", "Plateau inox", "5", "4", "", ""] in rows
    assert ["Recherches sans résultat", "plateau titane", "3", "", "", ""] in rows
    assert [
        "Promotions : vues et demandes de devis",
        "Promo plateaux",
        "8",
        "",
        "2",
        "25.0",
    ] in rows

    xlsx = client.get(URL, {"periode": 7, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert ("Indicateurs", "Pages vues", 15, 4, None, None) in list(sheet.values)


def test_a_term_that_reads_as_a_formula_is_exported_as_text(client, known_counts):
    term = Query.get("=cmd")
    SearchResultsDay.objects.create(query=term, day=TODAY(), zero_result_searches=1)
    response = as_editor(client).get(URL, {"periode": 7, "export": "csv"})
    assert "'=cmd" in b"".join(response.streaming_content).decode()


def test_the_home_screen_shows_the_last_seven_days_to_editors(client, known_counts):
    html = as_editor(client).get(reverse("wagtailadmin_home")).content.decode()
    assert "Fréquentation : 7 derniers jours" in html
    assert f"{URL}?periode=7" in html


def staff_without_the_dashboard():
    user = get_user_model().objects.create_user("redacteur", password="secret-pass-1")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_without_the_permission_the_dashboard_is_refused_and_hidden(client, known_counts):
    client.force_login(staff_without_the_dashboard())
    # Wagtail's answer to a refused admin page: back to the admin's home, with a message (and a
    # bare 403 to a script).
    for params in ({}, {"export": "csv"}):
        refused = client.get(URL, params)
        assert (refused.status_code, refused["Location"]) == (302, reverse("wagtailadmin_home"))
    assert client.get(URL, headers={"X-Requested-With": "XMLHttpRequest"}).status_code == 403
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "Fréquentation" not in home and URL not in home


def test_wagtails_editors_group_is_given_the_dashboard(client, known_counts):
    user = staff_without_the_dashboard()
    user.groups.add(Group.objects.get(name="Rédacteurs"))
    client.force_login(user)
    assert client.get(URL).status_code == 200


def test_account_requests_are_listed_by_the_page_they_came_from(client, known_counts):
    promotion = known_counts["promotion"]
    for origin in (promotion, promotion, None):
        AccountRequest.objects.create(
            company_name="Société",
            siret="55210055400013",
            address="1 rue du Port",
            contact_name="Anne",
            email="anne@example.com",
            phone="0299000000",
            origin_page=origin,
        )
    response = as_editor(client).get(URL, {"periode": 7})
    assert [(f.label, f.value) for f in response.context["account_origins"]] == [
        ("Promo plateaux", 2),
        ("Sans page d'origine", 1),
    ]
    assert "Demandes de compte par page d" in response.content.decode()
