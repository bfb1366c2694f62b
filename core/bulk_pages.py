"""Create many new, published pages of one type under one parent, in a handful of queries.

`parent.add_child()` followed by `save_revision().publish()` costs about 90 queries per page
(docs/design.md, « Page creation cost »): fine for an editor, far too slow for a catalogue
import.
`bulk_create_pages` writes the same rows Wagtail would (tree position, child table, child
relations, revision, history, reference index, search index), a batch at a time.
"""

import logging
from itertools import islice

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import NotSupportedError, connections, router, transaction
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import slugify
from modelcluster.models import get_all_child_m2m_relations, get_all_child_relations
from treebeard.exceptions import PathOverflow
from wagtail.log_actions import get_active_log_context
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backends_with_name
from wagtail.search.index import class_is_indexed
from wagtail.search.models import IndexEntry

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 500


def chunks(items, size):
    """Lists of `size` items (the last one shorter) from any iterable."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def bulk_create_pages(
    parent, pages, *, user=None, update_search_index=True, batch_size=DEFAULT_BATCH_SIZE
):
    """Insert `pages` (unsaved instances of one page model) as the last children of `parent`,
    published, and return them saved.

    Runs inside the caller's transaction (or its own) with the parent row locked, so
    concurrent creations under the same parent cannot compute the same tree paths. Each page
    gets what `add_child()` + `save_revision().publish()` would give it: path, depth, a slug
    unique among its siblings (from the title when empty, then -2, -3…), url_path, locale,
    draft_title, its child relations (e.g. ProductPage.attributes set in memory), one revision
    that is both latest and live, "wagtail.create" and "wagtail.publish" history entries, and
    reference-index rows. Fields are checked with `clean_fields()`, but the model's `clean()`
    and database uniqueness checks are not run: callers validate their data first.

    No signal is sent (no `post_save`, `page_published` or `published`), so nothing listening
    for them runs: callers that cache pages must purge them from the returned list.

    With `update_search_index=False` the search index is left to the caller, who then calls
    `add_pages_to_search_index(pages)`; a dry run that will roll back should not write to an
    external search service.
    """
    pages = list(pages)
    if not pages:
        return []
    model = type(pages[0])
    db = router.db_for_write(model)
    connection = connections[db]
    if not connection.features.can_return_rows_from_bulk_insert:
        # Revisions, history and child rows all need the new page ids.
        raise NotSupportedError("bulk_create_pages needs a database that returns bulk-insert ids")
    _check_pages(model, parent, pages)
    # The lists modelcluster keeps in memory for each child relation, read while the pages
    # are unsaved (afterwards a missing list would be fetched from the database, per page).
    children = {
        relation: [getattr(page, relation.get_accessor_name()).get_object_list() for page in pages]
        for relation in get_all_child_relations(model)
    }

    now = timezone.now()
    log_context = get_active_log_context()
    user = user or log_context.user
    page_type = ContentType.objects.get_for_model(Page)
    content_type = ContentType.objects.get_for_model(model)

    with transaction.atomic(using=db):
        locked = Page.objects.using(db).select_for_update().get(pk=parent.pk)
        _place_in_tree(locked, pages, db)
        for page in pages:
            page.draft_title = page.title
            page.locale_id = page.locale_id or locked.locale_id
            if page.owner_id is None:
                page.owner = user
            page.live, page.has_unpublished_changes, page.expired = True, False, False
            page.first_published_at = page.first_published_at or now
            page.last_published_at = page.last_published_at or now
            page.latest_revision_created_at = now
            page._cached_parent_obj = parent
            _clean_fields(page)

        _insert_pages(model, pages, db, batch_size)
        Page.objects.using(db).filter(pk=locked.pk).update(numchild=F("numchild") + len(pages))
        parent.numchild = locked.numchild + len(pages)
        _insert_children(pages, children, db, batch_size)

        revisions = Revision.objects.using(db).bulk_create(
            [
                Revision(
                    content_type=content_type,
                    base_content_type=page_type,
                    object_id=str(page.pk),
                    created_at=now,
                    user=user,
                    object_str=str(page),
                    content=page.serializable_data(),
                )
                for page in pages
            ],
            batch_size=batch_size,
        )
        for page, revision in zip(pages, revisions, strict=True):
            page.latest_revision = page.live_revision = revision
        _point_to_revisions(pages, page_type, db, batch_size)

        PageLogEntry.objects.using(db).bulk_create(
            [
                PageLogEntry(
                    page_id=page.pk,
                    content_type=content_type,
                    label=page.get_admin_display_title(),
                    action=action,
                    data={},
                    timestamp=now,
                    uuid=log_context.uuid,
                    user=user,
                    revision=logged_revision,
                    content_changed=True,
                )
                for page, revision in zip(pages, revisions, strict=True)
                # As add_child() logs the creation without a revision, then publish() with one.
                for action, logged_revision in (
                    ("wagtail.create", None),
                    ("wagtail.publish", revision),
                )
            ],
            batch_size=batch_size,
        )

        if ReferenceIndex.is_indexed(model):
            _add_to_reference_index(model, pages, db, batch_size)
        if update_search_index:
            add_pages_to_search_index(pages, batch_size=batch_size)

    for page in pages:
        # As modelcluster's commit() does: from now on the relations read the database.
        page._cluster_related_objects = {}
    return pages


def add_pages_to_search_index(pages, *, batch_size=DEFAULT_BATCH_SIZE):
    """Index `pages` in every auto-updated search backend, one batch per model and backend."""
    by_model = {}
    for page in pages:
        by_model.setdefault(type(page), []).append(page.pk)
    for model, ids in by_model.items():
        add_to_search_index(model, ids, batch_size=batch_size)


def add_to_search_index(model, ids, *, batch_size=DEFAULT_BATCH_SIZE):
    """Index the `model` objects of primary keys `ids` in every auto-updated search backend."""
    if not class_is_indexed(model):
        return
    for chunk in chunks(ids, batch_size):
        # Re-read through get_indexed_objects(): it applies the model's own filter and
        # prefetches what its RelatedFields index (brand, attributes…).
        objects = list(model.get_indexed_objects().filter(pk__in=chunk))
        for name, backend in get_search_backends_with_name(with_auto_update=True):
            try:
                backend.add_bulk(model, objects)
            except Exception:
                logger.exception("Could not index %d %s in %r", len(objects), model, name)
                # As modelsearch does: swallow errors only from external services,
                # never from a database backend inside our transaction.
                if not backend.catch_indexing_errors:
                    raise


def pages_by_id(model, ids, *, batch_size=DEFAULT_BATCH_SIZE):
    """The `model` pages of primary keys `ids`, read a batch at a time as they are iterated:
    for work on many pages that should not hold them all."""
    for chunk in chunks(ids, batch_size):
        yield from model.objects.filter(pk__in=chunk)


# PostgreSQL plans queries from table statistics that autovacuum refreshes only a while after
# a mass insert; until then a search may read every index entry (seconds at 100,000 products).
ANALYZE_FROM_PAGES = 5000


def refresh_statistics(models, pages_written, using="default"):
    """On PostgreSQL, after writing `pages_written` pages (at least ANALYZE_FROM_PAGES), refresh
    the planner statistics of the tables of `models`, Wagtail's pages and search index."""
    connection = connections[using]
    if connection.vendor != "postgresql" or pages_written < ANALYZE_FROM_PAGES:
        return
    tables = dict.fromkeys(m._meta.db_table for m in (Page, IndexEntry, *models))
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")


def _check_pages(model, parent, pages):
    if not issubclass(model, Page) or model is Page or model._meta.abstract:
        raise TypeError(f"bulk_create_pages needs a concrete page model, not {model!r}")
    parent_model = parent.specific_class
    if model not in parent_model.allowed_subpage_models():
        raise ValueError(f"{model.__name__} pages cannot be created under {parent_model.__name__}")
    now = timezone.now()
    for page in pages:
        if type(page) is not model:
            raise TypeError("bulk_create_pages creates pages of one model at a time")
        if page.pk is not None or not page._state.adding:
            raise ValueError(f"« {page.title} » is already saved")
        if page.alias_of_id:
            raise ValueError("aliases are created with Page.create_alias()")
        if page.go_live_at and page.go_live_at > now:
            # Wagtail would schedule such a page instead of publishing it.
            raise ValueError(f"« {page.title} » has a future go_live_at: schedule it normally")
        for field in get_all_child_m2m_relations(model):
            if getattr(page, "_cluster_related_objects", {}).get(field.name):
                raise ValueError(f"{field.name}: ParentalManyToManyField values not supported")


def _place_in_tree(parent, pages, db):
    """Paths after the parent's last child, depth, unique sibling slugs and url_path."""
    depth = parent.depth + 1
    siblings = Page.objects.using(db).filter(path__startswith=parent.path, depth=depth)
    last_path, taken = None, set()
    for path, slug in siblings.values_list("path", "slug"):
        taken.add(slug)
        last_path = max(last_path or path, path)
    # Count from the last child, not numchild: deletions leave holes in the sequence.
    position = Page._str2int(last_path[-Page.steplen :]) if last_path else 0
    max_path_length = Page._meta.get_field("path").max_length
    allow_unicode = getattr(settings, "WAGTAIL_ALLOW_UNICODE_SLUGS", True)
    for page in pages:
        position += 1
        if len(Page._int2str(position)) > Page.steplen:
            raise PathOverflow(f"no room for {len(pages)} more children under {parent.path}")
        page.depth = depth
        page.path = Page._get_path(parent.path, depth, position)
        if len(page.path) > max_path_length:
            raise PathOverflow("the new pages are too deep in the tree")
        if page.slug:
            if page.slug in taken:
                raise ValidationError({"slug": f"« {page.slug} » is already used by a sibling"})
        else:
            base = slugify(page.title, allow_unicode=allow_unicode)
            if not base:
                raise ValidationError({"slug": f"no slug can be made from « {page.title} »"})
            page.slug, suffix = base, 1
            while page.slug in taken:
                suffix += 1
                page.slug = f"{base}-{suffix}"
        taken.add(page.slug)
        page.url_path = f"{parent.url_path}{page.slug}/"


def _clean_fields(page):
    # Foreign keys are skipped: validating each one is a query per page and field.
    exclude = [field.name for field in page._meta.concrete_fields if field.is_relation]
    try:
        page.clean_fields(exclude=exclude)
    except ValidationError as exc:
        raise ValidationError(f"« {page.title} » : {' ; '.join(exc.messages)}") from exc


def _insert_pages(model, pages, db, batch_size):
    page_fields = [field for field in Page._meta.concrete_fields if not field.primary_key]
    rows = [Page(**{f.attname: getattr(page, f.attname) for f in page_fields}) for page in pages]
    Page.objects.using(db).bulk_create(rows, batch_size=batch_size)
    for page, row in zip(pages, rows, strict=True):
        page.id = row.id
    # Multi-table inheritance forbids ProductPage.objects.bulk_create(), so each concrete
    # table below Page gets its rows through the manager's _insert(): the very call
    # Model.save() makes for a child table once the parent row exists. raw=False, as in
    # save(), so fields still run their pre_save() (auto_now and the like).
    connection = connections[db]
    for level in [m for m in reversed(model._meta.get_parent_list()) if m is not Page] + [model]:
        for link in level._meta.parents.values():
            if link is not None:
                for page in pages:
                    setattr(page, link.attname, page.id)
        fields = level._meta.local_concrete_fields
        size = min(batch_size, connection.ops.bulk_batch_size(fields, pages) or batch_size)
        for chunk in chunks(pages, size):
            level._base_manager.using(db)._insert(chunk, fields=fields, using=db)
    for page in pages:
        page._state.adding = False
        page._state.db = db


def _point_to_revisions(pages, page_type, db, batch_size):
    # Each page's only revision, found by a correlated subquery: one UPDATE per batch, where
    # bulk_update() would build (slowly) a CASE with a branch per page.
    revision = Subquery(
        Revision.objects.filter(
            base_content_type=page_type, object_id=Cast(OuterRef("pk"), CharField())
        )
        .order_by("-pk")
        .values("pk")[:1]
    )
    for chunk in chunks([page.pk for page in pages], batch_size):
        Page.objects.using(db).filter(pk__in=chunk).update(
            latest_revision=revision, live_revision=revision
        )


def _add_to_reference_index(model, pages, db, batch_size):
    """What ReferenceIndex.create_or_update_for_object() writes for a new page, in one batch.

    Calling that per page costs three queries a page, about a fifth of an import's time. It
    relies on two private helpers of ReferenceIndex (Wagtail is pinned below 7.5) and reads
    the child relations still in memory; the test suite checks that a later
    create_or_update_for_object() finds nothing to change.
    """
    content_types = [
        ContentType.objects.get_for_model(m, for_concrete_model=False)
        for m in [model, *model._meta.get_parent_list()]
    ]
    rows = [
        ReferenceIndex(
            content_type=content_types[0],
            base_content_type=content_types[-1],
            object_id=str(page.pk),
            to_content_type_id=to_content_type_id,
            to_object_id=to_object_id,
            model_path=model_path,
            content_path=content_path,
            content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
        )
        for page in pages
        for to_content_type_id, to_object_id, model_path, content_path in set(
            ReferenceIndex._extract_references_from_object(page)
        )
    ]
    ReferenceIndex.objects.using(db).bulk_create(rows, batch_size=batch_size)


def _insert_children(pages, children, db, batch_size):
    for relation, lists in children.items():
        objects = []
        for page, items in zip(pages, lists, strict=True):
            for position, item in enumerate(items):
                if item.pk is not None:
                    raise ValueError(f"{relation.name} of « {page.title} » is already saved")
                setattr(item, relation.field.name, page)
                # Keep the given order, as the admin's inline panels do.
                sort_field = getattr(item, "sort_order_field", None)
                if sort_field and getattr(item, sort_field) is None:
                    setattr(item, sort_field, position)
                objects.append(item)
        if objects:
            relation.related_model._default_manager.using(db).bulk_create(
                objects, batch_size=batch_size
            )
