"""Login lockouts (django-axes) on both login pages, and rate-limited password resets."""

import re
from datetime import timedelta
from html import unescape

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.db.models import F
from django.utils import timezone

from core.password_reset import limited_message

pytestmark = pytest.mark.django_db

CUSTOMER_LOGIN = "/account/login/"
ADMIN_LOGIN = "/admin/login/"
LIMIT = 4
COOL_OFF = timedelta(minutes=20)
HOME = "203.0.113.10"  # the client address of most requests below


@pytest.fixture(autouse=True)
def throttling(settings, demo_site):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.AXES_COOLOFF_TIME = COOL_OFF
    settings.REQUEST_RATE_LIMITS = {"password_reset": (5, 3600), "password_reset_email": (3, 3600)}


def login(client, username, password, *, path=CUSTOMER_LOGIN, address=HOME):
    return client.post(path, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client, username, times=1, **kwargs):
    return [login(client, username, "mauvais-mot-de-passe", **kwargs) for _ in range(times)]


def logged_in(client):
    return "_auth_user_id" in client.session


def assert_locked_out(response, client):
    assert response.status_code == 429
    assert "no-store" in response["Cache-Control"]
    assert "Connexion temporairement bloquée" in response.content.decode()
    assert not logged_in(client)


# Lockouts


def test_an_account_is_locked_after_too_many_failures(client):
    responses = fail(client, "client", LIMIT)
    assert [r.status_code for r in responses] == [200] * (LIMIT - 1) + [429]

    response = login(client, "client", "client-demo")
    assert_locked_out(response, client)
    html = response.content.decode()
    assert 'name="password"' in html  # the form, to try again later
    assert "Mot de passe oublié ?" in html and 'href="/account/password-reset/"' in html


def test_the_lockout_page_says_when_to_try_again(client):
    fail(client, "client", LIMIT)
    before = timezone.now()
    response = login(client, "client", "client-demo")

    html = response.content.decode()
    shown = re.search(r"réessayer après (\d\d) h (\d\d) \(heure de Paris\)", html)
    ends = timezone.localtime(before + COOL_OFF)
    assert shown and (int(shown[1]), int(shown[2])) in {
        (t.hour, t.minute) for t in (ends, ends + timedelta(minutes=1))
    }
    assert COOL_OFF.total_seconds() - 60 < int(response["Retry-After"]) <= COOL_OFF.total_seconds()


def test_the_admin_login_is_locked_too_with_its_own_page(client):
    responses = fail(client, "editeur", LIMIT, path=ADMIN_LOGIN)
    assert responses[-1].status_code == 429

    response = login(client, "editeur", "editeur-demo", path=ADMIN_LOGIN)
    assert_locked_out(response, client)
    html = response.content.decode()
    assert 'class="login-form"' in html  # Wagtail's login page, with its form
    assert "réessayer après" in html
    assert 'href="/admin/password_reset/"' in html
    assert client.get("/admin/").status_code == 302  # still sent to the login page


def test_the_admin_login_still_works(client):
    fail(client, "editeur", LIMIT - 1, path=ADMIN_LOGIN)
    response = login(client, "editeur", "editeur-demo", path=ADMIN_LOGIN)
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_an_address_trying_many_accounts_is_locked(client):
    for number in range(LIMIT):
        fail(client, f"acheteur{number}")

    assert_locked_out(login(client, "client", "client-demo"), client)
    # The account itself is not locked: from elsewhere, its owner logs in.
    assert login(client, "client", "client-demo", address="198.51.100.1").status_code == 302


def test_an_account_tried_from_many_addresses_is_locked(client):
    for number in range(LIMIT):
        fail(client, "client", address=f"198.51.100.{number}")

    assert_locked_out(login(client, "client", "client-demo", address="192.0.2.1"), client)
    # The address is not locked: another account logs in from it.
    assert login(client, "editeur", "editeur-demo", address="192.0.2.1").status_code == 302


def test_a_locked_address_cannot_go_on_locking_other_accounts(client):
    fail(client, "client", LIMIT)
    responses = fail(client, "editeur", 2 * LIMIT)
    assert {r.status_code for r in responses} == {429}

    assert login(client, "editeur", "editeur-demo", address="198.51.100.1").status_code == 302


@pytest.mark.parametrize("path", [CUSTOMER_LOGIN, ADMIN_LOGIN])
def test_hostile_logins_are_refused_without_error(client, path):
    # NUL characters are refused before the form (core/malformed_requests.py).
    for username, password in [("cli\x00ent", "x"), ("client", "x\x00y")]:
        assert login(client, username, password, path=path).status_code == 400
    response = login(client, "é" * 5000, "x", path=path)
    assert response.status_code == 200
    assert "caractères" in unescape(response.text)  # too long, says the form


def test_the_lockout_ends_after_the_cool_off(client):
    fail(client, "client", LIMIT)
    assert_locked_out(login(client, "client", "client-demo"), client)

    AccessAttempt.objects.update(attempt_time=F("attempt_time") - COOL_OFF)
    assert login(client, "client", "client-demo").status_code == 302


def test_a_successful_login_forgives_the_failures_before_it(client):
    fail(client, "client", LIMIT - 1)
    assert login(client, "client", "client-demo").status_code == 302
    client.logout()
    fail(client, "client", LIMIT - 1)
    assert login(client, "client", "client-demo").status_code == 302


def test_a_successful_login_forgives_no_failure_on_other_accounts(client):
    # Someone with a valid account cannot try passwords on others by logging in between tries.
    for number in range(LIMIT - 1):
        fail(client, f"acheteur{number}")
    assert login(client, "client", "client-demo").status_code == 302
    client.logout()
    fail(client, "acheteur-suivant")

    assert_locked_out(login(client, "editeur", "editeur-demo"), client)


def test_staff_unlock_an_account_or_an_address_from_the_command_line(client):
    fail(client, "client", LIMIT, address="198.51.100.1")
    assert_locked_out(login(client, "client", "client-demo", address="198.51.100.2"), client)
    call_command("axes_reset_username", "client")
    assert login(client, "client", "client-demo", address="198.51.100.2").status_code == 302

    client.logout()
    fail(client, "acheteur", LIMIT, address="198.51.100.1")
    assert_locked_out(login(client, "client", "client-demo", address="198.51.100.1"), client)
    call_command("axes_reset_ip", "198.51.100.1")
    assert login(client, "client", "client-demo", address="198.51.100.1").status_code == 302


# Password reset


def reset_link(mail, prefix):
    return re.search(rf"http://testserver({prefix}\S+/\S+/)", mail.body)[1]


def set_new_password(client, link, password):
    form = client.get(link, follow=True)
    return client.post(
        form.redirect_chain[-1][0], {"new_password1": password, "new_password2": password}
    )


def test_a_password_reset_lifts_the_lockout_of_the_account(client, mailoutbox):
    for number in range(LIMIT):
        fail(client, "client", address=f"198.51.100.{number}")
    assert_locked_out(login(client, "client", "client-demo"), client)

    client.post("/account/password-reset/", {"email": "achats@restaurant-dupont.example"})
    link = reset_link(mailoutbox[0], "/account/password-reset/")
    assert set_new_password(client, link, "Nouveau-mot-de-passe-42").status_code == 302

    assert login(client, "client", "Nouveau-mot-de-passe-42").status_code == 302


def test_an_admin_password_reset_lifts_the_lockout_too(client, mailoutbox):
    for number in range(LIMIT):
        fail(client, "editeur", path=ADMIN_LOGIN, address=f"198.51.100.{number}")
    assert_locked_out(login(client, "editeur", "editeur-demo", path=ADMIN_LOGIN), client)

    client.post("/admin/password_reset/", {"email": "editeur@storefront.example"})
    link = reset_link(mailoutbox[0], "/admin/password_reset/confirm/")
    assert set_new_password(client, link, "Nouveau-mot-de-passe-42").status_code == 302

    response = login(client, "editeur", "Nouveau-mot-de-passe-42", path=ADMIN_LOGIN)
    assert response.status_code == 302


def ask_for_resets(client, email, times, *, path="/account/password-reset/", address=HOME):
    return [client.post(path, {"email": email}, REMOTE_ADDR=address) for _ in range(times)]


def outcome(response):
    """What a requester sees: the redirection, or the form's error message."""
    if response.status_code == 302:
        return (302, response["Location"])
    errors = re.findall(r'<div class="form__errors" role="alert"><p>(.*?)</p>', response.text)
    return (response.status_code, [unescape(error) for error in errors])


def test_password_reset_emails_are_limited_per_address(client, mailoutbox):
    responses = ask_for_resets(client, "achats@restaurant-dupont.example", 8)
    assert len(mailoutbox) == 3
    assert [r.status_code for r in responses] == [302] * 3 + [429] * 5
    assert "Trop de demandes de réinitialisation" in responses[-1].text
    assert "aucun e-mail n'a été envoyé" in unescape(responses[-1].text)

    # However the address is typed, it is the same mailbox.
    ask_for_resets(client, "Achats@Restaurant-Dupont.example", 1, address="198.51.100.1")
    assert len(mailoutbox) == 3


def test_password_reset_answers_tell_nothing_about_accounts(client, mailoutbox):
    known = ask_for_resets(client, "achats@restaurant-dupont.example", 8)
    unknown = ask_for_resets(client, "personne@inconnu.example", 8, address="198.51.100.1")

    assert [outcome(r) for r in known] == [outcome(r) for r in unknown]
    assert outcome(known[-1]) == (429, [limited_message()])


def test_password_reset_emails_are_limited_per_client_address(client, mailoutbox):
    for number in range(5):
        ask_for_resets(client, f"personne{number}@inconnu.example", 1)

    response = ask_for_resets(client, "achats@restaurant-dupont.example", 1)[0]
    assert response.status_code == 429 and mailoutbox == []
    ask_for_resets(client, "achats@restaurant-dupont.example", 1, address="198.51.100.1")
    assert len(mailoutbox) == 1


def test_admin_password_reset_emails_are_limited(client, mailoutbox):
    path = "/admin/password_reset/"
    responses = ask_for_resets(client, "editeur@storefront.example", 8, path=path)
    assert len(mailoutbox) == 3
    assert [r.status_code for r in responses] == [302] * 3 + [429] * 5
    assert "Trop de demandes de réinitialisation" in responses[-1].text
