"""A logged-in buyer for the load tests: a real session opened through the site's login view.

The cookies come back as one ``Cookie`` header, which wrk sends with every request (`-H`).
Production settings mark the cookies Secure; over the bench's plain HTTP a cookie jar would
drop them, so they are read from ``Set-Cookie`` and sent back by hand.
"""

import http.client
import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

# The demo customer (storefront/demo/site.py), member of a company with a price group.
BUYER = ("client", "client-demo")
LOGIN_PATH = "/account/login/"
TIMEOUT_SECONDS = 60
_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def cookies_from(set_cookie_headers):
    """{name: value} of the cookies set by these ``Set-Cookie`` headers (deletions left out)."""
    cookies = {}
    for header in set_cookie_headers:
        for name, morsel in SimpleCookie(header).items():
            if morsel.value and morsel["max-age"] != "0":
                cookies[name] = morsel.value
            else:
                cookies.pop(name, None)
    return cookies


def cookie_header(cookies):
    return "; ".join(f"{name}={value}" for name, value in sorted(cookies.items()))


def form_token(html):
    """The CSRF token of the first form of a page."""
    found = _TOKEN.search(html)
    if not found:
        raise ValueError("no CSRF token in the login page")
    return found.group(1)


def request(base, method, path, headers=None, body=None):
    """(status, Set-Cookie headers, body text) of one request; redirects are not followed."""
    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=TIMEOUT_SECONDS)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return (
            response.status,
            response.headers.get_all("Set-Cookie") or [],
            response.read().decode(errors="replace"),
        )
    finally:
        connection.close()


def log_in(base, username=BUYER[0], password=BUYER[1]):
    """The ``Cookie`` header of a new session of `username`, opened through the login view."""
    status, set_cookies, html = request(base, "GET", LOGIN_PATH)
    if status != 200:
        raise SystemExit(f"the login page answered {status}")
    cookies = cookies_from(set_cookies)
    body = urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": form_token(html)}
    )
    headers = {
        "Content-Type": "application/x-www-form-urlencoded",
        "Cookie": cookie_header(cookies),
    }
    status, set_cookies, _ = request(base, "POST", LOGIN_PATH, headers, body)
    cookies.update(cookies_from(set_cookies))
    if status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"logging in as « {username} » failed (status {status})")
    return cookie_header(cookies)
