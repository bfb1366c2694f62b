"""Crawler endpoints: the sitemap index, the section sitemaps, robots.txt and /favicon.ico."""

from django.core.paginator import EmptyPage, PageNotAnInteger
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from wagtail.models import Site

from seo.models import DEFAULT_ROBOTS_RULES, RobotsSettings
from seo.sitemaps import SECTIONS, sitemap_files

XML = "application/xml; charset=utf-8"
# Crawlers come back often enough; a stale sitemap only costs them a 404/410 on a dropped URL.
SITEMAP_MAX_AGE = 15 * 60
# Search engines cache robots.txt for up to a day themselves; an edit shows within the hour.
ROBOTS_MAX_AGE = 60 * 60
# The icon's own static URL is versioned and cached for good; this redirect to it is not, so
# a new icon reaches browsers that kept the redirect within a day.
FAVICON_MAX_AGE = 24 * 60 * 60
FAVICON = "seo/favicon.ico"
QUERY_PARAMETERS = ("p",)  # a sitemap section's page


def _site(request):
    site = Site.find_for_request(request)
    if site is None:
        raise Http404("Aucun site ne correspond à cette adresse.")
    return site


def _crawler_response(response, max_age):
    patch_cache_control(response, public=True, max_age=max_age)
    # The sitemap files themselves must not show up in search results.
    response.headers.setdefault("X-Robots-Tag", "noindex, noarchive")
    return response


def sitemap_index(request):
    files = sitemap_files(request, _site(request))
    response = TemplateResponse(
        request, "seo/sitemap_index.xml", {"sitemaps": files}, content_type=XML
    )
    return _crawler_response(response, SITEMAP_MAX_AGE)


def sitemap_section(request, section):
    if section not in SECTIONS:
        raise Http404("Section de plan du site inconnue.")
    sitemap = SECTIONS[section](request, _site(request))
    try:
        entries = sitemap.entries(request.GET.get("p", 1))
    except (EmptyPage, PageNotAnInteger) as error:
        raise Http404("Page de plan du site inexistante.") from error
    response = TemplateResponse(request, "seo/sitemap.xml", {"urlset": entries}, content_type=XML)
    # Rendered now: the entries are computed while rendering, and so is their latest date.
    response.render()
    if entries.latest:
        response.headers["Last-Modified"] = http_date(entries.latest.timestamp())
    return _crawler_response(response, SITEMAP_MAX_AGE)


def robots_lines(rules, sitemap_url):
    """robots.txt: the editors' rules, then the sitemap's absolute URL."""
    lines = [line.rstrip() for line in rules.replace("\r\n", "\n").split("\n")]
    while lines and not lines[-1]:
        lines.pop()
    sitemap_line = f"Sitemap: {sitemap_url}\n"
    if not lines:
        return sitemap_line
    # A blank line keeps the Sitemap directive apart from the last user-agent group.
    return "\n".join(lines) + "\n\n" + sitemap_line


def robots_txt(request):
    site = Site.find_for_request(request)
    path = reverse("seo_sitemap_index")
    if site is None:
        rules, sitemap_url = DEFAULT_ROBOTS_RULES, request.build_absolute_uri(path)
    else:
        rules, sitemap_url = RobotsSettings.for_site(site).rules, site.root_url + path
    response = HttpResponse(
        robots_lines(rules, sitemap_url), content_type="text/plain; charset=utf-8"
    )
    patch_cache_control(response, public=True, max_age=ROBOTS_MAX_AGE)
    return response


def favicon(request):
    """/favicon.ico, which browsers, feed readers and crawlers ask for whatever the page says:
    a temporary redirect to the static file, which whitenoise serves with long cache headers."""
    response = HttpResponseRedirect(static(FAVICON))
    patch_cache_control(response, public=True, max_age=FAVICON_MAX_AGE)
    return response
