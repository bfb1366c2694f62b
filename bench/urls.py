"""The site's URLs plus the ceiling: the cheapest view Django can serve through the same
middleware, so every page is reported as a share of it."""

import os

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.cache import never_cache


# Never from the page cache: the ceiling is a view that runs, and the pid it answers tells
# bench/run.py when every worker is idle again (a shared cache would answer one pid forever).
@never_cache
def minimal(request):
    return HttpResponse(str(os.getpid()), content_type="text/plain")


urlpatterns = [
    path("bench/minimal/", minimal, name="bench_minimal"),
    path("", include("config.urls")),
]
