"""The registration of an anonymous case (R-DOC-2, R-DOC-3); the rules, the AVG agreement
and the identifier guard are checked by ``services.casussen.casus_register``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from casusoverleg.constants import Betrokkenheid, Leeftijdsgroep, Reden
from mgn.formats import datetime_weekday
from mgn.validators import TEXT_REMARK, TEXT_REQUEST
from networks.constants import LifeDomain
from networks.models import Gemeente, Organisation


class CasusForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Aangemeld namens"), queryset=Organisation.objects.none()
    )
    reden = forms.ChoiceField(
        label=_("Reden van aanmelden"), choices=Reden.choices, widget=forms.RadioSelect
    )
    situatie = forms.CharField(
        label=_("Situatie"),
        max_length=TEXT_REQUEST,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Beschrijf de situatie zonder namen, geboortedata, adressen, telefoonnummers, "
            "e-mailadressen of andere gegevens waaraan iemand te herkennen is."
        ),
    )
    levensdomeinen = forms.MultipleChoiceField(
        label=_("Betrokken levensgebieden"),
        choices=LifeDomain.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    geprobeerd = forms.CharField(
        label=_("Wat is al geprobeerd"),
        max_length=TEXT_REQUEST,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    vraag = forms.CharField(
        label=_("Vraag aan het overleg"),
        max_length=TEXT_REMARK,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    leeftijdsgroep = forms.ChoiceField(label=_("Leeftijdsgroep"), choices=Leeftijdsgroep.choices)
    gemeente = forms.ModelChoiceField(label=_("Gemeente"), queryset=Gemeente.objects.none())
    betrokkenheid = forms.ChoiceField(
        label=_("Betrokkenheid van de persoon"),
        choices=Betrokkenheid.choices,
        widget=forms.RadioSelect,
    )
    overleg = forms.ModelChoiceField(label=_("Bespreken in het overleg van"), queryset=None)

    def __init__(self, *args, organisations, gemeenten, overleggen, disabled=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["gemeente"].queryset = gemeenten
        self.fields["overleg"].queryset = overleggen
        self.fields["overleg"].label_from_instance = lambda o: datetime_weekday(o.starts_at)
        self.fields["overleg"].empty_label = None
        if disabled:
            for field in self.fields.values():
                field.disabled = True
