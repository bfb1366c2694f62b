from django.utils.cache import patch_cache_control

from storefront.pricing_context import preview_instant


class PreviewAtDateMiddleware:
    """A page previewed at a future date is for that staff member only: never cached."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if preview_instant(request):
            patch_cache_control(response, private=True, no_store=True, max_age=0)
        return response
