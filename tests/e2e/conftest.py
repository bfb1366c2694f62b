"""Browser tests: Debian's Chromium driven by Playwright against a real server.

The server is `manage.py runserver` in a child process, on a copy of this test session's
database (the demo, loaded once by tests/conftest.py), so the browser sees exactly what the
other tests see and nothing a browser test changes leaks into them. The copy is an SQLite
file: on PostgreSQL the suite's database is shared with the other tests, so browser tests run
on the SQLite pass only (`.ci/run` runs both passes).

Playwright's own browser download is not used: Chromium comes from Debian
(`apt-get install chromium`) and the tests skip, saying why, where it is missing.
"""

import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # The machine's network is closed: without these, Chromium tries Google's hosts.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
# axe-core impacts that fail a test; "moderate" and "minor" are reported, not fatal.
BLOCKING_IMPACTS = {"serious", "critical"}

try:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright
except ImportError:  # the dev extra installs them; a bare install skips these tests
    Axe = sync_playwright = None

# Playwright's synchronous API keeps an event loop in this thread; the server is another
# process and tests only read the database through it, so Django's guard is not needed here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(config, items):
    reason = None
    if sync_playwright is None:
        reason = "Playwright is not installed (pip install -e '.[dev]')"
    elif not Path(CHROMIUM).exists():
        reason = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if reason and os.environ.get("E2E_REQUIRED"):
        raise pytest.UsageError(f"E2E_REQUIRED is set but browser tests cannot run: {reason}")
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
            # Makes pytest-django create the test database, which the server copies.
            item.add_marker(pytest.mark.django_db)
            if reason:
                item.add_marker(pytest.mark.skip(reason=reason))


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _copy_database(target):
    connection.ensure_connection()
    with sqlite3.connect(target) as copy:
        connection.connection.backup(copy)


def _wait_until_up(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the test server stopped (exit code {process.returncode})")
        try:
            with urllib.request.urlopen(url + "/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"the test server did not answer on {url} within {seconds} s")


@pytest.fixture(scope="session")
def live_site(django_db_setup, django_db_blocker):
    """Base URL of a server running the demo site, e.g. ``http://127.0.0.1:43121``."""
    if connection.vendor != "sqlite":
        pytest.skip("browser tests run on the SQLite pass (they need a copy of the database)")
    folder = Path(tempfile.mkdtemp(prefix="storefront-e2e-"))
    database = folder / "site.sqlite3"
    with django_db_blocker.unblock():
        _copy_database(database)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.e2e.server_settings",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "IMPORTS_ROOT": str(folder / "imports"),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "WAGTAILADMIN_BASE_URL": url,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(folder / "mail"),
    }
    env.pop("REDIS_URL", None)
    log = open(folder / "server.log", "w")  # noqa: SIM115 (open for the session)
    process = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait_until_up(url, process)
        yield url
    finally:
        process.terminate()
        process.wait(10)
        log.close()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def _context(browser, live_site, device):
    context = browser.new_context(base_url=live_site, locale="fr-FR", **device)
    context.set_default_timeout(15_000)
    return context


@pytest.fixture
def desktop(browser, live_site):
    """A fresh desktop browser context (no cookies): ``desktop.new_page()``."""
    context = _context(browser, live_site, DESKTOP)
    yield context
    context.close()


@pytest.fixture
def phone(browser, live_site):
    """A fresh 390×844 touch context, the phone of the issue reports."""
    context = _context(browser, live_site, PHONE)
    yield context
    context.close()


def log_in(page, username, password, *, admin=False):
    """Log in through the real login form (customer login, or the Wagtail admin's)."""
    page.goto("/admin/login/" if admin else "/account/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    form = page.locator("form").filter(has=page.locator("input[name=password]"))
    with page.expect_navigation():
        form.locator("[type=submit]").first.click()
    return page


def serious_violations(page):
    """axe-core's serious and critical accessibility violations on the current page."""
    results = Axe().run(page)
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} — "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:5])
        for violation in results.response["violations"]
        if violation["impact"] in BLOCKING_IMPACTS
    ]


def visible_text(page, selector="body"):
    """The rendered text of `selector`, with every run of spaces (non-breaking ones of
    French prices included) as one plain space."""
    return " ".join(page.locator(selector).first.inner_text().split())
