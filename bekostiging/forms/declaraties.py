"""Forms of the declaration pages: the list's filters, running the generation and
recording a person's insurance. The rules live in bekostiging.services.declaraties; these
forms parse, offer only the choices the user may make, and put a service's refusals on the
right field."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bekostiging.constants import Function, RegelStatus
from bekostiging.models import Verzekering, pk_from_reference
from bekostiging.services.declaraties import verzekering_record
from mgn.forms import form_add_service_errors
from mgn.validators import validate_period_date
from networks.constants import OrganisationKind
from networks.models import Network, Organisation

DATE_WIDGET = {"attrs": {"type": "date"}, "format": "%Y-%m-%d"}
FIRST_YEAR = 2024  # the PGGAZ lumpsum exists from 1 May 2024 (R-BK-2)


def _with_blank(choices, label):
    return [("", label), *choices]


def zorgverzekeraars():
    return Organisation.objects.filter(kind=OrganisationKind.ZORGVERZEKERAAR).order_by("name")


def insurer_label(insurer: Organisation) -> str:
    return f"{insurer.name} (UZOVI {insurer.uzovi})" if insurer.uzovi else insurer.name


class InsurerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return insurer_label(obj)


class RegelFilterForm(forms.Form):
    """The declaration list's filters (GET; every field optional). The network is one of
    the user's; without a choice the first. Posted along with "Alle gefilterde regels
    klaarzetten", so that the action takes exactly the lines the page showed."""

    netwerk = forms.ModelChoiceField(
        label=_("Netwerk"),
        queryset=Network.objects.none(),
        to_field_name="slug",
        empty_label=None,
        required=False,
    )
    vanaf = forms.DateField(
        label=_("Datum vanaf"),
        required=False,
        widget=forms.DateInput(**DATE_WIDGET),
        validators=[validate_period_date],
    )
    tot = forms.DateField(
        label=_("Datum tot en met"),
        required=False,
        widget=forms.DateInput(**DATE_WIDGET),
        validators=[validate_period_date],
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=_with_blank(RegelStatus.choices, _("Alle statussen")),
    )
    verzekeraar = InsurerChoiceField(
        label=_("Zorgverzekeraar"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Alle zorgverzekeraars"),
    )
    functie = forms.ChoiceField(
        label=_("Prestatie"),
        required=False,
        choices=_with_blank(Function.choices, _("Alle prestaties")),
    )
    referentie = forms.CharField(
        label=_("Referentie"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Bijvoorbeeld MGN000000123"),
    )

    def __init__(self, *args, networks, insurers_for, statuses_for=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.networks = list(networks)
        slug = self.data.get("netwerk") if self.is_bound else None
        self.network = next((n for n in self.networks if n.slug == slug), None) or (
            self.networks[0] if self.networks else None
        )
        self.fields["netwerk"].queryset = Network.objects.filter(
            pk__in=[n.pk for n in self.networks]
        ).order_by("name")
        self.fields["netwerk"].initial = self.network.slug if self.network else None
        self.fields["verzekeraar"].queryset = (
            insurers_for(self.network) if self.network else Organisation.objects.none()
        )
        if statuses_for is not None and self.network is not None:
            # An insurer is offered no "Concept": it never sees those lines (R-PR-2).
            self.fields["status"].choices = _with_blank(
                [(s.value, s.label) for s in statuses_for(self.network)], _("Alle statussen")
            )

    def clean(self):
        data = super().clean()
        if data.get("vanaf") and data.get("tot") and data["tot"] < data["vanaf"]:
            self.add_error("tot", _("De einddatum ligt vóór de begindatum."))
        reference = (data.get("referentie") or "").strip()
        if reference and pk_from_reference(reference) is None:
            self.add_error("referentie", _("Een referentie is MGN gevolgd door cijfers."))
        return data

    def filters(self) -> dict:
        """The valid filters; an invalid one is left out (its error shows on the page)."""
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        reference = (data.get("referentie") or "").strip()
        return {
            "service_date__gte": data.get("vanaf"),
            "service_date__lte": data.get("tot"),
            "status": data.get("status") or None,
            "insurer": data.get("verzekeraar"),
            "function": data.get("functie") or None,
            "pk": pk_from_reference(reference) if reference else None,
        }

    def active(self) -> bool:
        return any(value is not None for value in self.filters().values())

    def hidden_values(self) -> list[tuple[str, str]]:
        """The filter as (name, value) pairs, to post it along with an action."""
        if not self.is_bound:
            return [("netwerk", self.network.slug)] if self.network else []
        return [(name, self.data.get(name, "")) for name in self.fields if self.data.get(name)]


class GenererenForm(forms.Form):
    """Run the generation; with a year also that year's lumpsum terms (R-BK-2)."""

    jaar = forms.IntegerField(
        label=_("Lumpsumtermijnen voor jaar"),
        required=False,
        min_value=FIRST_YEAR,
        help_text=_("Leeg: alleen de verkennende gesprekken."),
    )

    def clean_jaar(self):
        year = self.cleaned_data.get("jaar")
        if year is not None and year > timezone.localdate().year + 1:
            raise ValidationError(_("Kies een jaar tot en met volgend jaar."))
        return year


class VerzekeringForm(forms.Form):
    """A person's basic insurance as checked (COV), to resolve "niet verzekerd" or a wrong
    insurer. A person has one basic insurance at a time, so periods may not overlap."""

    insurer = InsurerChoiceField(label=_("Zorgverzekeraar"), queryset=Organisation.objects.none())
    policy_number = forms.CharField(
        label=_("Polisnummer"),
        max_length=Verzekering._meta.get_field("policy_number").max_length,
    )
    starts_on = forms.DateField(
        label=_("Verzekerd vanaf"),
        widget=forms.DateInput(**DATE_WIDGET),
        validators=[validate_period_date],
    )
    ends_on = forms.DateField(
        label=_("Verzekerd tot en met"),
        required=False,
        validators=[validate_period_date],
        widget=forms.DateInput(**DATE_WIDGET),
        help_text=_("Leeg als de verzekering doorloopt."),
    )

    def __init__(self, *args, persoon, **kwargs):
        super().__init__(*args, **kwargs)
        self.persoon = persoon
        self.fields["insurer"].queryset = zorgverzekeraars()

    def save(self, *, user) -> Verzekering:
        """Record it through services.verzekering_record; its refusals land on the fields."""
        try:
            return verzekering_record(persoon=self.persoon, user=user, **self.cleaned_data)
        except ValidationError as error:
            form_add_service_errors(self, error)
            return None
