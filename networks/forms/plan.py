"""The transformation plan's forms (R-NW-6); the rules are in services/plan.py."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mgn.accounts.constants import Role
from mgn.validators import TEXT_REQUEST
from networks.constants import Ring
from networks.models import Organisation
from networks.models.plan import BeoordelaarSoort, BesluitSoort, MiddelenStap, Uitkomst

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PDF = forms.ClearableFileInput(attrs={"accept": "application/pdf"})


def _partners(network, *, formal: bool = False):
    # One filter() over the partnership: two would join it twice and list an organisation
    # once more for every other network it is a formal partner of.
    conditions = {"partnerships__network": network}
    if formal:
        conditions["partnerships__ring"] = Ring.INNER
    return Organisation.objects.filter(**conditions).order_by("name")


class PlanCreateForm(forms.Form):
    ronde = forms.IntegerField(label=_("Ronde (jaar)"), min_value=2020, max_value=2100)
    titel = forms.CharField(label=_("Titel"), max_length=200)
    indienende_partners = forms.ModelMultipleChoiceField(
        label=_("Indienende partners"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ronde"].initial = timezone.localdate().year
        self.fields["indienende_partners"].queryset = _partners(network, formal=True)


class VersieForm(forms.Form):
    nummer = forms.CharField(
        label=_("Versienummer"), max_length=4, help_text=_("0.1 tot en met 1.0")
    )
    document = forms.FileField(
        label=_("Plan (PDF)"), help_text=_("Een PDF-bestand, ten hoogste 10 MB."), widget=PDF
    )


class InstemmingForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Partner"), queryset=Organisation.objects.none())

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations.order_by("name")


class IndienenForm(forms.Form):
    ingediend_op = forms.DateField(label=_("Ingediend op"), widget=DATE)


class BeoordelaarForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Beoordelaar"), queryset=get_user_model().objects.none())
    soort = forms.ChoiceField(label=_("Rol"), choices=BeoordelaarSoort.choices)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(is_active=True, groups__name=Role.BEOORDELAAR)
            .order_by("full_name", "email")
        )


class BesluitForm(forms.Form):
    soort = forms.ChoiceField(label=_("Besluit"), choices=BesluitSoort.choices)
    uitkomst = forms.ChoiceField(label=_("Uitkomst"), choices=Uitkomst.choices)
    reden = forms.CharField(
        label=_("Motivering"), max_length=TEXT_REQUEST, widget=forms.Textarea(attrs={"rows": 4})
    )
    datum = forms.DateField(label=_("Datum van het besluit"), widget=DATE)
    brief = forms.FileField(
        label=_("Aandachtspuntenbrief (PDF, optioneel)"), required=False, widget=PDF
    )
    punt_text = forms.CharField(label=_("Aandachtspunt"), max_length=500, required=False)
    punt_eigenaar = forms.ModelChoiceField(
        label=_("Eigenaar van het aandachtspunt"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    punt_uiterlijk = forms.DateField(
        label=_("Aandachtspunt uiterlijk"), required=False, widget=DATE
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["punt_eigenaar"].queryset = _partners(network)

    def clean(self):
        data = super().clean()
        parts = [data.get("punt_text"), data.get("punt_eigenaar"), data.get("punt_uiterlijk")]
        if any(parts) and not all(parts):
            raise forms.ValidationError(
                _("Geef bij een aandachtspunt de tekst, de eigenaar en de uiterste datum.")
            )
        data["punten"] = [tuple(parts)] if all(parts) else []
        return data


class AandachtspuntForm(forms.Form):
    text = forms.CharField(label=_("Aandachtspunt"), max_length=500)
    eigenaar = forms.ModelChoiceField(label=_("Eigenaar"), queryset=Organisation.objects.none())
    uiterlijk = forms.DateField(label=_("Uiterlijk"), widget=DATE)

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["eigenaar"].queryset = _partners(network)


class AfhandelenForm(forms.Form):
    op = forms.DateField(label=_("Afgehandeld op"), widget=DATE)


class MiddelForm(forms.Form):
    stap = forms.ChoiceField(label=_("Stap"), choices=MiddelenStap.choices)
    datum = forms.DateField(label=_("Datum"), widget=DATE)
    bedrag = forms.DecimalField(label=_("Bedrag (€)"), max_digits=12, decimal_places=2, min_value=0)
