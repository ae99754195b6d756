"""Forms of the budget pages. They only collect input: the rules (sensible year, amounts
≥ 0, one budget line per key, the funder belonging to the network) live in
services/begroting.py."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bekostiging.constants import BUDGET_FUNCTIONS
from bekostiging.forms.financiering import year_field
from bekostiging.selectors.begroting import budget_funders
from networks.models import Network, Organisation


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
        self.fields["year"] = year_field(initial=year or timezone.localdate().year)


class BegrotingspostAmountForm(forms.Form):
    """Only the amount of an existing budget line changes."""

    amount = BegrotingspostForm.base_fields["amount"]
