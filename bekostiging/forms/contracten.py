"""Forms of the contract pages: a contract, the verdeelsleutel of a year, the kassier of a
function and a regional amount. The rules (R-NW-3, R-NW-4, the exact 100%) live in
bekostiging.services.contracten and bekostiging.services.kassiers."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from bekostiging.constants import KASSIER_ROUTE, LUMPSUM_FUNCTIONS, Function, TermLength
from bekostiging.forms.declaraties import (
    DATE_WIDGET,
    InsurerChoiceField,
    insurer_label,
    zorgverzekeraars,
)
from mgn.validators import validate_period_date
from networks.constants import FINANCIER_KINDS
from networks.models import Network, Organisation


class ContractForm(forms.Form):
    """A contract between an insurer and a provider for one function (R-BK-1, R-BK-2).
    The field names are services.contract_create's keywords, so its refusals (R-NW-4 on
    `declaring`) land on the right field."""

    function = forms.ChoiceField(label=_("Functie"), choices=Function.choices)
    insurer = InsurerChoiceField(label=_("Zorgverzekeraar"), queryset=Organisation.objects.none())
    provider = forms.ModelChoiceField(label=_("Aanbieder"), queryset=Organisation.objects.none())
    starts_on = forms.DateField(
        label=_("Ingangsdatum"),
        widget=forms.DateInput(**DATE_WIDGET),
        validators=[validate_period_date],
    )
    ends_on = forms.DateField(
        label=_("Einddatum"),
        widget=forms.DateInput(**DATE_WIDGET),
        validators=[validate_period_date],
    )
    declaring = forms.BooleanField(
        label=_("Declarerende partij"),
        required=False,
        initial=True,
        help_text=_("Per functie declareert één partij tegelijk; het VG kan bij meerdere."),
    )
    tariff = forms.DecimalField(
        label=_("Tarief per gesprek (€)"),
        required=False,
        min_value=Decimal("0.01"),
        max_digits=9,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
        help_text=_("Alleen voor het verkennend gesprek (vrij tarief)."),
    )

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        self.fields["insurer"].queryset = zorgverzekeraars()
        self.fields["provider"].queryset = (
            Organisation.objects.filter(partnerships__network=network)
            .exclude(kind__in=FINANCIER_KINDS)
            .distinct()
            .order_by("name")
        )

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        # A VG contract has a tariff; a lumpsum contract is paid from the regional amount of
        # its function and year (R-BK-2), so a tariff typed for it is dropped.
        if data["function"] != Function.VERKENNEND_GESPREK:
            data["tariff"] = None
        return {"network": self.network, **data}


class VerdeelsleutelForm(forms.Form):
    """Every insurer's share of one year at once; an empty field means no share. The
    service refuses a total that is not exactly 100% (R-BK-2), and the page keeps what was
    typed."""

    jaar = forms.IntegerField(
        label=_("Jaar"), min_value=2000, max_value=2100, widget=forms.HiddenInput
    )

    def __init__(self, *args, insurers, current: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.insurers = list(insurers)
        for insurer in self.insurers:
            self.fields[self.field_name(insurer)] = forms.DecimalField(
                label=insurer_label(insurer),
                required=False,
                min_value=Decimal("0"),
                max_value=Decimal("100"),
                max_digits=7,
                decimal_places=4,
                initial=current.get(insurer.pk),
                widget=forms.NumberInput(
                    attrs={"step": "0.0001", "min": "0", "max": "100", "inputmode": "decimal"}
                ),
            )

    @staticmethod
    def field_name(insurer) -> str:
        return f"aandeel_{insurer.pk}"

    def shares(self) -> dict:
        shares = {}
        for insurer in self.insurers:
            value = self.cleaned_data.get(self.field_name(insurer))
            if value:  # empty or 0: no share
                shares[insurer] = value
        return shares

    def total(self) -> Decimal | None:
        """What the typed shares add up to, for the page (None before a valid post)."""
        if not self.is_bound or not hasattr(self, "cleaned_data"):
            return None
        return sum(self.shares().values(), Decimal(0))


class KassierForm(forms.Form):
    """R-NW-3/R-NW-4: the partner with regie over a lumpsum function, its kassier, from a
    date (an empty end: until further notice). Field names are the service's keywords."""

    function = forms.ChoiceField(label=_("Functie"), choices=LUMPSUM_FUNCTIONS)
    organisation = forms.ModelChoiceField(
        label=_("Regie en kassier"), queryset=Organisation.objects.none()
    )
    starts_on = forms.DateField(
        label=_("Vanaf"), widget=forms.DateInput(**DATE_WIDGET), validators=[validate_period_date]
    )
    ends_on = forms.DateField(
        label=_("Tot en met"),
        required=False,
        widget=forms.DateInput(**DATE_WIDGET),
        validators=[validate_period_date],
        help_text=_("Leeg: tot nader order."),
    )

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network
        # Partners of a kind that declares a lumpsum: an RHO or a ggz provider.
        self.fields["organisation"].queryset = (
            Organisation.objects.filter(partnerships__network=network, kind__in=KASSIER_ROUTE)
            .distinct()
            .order_by("name")
        )

    def service_kwargs(self) -> dict:
        return {"network": self.network, **self.cleaned_data}


class RegionaalBedragForm(forms.Form):
    """R-BK-2: the regional amount of a function in a year, in monthly or quarterly terms."""

    function = forms.ChoiceField(label=_("Functie"), choices=LUMPSUM_FUNCTIONS)
    year = forms.IntegerField(label=_("Jaar"), min_value=2000, max_value=2100)
    amount = forms.DecimalField(
        label=_("Bedrag per jaar (€)"),
        min_value=Decimal("0.01"),
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
    )
    term_length = forms.ChoiceField(
        label=_("Termijnen"), choices=TermLength.choices, initial=TermLength.MAAND
    )

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.network = network

    def service_kwargs(self) -> dict:
        return {"network": self.network, **self.cleaned_data}


class KassierEndForm(forms.Form):
    """End a kassier's period, so another party can take the function over (R-NW-4)."""

    kassier = forms.IntegerField(widget=forms.HiddenInput)
    ends_on = forms.DateField(
        label=_("Kassier tot en met"),
        widget=forms.DateInput(**DATE_WIDGET),
        validators=[validate_period_date],
    )
