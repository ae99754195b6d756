"""The period of the effect page (R-TR-7): two dates, start not after end."""

from django import forms
from django.utils.translation import gettext_lazy as _


class EffectPeriodForm(forms.Form):
    start = forms.DateField(
        label=_("Vanaf"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Vul de begindatum in."),
            "invalid": _("Vul een geldige begindatum in (jjjj-mm-dd)."),
        },
    )
    end = forms.DateField(
        label=_("Tot en met"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("Vul de einddatum in."),
            "invalid": _("Vul een geldige einddatum in (jjjj-mm-dd)."),
        },
    )

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("De einddatum ligt vóór de begindatum."))
        return cleaned
