"""Wagtail's own reports, exported without live formulas.

Wagtail's built-in reports (locked pages, aging pages, site history, workflows) export page
titles and object names that editors typed: a title such as ``=HYPERLINK(…)`` would come out
as a live formula. These are the same views with the project's neutralisation
(core/tabular.py), answered at Wagtail's own addresses (config/urls.py puts them ahead
of the admin's URLs, so that ``reverse("wagtailadmin_reports:…")`` lands on them too).
"""

from functools import update_wrapper

from django.urls import path
from wagtail.admin.auth import require_admin_access
from wagtail.admin.views.reports.aging_pages import AgingPagesView
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.locked_pages import LockedPagesView
from wagtail.admin.views.reports.workflows import WorkflowTasksView, WorkflowView

from core.tabular import NeutralisedExportMixin

# Wagtail's address of each exporting report, under /admin/reports/.
WAGTAIL_REPORTS = {
    "locked/": LockedPagesView,
    "workflow/": WorkflowView,
    "workflow_tasks/": WorkflowTasksView,
    "site-history/": LogEntriesView,
    "aging-pages/": AgingPagesView,
}


def neutralised(view_class):
    return type(view_class.__name__, (NeutralisedExportMixin, view_class), {})


def _admin_view(view_class, **initkwargs):
    # As Wagtail's admin URLs are (wagtail/admin/urls/__init__.py): admin access required.
    view = view_class.as_view(**initkwargs)
    return update_wrapper(require_admin_access(view), view)


def _patterns():
    for address, view_class in WAGTAIL_REPORTS.items():
        view_class = neutralised(view_class)
        yield path(f"admin/reports/{address}", _admin_view(view_class))
        yield path(f"admin/reports/{address}results/", _admin_view(view_class, results_only=True))


urlpatterns = list(_patterns())
