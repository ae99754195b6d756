"""Forms of a meeting: attendance and notes, cancelling, and a case's outcome (R-DOC-4)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mgn.meeting_forms import MeetingRecordForm
from mgn.validators import TEXT_LONG, TEXT_REMARK, TEXT_REQUEST


class OverlegForm(MeetingRecordForm):
    notes = forms.CharField(
        label=_("Algemene notities"),
        max_length=TEXT_LONG,
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("Zonder namen of andere gegevens waaraan iemand te herkennen is."),
    )
    field_order = ["notes", "held"]


class CancelForm(forms.Form):
    cancel_reason = forms.CharField(label=_("Reden van annuleren"), max_length=500)


class UitkomstForm(forms.Form):
    """The chair's outcome of one case. ``eigenaar`` takes plain choices (the network's
    partners, read once per page) so many forms on one page ask nothing more."""

    oplossing = forms.CharField(
        label=_("Afgesproken oplossing"),
        max_length=TEXT_REQUEST,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    volgende_stap = forms.CharField(
        label=_("Volgende stap"), max_length=TEXT_REMARK, widget=forms.Textarea(attrs={"rows": 2})
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
