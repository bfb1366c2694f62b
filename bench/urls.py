"""The site's URLs plus the ceiling: the cheapest view Django can serve through the same
middleware, so every page is reported as a share of it."""

import os

from django.http import HttpResponse
from django.urls import include, path


def minimal(request):
    # The worker's pid: bench/run.py tells from it when every worker is idle again.
    return HttpResponse(str(os.getpid()), content_type="text/plain")


urlpatterns = [
    path("bench/minimal/", minimal, name="bench_minimal"),
    path("", include("config.urls")),
]
