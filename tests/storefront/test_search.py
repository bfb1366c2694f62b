"""Site search: exact references first, full text, privacy, facets, promotions, robustness."""

import re
from datetime import timedelta

import pytest
from django.db import DatabaseError, connection
from django.utils import timezone
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import PageViewRestriction
from wagtail.query import PageQuerySet

from core.scheduler import run_once
from promotions.models import PriceDisplay
from storefront.models import Availability, Brand, CategoryPage, ProductAttribute, ProductPage
from storefront.search import clean_query, full_text_terms, gtin_spellings
from storefront.validators import gtin_check_digit
from tests.conftest import make_price_list, make_product

pytestmark = pytest.mark.django_db

EURO_AMOUNT = re.compile(r"\d+,\d\d\s?€")
# A word the demo catalogue does not contain, so the tests count only what they create.
WORD = "zorglub"


def search(client, q, **params):
    response = client.get("/search/", {"q": q, **params})
    assert response.status_code == 200
    return response


def skus(response):
    return [card.product.sku for card in response.context["cards"]]


def product_with_sku(parent, sku, title, **fields):
    product = ProductPage(title=title, slug=sku.lower(), sku=sku, **fields)
    parent.add_child(instance=product)
    return product


def gtin(body):
    return body + str(gtin_check_digit(body))


# Plain functions


def test_clean_query_drops_control_characters_and_limits_length():
    assert clean_query("  inox\x00\t 18/10 \n") == "inox 18/10"
    assert len(clean_query("a" * 500)) == 200
    assert clean_query(None) == ""


@pytest.mark.parametrize(
    "raw, terms",
    [
        ('"inox', "inox"),
        ("AND OR (", "AND OR"),
        ("l'huile d’olive", "huile olive"),
        ("vis M8/20 1.5 SF-001", "vis M8/20 1.5 SF-001"),
        ("* ( ) : ^ - %", ""),
    ],
)
def test_full_text_terms_keep_only_what_the_backend_can_read(raw, terms):
    assert full_text_terms(raw) == terms


def test_gtin_spellings_are_the_same_number_zero_padded():
    code = gtin("376000000101")
    assert code in gtin_spellings("0" + code)
    assert "0" + code in gtin_spellings(code)
    assert gtin_spellings("12345") == [] and gtin_spellings("SF-00101") == []


# Exact references and GTINs


def test_exact_reference_ranks_first_without_duplicate(client, category):
    make_product(category, 1, title=f"{WORD.title()} adaptateur pour TEST-00002")
    make_product(category, 3, title=f"{WORD.title()} remplace TEST-00002 et TEST-00001")
    make_product(category, 2, title="Raccord laiton")
    for q in ("TEST-00002", "test-00002", " Test-00002 "):
        found = skus(search(client, q))
        assert found[0] == "TEST-00002", q
        assert found.count("TEST-00002") == 1

    # The other results still follow the exact match.
    found = skus(search(client, f"TEST-00002 {WORD}"))
    assert found[0] == "TEST-00002"
    assert {"TEST-00001", "TEST-00003"} <= set(found)


def test_hyphenated_reference_is_found_on_every_database(client, category):
    product_with_sku(category, "SKU-0001999", "Joint torique")
    product_with_sku(category, "SKU-0001998", "Joint plat")
    assert skus(search(client, "SKU-0001999"))[0] == "SKU-0001999"
    assert skus(search(client, "sku-0001998"))[0] == "SKU-0001998"


def test_pasted_references_are_all_found_in_order(client, category):
    for number in (1, 2, 3):
        make_product(category, number)
    assert skus(search(client, "TEST-00003 TEST-00001"))[:2] == ["TEST-00003", "TEST-00001"]


def test_gtin_match(client, category):
    code = gtin("400638133393")
    make_product(category, 1, title="Seau inox", gtin=code)
    make_product(category, 2, title="Seau plastique")
    assert skus(search(client, code))[0] == "TEST-00001"
    # A scanner may read the same code as a 14-digit GTIN.
    assert skus(search(client, "0" + code))[0] == "TEST-00001"


# Full text, sections, privacy


def test_categories_and_products_in_the_same_results(client, category):
    sub = CategoryPage(title=f"Accessoires {WORD}", slug="accessoires")
    category.add_child(instance=sub)
    make_product(sub, 1, title=f"Brosse {WORD}")
    response = search(client, WORD)
    categories = response.context["sections"][0]
    assert categories.section.heading == "Catégories"
    assert [page.title for page in categories.hits] == [f"Accessoires {WORD}"]
    assert skus(response) == ["TEST-00001"]
    html = response.content.decode()
    assert f'href="{sub.url}"' in html
    assert html.index(f"Accessoires {WORD}") < html.index("product-card")


def test_search_index_follows_page_saves(client, category):
    product = make_product(category, 1, title=f"Pince {WORD}")
    assert skus(search(client, WORD)) == ["TEST-00001"]
    product.title = "Pince universelle"
    product.save_revision().publish()
    assert skus(search(client, WORD)) == []


def test_private_section_is_never_found(client, category):
    private = CategoryPage(title=f"Espace {WORD} réservé", slug="reserve")
    category.add_child(instance=private)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    make_product(private, 1, title=f"Prototype {WORD}")
    make_product(category, 2, title=f"Modèle {WORD}")

    response = search(client, WORD)
    assert skus(response) == ["TEST-00002"]
    assert response.context["sections"][0].hits == []
    html = response.content.decode()
    assert "Prototype" not in html and "réservé" not in html
    # Nor through its reference, nor through an editor's pick.
    SearchPromotion.objects.create(query=Query.get("TEST-00001"), page=private)
    html = search(client, "TEST-00001").content.decode()
    assert "Prototype" not in html and "réservé" not in html
    assert "Aucun résultat" in html


def test_draft_product_is_never_found(client, category):
    draft = ProductPage(title=f"Brouillon {WORD}", slug="brouillon", sku="TEST-00001", live=False)
    category.add_child(instance=draft)
    make_product(category, 2, title=f"Publié {WORD}")
    assert skus(search(client, WORD)) == ["TEST-00002"]
    assert "Brouillon" not in search(client, "TEST-00001").content.decode()


# Empty, nonsense and hostile queries


def test_empty_query_is_a_helpful_page(client, demo_site):
    for params in ({}, {"q": ""}, {"q": "   "}):
        response = client.get("/search/", params)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Rechercher dans le catalogue" in html
        assert "Parcourir le catalogue" in html
        assert "Épicerie" in html  # a top-level demo category
        assert "Aucun résultat" not in html
        assert '<meta name="robots" content="noindex, follow">' in html
        assert "<title>Recherche ·" in html


def test_nonsense_query_says_so_with_tips(client, demo_site):
    html = search(client, "qwxzyplkvv").content.decode()
    assert "Aucun résultat pour «&nbsp;qwxzyplkvv&nbsp;»" in html
    assert "Vérifiez l'orthographe" in html
    assert "Parcourir le catalogue" in html


@pytest.mark.parametrize(
    "q",
    [
        '"inox',
        'inox"',
        "AND OR (",
        "NEAR(inox seau)",
        "inox*",
        "-inox",
        "'",
        "%s %(x)s",
        "a:b",
        "\\",
        # NUL never gets here: core/malformed_requests.py answers 400 (see
        # tests/storefront/test_hostile_input.py); the other control characters do.
        "\x01inox\x7f",
        "ﬁlm 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🙂",
        "vis M8/20 1.5 SF-00101/B",
        "élément à 90° – 2×3 ½",
        "x" * 1000,
    ],
)
def test_odd_queries_never_fail(client, demo_site, caplog, q):
    response = search(client, q)
    assert len(response.context["search_query"]) <= 200
    # Sanitising, not the safety net below, is what keeps these working.
    assert not [r for r in caplog.records if r.name == "storefront.search"]


def test_a_backend_error_is_not_a_server_error(client, category, monkeypatch, caplog):
    make_product(category, 1, title=f"Seau {WORD}")

    def broken(*args, **kwargs):
        raise DatabaseError("syntax error in MATCH expression")

    monkeypatch.setattr(PageQuerySet, "search", broken)  # Wagtail's backend (SQLite)
    monkeypatch.setattr("storefront.search.ranked_pks", broken)  # our PostgreSQL path
    response = search(client, "TEST-00001")
    assert skus(response) == ["TEST-00001"]  # the reference lookup does not need the backend
    assert "Aucun résultat" in search(client, WORD).content.decode()
    assert any(r.name == "storefront.search" for r in caplog.records)


def test_unbalanced_quote_still_finds_products(client, category):
    make_product(category, 1, title=f"Seau {WORD}")
    assert skus(search(client, f'"{WORD}')) == ["TEST-00001"]


def test_query_is_escaped(client, demo_site):
    html = search(client, '<script>alert("x")</script>').content.decode()
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert" in html


def test_singular_finds_plural_and_back(client, category):
    make_product(category, 1, title=f"Seau {WORD}")
    make_product(category, 2, title=f"Lot de {WORD}s")
    assert set(skus(search(client, WORD))) == {"TEST-00001", "TEST-00002"}
    assert set(skus(search(client, f"{WORD}s"))) == {"TEST-00001", "TEST-00002"}


def test_all_words_first_then_any_word(client, category):
    make_product(category, 1, title=f"Seau {WORD}")
    make_product(category, 2, title=f"Seau {WORD} inox")
    assert skus(search(client, f"{WORD} inox")) == ["TEST-00002"]
    response = search(client, f"{WORD} qwxzyplkvv")
    assert set(skus(response)) == {"TEST-00001", "TEST-00002"}
    assert "au moins un" in response.content.decode()


# Query log and editors' picks


def test_searches_are_counted_but_not_facet_clicks_or_pages(client, category):
    make_product(category, 1, title=f"Seau {WORD}")
    before = Query.get(WORD).hits
    search(client, WORD)
    search(client, WORD.upper())
    search(client, WORD, dispo="in_stock")
    search(client, WORD, page=2)
    run_once()  # the scheduler writes the counts kept in the cache (analytics app)
    assert Query.get(WORD).hits == before + 2


def test_editors_picks_are_shown_above_results(client, category):
    product = make_product(category, 1, title=f"Seau {WORD}")
    unpublished = make_product(category, 2, title="Ancien seau")
    unpublished.unpublish()
    query = Query.get(WORD)
    SearchPromotion.objects.create(
        query=query, page=product, description="Le best-seller de la saison", sort_order=0
    )
    SearchPromotion.objects.create(
        query=query,
        external_link_url="https://example.com/catalogue.pdf",
        external_link_text="Catalogue PDF",
        description="Toutes les références",
        sort_order=1,
    )
    SearchPromotion.objects.create(query=query, page=unpublished, sort_order=2)

    html = search(client, WORD).content.decode()
    assert "Sélection de la rédaction" in html
    assert "Le best-seller de la saison" in html
    assert 'href="https://example.com/catalogue.pdf">Catalogue PDF</a>' in html
    assert "Ancien seau" not in html
    assert html.index("Sélection de la rédaction") < html.index("product-card")


def test_a_pick_alone_is_a_result(client, demo_site):
    SearchPromotion.objects.create(
        query=Query.get("tarifs 2027"),
        external_link_url="https://example.com/tarifs.pdf",
        external_link_text="Tarifs 2027",
    )
    html = search(client, "Tarifs 2027").content.decode()
    assert "Sélection de la rédaction" in html
    assert "Aucun résultat" not in html


# Facets and prices


def test_facet_counts_cover_the_matching_products(client, category):
    alpha = Brand.objects.create(name="Alpha")
    beta = Brand.objects.create(name="Bêta")
    specs = [
        (f"Seau {WORD}", alpha, Availability.IN_STOCK, "Inox"),
        (f"Bassine {WORD}", alpha, Availability.IN_STOCK, "Plastique"),
        (f"Cuve {WORD}", beta, Availability.OUT_OF_STOCK, "Inox"),
        ("Seau sans rapport", alpha, Availability.IN_STOCK, "Inox"),
    ]
    for number, (title, brand, availability, material) in enumerate(specs, start=1):
        product = make_product(
            category, number, title=title, brand=brand, availability=availability
        )
        ProductAttribute.objects.create(page=product, name="Matière", value=material)

    context = search(client, WORD).context
    assert context["page_obj"].paginator.count == 3
    assert {f.label: f.count for f in context["facets"]["brands"]} == {"Alpha": 2, "Bêta": 1}
    availability = {f.value: f.count for f in context["facets"]["availability"]}
    assert availability == {"in_stock": 2, "out_of_stock": 1}
    materials = {f.label: f.count for f in context["facets"]["attributes"]["Matière"]}
    assert materials == {"Inox": 2, "Plastique": 1}

    filtered = search(client, WORD, attr="Matière:Inox")
    assert set(skus(filtered)) == {"TEST-00001", "TEST-00003"}
    # Counts within an attribute ignore its own selection, as on category pages.
    materials = {f.label: f.count for f in filtered.context["facets"]["attributes"]["Matière"]}
    assert materials == {"Inox": 2, "Plastique": 1}
    html = filtered.content.decode()
    assert f'<input type="hidden" name="q" value="{WORD}">' in html
    assert "Effacer les filtres" in html

    both = search(client, WORD, attr="Matière:Inox", marque=beta.slug)
    assert skus(both) == ["TEST-00003"]


def test_prices_follow_the_visitor(client, category, set_price_display):
    product = make_product(category, 1, title=f"Seau {WORD}")
    make_price_list({product: "7531.86"}, valid_from=timezone.now() - timedelta(days=1))

    set_price_display(PriceDisplay.CUSTOMERS)
    html = search(client, WORD).content.decode()
    assert "Connectez-vous pour voir vos prix" in html
    assert not EURO_AMOUNT.search(html)
    assert "7531" not in html and "7\u00a0531" not in html

    client.login(username="client", password="client-demo")
    assert "7\u00a0531,86\u00a0€" in search(client, WORD).content.decode()


def test_pagination_keeps_the_query(client, category):
    for number in range(1, 27):
        make_product(category, number, title=f"Seau {WORD} {number}")
    first = search(client, WORD)
    assert len(first.context["cards"]) == 24
    assert f"q={WORD}" in first.content.decode().split('rel="next" href="')[1].split('"')[0]
    assert len(search(client, WORD, page=2).context["cards"]) == 2


def test_pages_of_a_broad_query_are_stable_and_disjoint(client, category):
    for number in range(1, 31):
        make_product(category, number, title=f"Seau {WORD} {number}")
    first = skus(search(client, WORD))
    assert skus(search(client, WORD)) == first  # same order on every request
    second = skus(search(client, WORD, page=2))
    assert not set(first) & set(second)
    assert len(set(first) | set(second)) == 30


def test_title_matches_rank_before_description_matches(client, category):
    for number in range(1, 4):
        make_product(category, number, short_description=f"Compatible avec le {WORD}.")
    make_product(category, 4, title=f"Seau {WORD}")
    assert skus(search(client, WORD))[0] == "TEST-00004"


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the bounded ranking is PostgreSQL's path"
)
def test_a_word_in_many_products_keeps_its_title_matches(client, category, monkeypatch):
    monkeypatch.setattr("storefront.search_postgres.CANDIDATES", 3)
    # Description matches first in the index (lower ids), more of them than the candidates read.
    for number in range(1, 7):
        make_product(category, number, short_description=f"Compatible avec le {WORD}.")
    for number in range(7, 9):
        make_product(category, number, title=f"Seau {WORD}")
    found = skus(search(client, WORD))
    assert set(found[:2]) == {"TEST-00007", "TEST-00008"}
    assert len(found) == 5  # three title candidates at most (two exist) and three others


def test_header_has_a_search_form(client, demo_site):
    html = client.get("/").content.decode()
    assert re.search(
        r'<form class="search-form" role="search"[^>]* method="get" action="/search/"', html
    )
    assert '<label class="visually-hidden" for="site-search-q">' in html
    assert 'type="search" id="site-search-q" name="q"' in html


# Query budget


def _count_queries(client, params, django_assert_max_num_queries, budget):
    client.get("/search/", params)  # warm the per-process caches and today's hit counter
    with django_assert_max_num_queries(budget) as captured:
        response = client.get("/search/", params)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("logged_in", [False, True])
def test_query_budget_does_not_grow_with_results(
    client, category, public_prices, django_assert_max_num_queries, logged_in
):
    if logged_in:
        client.login(username="client", password="client-demo")
    brand = Brand.objects.create(name="Alpha")

    def add(numbers, price, material):
        products = [
            make_product(category, n, title=f"Seau {WORD} {n}", brand=brand) for n in numbers
        ]
        make_price_list(
            {p: price for p in products},
            name=f"Liste {price}",
            valid_from=timezone.now() - timedelta(1),
        )
        for product in products:
            ProductAttribute.objects.create(page=product, name="Matière", value=material)

    add(range(1, 11), "2.00", "Inox")
    params = {"q": WORD}
    few = _count_queries(client, params, django_assert_max_num_queries, 40)
    filtered = {"q": WORD, "attr": "Matière:Inox", "marque": brand.slug}
    few_filtered = _count_queries(client, filtered, django_assert_max_num_queries, 45)

    add(range(11, 61), "3.00", "Alu")
    assert len(search(client, WORD).context["cards"]) == 24
    assert _count_queries(client, params, django_assert_max_num_queries, few) == few
    assert (
        _count_queries(client, filtered, django_assert_max_num_queries, few_filtered)
        == few_filtered
    )


def test_on_offer_filter_in_search(client, category, public_prices):
    from decimal import Decimal

    from tests.promotions.test_offers import make_offer

    on_offer = make_product(category, 1, title="Bassine inox promo")
    regular = make_product(category, 2, title="Bassine inox normale")
    make_price_list(
        {on_offer: "10.00", regular: "10.00"}, valid_from=timezone.now() - timedelta(days=1)
    )
    make_offer(products=[on_offer], value=Decimal("10"))
    context = client.get("/search/", {"q": "bassine", "promo": "1"}).context
    assert [card.product.pk for card in context["cards"]] == [on_offer.pk]
    assert context["facets"]["offers"][0].count == 1


def test_search_filters_keep_the_query_and_clear_to_it(client, category):
    make_product(category, 1, title=f"Seau {WORD} & co")
    query = f"{WORD} & co"
    html = search(client, query, dispo="in_stock").content.decode()
    form = re.search(r'<form class="facets".*?</form>', html, re.S)[0]
    assert form.startswith('<form class="facets" method="get" action="/search/"')
    assert f'<input type="hidden" name="q" value="{WORD} &amp; co">' in form
    assert f'<a href="/search/?q={WORD}%20%26%20co">Effacer les filtres</a>' in form
