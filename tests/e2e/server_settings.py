"""Settings of the server that browser tests drive: the development settings, production-like
where it matters (DEBUG off, page cache on), reading the test session's password hashes."""

from config.settings.dev import *  # noqa: F403

DEBUG = False
# The copied database holds the demo users as tests/conftest.py made them, hashed with the
# test settings' fast hasher.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STOREFRONT_PAGE_CACHE = True
STOREFRONT_PREPARE_RENDITIONS = False
