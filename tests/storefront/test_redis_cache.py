"""The Redis cache keeps its redis-py clients (storefront/cache_backend.py)."""

import os
import uuid
from unittest import mock

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings

from tests.storefront.test_cache_outage import fail_soft

REDIS_URL = os.environ.get("REDIS_URL")


@pytest.mark.skipif(not REDIS_URL, reason="needs a Redis server (REDIS_URL)")
def test_cache_calls_share_one_client():
    shared = fail_soft("storefront.cache_backend.RedisCache", location=REDIS_URL)
    shared["default"]["KEY_PREFIX"] = uuid.uuid4().hex
    made = mock.Mock(wraps=redis.Redis)
    with override_settings(CACHES=shared), mock.patch.object(redis, "Redis", made):
        cache = caches["default"]
        cache.set("clé", "valeur")
        values = [cache.get("clé") for _ in range(10)] + [cache.get_many(["clé"])["clé"]]
        cache.delete("clé")
    assert values == ["valeur"] * 11
    assert made.call_count == 1
