"""Outgoing e-mail goes through the task queue: the request does not wait for the mail
server, and a server that fails is logged, never shown to the visitor (core/mail.py)."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django_tasks import task_backends

from core.mail import send, send_email
from enquiries.models import QuoteRequest
from tests.conftest import make_product

pytestmark = pytest.mark.django_db

CUSTOMER_EMAIL = "achats@restaurant-dupont.example"
DUMMY = "django_tasks.backends.dummy.DummyBackend"
IMMEDIATE = "django_tasks.backends.immediate.ImmediateBackend"


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connexion fermée par le serveur")


@pytest.fixture
def mail_server_down(settings):
    settings.EMAIL_BACKEND = "tests.core.test_mail.RefusingBackend"


@pytest.fixture
def queued(settings):
    """A queue that keeps tasks without running them, as a worker not yet at work."""
    settings.TASKS = {"default": {"BACKEND": IMMEDIATE}, "background": {"BACKEND": DUMMY}}
    return task_backends["background"]


def run_queued(backend):
    for result in backend.results:
        result.task.call(*result.args, **result.kwargs)


def test_the_password_reset_answers_before_the_mail_leaves(client, demo_site, queued):
    response = client.post("/account/password-reset/", {"email": CUSTOMER_EMAIL})
    assert response.status_code == 302
    assert mail.outbox == []
    (result,) = queued.results
    assert result.task.name == "send_email"
    run_queued(queued)  # what the worker does, from what the queue stored
    (message,) = mail.outbox
    assert message.to == [CUSTOMER_EMAIL]
    assert message.subject == "Réinitialisation de votre mot de passe"
    assert "/account/password-reset/" in message.body


def test_the_admin_password_reset_goes_through_the_queue(client, demo_site, queued):
    response = client.post("/admin/password_reset/", {"email": CUSTOMER_EMAIL})
    assert response.status_code == 302
    assert mail.outbox == [] and len(queued.results) == 1
    run_queued(queued)
    assert [message.to for message in mail.outbox] == [[CUSTOMER_EMAIL]]


def test_a_quote_request_is_stored_and_answered_when_the_mail_server_fails(
    client, category, mail_server_down, caplog
):
    make_product(category, 1, title="Assiette plate")
    data = {
        "lignes-TOTAL_FORMS": "1",
        "lignes-INITIAL_FORMS": "0",
        "lignes-MIN_NUM_FORMS": "0",
        "lignes-MAX_NUM_FORMS": "50",
        "lignes-0-sku": "TEST-00001",
        "lignes-0-quantity": "3",
        "company": "Brasserie du Port",
        "contact_name": "Léa Morel",
        "email": "lea@brasserie-du-port.example",
    }
    response = client.post("/devis/", data, REMOTE_ADDR="192.0.2.30")
    assert response.status_code == 302
    assert QuoteRequest.objects.filter(email="lea@brasserie-du-port.example").exists()
    assert mail.outbox == []
    failures = [r for r in caplog.records if r.name == "core.mail" and "not sent" in r.message]
    assert len(failures) == 2  # the sales team's copy and the acknowledgement


def test_a_password_reset_is_answered_when_the_mail_server_fails(
    client, demo_site, mail_server_down, caplog
):
    response = client.post("/account/password-reset/", {"email": CUSTOMER_EMAIL})
    assert response.status_code == 302
    assert any("not sent" in r.message for r in caplog.records if r.name == "core.mail")


def test_the_task_sends_what_it_was_given():
    result = send_email.enqueue(
        "Objet",
        "Corps du message",
        ["a@example.com"],
        "Boutique <boutique@example.com>",
        ["b@example.com"],
        {"X-Storefront": "1"},
    )
    assert result.return_value is True
    (message,) = mail.outbox
    assert (message.subject, message.body, message.to) == (
        "Objet",
        "Corps du message",
        ["a@example.com"],
    )
    assert message.from_email == "Boutique <boutique@example.com>"
    assert message.reply_to == ["b@example.com"]
    assert message.extra_headers == {"X-Storefront": "1"}


def test_the_task_reports_a_failing_mail_server(mail_server_down):
    assert send_email.enqueue("Objet", "Corps", ["a@example.com"]).return_value is False


def test_an_unexpected_failure_is_reported_as_not_sent(settings):
    settings.EMAIL_BACKEND = "tests.core.test_mail.BrokenBackend"
    assert send("Objet", "Corps", ["a@example.com"]) is False


class BrokenBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise RuntimeError("panne")
