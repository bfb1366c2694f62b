"""Login throttling with django-axes: what counts, what a success forgives, what is shown.

Failed logins are counted per account and per client address (AXES_LOCKOUT_PARAMETERS in
config/settings/base.py): AXES_FAILURE_LIMIT failures on one account, from any addresses, lock
that account; as many from one address, on any accounts, lock that address. A lockout ends
AXES_COOLOFF_TIME after the last failure counted. Attempts are rows in the database (axes'
database handler), so throttling holds while the cache is down. Staff lift a lockout with
`manage.py axes_reset_username USERNAME` or `manage.py axes_reset_ip ADDRESS`; a customer
lifts their own by resetting their password (core/password_reset.py).
"""

import math
from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.db.models import Max, Sum
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers


class LockoutHandler(AxesDatabaseHandler):
    def reset_user_attempts(self, request, credentials=None):
        """After a successful login, forget this account's failures from this address only.

        Axes' own reset forgets every failure matching any lockout parameter, so all failures
        from this address: whoever holds one valid account could then try passwords on other
        accounts without end, logging in between two tries. A success proves the password of
        one account to one address; failures on it from other addresses still count.
        """
        count, _ = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        ).delete()
        return count

    def lockout_ends_at(self, request, credentials=None):
        """When the failures that lock this account or this address have all expired.

        No failure is counted during a lockout (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT
        is off), so the lockout ends at this time at the latest.
        """
        limit = get_failure_limit(request, credentials)
        groups = [
            attempts.aggregate(failures=Sum("failures_since_start"), latest=Max("attempt_time"))
            for attempts in self.get_user_attempts(request, credentials)
        ]
        latest = max(
            (group["latest"] for group in groups if (group["failures"] or 0) >= limit),
            default=request.axes_attempt_time,
        )
        return latest + get_cool_off(request)


def lockout_response(request, original_response, credentials):
    """The login page again, with an empty form and when to try again; status 429.

    Axes calls this for the requests whose view called `authenticate()`: the customers' login
    and Wagtail's admin login, both Django LoginViews that answer a TemplateResponse. Their
    templates (templates/registration/login.html, templates/wagtailadmin/login.html) show the
    lockout message when `lockout_ends_at` is set.
    """
    ends_at = AxesProxyHandler.get_implementation().lockout_ends_at(request, credentials)
    # Shown to the minute: round up, so that "after 14 h 48" is never too early.
    shown = (ends_at + timedelta(minutes=1)).replace(second=0, microsecond=0)
    form = original_response.context_data["form"]
    context = {
        **original_response.context_data,
        "form": type(form)(request),
        "lockout_ends_at": shown,
    }
    response = render(request, original_response.template_name, context, status=429)
    response["Retry-After"] = max(1, math.ceil((ends_at - timezone.now()).total_seconds()))
    # Like the login page it replaces: a cache shared by several visitors must not keep it.
    add_never_cache_headers(response)
    return response
