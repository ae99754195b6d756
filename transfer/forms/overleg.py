"""The form of a meeting's agenda, attendance and minutes (R-TR-5)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class OverlegForm(forms.Form):
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    minutes = forms.CharField(
        label=_("Verslag"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("Zonder namen of andere persoonsgegevens: over groepen en aantallen."),
    )
    held = forms.BooleanField(label=_("Het overleg is gehouden"), required=False)

    def __init__(self, *args, rows, started: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        if started:
            for row in rows:
                self.fields[f"present_{row.pk}"] = forms.TypedChoiceField(
                    label=row.lid.display_name,
                    choices=[("", _("Niet vastgelegd")), ("1", _("Aanwezig")), ("0", _("Afwezig"))],
                    coerce=lambda v: v == "1",
                    empty_value=None,
                    required=False,
                    initial="" if row.present is None else ("1" if row.present else "0"),
                )
        else:
            del self.fields["held"]

    def attendance(self) -> dict:
        return {
            row.pk: self.cleaned_data.get(f"present_{row.pk}")
            for row in self.rows
            if f"present_{row.pk}" in self.fields
        }

    def attendance_fields(self):
        return [self[name] for name in self.fields if name.startswith("present_")]
