from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from mgn.http import client_ip

from . import throttle


class ThrottledLoginForm(AuthenticationForm):
    """E-mail login that refuses further tries after repeated failures."""

    username = forms.EmailField(
        label=_("E-mailadres"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("Onjuist e-mailadres of wachtwoord."),
        "blocked": _(
            "Te veel mislukte inlogpogingen. Probeer het over een kwartier opnieuw of "
            "herstel uw wachtwoord."
        ),
    }

    def clean(self):
        email = self.cleaned_data.get("username") or ""
        ip = client_ip(self.request) if self.request else ""
        if throttle.is_blocked(email=email, ip=ip):
            raise forms.ValidationError(self.error_messages["blocked"], code="blocked")
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            throttle.record_failure(email=email, ip=ip)
            raise
        throttle.reset(email=email)
        return cleaned
