from django.urls import path

from seo import views

urlpatterns = [
    path("sitemap.xml", views.sitemap_index, name="seo_sitemap_index"),
    path("sitemap-<slug:section>.xml", views.sitemap_section, name="seo_sitemap"),
    path("robots.txt", views.robots_txt, name="seo_robots_txt"),
    path("favicon.ico", views.favicon, name="seo_favicon"),
]
