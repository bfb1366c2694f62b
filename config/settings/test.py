"""Test run: honours DATABASE_URL and REDIS_URL so the suite runs on SQLite and PostgreSQL."""

import tempfile

from .dev import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="storefront-test-media-")
STATIC_ROOT = tempfile.mkdtemp(prefix="storefront-test-static-")
STORAGES = {
    **STORAGES,  # noqa: F405
    "imports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="storefront-test-imports-")},
    },
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run in the test's thread, so a request's long work is done when its response comes.
TASKS = {
    alias: {"BACKEND": BACKGROUND_TASK_BACKENDS["immediate"]}  # noqa: F405
    for alias in ("default", "background")
}
WAGTAILADMIN_BASE_URL = "http://testserver"
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
# Off, so that tests may change rows between two requests; tests/storefront/test_page_cache.py
# turns it on.
STOREFRONT_PAGE_CACHE = False
# Long enough that no copy of the content generation expires within a test: query counts must
# not depend on how fast the machine runs it (core/generation.py).
STOREFRONT_GENERATION_COPY_TIMEOUT = 600
# Making every size of every demo picture would slow each test session; tests of it turn it on.
STOREFRONT_PREPARE_RENDITIONS = False
