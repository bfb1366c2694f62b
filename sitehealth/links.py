"""The broken link check: links of live pages to pages, documents and addresses that fail.

Every rich text field and StreamField of every live page is read as stored (the raw JSON,
not the blocks, which turn a deleted page into None and would hide it): links in rich text,
page and document choosers and URL blocks, at any depth of structs, lists and streams. A
link fails when its page was deleted or is not live, its document was deleted or lost its
file, or, only with SITEHEALTH_CHECK_EXTERNAL_LINKS on, its external address answers an
error or nothing within SITEHEALTH_LINK_TIMEOUT seconds.

`check_links` (the command, or the scheduler every SITEHEALTH_LINK_CHECK_INTERVAL seconds)
replaces the report's rows with what it finds now.
"""

import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from wagtail import blocks
from wagtail.documents import get_document_model
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, get_page_models
from wagtail.rich_text.rewriters import FIND_A_TAG, extract_attrs

from sitehealth.models import BrokenLink, LinkCheck

CHUNK = 500
USER_AGENT = "Storefront link check"


@dataclass(frozen=True)
class Link:
    kind: str  # "page", "document" or "url"
    target: str
    place: str


def external_checks_enabled():
    return getattr(settings, "SITEHEALTH_CHECK_EXTERNAL_LINKS", False)


def timeout():
    return getattr(settings, "SITEHEALTH_LINK_TIMEOUT", 5)


def interval():
    return timedelta(seconds=getattr(settings, "SITEHEALTH_LINK_CHECK_INTERVAL", 3600))


def rich_text_links(html, place):
    for match in FIND_A_TAG.finditer(html or ""):
        attrs = extract_attrs(match.group(1))
        linktype = attrs.get("linktype")
        if linktype in ("page", "document") and attrs.get("id"):
            yield Link(linktype, attrs["id"], place)
        elif linktype is None and attrs.get("href"):
            yield Link("url", attrs["href"], place)


def block_links(block, raw, place):
    """The links in `raw`, the stored value of `block`."""
    if raw in (None, "", []):
        return
    if isinstance(block, blocks.BaseStreamBlock):
        for child in raw:
            child_block = block.child_blocks.get(child.get("type"))
            if child_block is not None:
                yield from block_links(
                    child_block, child.get("value"), f"{place} › {child_block.label}"
                )
    elif isinstance(block, blocks.ListBlock):
        for item in raw:
            # Items are stored as {"type": "item", "value": …} since Wagtail 2.16, bare before.
            if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
                item = item["value"]
            yield from block_links(block.child_block, item, place)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            yield from block_links(child_block, raw.get(name), f"{place} › {child_block.label}")
    elif isinstance(block, blocks.PageChooserBlock):
        yield Link("page", str(raw), place)
    elif isinstance(block, DocumentChooserBlock):
        yield Link("document", str(raw), place)
    elif isinstance(block, blocks.RichTextBlock):
        yield from rich_text_links(raw, place)
    elif isinstance(block, blocks.URLBlock):
        yield Link("url", raw, place)


def link_fields(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, (RichTextField, StreamField))
    ]


def page_links():
    """``(page id, [Link])`` for every live page with links, in chunks of CHUNK pages."""
    for model in get_page_models():
        fields = link_fields(model)
        if not fields:
            continue
        pages = model.objects.live().filter(content_type=ContentType.objects.get_for_model(model))
        names = [field.name for field in fields]
        last_pk = 0
        while True:
            rows = list(
                pages.filter(pk__gt=last_pk).order_by("pk").values_list("pk", *names)[:CHUNK]
            )
            for pk, *values in rows:
                links = []
                for field, value in zip(fields, values, strict=True):
                    place = str(field.verbose_name).capitalize()
                    if isinstance(field, StreamField):
                        links += block_links(field.stream_block, list(value.raw_data), place)
                    else:
                        links += rich_text_links(value, place)
                yield pk, links
            if len(rows) < CHUNK:
                break
            last_pk = rows[-1][0]


def external_problem(url):
    """Why an external address fails, or "" if it answers."""
    request = urllib.request.Request(url, method="HEAD", headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout()):
            return ""
    except urllib.error.HTTPError as error:
        if error.code in (405, 501):  # HEAD refused: the page may still be there
            return ""
        return f"Adresse externe en erreur ({error.code})"
    except (urllib.error.URLError, TimeoutError, ValueError, OSError) as error:
        reason = getattr(error, "reason", error)
        return f"Adresse externe injoignable ({reason})"


class Checker:
    """Looks up the targets of many links at once, each target once."""

    def __init__(self, all_links):
        page_ids = {
            int(link.target) for link in all_links if link.kind == "page" and link.target.isdigit()
        }
        document_ids = {
            int(link.target)
            for link in all_links
            if link.kind == "document" and link.target.isdigit()
        }
        self.pages = {
            pk: (title, live)
            for pk, title, live in Page.objects.filter(pk__in=page_ids).values_list(
                "pk", "title", "live"
            )
        }
        self.documents = {
            document.pk: document
            for document in get_document_model().objects.filter(pk__in=document_ids)
        }
        self.external = {}

    def describe(self, link):
        if link.kind == "page":
            found = self.pages.get(int(link.target)) if link.target.isdigit() else None
            return f"Page « {found[0]} »" if found else f"Page n° {link.target}"
        if link.kind == "document":
            found = self.documents.get(int(link.target)) if link.target.isdigit() else None
            return f"Document « {found.title} »" if found else f"Document n° {link.target}"
        return link.target

    def problem(self, link):
        if link.kind == "page":
            found = self.pages.get(int(link.target)) if link.target.isdigit() else None
            if found is None:
                return "Page supprimée"
            return "" if found[1] else "Page dépubliée ou jamais publiée"
        if link.kind == "document":
            document = self.documents.get(int(link.target)) if link.target.isdigit() else None
            if document is None:
                return "Document supprimé"
            if not document.file or not document.file.storage.exists(document.file.name):
                return "Fichier du document introuvable"
            return ""
        if external_checks_enabled() and link.target.startswith(("http://", "https://")):
            if link.target not in self.external:
                self.external[link.target] = external_problem(link.target)
            return self.external[link.target]
        return ""


def check_all():
    """Check every link of every live page and replace the report's rows. Returns
    ``(pages, links, broken)`` counts."""
    found = list(page_links())
    checker = Checker([link for _, links in found for link in links])
    broken = [
        BrokenLink(
            page_id=pk,
            place=link.place[:255],
            link=checker.describe(link)[:500],
            problem=problem[:255],
        )
        for pk, links in found
        for link in links
        if (problem := checker.problem(link))
    ]
    link_count = sum(len(links) for _, links in found)
    with transaction.atomic():
        BrokenLink.objects.all().delete()
        BrokenLink.objects.bulk_create(broken)
        LinkCheck.objects.update_or_create(
            pk=LinkCheck.ROW,
            defaults={"finished_at": timezone.now(), "pages": len(found), "links": link_count},
        )
    return len(found), link_count, len(broken)


def last_check():
    return LinkCheck.objects.filter(pk=LinkCheck.ROW).first()


def is_due(now):
    last = last_check()
    return last is None or now - last.finished_at >= interval()
