from django.urls import path

from brochures.views import page_brochure

app_name = "brochures"

urlpatterns = [path("<int:page_id>/", page_brochure, name="page")]
