"""Outgoing e-mail, sent by a task so that no web request waits for the mail server.

Callers render the message in the request and hand over its parts as plain text, lists and
a dict: that is what the task queue stores. A mail server that refuses or does not answer is
logged by the task, never shown to the visitor, whose request is already stored and answered.
"""

import logging
import smtplib

from django.core.mail import EmailMessage
from django_tasks import TaskResultStatus, task

logger = logging.getLogger(__name__)


@task(backend="background")
def send_email(subject, body, to, from_email=None, reply_to=None, headers=None):
    """Send one plain-text e-mail; False when the mail server failed (logged)."""
    message = EmailMessage(
        subject, body, from_email, to, reply_to=reply_to or None, headers=headers or None
    )
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        logger.exception("E-mail « %s » to %s not sent", subject, ", ".join(to))
        return False
    return True


def send(subject, body, to, *, from_email=None, reply_to=None, headers=None):
    """Queue one plain-text e-mail (`from_email` None: DEFAULT_FROM_EMAIL). True once queued
    or sent; False only when it was sent at once (TASKS_BACKEND=immediate) and failed."""
    result = send_email.enqueue(
        str(subject), str(body), list(to), from_email, list(reply_to or []), dict(headers or {})
    )
    if result.is_finished:  # a failed task has no return value: it raised
        return result.status == TaskResultStatus.SUCCESSFUL and result.return_value
    return True
