"""Planners' forms: schedule, record afterwards, reschedule, attendance (R-VG-4/5). The
rules live in services."""

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mgn.validators import (
    validate_line,
    validate_name,
    validate_plain_text,
    validate_planned_date,
    validate_record_date,
)
from networks.constants import GGZ_KINDS, Discipline
from networks.models import Network, Professional
from networks.selectors.netwerken import sd_seat_filter
from verkennend_gesprek.constants import (
    DEFAULT_DURATION_MINUTES,
    REQUIRED_ROLES,
    Mode,
    ParticipantRole,
)
from verkennend_gesprek.forms.aanvraag import ErrorSummaryMixin
from verkennend_gesprek.models import Deelnemer, Gesprek, VerkennendGesprek

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"
PRESENT_CHOICES = [("ja", _("Aanwezig")), ("nee", _("Afwezig"))]


class ProfessionalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Professional) -> str:
        return f"{obj.name} – {obj.organisation.name}"


def _professionals(network: Network) -> QuerySet[Professional]:
    return (
        Professional.objects.filter(is_active=True, organisation__partnerships__network=network)
        .select_related("organisation")
        .order_by("name", "pk")
    )


def ggz_professionals(network: Network) -> QuerySet[Professional]:
    return (
        _professionals(network)
        .filter(organisation__kind__in=GGZ_KINDS)
        .exclude(discipline=Discipline.ERVARINGSDESKUNDIGE)
    )


def sd_professionals(network: Network) -> QuerySet[Professional]:
    return (
        _professionals(network)
        .filter(sd_seat_filter(network))  # an SD provider's, or a gemeente's own (R-NW-1)
        .exclude(discipline=Discipline.ERVARINGSDESKUNDIGE)
    )


def ervaringsdeskundigen(network: Network) -> QuerySet[Professional]:
    return _professionals(network).filter(discipline=Discipline.ERVARINGSDESKUNDIGE)


def _starts_at_field() -> forms.DateTimeField:
    return forms.DateTimeField(
        label=_("Datum en tijd"),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_FORMAT),
        error_messages={
            "required": _("Kies de datum en het tijdstip van het gesprek."),
            "invalid": _("Vul een geldige datum en tijd in."),
        },
    )


class _PlaceFields(ErrorSummaryMixin, forms.Form):
    """When and where: shared by scheduling and rescheduling."""

    starts_at = _starts_at_field()
    mode = forms.ChoiceField(
        label=_("Vorm"),
        choices=Mode.choices,
        initial=Mode.LOCATIE,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies of het gesprek op locatie of online is.")},
    )
    location = forms.CharField(
        label=_("Adres"),
        max_length=300,
        required=False,
        validators=[validate_line],
        help_text=_("Nodig bij een gesprek op locatie."),
    )
    online_link = forms.URLField(
        label=_("Link voor het online gesprek"),
        required=False,
        assume_scheme="https",
        help_text=_("Nodig bij een online gesprek."),
        error_messages={"invalid": _("Vul een geldige link in, zoals https://…")},
    )

    def clean_starts_at(self):
        """At most two years ahead (docs/input-limits.md); the service checks the past."""
        starts_at = self.cleaned_data["starts_at"]
        if starts_at is not None:
            validate_planned_date(timezone.localtime(starts_at).date())
        return starts_at


class ScheduleForm(_PlaceFields):
    duration_minutes = forms.IntegerField(
        label=_("Duur (minuten)"),
        initial=DEFAULT_DURATION_MINUTES,
        min_value=15,
        max_value=240,
        help_text=_("Meestal ongeveer een uur."),
        error_messages={
            "required": _("Vul de duur in minuten in."),
            "min_value": _("Een gesprek duurt minstens %(limit_value)s minuten."),
            "max_value": _("Een gesprek duurt hooguit %(limit_value)s minuten."),
        },
    )
    ggz = ProfessionalChoiceField(
        label=_("Ggz-professional"),
        queryset=Professional.objects.none(),
        empty_label=_("Kies een ggz-professional"),
        error_messages={"required": _("Een ggz-professional neemt deel (R-VG-4).")},
    )
    sd = ProfessionalChoiceField(
        label=_("Professional sociaal domein"),
        queryset=Professional.objects.none(),
        empty_label=_("Kies een professional uit het sociaal domein"),
        error_messages={
            "required": _("Een professional uit het sociaal domein neemt deel (R-VG-4).")
        },
    )
    ervaringsdeskundige = ProfessionalChoiceField(
        label=_("Ervaringsdeskundige"),
        queryset=Professional.objects.none(),
        required=False,
        empty_label=_("Geen ervaringsdeskundige"),
        help_text=_("Zo vaak als het kan neemt een ervaringsdeskundige deel."),
    )
    naaste_name = forms.CharField(
        label=_("Naam van de naaste"), max_length=200, required=False, validators=[validate_name]
    )
    naaste_email = forms.EmailField(
        label=_("E-mail van de naaste"),
        required=False,
        help_text=_("De naaste krijgt dan ook een uitnodiging."),
        error_messages={"invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.nl.")},
    )

    field_order = [
        "starts_at",
        "duration_minutes",
        "mode",
        "location",
        "online_link",
        "ggz",
        "sd",
        "ervaringsdeskundige",
        "naaste_name",
        "naaste_email",
    ]

    def __init__(self, *args, vg: VerkennendGesprek, previous: Gesprek | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        network = vg.network
        self.fields["ggz"].queryset = ggz_professionals(network)
        self.fields["sd"].queryset = sd_professionals(network)
        self.fields["ervaringsdeskundige"].queryset = ervaringsdeskundigen(network)
        if vg.naaste_komt:
            self.fields["naaste_name"].help_text = _(
                "De huisarts gaf aan dat er een naaste meekomt."
            )
        if previous is not None and not self.is_bound:
            # A second conversation usually has the same place and people.
            self.initial.update(
                {
                    "mode": previous.mode,
                    "location": previous.location,
                    "online_link": previous.online_link,
                    "duration_minutes": previous.duration_minutes,
                }
            )
            for deelnemer in previous.deelnemers.all():
                if deelnemer.role == ParticipantRole.NAASTE:
                    self.initial.update(
                        {"naaste_name": deelnemer.name, "naaste_email": deelnemer.email}
                    )
                elif deelnemer.role in self.fields:
                    self.initial[deelnemer.role] = deelnemer.professional_id

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "starts_at": data["starts_at"],
            "duration_minutes": data["duration_minutes"],
            "mode": data["mode"],
            "location": data["location"],
            "online_link": data["online_link"],
            "ggz": data["ggz"],
            "sd": data["sd"],
            "ervaringsdeskundige": data["ervaringsdeskundige"],
            "naaste_name": data["naaste_name"],
            "naaste_email": data["naaste_email"],
        }


class RecordAfterwardsForm(ScheduleForm):
    """A conversation that already took place, with who was present, in one step. Only
    planners use it; no invitations go out (services.planning.gesprek_record_afterwards)."""

    ggz_present = forms.ChoiceField(
        label=_("Was de ggz-professional aanwezig?"),
        choices=PRESENT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": _("Geef aan of de ggz-professional aanwezig was.")},
    )
    ggz_reason = forms.CharField(
        label=_("Reden van afwezigheid van de ggz-professional"),
        max_length=300,
        required=False,
        validators=[validate_plain_text],
        help_text=_("Verplicht als deze professional er niet bij was (R-VG-4)."),
    )
    sd_present = forms.ChoiceField(
        label=_("Was de professional uit het sociaal domein aanwezig?"),
        choices=PRESENT_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Geef aan of de professional uit het sociaal domein aanwezig was.")
        },
    )
    sd_reason = forms.CharField(
        label=_("Reden van afwezigheid van de professional uit het sociaal domein"),
        max_length=300,
        required=False,
        validators=[validate_plain_text],
        help_text=_("Verplicht als deze professional er niet bij was (R-VG-4)."),
    )
    ervaringsdeskundige_present = forms.ChoiceField(
        label=_("Was de ervaringsdeskundige aanwezig?"),
        choices=PRESENT_CHOICES,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Alleen als er een ervaringsdeskundige bij het gesprek hoorde."),
    )
    naaste_present = forms.ChoiceField(
        label=_("Was de naaste aanwezig?"),
        choices=PRESENT_CHOICES,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Alleen als er een naaste bij het gesprek hoorde."),
    )

    field_order = [
        *ScheduleForm.field_order,
        "ggz_present",
        "ggz_reason",
        "sd_present",
        "sd_reason",
        "ervaringsdeskundige_present",
        "naaste_present",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["naaste_email"]  # no invitation goes out
        self.fields["starts_at"].help_text = _("Wanneer het gesprek plaatsvond.")

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        if starts_at is not None:
            validate_record_date(timezone.localtime(starts_at).date())
        return starts_at

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("ervaringsdeskundige") and not cleaned.get("ervaringsdeskundige_present"):
            self.add_error(
                "ervaringsdeskundige_present", _("Geef aan of de ervaringsdeskundige aanwezig was.")
            )
        if (cleaned.get("naaste_name") or "").strip() and not cleaned.get("naaste_present"):
            self.add_error("naaste_present", _("Geef aan of de naaste aanwezig was."))
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {
            key: data[key]
            for key in (
                "starts_at",
                "duration_minutes",
                "mode",
                "location",
                "online_link",
                "ggz",
                "sd",
                "ervaringsdeskundige",
                "naaste_name",
            )
        }

        def yes(name: str) -> bool | None:
            return {"ja": True, "nee": False}.get(data.get(name) or "")

        kwargs["attendance"] = {
            ParticipantRole.GGZ: (yes("ggz_present"), data.get("ggz_reason") or ""),
            ParticipantRole.SD: (yes("sd_present"), data.get("sd_reason") or ""),
            ParticipantRole.ERVARINGSDESKUNDIGE: (yes("ervaringsdeskundige_present"), ""),
            ParticipantRole.NAASTE: (yes("naaste_present"), ""),
        }
        return kwargs


class RescheduleForm(_PlaceFields):
    def __init__(self, *args, gesprek: Gesprek, **kwargs):
        kwargs.setdefault(
            "initial",
            {
                "starts_at": gesprek.starts_at,
                "mode": gesprek.mode,
                "location": gesprek.location,
                "online_link": gesprek.online_link,
            },
        )
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("mode") == Mode.ONLINE and not cleaned.get("online_link"):
            self.add_error("online_link", _("Vul de link in voor een online gesprek."))
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "starts_at": data["starts_at"],
            "mode": data["mode"],
            "location": data["location"],
            "online_link": data["online_link"],
        }


class AttendanceForm(ErrorSummaryMixin, forms.Form):
    """One yes/no and one reason per participant. Whether an answer is missing or a reason
    is needed is the service's call (R-VG-4), so both fields are optional here."""

    def __init__(self, *args, deelnemers: list[Deelnemer], **kwargs):
        super().__init__(*args, **kwargs)
        self.deelnemers = deelnemers
        for d in deelnemers:
            self.fields[f"present_{d.pk}"] = forms.ChoiceField(
                label=_("Was %(name)s aanwezig?") % {"name": d.display_name},
                choices=PRESENT_CHOICES,
                required=False,
                widget=forms.RadioSelect,
                initial={True: "ja", False: "nee"}.get(d.present),
            )
            self.fields[f"reason_{d.pk}"] = forms.CharField(
                label=_("Reden van afwezigheid van %(name)s") % {"name": d.display_name},
                max_length=300,
                required=False,
                validators=[validate_plain_text],
                initial=d.absence_reason,
                help_text=(
                    _("Verplicht als deze professional er niet bij was (R-VG-4).")
                    if d.role in REQUIRED_ROLES
                    else _("Niet verplicht.")
                ),
            )

    def rows(self):
        """(deelnemer, present field, reason field) for the template."""
        return [(d, self[f"present_{d.pk}"], self[f"reason_{d.pk}"]) for d in self.deelnemers]

    def attendance(self) -> dict[int, tuple[bool | None, str]]:
        data = self.cleaned_data
        return {
            d.pk: (
                {"ja": True, "nee": False}.get(data.get(f"present_{d.pk}") or ""),
                data.get(f"reason_{d.pk}") or "",
            )
            for d in self.deelnemers
        }
