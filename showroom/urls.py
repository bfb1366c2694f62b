from django.urls import path

from showroom import views

app_name = "showroom"

urlpatterns = [path("<str:token>/", views.open_share_link, name="share_link")]
