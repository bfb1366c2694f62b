"""Admin reports: a report view's URLs and its entry in the Reports menu, from the view itself.

The menu shows a report to whoever its view lets in: the item asks the view's own permission
policy and action (Wagtail's `PermissionCheckedMixin` attributes), so the two cannot drift.
"""

from django.urls import path, reverse
from wagtail.admin.menu import MenuItem


class ReportMenuItem(MenuItem):
    def __init__(self, view_class, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.view_class = view_class

    def is_shown(self, request):
        view = self.view_class
        return view.permission_policy.user_has_permission(request.user, view.permission_required)


def report_urls(view_class, route, name):
    """The report at `route` (« reports/seo/ ») and its results, as Wagtail's reports are
    served: URL names `name` and `name`_results."""
    return [
        path(route, view_class.as_view(), name=name),
        path(f"{route}results/", view_class.as_view(results_only=True), name=f"{name}_results"),
    ]


def report_menu_item(view_class, url_name, label, *, name, icon_name, order):
    """The Reports menu's entry for the report served at `url_name`."""
    return ReportMenuItem(
        view_class, label, reverse(url_name), name=name, icon_name=icon_name, order=order
    )
