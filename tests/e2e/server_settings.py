"""Settings of the server that browser tests drive: the development settings, production-like
where it matters (DEBUG off, page cache on), reading the test session's password hashes."""

import os

from config.settings.dev import *  # noqa: F403

DEBUG = False
# The copied database holds the demo users as tests/conftest.py made them, hashed with the
# test settings' fast hasher.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STOREFRONT_PAGE_CACHE = True
STOREFRONT_PREPARE_RENDITIONS = False
# tests/e2e/conftest.py sends the server's e-mail to files in its temporary folder; the
# project's settings do not read this variable, and the file backend fails without it.
EMAIL_FILE_PATH = os.environ["EMAIL_FILE_PATH"]
