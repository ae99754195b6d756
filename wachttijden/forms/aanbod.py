"""Forms of the sociale kaart (R-WT-7): the search and filters, an offer as its provider
maintains it, and a coordinator's note of missing offer. The rules live in
services.aanbod; these forms parse and offer only choices the user may make."""

from django import forms
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

from mgn.validators import TEXT_REMARK, validate_plain_text
from networks.constants import OrganisationKind
from networks.models import Gemeente, Network, Organisation, Region
from wachttijden.constants import AanbodDomain, Category
from wachttijden.models import Aanbod, OntbrekendAanbod, Zorgvraagtype
from wachttijden.services import aanbod as services

MAX_WEEKS = 520


def _with_blank(choices, label):
    return [("", label), *choices]


class KaartFilterForm(forms.Form):
    """The search and filters of the sociale kaart (GET; every field optional)."""

    q = forms.CharField(
        label=_("Zoeken"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Naam, omschrijving of aanbieder"),
    )
    categorie = forms.ChoiceField(
        label=_("Categorie"),
        required=False,
        choices=_with_blank(Category.choices, _("Alle categorieën")),
    )
    gemeente = forms.ModelChoiceField(
        label=_("Gemeente"),
        required=False,
        queryset=Gemeente.objects.none(),
        to_field_name="cbs_code",
        empty_label=_("Alle gemeenten"),
    )
    domein = forms.ChoiceField(
        label=_("Domein"),
        required=False,
        choices=_with_blank(AanbodDomain.choices, _("Alle domeinen")),
    )
    max_weken = forms.DecimalField(
        label=_("Wachttijd hoogstens (weken)"),
        required=False,
        min_value=0,
        max_value=MAX_WEEKS,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.5", "min": "0", "inputmode": "decimal"}),
    )
    laagdrempelig = forms.BooleanField(
        label=_("Alleen laagdrempelig (zonder verwijzing)"), required=False
    )

    def __init__(self, *args, gemeenten=None, **kwargs):
        super().__init__(*args, **kwargs)
        if gemeenten is not None:
            self.fields["gemeente"].queryset = gemeenten

    def filters(self) -> dict:
        """The valid filters as selectors.aanbod.aanbod_search takes them; invalid ones are left out
        (their errors show on the page)."""
        data = {}
        if self.is_bound:
            self.is_valid()
            data = self.cleaned_data
        return {
            "q": data.get("q") or "",
            "category": data.get("categorie") or "",
            "domain": data.get("domein") or "",
            "gemeente": data.get("gemeente"),
            "max_weeks": data.get("max_weken"),
            "low_threshold": bool(data.get("laagdrempelig")),
        }


class AanbodForm(forms.ModelForm):
    """An offer as its provider maintains it. On a new offer the provider is one the user
    acts for (a select when there are several); the region is one the provider works in."""

    class Meta:
        model = Aanbod
        fields = [
            "provider",
            "region",
            "name",
            "description",
            "domain",
            "category",
            "zorgvraagtypes",
            "low_threshold",
            "location_name",
            "address",
            "gemeente",
            "gemeenten_served",
            "how_to_apply",
            "contact",
            "website",
            "declared_wait_weeks",
            "is_active",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "how_to_apply": forms.Textarea(attrs={"rows": 3}),
            "zorgvraagtypes": forms.CheckboxSelectMultiple,
            "gemeenten_served": forms.CheckboxSelectMultiple,
            "declared_wait_weeks": forms.NumberInput(
                attrs={"step": "0.5", "min": "0", "inputmode": "decimal"}
            ),
        }
        help_texts = {
            "zorgvraagtypes": _(
                "Alleen bij ggz-aanbod: de HoNOS+-zorgvraagtypen die u behandelt; bij "
                "ggz-behandeling minstens één, bij bijvoorbeeld een wachtverzachter of e-health "
                "hoeft het niet."
            ),
            "how_to_apply": _("Bijvoorbeeld: via de huisarts, of zelf aanmelden bij het loket."),
            "is_active": _(
                "Zet dit uit om het aanbod van de sociale kaart te halen; het wordt niet "
                "verwijderd."
            ),
            "gemeenten_served": _("De gemeenten waarvan inwoners bij dit aanbod terecht kunnen."),
        }

    def __init__(self, *args, providers, regions, **kwargs):
        super().__init__(*args, **kwargs)
        editing = self.instance.pk is not None
        self._providers, self._regions = list(providers), list(regions)
        if editing:
            del self.fields["provider"]
        else:
            self.fields["provider"].queryset = Organisation.objects.filter(
                pk__in=[p.pk for p in providers]
            ).order_by("name")
            self.fields["provider"].empty_label = None
            if len(providers) == 1:
                self.fields["provider"].widget = forms.HiddenInput()
                self.fields["provider"].initial = providers[0].pk
        region_field = self.fields["region"]
        region_field.queryset = Region.objects.filter(pk__in=[r.pk for r in regions]).order_by(
            "name"
        )
        region_field.empty_label = None
        region_field.help_text = _("De IZA-regio waarin het aanbod op de sociale kaart staat.")
        if len(regions) == 1:
            region_field.widget = forms.HiddenInput()
            region_field.initial = regions[0].pk
        gemeenten = Gemeente.objects.filter(region__in=[r.pk for r in regions]).order_by("name")
        self.fields["gemeente"].queryset = gemeenten
        self.fields["gemeente"].empty_label = _("Geen / niet van toepassing")
        self.fields["gemeenten_served"].queryset = gemeenten
        self.fields["zorgvraagtypes"].queryset = Zorgvraagtype.objects.order_by("number")
        self.fields["domain"].choices = _with_blank(AanbodDomain.choices, _("Kies een domein"))
        if self._providers and all(
            p.kind == OrganisationKind.GEMEENTE for p in self._providers
        ):  # R-NW-1: a gemeente offers what its own staff do in the sociaal domein
            self.fields["domain"].choices = [(AanbodDomain.SD, AanbodDomain.SD.label)]
            self.fields["domain"].error_messages["invalid_choice"] = _(
                "Een gemeente zet alleen aanbod uit het sociaal domein op de sociale kaart."
            )
        self.fields["category"].choices = _with_blank(Category.choices, _("Kies een categorie"))
        weeks = self.fields["declared_wait_weeks"]
        weeks.validators.append(MinValueValidator(0))

    @property
    def single_provider(self):
        field = self.fields.get("provider")
        if field is None or not isinstance(field.widget, forms.HiddenInput):
            return None
        return self._providers[0]

    @property
    def single_region(self):
        field = self.fields["region"]
        return self._regions[0] if isinstance(field.widget, forms.HiddenInput) else None

    def service_kwargs(self) -> dict:
        """The cleaned data in the shape services.aanbod_create/aanbod_update take."""
        data = self.cleaned_data
        out = {
            "region": data["region"],
            "data": {name: data.get(name) for name in services.AANBOD_FIELDS},
            "zorgvraagtypes": list(data.get("zorgvraagtypes") or []),
            "gemeenten_served": list(data.get("gemeenten_served") or []),
        }
        if "provider" in self.fields:
            out["provider"] = data["provider"]
        return out


def regions_for_providers(providers) -> list[Region]:
    return list(services.provider_regions(*providers).order_by("name"))


class OntbrekendForm(forms.Form):
    """A coordinator's note of offer the network misses (R-WT-7)."""

    network = forms.ModelChoiceField(
        label=_("Netwerk"), queryset=Network.objects.none(), empty_label=None
    )
    category = forms.ChoiceField(label=_("Categorie"), choices=Category.choices)
    gemeenten = forms.ModelMultipleChoiceField(
        label=_("Gemeenten"),
        queryset=Gemeente.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Waar ontbreekt het? Laat leeg als het in de hele regio ontbreekt."),
    )
    description = forms.CharField(
        label=_("Wat ontbreekt"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_REMARK,
        validators=[validate_plain_text],
        help_text=_("Bijvoorbeeld: geen inloop voor jongeren in het weekend."),
    )

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = Network.objects.filter(
            pk__in=[n.pk for n in networks]
        ).order_by("name")
        if len(networks) == 1:
            self.fields["network"].widget = forms.HiddenInput()
            self.fields["network"].initial = networks[0].pk
        self.fields["gemeenten"].queryset = (
            Gemeente.objects.filter(region__networks__in=[n.pk for n in networks])
            .distinct()
            .order_by("name")
        )

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "network": data["network"],
            "category": data["category"],
            "description": data["description"],
            "gemeenten": list(data["gemeenten"]),
        }


class ResolveForm(forms.Form):
    """Mark one missing-offer note as resolved (POST from the list)."""

    opgelost = forms.ModelChoiceField(queryset=OntbrekendAanbod.objects.none())

    def __init__(self, *args, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opgelost"].queryset = queryset
