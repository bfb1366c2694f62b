"""The « Planning » admin screen."""

from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from promotions.calendar import calendar

WEEK_CHOICES = (2, 4, 6, 12)


class ScheduleCalendarView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "promotions/admin/calendar.html"
    page_title = "Planning"
    page_subtitle = "Ce qui commence ou se termine dans les semaines à venir (heure de Paris)"
    header_icon = "date"

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        try:
            weeks = int(self.request.GET.get("semaines", 6))
        except ValueError:
            weeks = 6
        weeks = weeks if weeks in WEEK_CHOICES else 6
        context.update(calendar(weeks=weeks), weeks=weeks, week_choices=WEEK_CHOICES)
        return context
