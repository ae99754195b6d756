"""The forms of the steekproef (R-TR-6): ordering one, and the provider's results."""

from django import forms
from django.utils.translation import gettext_lazy as _

from transfer.constants import SteekproefUitkomst


class SteekproefForm(forms.Form):
    provider = forms.ModelChoiceField(
        label=_("Aanbieder"),
        queryset=None,
        error_messages={"invalid_choice": _("Kies een aanbieder met wachtenden bij deze tafel.")},
    )
    n = forms.IntegerField(
        label=_("Aantal wachtplekken"),
        min_value=1,
        max_value=1000,
        error_messages={"min_value": _("Kies ten minste één wachtplek.")},
    )

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = providers


class ResultaatForm(forms.Form):
    """One choice per sampled entry, named ``result_<regel pk>``."""

    def __init__(self, *args, regels, **kwargs):
        super().__init__(*args, **kwargs)
        self.regels = regels
        for regel in regels:
            self.fields[f"result_{regel.pk}"] = forms.ChoiceField(
                label=_("Uitkomst"),
                choices=SteekproefUitkomst.choices,
                required=False,
                initial=regel.result,
            )

    def rows(self):
        return [(regel, self[f"result_{regel.pk}"]) for regel in self.regels]
