"""Forms of the insurer's pages: the line filter (also the export's selection) and the
return-message upload."""

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bekostiging.constants import INSURER_STATUSES, ExportFormat, RegelStatus
from mgn.validators import validate_period_date

STATUS_CHOICES = [(s.value, s.label) for s in INSURER_STATUSES]
DEFAULT_STATUSES = [RegelStatus.KLAAR.value]


def default_period() -> tuple[date, date]:
    today = timezone.localdate()
    return date(today.year, 1, 1), today


class ChoiceByPk(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return getattr(obj, "uzovi", None) and f"{obj.name} (UZOVI {obj.uzovi})" or obj.name


class InsurerFilterForm(forms.Form):
    """Which lines: the insurer (if the user acts for several), the network (if several),
    the period (service date from/to) and the states."""

    verzekeraar = ChoiceByPk(label=_("Zorgverzekeraar"), queryset=None, empty_label=None)
    netwerk = forms.ModelChoiceField(
        label=_("Netwerk"), queryset=None, empty_label=None, to_field_name="slug"
    )
    van = forms.DateField(
        label=_("Periode vanaf"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[validate_period_date],
    )
    tot = forms.DateField(
        label=_("Periode tot en met"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[validate_period_date],
    )
    status = forms.MultipleChoiceField(
        label=_("Status"),
        choices=STATUS_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Conceptregels zijn nog niet aan u verzonden en staan hier niet."),
    )

    def __init__(self, data=None, *, insurers, networks, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["verzekeraar"].queryset = insurers
        self.fields["netwerk"].queryset = networks
        start, end = default_period()
        self.fields["van"].initial = start
        self.fields["tot"].initial = end
        self.fields["status"].initial = DEFAULT_STATUSES

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("van"), cleaned.get("tot")
        if start and end and end < start:
            self.add_error("tot", _("De periode eindigt vóór zij begint."))
        return cleaned


class ExportCreateForm(InsurerFilterForm):
    formaat = forms.ChoiceField(
        label=_("Formaat"),
        choices=ExportFormat.choices,
        widget=forms.RadioSelect,
        initial=ExportFormat.CSV,
    )
