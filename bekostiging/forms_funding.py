"""Forms of the gemeente funding and budget pages. They only collect input: the rules
(sensible year, counts and amounts ≥ 0, one agreement or budget line per key, the
gemeente or funder belonging to the network) live in funding.py and budget.py."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networks.models import Gemeente, Network, Organisation

from .budget import budget_funders
from .constants import BUDGET_FUNCTIONS, FundingSource
from .funding import FIRST_YEAR, YEARS_AHEAD, network_gemeenten


def _year_field(**kwargs) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Jaar"),
        min_value=FIRST_YEAR,
        max_value=timezone.localdate().year + YEARS_AHEAD,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        **kwargs,
    )


class YearForm(forms.Form):
    """The ?jaar= filter; the current year when it is missing or wrong."""

    jaar = forms.IntegerField(
        label=_("Jaar"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def __init__(self, data=None, **kwargs):
        super().__init__(data if data and data.get("jaar") else None, **kwargs)
        self.fields["jaar"].widget.attrs.update(
            min=FIRST_YEAR, max=timezone.localdate().year + YEARS_AHEAD
        )
        self.initial.setdefault("jaar", timezone.localdate().year)

    def clean_jaar(self):
        year = self.cleaned_data.get("jaar")
        last = timezone.localdate().year + YEARS_AHEAD
        if year is not None and not FIRST_YEAR <= year <= last:
            raise forms.ValidationError(
                _("Kies een jaar van %(first)s tot en met %(last)s.")
                % {"first": FIRST_YEAR, "last": last}
            )
        return year

    def year(self) -> int:
        if self.is_bound and self.is_valid() and self.cleaned_data["jaar"]:
            return self.cleaned_data["jaar"]
        return timezone.localdate().year


class AfspraakForm(forms.Form):
    gemeente = forms.ModelChoiceField(label=_("Gemeente"), queryset=Gemeente.objects.none())
    year = forms.IntegerField(label=_("Jaar"))
    agreed_count = forms.IntegerField(
        label=_("Afgesproken aantal verkennende gesprekken"),
        min_value=0,
        help_text=_("Voor inwoners van de gemeente in dit jaar."),
    )
    rate = forms.DecimalField(
        label=_("Tarief sd-professional per gesprek (€)"),
        min_value=0,
        max_digits=9,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )
    funding_source = forms.ChoiceField(label=_("Financieringsbron"), choices=FundingSource.choices)

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = network_gemeenten(network)
        self.fields["year"] = _year_field(initial=timezone.localdate().year)


class BegrotingspostForm(forms.Form):
    year = forms.IntegerField(label=_("Jaar"))
    function = forms.ChoiceField(label=_("Functie"), choices=BUDGET_FUNCTIONS)
    funder = forms.ModelChoiceField(
        label=_("Financier"),
        queryset=Organisation.objects.none(),
        help_text=_("Een zorgverzekeraar of gemeente die partner is in het netwerk."),
    )
    amount = forms.DecimalField(
        label=_("Begroot bedrag (€)"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    def __init__(self, *args, network: Network, year: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["funder"].queryset = budget_funders(network)
        self.fields["year"] = _year_field(initial=year or timezone.localdate().year)


class BegrotingspostAmountForm(forms.Form):
    """Only the amount of an existing budget line changes."""

    amount = BegrotingspostForm.base_fields["amount"]
