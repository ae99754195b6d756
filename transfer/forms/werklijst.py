"""The holding provider's forms on its worklist (R-TR-3): one answer per entry, and the
BSN it may type to find an entry (checked, never stored)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mgn.validators import validate_bsn
from transfer.constants import Antwoord

ANSWER_CHOICES = [(value, label) for value, label in Antwoord.choices if value]


class AntwoordForm(forms.Form):
    antwoord = forms.ChoiceField(
        label=_("Antwoord"),
        choices=ANSWER_CHOICES,
        error_messages={
            "required": _("Kies aanvaard, afgewezen of geen antwoord."),
            "invalid_choice": _("Kies aanvaard, afgewezen of geen antwoord."),
        },
    )


class NoEchoInput(forms.TextInput):
    """A text field that never sends its value back: a typed BSN is not shown again, not
    even beside an error."""

    def format_value(self, value):
        return None


class BsnZoekForm(forms.Form):
    bsn = forms.CharField(
        label=_("BSN"),
        max_length=20,
        help_text=_(
            "Alleen om de wachtplek te vinden: het BSN wordt via het pseudoniem van de regio "
            "vergeleken en nergens bewaard."
        ),
        widget=NoEchoInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )

    def clean_bsn(self):
        return validate_bsn(self.cleaned_data["bsn"].replace(" ", "").replace(".", ""))
