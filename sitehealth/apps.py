from django.apps import AppConfig


class SiteHealthConfig(AppConfig):
    name = "sitehealth"
    verbose_name = "Santé du site"
