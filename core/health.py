"""Health checks behind /healthz: each returns a short status for one dependency.

/healthz is public (load balancers and uptime probes call it without credentials), so it says
only "ok" or "error" per check: an exception's text names hosts, ports, database names or file
paths. The details go to the logs.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from core.scheduler import heartbeat_status

logger = logging.getLogger(__name__)


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


def check_scheduler():
    status = heartbeat_status()
    if status != "ok":
        raise RuntimeError(status)


# A failed critical check makes the server unfit to serve (503); a failed degraded check is
# reported but the server keeps serving. Prices stay right without the scheduler, and pages are
# served from the database without the cache (core/cache_backend.py): a 503 then would
# make a load balancer take every server out over a slower-but-right site.
CRITICAL_CHECKS = {"database": check_database}
DEGRADED_CHECKS = {"cache": check_cache, "scheduler": check_scheduler}


def _run(name, check, level):
    try:
        check()
    except Exception:  # any failure of a dependency is reported, never raised
        logger.log(level, "Contrôle de santé « %s » en échec", name, exc_info=True)
        return "error"
    return "ok"


def run_checks():
    """``(status, {name: "ok" | "error"})`` with status "ok", "degraded" or "error"."""
    results = {name: _run(name, check, logging.ERROR) for name, check in CRITICAL_CHECKS.items()}
    if any(result != "ok" for result in results.values()):
        return "error", results
    degraded = {name: _run(name, check, logging.WARNING) for name, check in DEGRADED_CHECKS.items()}
    results.update(degraded)
    return ("ok" if all(r == "ok" for r in degraded.values()) else "degraded"), results


@never_cache
def healthz(request):
    status, results = run_checks()
    return JsonResponse(
        {"status": status, "checks": results}, status=503 if status == "error" else 200
    )
