"""Login and password-reset throttling: every login path, the trusted client address,
and no Redis needed."""

import logging
from datetime import timedelta

from django.core import mail
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

import pytest
from axes.models import AccessAttempt

from mgn.accounts.constants import Role
from mgn.accounts.models import ApiToken, PasswordResetRequest
from mgn.api.throttling import UserRateBrake
from mgn.audit.constants import Event, IdentifierType
from mgn.audit.services import PersonRef, log_access
from tests.accounts.factories import UserFactory
from tests.mgn.redis_down import unreachable_redis_url

BLOCKED = "Te veel mislukte inlogpogingen"
BSN = "999996708"  # RvIG test BSN (R-PR-3)


def _login(client, email, password, *, via="198.51.100.7", forged=None, url="accounts:login"):
    """A login through the compose proxy (TRUSTED_PROXY_COUNT=1): the proxy appends the
    address it saw; ``forged`` is what the client itself put in X-Forwarded-For."""
    forwarded = f"{forged}, {via}" if forged else via
    return client.post(
        reverse(url),
        {"username": email, "password": password},
        REMOTE_ADDR="172.18.0.5",
        HTTP_X_FORWARDED_FOR=forwarded,
    )


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.fixture(autouse=True)
def _behind_the_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.LOGIN_FAILURE_LIMIT = 5
    settings.LOGIN_FAILURE_ADDRESS_LIMIT = 30


@pytest.fixture
def superuser(db, password):
    return UserFactory(email="beheer@test.mgn.nl", is_staff=True, is_superuser=True)


def test_the_admin_login_is_throttled_even_with_the_right_password(client, superuser, password):
    for _ in range(12):
        _login(client, superuser.email, "fout", url="admin:login")
    response = _login(client, superuser.email, password, url="admin:login")
    assert response.status_code == 200
    assert BLOCKED in response.content.decode()
    assert not _logged_in(client)
    assert client.get(reverse("admin:index")).status_code == 302


def test_the_admin_login_works_below_the_limit(client, superuser, password):
    for _ in range(4):
        _login(client, superuser.email, "fout", url="admin:login")
    assert _login(client, superuser.email, password, url="admin:login").status_code == 302
    assert client.get(reverse("admin:index")).status_code == 200


def test_a_forged_first_forwarded_address_neither_escapes_the_limit_nor_is_logged(
    client, coordinator, password
):
    for n in range(5):
        _login(client, coordinator.email, "fout", forged=f"203.0.113.{n}")
    response = _login(client, coordinator.email, password, forged="203.0.113.99")
    assert BLOCKED in response.content.decode()
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"198.51.100.7"}


def test_the_access_log_records_the_trusted_address_not_the_forged_one(cast):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="203.0.113.66, 198.51.100.7"
    )
    request.user = cast[Role.GGZ_PROFESSIONAL]
    entry = log_access(request, event=Event.READ, subject=PersonRef(IdentifierType.BSN, BSN))
    entry.refresh_from_db()
    assert entry.access_point == "198.51.100.7"


def test_failures_from_one_address_do_not_lock_the_account_elsewhere(client, coordinator, password):
    """The lock is per account and client address: an attacker, or a colleague behind
    the same proxy, does not lock the account out for everyone."""
    for _ in range(5):
        _login(client, coordinator.email, "fout", via="203.0.113.50")
    assert (
        BLOCKED in _login(client, coordinator.email, password, via="203.0.113.50").content.decode()
    )
    assert _login(client, coordinator.email, password, via="198.51.100.7").status_code == 302


def test_one_users_failures_do_not_lock_out_others_on_the_same_address(client, cast, password):
    for _ in range(5):
        _login(client, cast[Role.HUISARTS].email, "fout")
    assert _login(client, cast[Role.GEMEENTE].email, password).status_code == 302


def test_the_account_counts_in_any_case_of_the_address(client, coordinator, password):
    for n in range(5):
        email = coordinator.email.upper() if n % 2 else coordinator.email
        _login(client, email, "fout")
    assert BLOCKED in _login(client, coordinator.email, password).content.decode()


def test_the_refusal_ends_after_the_window_and_retries_do_not_extend_it(
    client, coordinator, password
):
    for _ in range(5):
        _login(client, coordinator.email, "fout")
    for _ in range(3):
        _login(client, coordinator.email, "fout")  # while refused: not counted
    assert AccessAttempt.objects.get().failures_since_start == 5
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert _login(client, coordinator.email, password).status_code == 302


def test_password_reset_sends_at_most_three_mails_per_address_asked_for(client, coordinator):
    responses = [
        client.post(reverse("accounts:password_reset"), {"email": coordinator.email})
        for _ in range(6)
    ]
    assert {r.status_code for r in responses} == {302}
    assert {r["Location"] for r in responses} == {reverse("accounts:password_reset_done")}
    assert len(mail.outbox) == 3
    # Only a keyed hash of the address is kept.
    assert not PasswordResetRequest.objects.filter(email_digest__icontains="@").exists()


def test_password_reset_limits_one_client_address_across_addresses(client, cast, settings):
    settings.PASSWORD_RESET_ADDRESS_LIMIT = 2
    for role in [Role.HUISARTS, Role.GEMEENTE, Role.ZORGVERZEKERAAR]:
        response = client.post(
            reverse("accounts:password_reset"),
            {"email": cast[role].email},
            REMOTE_ADDR="172.18.0.5",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
        assert response.status_code == 302
    assert len(mail.outbox) == 2
    # Another client address is not affected.
    client.post(
        reverse("accounts:password_reset"),
        {"email": cast[Role.ZORGVERZEKERAAR].email},
        REMOTE_ADDR="172.18.0.5",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert len(mail.outbox) == 3


def test_the_reset_window_passes(client, coordinator):
    for _ in range(3):
        client.post(reverse("accounts:password_reset"), {"email": coordinator.email})
    PasswordResetRequest.objects.update(requested_at=timezone.now() - timedelta(hours=2))
    client.post(reverse("accounts:password_reset"), {"email": coordinator.email})
    assert len(mail.outbox) == 4
    assert PasswordResetRequest.objects.count() == 1  # the old ones are gone


# --- Redis down ---------------------------------------------------------------------------


@pytest.fixture
def redis_down(settings):
    """The production cache, pointed at a Redis that is not there."""
    url = unreachable_redis_url()
    settings.REDIS_URL = url
    settings.CACHES = {
        "default": {
            "BACKEND": "mgn.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def test_without_redis_login_works_and_is_still_throttled(
    redis_down, client, coordinator, cast, password
):
    assert _login(client, coordinator.email, password).status_code == 302
    assert client.get(reverse("networks:network_list")).status_code == 200
    client.logout()
    for _ in range(5):
        _login(client, cast[Role.HUISARTS].email, "fout")
    response = _login(client, cast[Role.HUISARTS].email, password)
    assert BLOCKED in response.content.decode()
    assert not _logged_in(client)


def test_without_redis_password_reset_is_still_limited(redis_down, client, coordinator):
    for _ in range(5):
        client.post(reverse("accounts:password_reset"), {"email": coordinator.email})
    assert len(mail.outbox) == 3


def test_without_redis_the_api_answers_and_warns_that_its_brake_is_off(
    redis_down, client, cast, caplog
):
    _token, key = ApiToken.issue(user=cast[Role.HUISARTS], name="HIS")
    with caplog.at_level(logging.WARNING):
        response = client.get(reverse("network-list"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert response.json()["results"][0]["slug"] == "noord"
    assert "Redis cache unavailable" in caplog.text


def test_the_api_brake_fails_open_on_any_cache_that_is_down(settings, client, cast, caplog):
    """Django's own Redis cache raises when Redis is down; the brake lets the call through."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": unreachable_redis_url(),
        }
    }
    _token, key = ApiToken.issue(user=cast[Role.HUISARTS], name="HIS")
    with caplog.at_level(logging.WARNING, logger="mgn.api.throttling"):
        response = client.get(reverse("network-list"), HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert "API throttle cache unavailable" in caplog.text


def test_the_api_brake_answers_problem_json_429_when_the_cache_works(client, cast, monkeypatch):
    monkeypatch.setattr(UserRateBrake, "THROTTLE_RATES", {"user": "2/minute"})
    _token, key = ApiToken.issue(user=cast[Role.HUISARTS], name="HIS")
    statuses = [
        client.get(reverse("network-list"), HTTP_AUTHORIZATION=f"Token {key}") for _ in range(3)
    ]
    assert [r.status_code for r in statuses] == [200, 200, 429]
    assert statuses[-1]["Content-Type"] == "application/problem+json"
    assert statuses[-1].json()["status"] == 429
