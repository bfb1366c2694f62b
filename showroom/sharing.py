"""Share links: what opening one grants, and how each later request is checked.

Opening `/partage/<token>/` stores a grant in the visitor's session (link id and expiry, per
space). The grant is only a pointer: every request for the space, its routes or its documents
asks `grant_state`, which checks the link and its space again in the database, so an expiry,
a revocation, an unpublished, expired or deleted space takes effect at once, including for a
browser that opened the link before. Which space a document belongs to is decided on each
request too (`showroom.access.spaces_of_document`): a document moved out of the space's
collection leaves the grant.
"""

from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers

from showroom.models import ShareLink

SESSION_KEY = "showroom_share_grants"
UNAVAILABLE_TEMPLATE = "showroom/share_link_unavailable.html"

VALID = "valid"
ENDED = "ended"


def grant(request, link):
    grants = dict(request.session.get(SESSION_KEY, {}))
    grants[str(link.space_id)] = {"link": link.pk, "expires": link.expires_at.timestamp()}
    request.session[SESSION_KEY] = grants


def grant_state(request, space_id):
    """Whether this request's share grant covers the space now: VALID if the session holds a
    grant for it whose link is neither expired nor revoked and whose space is open (live, not
    past its expiry, not deleted); ENDED if it holds one that no longer is (the grant is then
    dropped); else None."""
    grants = request.session.get(SESSION_KEY, {}) if hasattr(request, "session") else {}
    entry = grants.get(str(space_id))
    if entry is None:
        return None
    now = timezone.now()
    if entry["expires"] > now.timestamp() and (
        ShareLink.objects.usable(now).filter(pk=entry["link"], space_id=space_id).exists()
    ):
        return VALID
    request.session[SESSION_KEY] = {k: v for k, v in grants.items() if k != str(space_id)}
    return ENDED


def unavailable_response(request, status=410):
    """The polite page for an expired or revoked link (410) or an unknown one (404): never
    the space's content."""
    context = {"unknown": status == 404}
    response = TemplateResponse(request, UNAVAILABLE_TEMPLATE, context, status=status)
    add_never_cache_headers(response)
    return response
