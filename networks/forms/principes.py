"""Forms of the networks pages; the rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mgn.validators import TEXT_REQUEST, validate_line, validate_plain_text
from networks.constants import NationalPrinciple


class PrincipeForm(forms.Form):
    """R-NW-5: a network's own principle and the national principle(s) it addresses."""

    title = forms.CharField(label=_("Titel"), max_length=200, validators=[validate_line])
    text = forms.CharField(
        label=_("Uitwerking in dit netwerk"),
        max_length=TEXT_REQUEST,
        widget=forms.Textarea(attrs={"rows": 4}),
        validators=[validate_plain_text],
    )
    national_principles = forms.MultipleChoiceField(
        label=_("Landelijke principes"),
        choices=NationalPrinciple.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kies de landelijke principes waar dit principe invulling aan geeft."),
    )
