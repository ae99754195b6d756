"""Forms of the bottleneck signals (R-DOC-5): raising one from a case, the signals page's
filter, and linking a missing-offer signal to the sociale kaart."""

from django import forms
from django.utils.translation import gettext_lazy as _

from casusoverleg.constants import SignaalCategorie
from casusoverleg.selectors.signalen import GROUPINGS, KWARTAAL, MAAND
from mgn.validators import TEXT_REMARK
from networks.models import Gemeente
from wachttijden.constants import Category
from wachttijden.models import OntbrekendAanbod


class SignaalForm(forms.Form):
    category = forms.ChoiceField(
        label=_("Categorie"),
        choices=SignaalCategorie.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies de categorie van het knelpunt.")},
    )
    gemeenten = forms.ModelMultipleChoiceField(
        label=_("Gemeenten"),
        queryset=Gemeente.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Waar speelt het knelpunt?"),
        error_messages={"required": _("Kies de gemeente(n) waar het knelpunt speelt.")},
    )
    description = forms.CharField(
        label=_("Toelichting"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=TEXT_REMARK,
        help_text=_(
            "Beschrijf het knelpunt, niet de persoon: geen namen, nummers, adressen of "
            "geboortedata."
        ),
        error_messages={"required": _("Beschrijf het knelpunt.")},
    )

    def __init__(self, *args, gemeenten, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeenten"].queryset = gemeenten


class SignalenFilterForm(forms.Form):
    """The signals page's choice of network, period, grouping and category (GET)."""

    netwerk = forms.ChoiceField(label=_("Netwerk"), required=False)
    van = forms.DateField(
        label=_("Vanaf"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Vul een geldige begindatum in (jjjj-mm-dd).")},
    )
    tot = forms.DateField(
        label=_("Tot en met"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": _("Vul een geldige einddatum in (jjjj-mm-dd).")},
    )
    per = forms.ChoiceField(
        label=_("Tellen per"),
        choices=[(MAAND, _("maand")), (KWARTAAL, _("kwartaal"))],
        required=False,
        widget=forms.RadioSelect,
    )
    categorie = forms.ChoiceField(
        label=_("Categorie"),
        choices=[("", _("Alle categorieën")), *SignaalCategorie.choices],
        required=False,
    )

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["netwerk"].choices = [(n.slug, n.name) for n in networks]

    def clean(self):
        cleaned = super().clean()
        van, tot = cleaned.get("van"), cleaned.get("tot")
        if van and tot and van > tot:
            self.add_error("tot", _("De einddatum ligt vóór de begindatum."))
        if cleaned.get("per") not in GROUPINGS:
            cleaned["per"] = MAAND
        return cleaned


class SignaalLinkForm(forms.Form):
    """Link a missing-offer signal to an open missing offer of its network, or create one in
    a category of the sociale kaart."""

    ontbrekend_aanbod = forms.ModelChoiceField(
        label=_("Bestaand ontbrekend aanbod"),
        queryset=OntbrekendAanbod.objects.none(),
        required=False,
        empty_label=_("Nieuw ontbrekend aanbod aanmaken"),
    )
    category = forms.ChoiceField(
        label=_("Categorie op de sociale kaart (bij nieuw)"),
        choices=[("", "—"), *Category.choices],
        required=False,
    )

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ontbrekend_aanbod"].queryset = OntbrekendAanbod.objects.filter(
            network=network, resolved_at__isnull=True
        )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("ontbrekend_aanbod") and not cleaned.get("category"):
            self.add_error(
                "category",
                _("Kies een bestaand ontbrekend aanbod, of een categorie voor een nieuw."),
            )
        return cleaned
