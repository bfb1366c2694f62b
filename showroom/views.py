"""`/partage/<token>/`: a prospect opens a client space without an account."""

from django.db.models import F
from django.dispatch import Signal
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_safe

from showroom.models import ShareLink
from showroom.sharing import grant, unavailable_response

# Sent with the `link` opened, for the daily statistics (analytics/receivers.py); the link keeps
# its running total and last use itself.
share_link_opened = Signal()


@require_safe
def open_share_link(request, token):
    link = ShareLink.objects.select_related("space").filter(token=token).first()
    if link is None:
        return unavailable_response(request, status=404)
    if not ShareLink.objects.usable().filter(pk=link.pk).exists():
        return unavailable_response(request)
    ShareLink.objects.filter(pk=link.pk).update(
        use_count=F("use_count") + 1, last_used_at=timezone.now()
    )
    grant(request, link)
    share_link_opened.send(sender=open_share_link, link=link)
    response = redirect(link.space.get_url(request))
    add_never_cache_headers(response)
    return response
