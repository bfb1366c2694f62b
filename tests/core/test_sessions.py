"""Sessions in the database, read from a copy of at most a minute in Redis."""

import os
import uuid

import pytest
import redis
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from core.sessions import COPY_SECONDS, SessionStore
from tests.core.test_cache_outage import fail_soft

pytestmark = pytest.mark.django_db

LOGGED_IN = "Se déconnecter"
REDIS_URL = os.environ.get("REDIS_URL")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="needs a Redis server (REDIS_URL)")


def session_queries(client):
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/").content.decode()
    return html, [q for q in queries.captured_queries if "django_session" in q["sql"]]


def test_with_a_cache_per_process_a_session_ended_elsewhere_ends_here(client, demo_site):
    local = fail_soft("django.core.cache.backends.locmem.LocMemCache", location="sessions")
    with override_settings(CACHES=local):
        client.login(username="client", password="client-demo")
        html, queries = session_queries(client)
        assert LOGGED_IN in html and queries, "read from the database, not from a copy"
        # A logout served by another process: it can clear only its own memory.
        Session.objects.all().delete()
        html, _ = session_queries(client)
        assert LOGGED_IN not in html


@needs_redis
def test_with_redis_a_session_is_read_from_a_copy_that_lives_a_minute(client, demo_site):
    shared = fail_soft("core.cache_backend.RedisCache", location=REDIS_URL)
    shared["default"]["KEY_PREFIX"] = uuid.uuid4().hex
    with override_settings(CACHES=shared):
        client.login(username="client", password="client-demo")
        html, queries = session_queries(client)
        assert LOGGED_IN in html and queries == []
        store = SessionStore(client.session.session_key)
        key = store._cache.cache.backend.make_key(store.cache_key)
        assert 0 < redis.Redis.from_url(REDIS_URL).ttl(key) <= COPY_SECONDS
        client.post("/account/logout/")
        assert LOGGED_IN not in session_queries(client)[0]
