"""The Redis cache keeps its redis-py clients and adds to counters in one round trip
(core/cache_backend.py)."""

import os
import uuid
from unittest import mock

import pytest
import redis
from django.core.cache import caches
from django.test import override_settings

from tests.core.test_cache_outage import fail_soft

REDIS_URL = os.environ.get("REDIS_URL")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="needs a Redis server (REDIS_URL)")


def redis_settings():
    shared = fail_soft("core.cache_backend.RedisCache", location=REDIS_URL)
    shared["default"]["KEY_PREFIX"] = uuid.uuid4().hex
    return shared


@needs_redis
def test_cache_calls_share_one_client():
    shared = redis_settings()
    made = mock.Mock(wraps=redis.Redis)
    with override_settings(CACHES=shared), mock.patch.object(redis, "Redis", made):
        cache = caches["default"]
        cache.set("clé", "valeur")
        values = [cache.get("clé") for _ in range(10)] + [cache.get_many(["clé"])["clé"]]
        cache.delete("clé")
    assert values == ["valeur"] * 11
    assert made.call_count == 1


@needs_redis
def test_a_counter_grows_in_one_round_trip():
    sent = []
    send = redis.Redis.execute_command

    def counted(client, *args, **options):
        sent.append(args[0])
        return send(client, *args, **options)

    with override_settings(CACHES=redis_settings()):
        cache = caches["default"]
        cache.set("compteur", 5)
        with mock.patch.object(redis.Redis, "execute_command", counted):
            assert cache.incr("compteur") == 6
            assert cache.incr("compteur", -6) == 0
        assert cache.get("compteur") == 0
        cache.delete("compteur")
    assert sent == ["EVAL", "EVAL"]


@needs_redis
def test_a_missing_counter_is_not_created():
    with override_settings(CACHES=redis_settings()):
        cache = caches["default"]
        with pytest.raises(ValueError):
            cache.incr("absent")
        assert cache.get("absent") is None
