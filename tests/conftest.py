import io

import pytest
from django.core.cache import cache
from django.core.management import call_command


@pytest.fixture(autouse=True)
def clear_cache():
    # The suite also runs against a shared Redis: no test sees another's cached values.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def demo_site(db):
    load_demo()


def load_demo():
    call_command("load_demo", allow_production=True, stdout=io.StringIO())
