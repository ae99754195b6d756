"""The form of a meeting's agenda, attendance and minutes (R-TR-5)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mgn.meeting_forms import MeetingRecordForm


class OverlegForm(MeetingRecordForm):
    agenda = forms.CharField(
        label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    minutes = forms.CharField(
        label=_("Verslag"),
        widget=forms.Textarea(attrs={"rows": 8}),
        required=False,
        help_text=_("Zonder namen of andere persoonsgegevens: over groepen en aantallen."),
    )
    field_order = ["agenda", "minutes", "held"]
