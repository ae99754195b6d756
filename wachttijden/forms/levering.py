"""Forms of the provider's deliveries: a waiting list or monthly figures as a CSV file
(R-WT-1, R-WT-8), and free (intake) places for the coming weeks (R-WT-5, R-TR-1)."""

from datetime import date

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from wachttijden.services.levering_intakeplekken import MAX_SLOTS
from wachttijden.services.levering_wachtlijst import MAX_UPLOAD_BYTES

CSV_ACCEPT = ".csv,text/csv"


class CsvUploadForm(forms.Form):
    bestand = forms.FileField(
        label=_("CSV-bestand"),
        widget=forms.ClearableFileInput(attrs={"accept": CSV_ACCEPT}),
        error_messages={
            "required": _("Kies een CSV-bestand."),
            "empty": _("Het gekozen bestand is leeg."),
        },
    )

    def __init__(self, *args, help_text: str = "", too_big: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["bestand"].help_text = help_text
        self.too_big = too_big

    def clean_bestand(self):
        upload = self.cleaned_data["bestand"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(self._too_big_message(), code="too_big")
        return upload

    def clean(self):
        if self.too_big:
            # The upload handler stopped reading: there is no file to clean.
            self.errors.pop("bestand", None)
            self.add_error("bestand", forms.ValidationError(self._too_big_message()))
        return super().clean()

    @staticmethod
    def _too_big_message() -> str:
        return _("Het bestand is groter dan %d MB.") % (MAX_UPLOAD_BYTES // (1024 * 1024))


class IntakeSlotsForm(forms.Form):
    """One number field per week; an empty field withdraws that week's figure. ``places``
    names them: free intake places (ggz, R-WT-5) or free places (SD, R-TR-1)."""

    def __init__(self, *args, weeks: list[date], places: str = _("Vrije intakeplekken"), **kwargs):
        super().__init__(*args, **kwargs)
        self.weeks = weeks
        for week in weeks:
            self.fields[self.field_name(week)] = forms.IntegerField(
                label=_("%(places)s in week %(week)s (vanaf %(day)s)")
                % {
                    "places": places,
                    "week": week.isocalendar().week,
                    "day": date_format(week, "j F"),
                },
                required=False,
                min_value=0,
                max_value=MAX_SLOTS,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "lev-slot"}),
            )

    @staticmethod
    def field_name(week: date) -> str:
        return f"week_{week.isoformat()}"

    def rows(self):
        """(week, bound field) per week, for the table."""
        return [(week, self[self.field_name(week)]) for week in self.weeks]

    def published(self) -> dict[date, int | None]:
        return {week: self.cleaned_data.get(self.field_name(week)) for week in self.weeks}
