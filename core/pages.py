"""What expired pages answer: 410 Gone, so that search engines drop the URL, with a page
that sends the visitor on (the current promotions, the latest news) instead of a dead end."""

from django.apps import apps
from django.http import Http404
from django.template.response import TemplateResponse
from wagtail.url_routing import RouteResult

from core.preview import request_instant
from core.publication import not_expired_q


class GoneMixin:
    """A page model that may be gone: `gone_response` renders `gone_template` with
    `gone_context(request)`, for the page itself and anything that stands for it (its
    brochure)."""

    gone_template = None

    def gone_context(self, request):
        return {}

    def gone_response(self, request):
        return TemplateResponse(request, self.gone_template, self.gone_context(request), status=410)


class ExpiredChildrenAreGone:
    """An index page whose children, once Wagtail unpublished them at their expiry, are gone
    (their own serve() answers 410), not missing (404).

    `gone_child_model` names the child page model ("app_label.ModelName").
    """

    gone_child_model = None

    def route(self, request, path_components):
        try:
            return super().route(request, path_components)
        except Http404:
            if len(path_components) == 1:
                expired = (
                    apps.get_model(self.gone_child_model)
                    .objects.child_of(self)
                    .filter(slug=path_components[0], expired=True)
                    .exclude(not_expired_q(request_instant(request)))
                    .first()
                )
                if expired:
                    return RouteResult(expired)
            raise
