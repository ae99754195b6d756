from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest

from mgn.accounts.constants import Role
from mgn.accounts.models import ApiToken


def _login(client, email, password):
    return client.post(reverse("accounts:login"), {"username": email, "password": password})


def test_a_user_logs_in_with_their_email_address_in_any_case(client, coordinator, password):
    response = _login(client, coordinator.email.upper(), password)
    assert response.status_code == 302
    assert client.get(reverse("networks:network_list")).status_code == 200


def test_a_wrong_password_gives_a_dutch_error(client, coordinator):
    response = _login(client, coordinator.email, "fout")
    assert response.status_code == 200
    assert "Onjuist e-mailadres of wachtwoord" in response.content.decode()


def test_failed_logins_are_throttled_even_with_the_right_password(
    client, coordinator, password, settings
):
    settings.LOGIN_FAILURE_LIMIT = 3
    for _ in range(3):
        _login(client, coordinator.email, "fout")
    response = _login(client, coordinator.email, password)
    assert response.status_code == 200
    assert "Te veel mislukte inlogpogingen" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_failures_from_one_address_block_guessing_across_accounts(client, cast, password, settings):
    settings.LOGIN_FAILURE_ADDRESS_LIMIT = 3
    for role in [Role.HUISARTS, Role.GEMEENTE, Role.ZORGVERZEKERAAR]:
        _login(client, cast[role].email, "fout")
    response = _login(client, cast[Role.GGZ_PROFESSIONAL].email, password)
    assert "Te veel mislukte inlogpogingen" in response.content.decode()


def test_a_successful_login_resets_the_count_for_that_account(
    client, coordinator, password, settings
):
    settings.LOGIN_FAILURE_LIMIT = 3
    _login(client, coordinator.email, "fout")
    _login(client, coordinator.email, "fout")
    assert _login(client, coordinator.email, password).status_code == 302


def test_logout_needs_a_post_and_ends_the_session(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get(reverse("networks:network_list")).status_code == 302


def test_password_reset_mails_a_link_that_sets_a_new_password(client, coordinator):
    response = client.post(reverse("accounts:password_reset"), {"email": coordinator.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    link = next(word for word in body.split() if "/wachtwoord-herstellen/" in word)
    path = link[link.index("/account/") :]
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(
        form_url,
        {"new_password1": "Nieuw-Wachtwoord-2026", "new_password2": "Nieuw-Wachtwoord-2026"},
    )
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.check_password("Nieuw-Wachtwoord-2026")


def test_an_api_token_authenticates_a_system(client, cast):
    _token, key = ApiToken.issue(user=cast[Role.HUISARTS], name="HIS")
    response = client.get(reverse("network-list"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert response.json()["results"][0]["slug"] == "noord"
    assert ApiToken.objects.get().last_used_at is not None
    assert ApiToken.objects.filter(key_hash=key).count() == 0  # only the hash is stored


@pytest.mark.parametrize("state", ["revoked", "expired", "wrong"])
def test_a_revoked_expired_or_wrong_token_is_refused(client, cast, state):
    token, key = ApiToken.issue(user=cast[Role.HUISARTS], name="HIS")
    if state == "revoked":
        token.revoked_at = timezone.now()
    if state == "expired":
        token.expires_at = timezone.now()
    token.save()
    if state == "wrong":
        key = key[:-1] + ("A" if key[-1] != "A" else "B")
    response = client.get(reverse("network-list"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401
    assert response.json()["status"] == 401


def test_issue_api_token_command_prints_the_key_once(cast, capsys):
    from django.core.management import call_command

    call_command("issue_api_token", cast[Role.HUISARTS].email, "--name", "HIS")
    key = capsys.readouterr().out.strip()
    assert ApiToken.objects.get().key_hash == ApiToken.hash_key(key)
