"""Who may see a client space, and how Wagtail's own privacy is kept in step with it.

The rules live in Wagtail's privacy models, so every part of the site that already honours
them (page serving, `.public()` in search, sitemaps and feeds, `seo_noindex`, document
serving) keeps a space private without knowing about spaces:

- each client company has one Django group (`CompanyGroup`) holding its users; the signals in
  `showroom.signals` keep it in step with `CustomerMember` (a user buys for one company, so
  joining one company's group leaves the others);
- a space's own `PageViewRestriction` (« utilisateurs de groupes ») lists the groups of its
  companies. It is rewritten by `ClientSpacePage.save()` (`showroom.models.sync_space_access`)
  in the same transaction whenever the page is saved in full (creation, publication,
  scheduled publication), never by a draft: who sees the space changes when its published
  content does, and a new space is never public, even for an instant;
- the index carries a « utilisateurs connectés » restriction: everything under it is private
  even if a space's own restriction were removed by hand, and anonymous visitors are asked
  to log in;
- documents: the space's collection « Espaces clients › <titre> », created at the space's first
  save (a draft included), gets a `CollectionViewRestriction` with the same groups, under a
  parent collection restricted to logged-in users (a document dropped there by mistake is
  still not public). Uploads made from the space's editor go into it (`showroom.documents`),
  and a space whose blocks show a document kept anywhere else is not published
  (`showroom.models.ClientSpacePageForm`);
- staff (`core.staff.is_staff`: admin access) and share-link holders are let in by
  `showroom.wagtail_hooks`, before Wagtail's checks. The same hooks answer what those checks
  cannot know: a space that is no longer open (unpublished, expired, deleted) shows nothing,
  documents included, to anyone but the team, and neither does a document under « Espaces
  clients » that no open space's collection holds (left in the parent, or behind a deleted
  space); a logged-in visitor Wagtail refuses gets a 403, since its login page would only send
  them back
  (`space_verdict`, `document_verdict`).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from wagtail.models import (
    BaseViewRestriction,
    PageViewRestriction,
)

from core.staff import is_staff
from showroom.models import CompanyGroup, group_name, is_spaces_collection, open_spaces
from showroom.sharing import ENDED, VALID, grant_state

# -- Groups ------------------------------------------------------------------------------------


def add_member(member):
    """Put the user in their company's group (if it has one) and in no other company's."""
    user_groups = get_user_model().groups.through.objects.filter(user_id=member.user_id)
    user_groups.filter(
        group_id__in=CompanyGroup.objects.exclude(company_id=member.company_id).values("group_id")
    ).delete()
    link = CompanyGroup.objects.filter(company_id=member.company_id).first()
    if link:
        member.user.groups.add(link.group_id)


def remove_member(member):
    get_user_model().groups.through.objects.filter(
        user_id=member.user_id,
        group_id__in=CompanyGroup.objects.filter(company_id=member.company_id).values("group_id"),
    ).delete()


def rename_group(company):
    Group.objects.filter(company_link__company=company).update(name=group_name(company))


# -- Restrictions ------------------------------------------------------------------------------


def protect_index(index):
    """Logged-in visitors only under the index, unless an editor chose stricter."""
    if not PageViewRestriction.objects.filter(page=index).exists():
        PageViewRestriction.objects.create(page=index, restriction_type=BaseViewRestriction.LOGIN)


def spaces_of_document(document):
    """None for a document outside « Espaces clients » (not a space's business); else the open
    spaces whose collection holds it now. That list is empty when its space was unpublished,
    has expired or was deleted (its collection stays behind), or when the document sits in
    the parent collection itself: no space vouches for it then."""
    ancestors = list(document.collection.get_ancestors(inclusive=True))
    if not any(is_spaces_collection(collection) for collection in ancestors):
        return None
    return list(open_spaces().filter(document_collection__collection__in=ancestors))


# -- Serving -----------------------------------------------------------------------------------

# What `showroom.wagtail_hooks` answers before Wagtail's privacy checks. None leaves the
# request to them: they send anonymous visitors to the login page (and serve the documents
# of the users of the space's companies, as a stream).
SERVE = "serve"  # served by showroom, never cached
NOT_FOUND = "not-found"  # the space is no longer open: 404, as once the scheduler has run
LINK_ENDED = "link-ended"  # the visitor's share link has expired or was revoked: 410
RESERVED = "reserved"  # logged in, but not for this space: 403


def refused_restrictions(request, restrictions):
    return [restriction for restriction in restrictions if not restriction.accept_request(request)]


def turned_away(request, refused):
    """A logged-in visitor refused by a login or groups restriction: Wagtail would send them to
    the login page, which sends a logged-in visitor straight back (a redirect loop)."""
    return request.user.is_authenticated and any(
        restriction.restriction_type != BaseViewRestriction.PASSWORD for restriction in refused
    )


def space_verdict(request, space):
    """How to answer a request for `space` (its page or one of its routes). The users of its
    companies pass Wagtail's own restrictions here, so that Wagtail need not check them twice."""
    if is_staff(request.user):
        return SERVE
    if not open_spaces().filter(pk=space.pk).exists():
        return NOT_FOUND
    grant = grant_state(request, space.pk)
    if grant == VALID:
        return SERVE
    refused = refused_restrictions(request, space.get_view_restrictions())
    if not refused:
        return SERVE
    if grant == ENDED:
        return LINK_ENDED
    return RESERVED if turned_away(request, refused) else None


def document_verdict(request, document):
    """How to answer a request for `document` when it belongs under « Espaces clients »."""
    spaces = spaces_of_document(document)
    if spaces is None:
        return None
    if is_staff(request.user):
        return SERVE
    if not spaces:
        return NOT_FOUND
    if any(grant_state(request, space.pk) == VALID for space in spaces):
        return SERVE
    refused = refused_restrictions(request, document.collection.get_view_restrictions())
    return RESERVED if turned_away(request, refused) else None
