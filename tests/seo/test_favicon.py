"""/favicon.ico answers (it was a 404, Lighthouse's only « Best practices » loss) and every
page names its icon."""

import pytest
from bs4 import BeautifulSoup
from django.templatetags.static import static

pytestmark = pytest.mark.django_db

ICO_MAGIC = b"\x00\x00\x01\x00"


def test_favicon_ico_leads_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 302
    assert response["Location"] == static("seo/favicon.ico")
    assert "max-age=86400" in response["Cache-Control"]
    icon = client.get(response["Location"])
    assert icon.status_code == 200
    assert b"".join(icon.streaming_content).startswith(ICO_MAGIC)


@pytest.mark.parametrize("url", ["/", "/catalogue/", "/devis/", "/nexiste-pas/"])
def test_pages_name_their_icon(client, demo_site, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    assert soup.find("link", rel="icon")["href"] == static("seo/favicon.ico")
