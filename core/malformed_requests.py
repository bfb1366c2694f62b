"""Requests that no browser sends, refused with a 400 before anything reads them.

- A NUL character where a view may look a value up: the path, a query parameter, a form field
  or a cookie (Django removes it from uploaded files' names itself). PostgreSQL refuses NUL in
  text, so every lookup of such a value (listing filters, news categories and tags, share
  links, quote references, the session) would answer 500. No text typed, pasted or stored on
  PostgreSQL contains one, so refusing it never refuses one of our own links or forms. The
  other control characters are let through: imported data may hold them, and our facet links
  and admin forms send that data back.
- Percent-encoded bytes in the query string that are not UTF-8 (``%ff``, or ``%ED%A0%80``, an
  encoded lone surrogate). Browsers and our own links always encode UTF-8; Django would
  quietly turn such bytes into U+FFFD, so the views, the cache and the search terms report
  would see another request than the one sent.

Raising BadRequest lets Django answer with templates/400.html, as it does for the malformed
bodies it detects itself (too many fields, a broken multipart body).
"""

from urllib.parse import unquote

from django.core.exceptions import BadRequest

NUL = "\x00"


def is_utf8_query_string(query_string):
    """Whether every percent-encoded byte sequence in `query_string` decodes as UTF-8."""
    try:
        unquote(query_string, errors="strict")
    except UnicodeDecodeError:
        return False
    return True


def request_texts(request):
    """Every text of the request that a view may compare, look up or store.

    Form data is read here, once, for urlencoded and multipart POST bodies alone (Django parses
    nothing else into request.POST): views and the CSRF check reuse what is parsed, and
    uploaded files go to their upload handlers as usual, never read twice.
    """
    yield request.path
    for params in (request.GET, request.POST):
        for name, values in params.lists():
            yield name
            yield from values
    for name, value in request.COOKIES.items():
        yield name
        yield value


class MalformedRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_utf8_query_string(request.META.get("QUERY_STRING", "")):
            raise BadRequest("Query string not encoded in UTF-8.")
        if any(NUL in text for text in request_texts(request)):
            raise BadRequest("NUL character in the request.")
        return self.get_response(request)
