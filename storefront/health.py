"""Health checks behind /healthz: each returns a short status for one dependency."""

import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    # A round trip with a unique key proves the cache both stores and answers.
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("la valeur écrite n'a pas été relue")
    cache.delete(key)


CHECKS = {"database": check_database, "cache": check_cache}


def run_checks():
    """Return ``(healthy, {name: "ok" | "error: ..."})`` for every check."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception as exc:  # any failure of a dependency is reported, never raised
            results[name] = f"error: {exc.__class__.__name__}: {exc}"
        else:
            results[name] = "ok"
    healthy = all(result == "ok" for result in results.values())
    return healthy, results


@never_cache
def healthz(request):
    healthy, results = run_checks()
    return JsonResponse(
        {"status": "ok" if healthy else "error", "checks": results},
        status=200 if healthy else 503,
    )
