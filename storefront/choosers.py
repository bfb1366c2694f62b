"""Searchable choosers for products and categories, for forms that target the catalogue.

Wagtail's page chooser browses the tree and shows neither a product's reference nor where a
category sits; an editor building an offer knows a reference or a name. These choosers list
products by reference with their category path, and categories by path, searched by words of
the reference or the title. They open in multiple-choice mode from a `MultipleChooserPanel`
(promotions/models/offers.py).
"""

from django import forms
from django.contrib.admin.utils import quote
from django.db.models import Q
from django.urls import reverse
from wagtail.admin.forms.choosers import BaseFilterForm
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.generic.chooser import (
    ChooseResultsView,
    ChooseView,
    ChosenMultipleView,
    ChosenView,
)
from wagtail.admin.viewsets.chooser import ChooserViewSet
from wagtail.admin.widgets import BaseChooser

from storefront.models import CategoryPage, ProductPage
from storefront.validators import is_ascii_digits

# A reference plus a few words of a name; more only slows the query down.
MAX_SEARCH_WORDS = 5
PATH_SEPARATOR = " › "


def category_paths(pages):
    """``{page pk: "Épicerie › Huiles et vinaigres"}``: the categories above each page and,
    for a category, itself; in one query."""
    steplen = CategoryPage.steplen
    wanted = {
        page.pk: [page.path[:end] for end in range(steplen, len(page.path) + 1, steplen)]
        for page in pages
    }
    prefixes = {prefix for paths in wanted.values() for prefix in paths}
    titles = dict(CategoryPage.objects.filter(path__in=prefixes).values_list("path", "title"))
    return {
        pk: PATH_SEPARATOR.join(titles[path] for path in paths if path in titles)
        for pk, paths in wanted.items()
    }


def product_label(product):
    return f"{product.sku} — {product.title}"


def category_label(category):
    return category_paths([category])[category.pk]


class CatalogueSearchForm(BaseFilterForm):
    """Every word must match the reference or the title (or, for a category, its title)."""

    q = forms.CharField(
        label="Rechercher",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"placeholder": "Référence ou nom"}),
    )

    def filter(self, objects):
        query = self.cleaned_data.get("q", "")
        searches_sku = objects.model is ProductPage
        for word in query.split()[:MAX_SEARCH_WORDS]:
            condition = Q(title__icontains=word)
            if searches_sku:
                condition |= Q(sku__icontains=word)
            objects = objects.filter(condition)
        if query.strip():
            self.is_searching = True
            self.search_query = query
        return objects


class CatalogueListMixin:
    """Results with their category path, read once for the page of results."""

    filter_form_class = CatalogueSearchForm
    per_page = 20

    def get_results_page(self, request):
        results = super().get_results_page(request)
        paths = category_paths(results.object_list)
        for page in results.object_list:
            page.category_path = paths[page.pk]
        return results

    def title_column_for(self, label, accessor):
        if self.is_multiple_choice:
            return TitleColumn(
                "title", label=label, accessor=accessor, label_prefix="chooser-modal-select"
            )
        return TitleColumn(
            "title",
            label=label,
            accessor=accessor,
            get_url=lambda page: self.append_preserved_url_parameters(
                reverse(self.chosen_url_name, args=(quote(page.pk),))
            ),
            link_attrs={"data-chooser-modal-choice": True},
        )


class ProductListMixin(CatalogueListMixin):
    ordering = ["sku"]

    @property
    def columns(self):
        return [
            Column("sku", label="Référence"),
            self.title_column_for("Produit", "title"),
            Column("category_path", label="Catégorie"),
            # An offer may target a product still in draft: it applies once the product is online.
            Column(
                "live",
                label="Statut",
                accessor=lambda page: "En ligne" if page.live else "Brouillon",
            ),
        ]


class CategoryListMixin(CatalogueListMixin):
    ordering = ["path"]

    @property
    def columns(self):
        return [self.title_column_for("Catégorie", "category_path")]


class DigitsOnly:
    """A forged id is a 404, not a lookup that fails with a 500."""

    def get_object(self, pk):
        if not is_ascii_digits(pk):
            raise self.model_class.DoesNotExist
        return super().get_object(pk)

    def get_objects(self, pks):
        return super().get_objects([pk for pk in pks if is_ascii_digits(pk)])


class ProductChosenMixin(DigitsOnly):
    def get_display_title(self, instance):
        return product_label(instance)


class CategoryChosenMixin(DigitsOnly):
    def get_display_title(self, instance):
        return category_label(instance)


class ProductChooserWidget(BaseChooser):
    def get_display_title(self, instance):
        return product_label(instance)


class CategoryChooserWidget(BaseChooser):
    def get_display_title(self, instance):
        return category_label(instance)


class ProductChooseView(ProductListMixin, ChooseView):
    pass


class ProductChooseResultsView(ProductListMixin, ChooseResultsView):
    pass


class ProductChosenView(ProductChosenMixin, ChosenView):
    pass


class ProductChosenMultipleView(ProductChosenMixin, ChosenMultipleView):
    pass


class CategoryChooseView(CategoryListMixin, ChooseView):
    pass


class CategoryChooseResultsView(CategoryListMixin, ChooseResultsView):
    pass


class CategoryChosenView(CategoryChosenMixin, ChosenView):
    pass


class CategoryChosenMultipleView(CategoryChosenMixin, ChosenMultipleView):
    pass


class ProductChooserViewSet(ChooserViewSet):
    model = ProductPage
    icon = "doc-full"
    choose_one_text = "Choisir des produits"
    choose_another_text = "Choisir un autre produit"
    page_title = "Choisir des produits"
    base_widget_class = ProductChooserWidget
    choose_view_class = ProductChooseView
    choose_results_view_class = ProductChooseResultsView
    chosen_view_class = ProductChosenView
    chosen_multiple_view_class = ProductChosenMultipleView
    # Only where a form asks for it: other forms choosing a product keep the page chooser.
    register_widget = False


class CategoryChooserViewSet(ChooserViewSet):
    model = CategoryPage
    icon = "folder-open-inverse"
    choose_one_text = "Choisir des catégories"
    choose_another_text = "Choisir une autre catégorie"
    page_title = "Choisir des catégories"
    base_widget_class = CategoryChooserWidget
    choose_view_class = CategoryChooseView
    choose_results_view_class = CategoryChooseResultsView
    chosen_view_class = CategoryChosenView
    chosen_multiple_view_class = CategoryChosenMultipleView
    register_widget = False


product_chooser = ProductChooserViewSet("product_chooser", url_prefix="catalogue/produits")
category_chooser = CategoryChooserViewSet("category_chooser", url_prefix="catalogue/categories")
