"""The benchmark's buyer runs and reference site (issue 16, item 3): a real login, the session
cookie sent by the load tools, the reference targets and the side-by-side report."""

import http.server
import threading
from urllib.parse import parse_qs

import pytest

from bench import load, report, run, session
from tests.bench.test_bench_tools import make_report

LOGIN_PAGE = '<form method="post"><input type="hidden" name="csrfmiddlewaretoken" value="T0K3N">'


class FakeSite(http.server.BaseHTTPRequestHandler):
    """The login view as Django answers it under production settings (Secure cookies), and a
    page that records the Cookie header it gets."""

    protocol_version = "HTTP/1.1"
    cookies_seen = []

    def answer(self, status, body=b"", headers=()):
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        if self.path == session.LOGIN_PATH:
            cookie = "csrftoken=abc; Path=/; SameSite=Lax; Secure"
            return self.answer(200, LOGIN_PAGE.encode(), [("Set-Cookie", cookie)])
        FakeSite.cookies_seen.append(self.headers.get("Cookie"))
        return self.answer(200, b"page")

    def do_POST(self):
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        right = (
            form.get("csrfmiddlewaretoken") == ["T0K3N"]
            and self.headers.get("Cookie") == "csrftoken=abc"
            and form.get("password") == ["client-demo"]
        )
        if not right:
            return self.answer(200, LOGIN_PAGE.encode())
        return self.answer(
            302,
            headers=[
                ("Location", "/"),
                ("Set-Cookie", "csrftoken=rotated; Path=/; Secure"),
                ("Set-Cookie", "sessionid=s3ss10n; HttpOnly; Path=/; Secure"),
            ],
        )

    def log_message(self, *args):
        pass


@pytest.fixture
def site():
    FakeSite.cookies_seen = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeSite)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_a_buyer_logs_in_through_the_login_view(site):
    assert session.log_in(site) == "csrftoken=rotated; sessionid=s3ss10n"
    with pytest.raises(SystemExit, match="logging in as « client » failed"):
        session.log_in(site, "client", "wrong")


def test_cookies_are_read_from_set_cookie_headers():
    cookies = session.cookies_from(
        ["a=1; Path=/; Secure", "b=2; HttpOnly", 'a=""; Max-Age=0; Path=/', "c=3"]
    )
    assert cookies == {"b": "2", "c": "3"}
    assert session.cookie_header(cookies) == "b=2; c=3"
    assert session.form_token(LOGIN_PAGE) == "T0K3N"
    with pytest.raises(ValueError):
        session.form_token("<form></form>")


def test_the_load_tools_send_the_session_cookie(site):
    command = load.wrk_command("http://x/", 3, headers={"Cookie": "sessionid=s"})
    assert command[-3:] == ["-H", "Cookie: sessionid=s", "http://x/"]
    assert "-H" not in load.wrk_command("http://x/", 3)
    result = load.run_python(
        f"{site}/page/", duration=0.2, connections=1, headers={"Cookie": "sessionid=s"}
    )
    assert result.requests > 0 and result.errors == 0
    assert set(FakeSite.cookies_seen) == {"sessionid=s"}


def test_buyer_and_reference_targets():
    reference = run.reference_targets(
        "http://127.0.0.1:8001/", "home=/, category=/breads/,product=/breads/bolani/"
    )
    assert reference == {
        "reference-home": "http://127.0.0.1:8001/",
        "reference-category": "http://127.0.0.1:8001/breads/",
        "reference-product": "http://127.0.0.1:8001/breads/bolani/",
    }
    with pytest.raises(SystemExit, match="BENCH_REFERENCE_PATHS"):
        run.reference_targets("http://x", "home")
    paths = {"minimal": "/m/", "home": "/", "category": "/c/", "product": "/p/", "search": "/s?q"}
    targets = run.server_targets("http://b", paths, ["minimal", "home"], "sessionid=s", reference)
    assert targets["home"] == ("http://b/", {})
    assert targets["buyer-product"] == ("http://b/p/", {"Cookie": "sessionid=s"})
    assert targets["buyer-search"] == ("http://b/s?q", {"Cookie": "sessionid=s"})
    assert targets["reference-category"] == ("http://127.0.0.1:8001/breads/", {})
    assert "product" not in targets  # only the names asked, plus the buyer's pages


def buyer_report(reference=True):
    measured = make_report()
    measured["run"].update(reference_url="http://bakery" if reference else None)
    uncached = measured["servers"]["uncached"]["targets"]
    for page in ("home", "category", "product"):
        uncached[page]["rps"] = 100.0
        uncached[f"buyer-{page}"] = {"rps": 60.0, "ratio": 0.06}
        if reference:
            uncached[f"reference-{page}"] = {"rps": 40.0, "ratio": 0.04}
    measured["servers"]["cached-redis"] = {
        "targets": {
            "minimal": {"rps": 1000.0, "ratio": 1.0},
            "buyer-category": {"rps": 700.0, "ratio": 0.7},
            "buyer-product": {"rps": 500.0, "ratio": 0.5},
        }
    }
    return measured


def test_side_by_side_rows_and_the_buyer_target():
    rows = dict(report.side_by_side(buyer_report()))
    assert rows["product"]["buyer uncached"] == 60.0
    assert rows["product"]["reference"] == 40.0
    assert rows["category"]["buyer cached (Redis)"] == 700.0
    assert rows["search"]["buyer uncached"] is None
    assert "reference" not in dict(report.side_by_side(buyer_report(reference=False)))["home"]
    target = next(
        t for t in report.evaluate(buyer_report()) if t["target"].startswith("Cached buyer")
    )
    assert target["status"] == "missed"  # product 50 % < 60 %
    assert target["measured"] == "buyer-category 70.0 %, buyer-product 50.0 %"


def test_markdown_shows_the_reference_beside_the_buyer():
    measured = buyer_report()
    measured["run"].update(
        id="x", started="a", finished="b", workers=2, load_tool="wrk", duration_s=3, rounds=1
    )
    measured["machine"] = report.machine()
    for server in measured["servers"].values():
        for figures in server["targets"].values():
            figures.setdefault("rps", 10.0)
            figures.update(p50_ms=1.0, p99_ms=2.0, errors=0)
            figures.setdefault("ratio", 0.5)
    measured["queries"] = {}
    measured["search"].update(queries=50)
    for figures in measured["memory"].values():
        figures.update(baseline_rss_mb=100, bytes=10, method="ru_maxrss")
    measured["import"].update(naive_products=50, bulk_rows=2000)
    measured["targets"] = report.evaluate(measured)
    text = report.markdown(measured)
    assert "## Side by side (requests/s)" in text
    assert "Reference: http://bakery" in text
    assert "| product | 100.0 | 60.0 | — | 500.0 | — | 40.0 |" in text
