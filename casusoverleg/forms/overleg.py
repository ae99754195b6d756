"""Forms of a meeting: attendance and notes, cancelling, and a case's outcome (R-DOC-4)."""

from django import forms
from django.utils.translation import gettext_lazy as _


class OverlegForm(forms.Form):
    notes = forms.CharField(
        label=_("Algemene notities"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("Zonder namen of andere gegevens waaraan iemand te herkennen is."),
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


class CancelForm(forms.Form):
    cancel_reason = forms.CharField(label=_("Reden van annuleren"), max_length=500)


class UitkomstForm(forms.Form):
    """The chair's outcome of one case. ``eigenaar`` takes plain choices (the network's
    partners, read once per page) so many forms on one page ask nothing more."""

    oplossing = forms.CharField(
        label=_("Afgesproken oplossing"), widget=forms.Textarea(attrs={"rows": 3})
    )
    volgende_stap = forms.CharField(
        label=_("Volgende stap"), widget=forms.Textarea(attrs={"rows": 2})
    )
    eigenaar = forms.TypedChoiceField(
        label=_("Organisatie die de casus oppakt"), coerce=int, choices=()
    )
    datum = forms.DateField(
        label=_("Uiterlijk op"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.organisations = {o.pk: o for o in organisations}
        self.fields["eigenaar"].choices = [("", "—")] + [(o.pk, o.name) for o in organisations]

    def eigenaar_organisation(self):
        return self.organisations[self.cleaned_data["eigenaar"]]
