"""Throttling of logins (django-axes) and password-reset requests, kept in the database.

Both work without Redis: a down cache never locks anyone out nor lets a guesser through.
The client address is ``mgn.http.client_ip`` (trusted proxies only), so a forged
``X-Forwarded-For`` neither escapes the count nor blames someone else.

Logins, on every path that calls ``authenticate()`` (the site's login and the admin's):

- one account from one address is refused after ``LOGIN_FAILURE_LIMIT`` failures;
- one address is refused for every account after ``LOGIN_FAILURE_ADDRESS_LIMIT``
  failures, higher, because a whole organisation may share one address;
- the refusal lasts ``LOGIN_FAILURE_WINDOW_SECONDS`` after the last failure; attempts
  while refused are not counted, so it really ends; a successful login clears the
  count of that account from that address.

Password reset: at most ``PASSWORD_RESET_EMAIL_LIMIT`` mails per address asked for and
``PASSWORD_RESET_ADDRESS_LIMIT`` requests per client address within
``PASSWORD_RESET_WINDOW_SECONDS``; beyond that the same neutral page, without a mail.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt

from mgn.http import client_ip

from .models import PasswordResetRequest

# --- logins: callables named in the AXES_* settings ------------------------------------


def login_client_ip(request) -> str | None:
    """AXES_CLIENT_IP_CALLABLE: the trusted client address (None when there is none)."""
    return client_ip(request) or None


def login_username(request, credentials) -> str | None:
    """AXES_USERNAME_CALLABLE: the e-mail address as typed, in one case, so that
    ``Naam@Example.nl`` and ``naam@example.nl`` count as one account."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = getattr(request, "data", request.POST).get("username")
    value = value.strip().lower() if isinstance(value, str) else ""
    return value or None


def failure_limit(request, credentials) -> int:
    """AXES_FAILURE_LIMIT, from the setting that the README documents."""
    return settings.LOGIN_FAILURE_LIMIT


def cool_off(request) -> timedelta:
    """AXES_COOLOFF_TIME, from the setting that the README documents."""
    return timedelta(seconds=settings.LOGIN_FAILURE_WINDOW_SECONDS)


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the login forms already say why (their ``blocked`` error),
    so their page is kept; anything else gets a plain refusal."""
    if isinstance(original_response, HttpResponseBase):
        return original_response
    return HttpResponse(
        _("Te veel mislukte inlogpogingen. Probeer het over een kwartier opnieuw."),
        status=429,
        content_type="text/plain; charset=utf-8",
    )


class LoginFailureHandler(AxesDatabaseHandler):
    """Axes' database handler with two limits: per account and address, per address."""

    def _recent(self, request, credentials):
        """Failures from this address within the window: (this account, every account)."""
        recent = AccessAttempt.objects.filter(
            attempt_time__gte=get_cool_off_threshold(request),
            ip_address=request.axes_ip_address,
        )
        username = get_client_username(request, credentials)
        return recent.filter(username=username), recent

    @staticmethod
    def _failures(attempts) -> int:
        return sum(attempts.values_list("failures_since_start", flat=True))

    def get_failures(self, request, credentials=None) -> int:
        account, address = (self._failures(q) for q in self._recent(request, credentials))
        if address >= settings.LOGIN_FAILURE_ADDRESS_LIMIT:
            return max(account, settings.LOGIN_FAILURE_LIMIT)
        return account

    def reset_user_attempts(self, request, credentials=None) -> int:
        """A successful login clears only its own account's failures from its address:
        logging in to one's own account must not wipe the count of a sprayed address."""
        account, _address = self._recent(request, credentials)
        count, _ = AccessAttempt.objects.filter(pk__in=account.values("pk")).delete()
        return count


# --- password reset ---------------------------------------------------------------------


def _email_digest(email: str) -> str:
    # Keyed, so the table does not reveal which addresses were tried.
    return salted_hmac("mgn.accounts.password-reset", email.strip().lower()).hexdigest()


def password_reset_allowed(*, email: str, ip: str) -> bool:
    """Record a password-reset request and say whether its mail may be sent.

    Refused requests are not recorded, so the table holds at most the limits' worth of
    rows per window; older rows are removed on the way.
    """
    now = timezone.now()
    since = now - timedelta(seconds=settings.PASSWORD_RESET_WINDOW_SECONDS)
    digest = _email_digest(email)
    with transaction.atomic():
        PasswordResetRequest.objects.filter(requested_at__lt=since).delete()
        recent = PasswordResetRequest.objects.filter(requested_at__gte=since)
        if recent.filter(email_digest=digest).count() >= settings.PASSWORD_RESET_EMAIL_LIMIT:
            return False
        if ip and recent.filter(ip_address=ip).count() >= settings.PASSWORD_RESET_ADDRESS_LIMIT:
            return False
        PasswordResetRequest.objects.create(
            email_digest=digest, ip_address=ip or None, requested_at=now
        )
    return True
