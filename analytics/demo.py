"""Demo: the demo editors see the dashboard."""

from django.contrib.auth.models import Group, Permission

from storefront.demo.site import EDITORS_GROUP


def load():
    group = Group.objects.filter(name=EDITORS_GROUP).first()
    if group:
        group.permissions.add(
            Permission.objects.get(content_type__app_label="analytics", codename="view_dashboard")
        )
