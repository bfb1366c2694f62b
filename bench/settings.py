"""Production settings served over plain HTTP on 127.0.0.1, on the benchmark's own database.

Environment: BENCH_SIZE (catalogue size, picks the database), DATABASE_URL (PostgreSQL server,
see bench.database), BENCH_CACHE=locmem|redis (with REDIS_URL), BENCH_PAGE_CACHE=off|on,
BENCH_COUNTING=on|off (the statistics' page-view middlewares, analytics/middleware.py).
"""

import os
import secrets

# Production refuses to start without a real key; bench/run.py passes one to every process.
os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(64))

import dj_database_url  # noqa: E402

from bench.database import VAR, bench_database_url, database_key  # noqa: E402
from config.settings.production import *  # noqa: E402, F403

BENCH_SIZE = int(os.environ.get("BENCH_SIZE", "1000"))
BENCH_DATABASE_URL = bench_database_url(BENCH_SIZE)
BENCH_DATABASE = database_key(BENCH_DATABASE_URL)

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
DATABASES = {
    "default": dj_database_url.parse(BENCH_DATABASE_URL, conn_max_age=600, conn_health_checks=True)
}

# Plain HTTP on the loopback: no redirect to HTTPS, no HSTS.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_HSTS_PRELOAD = False
SECURE_PROXY_SSL_HEADER = None

MEDIA_ROOT = VAR / f"media-{BENCH_SIZE}-{BENCH_DATABASE}"
STATIC_ROOT = VAR / "static"
IMPORTS_ROOT = VAR / "imports"
STORAGES = {
    **STORAGES,  # noqa: F405
    "imports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": IMPORTS_ROOT},
    },
}

BENCH_CACHE = os.environ.get("BENCH_CACHE", "locmem")
# The production settings' cache backends (config/settings/base.py), with their own keys.
if BENCH_CACHE == "redis":
    CACHES = {
        "default": {
            "BACKEND": "core.cache_backend.FailSoftCache",
            "LOCATION": os.environ["REDIS_URL"],
            # A prefix per run: a shared Redis may still hold pages of an earlier run.
            "KEY_PREFIX": f"bench-{BENCH_SIZE}-{os.environ.get('BENCH_RUN_ID', 'manual')}",
            "TIMEOUT": 300,
            "OPTIONS": {"BACKEND": "core.cache_backend.RedisCache"},
        }
    }
elif BENCH_CACHE == "locmem":
    CACHES = {
        "default": {
            "BACKEND": "core.cache_backend.FailSoftCache",
            "LOCATION": "bench",
            "TIMEOUT": 300,
            "OPTIONS": {
                "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "MAX_ENTRIES": LOCMEM_CACHE_ENTRIES,  # noqa: F405
            },
        }
    }
else:
    raise ValueError(f"BENCH_CACHE: locmem or redis, not « {BENCH_CACHE} »")

# Read by the anonymous page cache middleware: off measures the pages themselves.
STOREFRONT_PAGE_CACHE = os.environ.get("BENCH_PAGE_CACHE", "off") == "on"

# Off measures what counting page views costs a page-cache hit (bench/report.py).
if os.environ.get("BENCH_COUNTING", "on") == "off":
    MIDDLEWARE = [name for name in MIDDLEWARE if not name.startswith("analytics.")]  # noqa: F405

# Only warnings: a log line per request would be part of what is measured.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}
