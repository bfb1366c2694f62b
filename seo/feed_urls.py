"""Public feeds under /feeds/ (included from config/urls.py before Wagtail's catch-all)."""

from django.urls import path

from seo.feeds import NewsFeed, PromotionsFeed, product_feed

app_name = "feeds"

urlpatterns = [
    # Google Merchant Center: declared in Merchant Center, not advertised to readers.
    path("products.xml", product_feed, name="products"),
    path("promotions.xml", PromotionsFeed(), name="promotions"),
    path("actualites.xml", NewsFeed(), name="news"),
]
