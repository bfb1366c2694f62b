import logging

import pytest
from django.test import override_settings
from redis.exceptions import ConnectionError as RedisConnectionError

from core import health


@pytest.mark.django_db
def test_healthz_reports_database_and_cache(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    checks = response.json()["checks"]
    assert checks["database"] == "ok" and checks["cache"] == "ok"
    assert "no-cache" in response["Cache-Control"]


UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # Port 9 (discard) has no Redis server: every cache call fails to connect.
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
    }
}


@pytest.mark.django_db
def test_healthz_reports_an_unreachable_cache_without_failing_the_server(client, caplog):
    # The site serves every page from the database without the cache: a load balancer must
    # keep the server in rotation.
    with override_settings(CACHES=UNREACHABLE_REDIS):
        response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["checks"]["database"] == "ok" and body["checks"]["cache"] == "error"
    # Redis's own message names the address it could not reach: logs only, never the answer.
    assert "127.0.0.1:9" not in response.content.decode()
    assert "127.0.0.1:9" in caplog.text


class UnreachableCache:
    def set(self, *args, **kwargs):
        raise RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


@pytest.mark.django_db
def test_healthz_keeps_failure_details_for_the_logs(client, caplog, monkeypatch):
    monkeypatch.setattr(health, "cache", UnreachableCache())
    with caplog.at_level(logging.WARNING, logger="core.health"):
        response = client.get("/healthz")
    assert response.json()["checks"]["cache"] == "error"
    assert "6379" not in response.content.decode()
    assert "ConnectionError" not in response.content.decode()
    [record] = [r for r in caplog.records if r.name == "core.health" and "cache" in r.getMessage()]
    assert record.levelno == logging.WARNING
    assert "127.0.0.1:6379" in caplog.text  # the traceback, with the exception's text
