"""Forms of the advies editor (R-VG-6): the advies itself, its agreements as a formset,
and the reason for a correction. Drafts may be incomplete; the rules for a definitive
advies live in services.advies_finalise."""

from django import forms
from django.utils.translation import gettext_lazy as _

from verkennend_gesprek.constants import ROUTE_FIELDS, Route
from verkennend_gesprek.models import Advies, Afspraak

AFSPRAKEN_PREFIX = "afspraken"


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


class AdviesForm(forms.Form):
    summary = forms.CharField(
        label=_("Samenvatting van het gesprek"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Wat speelt er, wat is belangrijk voor de persoon, wat is besproken."),
    )
    routes = forms.MultipleChoiceField(
        label=_("Vervolgroute"),
        choices=Route.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kies één of meer routes; een combinatie is mogelijk."),
    )
    overbrugging = forms.CharField(
        label=_("Overbrugging"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Steun tot het vervolg start, bijvoorbeeld een lotgenotengroep of inloop."),
    )
    regie = forms.CharField(
        label=_("Wie houdt de regie als de persoon dat niet kan"),
        required=False,
        max_length=_max_length(Advies, "regie"),
    )
    contact_point = forms.CharField(
        label=_("Waar kan de persoon met vragen terecht"),
        required=False,
        max_length=_max_length(Advies, "contact_point"),
        help_text=_("Naam, telefoonnummer of loket."),
    )
    agreed_with_person = forms.BooleanField(
        label=_("Het advies is besproken met de persoon, die ermee akkoord is"),
        required=False,
    )

    @classmethod
    def initial_from(cls, advies: Advies | None) -> dict:
        if advies is None:
            return {}
        return {
            "summary": advies.summary,
            "routes": [route.value for route in advies.routes],
            "overbrugging": advies.overbrugging,
            "regie": advies.regie,
            "contact_point": advies.contact_point,
            "agreed_with_person": advies.agreed_with_person,
        }

    def service_data(self) -> dict:
        """The cleaned data in the shape services.advies_save_draft takes."""
        data = self.cleaned_data
        chosen = set(data.get("routes") or [])
        out = {
            name: data.get(name, "")
            for name in ("summary", "overbrugging", "regie", "contact_point")
        }
        out["agreed_with_person"] = bool(data.get("agreed_with_person"))
        out.update({field: route.value in chosen for route, field in ROUTE_FIELDS.items()})
        return out


class AfspraakForm(forms.Form):
    """One concrete agreement. Empty rows are dropped; who/what are checked on finalising."""

    who = forms.CharField(label=_("Wie"), required=False, max_length=_max_length(Afspraak, "who"))
    what = forms.CharField(
        label=_("Doet wat"), required=False, max_length=_max_length(Afspraak, "what")
    )
    where = forms.CharField(
        label=_("Waar / welk loket"), required=False, max_length=_max_length(Afspraak, "where")
    )
    when = forms.CharField(
        label=_("Wanneer"), required=False, max_length=_max_length(Afspraak, "when")
    )
    offer = forms.CharField(
        label=_("Aanbod (zorg of ondersteuning)"),
        required=False,
        max_length=_max_length(Afspraak, "offer"),
    )
    provider = forms.CharField(
        label=_("Aanbieder"), required=False, max_length=_max_length(Afspraak, "provider")
    )
    waiting_time = forms.CharField(
        label=_("Wachttijd"), required=False, max_length=_max_length(Afspraak, "waiting_time")
    )


class BaseAfspraakFormSet(forms.BaseFormSet):
    def agreements(self) -> list[dict]:
        """Filled rows not marked for removal, in order."""
        rows = []
        for form in self.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            rows.append({k: v for k, v in data.items() if k != "DELETE"})
        return rows


AfspraakFormSet = forms.formset_factory(
    AfspraakForm, formset=BaseAfspraakFormSet, extra=1, can_delete=True, max_num=30
)


def afspraak_initial(advies: Advies | None) -> list[dict]:
    if advies is None:
        return []
    return [
        {name: getattr(a, name) for name in AfspraakForm.base_fields}
        for a in advies.afspraken.all()
    ]


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van de correctie"),
        max_length=_max_length(Advies, "correction_reason"),
        help_text=_("Bijvoorbeeld: wachttijd aangepast, afspraak met aanbieder gewijzigd."),
    )
