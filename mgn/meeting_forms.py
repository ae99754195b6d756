"""The form of a recurring meeting's record, shared by the function apps' meeting series:
who attended (one choice per invited member, once the meeting has started) and whether
it was held. An app's form adds its own text fields and orders them with ``field_order``."""

from django import forms
from django.utils.translation import gettext_lazy as _


class MeetingRecordForm(forms.Form):
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
        """Attendance by attendance row id: True, False, or None (not recorded)."""
        return {
            row.pk: self.cleaned_data.get(f"present_{row.pk}")
            for row in self.rows
            if f"present_{row.pk}" in self.fields
        }

    def attendance_fields(self):
        return [self[name] for name in self.fields if name.startswith("present_")]
