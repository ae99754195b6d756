"""Forms of the gemeente funding pages, and the year filter the budget pages share. They
only collect input: the rules (sensible year, counts ≥ 0, one agreement per key, the
gemeente belonging to the network) live in services/financiering.py."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bekostiging.constants import VG_SD_FUNDING_SOURCE_MESSAGE, VG_SD_FUNDING_SOURCES
from bekostiging.selectors.financiering import network_gemeenten
from bekostiging.services.financiering import FIRST_YEAR, NOTE_MAX, YEARS_AHEAD
from networks.models import Gemeente, Network


def year_field(**kwargs) -> forms.IntegerField:
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
    # R-BK-3: only SPUK-IZA and transformatiemiddelen fund the SD part of the VG.
    funding_source = forms.ChoiceField(
        label=_("Financieringsbron"),
        choices=[(s.value, s.label) for s in VG_SD_FUNDING_SOURCES],
        error_messages={"invalid_choice": VG_SD_FUNDING_SOURCE_MESSAGE},
        help_text=_(
            "Alleen SPUK-IZA of SPUK transformatiemiddelen; Wmo en brede SPUK zijn voor de "
            "vervolgondersteuning na het gesprek."
        ),
    )

    def __init__(self, *args, network: Network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].queryset = network_gemeenten(network)
        self.fields["year"] = year_field(initial=timezone.localdate().year)


class OverschrijdingBesluitForm(forms.Form):
    """The gemeente's decision on an agreement's over-run (R-BK-3)."""

    ACCEPT, DECLINE = "accepteren", "afwijzen"

    besluit = forms.ChoiceField(
        label=_("Besluit"),
        choices=[
            (ACCEPT, _("Accepteren: de gesprekken boven de afspraak worden betaald")),
            (DECLINE, _("Afwijzen: de gesprekken boven de afspraak worden niet betaald")),
        ],
        error_messages={"required": _("Kies accepteren of afwijzen.")},
    )
    toelichting = forms.CharField(
        label=_("Toelichting"), required=False, max_length=NOTE_MAX, widget=forms.Textarea
    )

    def accepted(self) -> bool:
        return self.cleaned_data["besluit"] == self.ACCEPT
