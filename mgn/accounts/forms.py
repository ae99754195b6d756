import logging

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from mgn.http import client_ip

from . import throttle

logger = logging.getLogger(__name__)

BLOCKED = _(
    "Te veel mislukte inlogpogingen. Probeer het over een kwartier opnieuw of "
    "herstel uw wachtwoord."
)


class LockoutMessageMixin:
    """Says "too many attempts" instead of "wrong password" when django-axes refused the
    login (``mgn.accounts.throttle``): the right password does not get through either."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            if getattr(self.request, "axes_locked_out", False):
                raise forms.ValidationError(BLOCKED, code="blocked") from None
            raise


class ThrottledLoginForm(LockoutMessageMixin, AuthenticationForm):
    """E-mail login that refuses further tries after repeated failures."""

    username = forms.EmailField(
        label=_("E-mailadres"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Onjuist e-mailadres of wachtwoord."),
        "blocked": BLOCKED,
    }


class ThrottledAdminLoginForm(LockoutMessageMixin, AdminAuthenticationForm):
    """The admin's login, under the same failed-login limits as the site's."""

    error_messages = {**AdminAuthenticationForm.error_messages, "blocked": BLOCKED}


class ThrottledPasswordResetForm(PasswordResetForm):
    """Sends at most a few reset mails per address asked for and per client address; beyond
    that the page answers the same, so it reveals nothing about accounts."""

    def save(self, *args, request=None, **kwargs):
        ip = client_ip(request) if request is not None else ""
        if not throttle.password_reset_allowed(email=self.cleaned_data["email"], ip=ip):
            logger.warning("Password-reset limit reached (client %s); no mail sent.", ip or "-")
            return
        super().save(*args, request=request, **kwargs)
