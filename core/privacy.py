"""May this request see this page: Wagtail's page privacy, plus what the apps grant on top.

Wagtail's view restrictions (login, groups, password) decide alone for most pages. An app that
opens private pages to more people (showroom: the team and share-link holders) says so through
the `page_access_grants` hook, a function of (request, page) returning True to let the request
in, so that code asking the question needs no knowledge of the app that answers it.
"""

from wagtail import hooks

ACCESS_GRANTS_HOOK = "page_access_grants"


def page_open_to(request, page):
    """Whether every restriction on `page` (or an ancestor) accepts the request, or an app
    grants it access."""
    restrictions = page.get_view_restrictions()
    if all(restriction.accept_request(request) for restriction in restrictions):
        return True
    return any(grants(request, page) for grants in hooks.get_hooks(ACCESS_GRANTS_HOOK))
