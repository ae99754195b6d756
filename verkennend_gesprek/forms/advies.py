"""Forms of the advies editor (R-VG-6): the advies itself, its agreements as a formset,
and the reason for a correction. Drafts may be incomplete; the rules for a definitive
advies live in services.advies.advies_finalise."""

from django import forms
from django.utils.translation import gettext_lazy as _

from verkennend_gesprek.constants import ROUTE_FIELDS, Route
from verkennend_gesprek.models import Advies, Afspraak
from wachttijden.selectors.aanbod import aanbod_for_user

AFSPRAKEN_PREFIX = "afspraken"


def _max_length(model, name: str) -> int:
    return model._meta.get_field(name).max_length


def _bounds(model, name: str) -> dict:
    """The model field's maximum length and its own validators (docs/input-limits.md)."""
    field = model._meta.get_field(name)
    return {"max_length": field.max_length, "validators": list(field._validators)}


class AdviesForm(forms.Form):
    summary = forms.CharField(
        **_bounds(Advies, "summary"),
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
        **_bounds(Advies, "overbrugging"),
        label=_("Overbrugging"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Steun tot het vervolg start, bijvoorbeeld een lotgenotengroep of inloop."),
    )
    regie = forms.CharField(
        label=_("Wie houdt de regie als de persoon dat niet kan"),
        required=False,
        **_bounds(Advies, "regie"),
    )
    contact_point = forms.CharField(
        label=_("Waar kan de persoon met vragen terecht"),
        required=False,
        **_bounds(Advies, "contact_point"),
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
        """The cleaned data in the shape services.advies.advies_save_draft takes."""
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
    """One concrete agreement. Empty rows are dropped; who/what are checked on finalising.

    ``aanbod`` links an offer on the sociale kaart; its choices come from the view
    (``aanbod_choices``: the offers the user sees in the request's region). Whether the
    chosen offer may be linked is checked by services.advies.advies_save_draft, which also fills
    offer, provider and waiting time from it when those are left empty."""

    who = forms.CharField(label=_("Wie"), required=False, **_bounds(Afspraak, "who"))
    what = forms.CharField(label=_("Doet wat"), required=False, **_bounds(Afspraak, "what"))
    where = forms.CharField(
        label=_("Waar / welk loket"), required=False, **_bounds(Afspraak, "where")
    )
    when = forms.CharField(label=_("Wanneer"), required=False, **_bounds(Afspraak, "when"))
    aanbod = forms.IntegerField(
        label=_("Aanbod op de sociale kaart"),
        required=False,
        min_value=1,
        widget=forms.Select,
        help_text=_(
            "Kies een aanbod en laat de drie velden hieronder leeg: bij opslaan worden aanbod, "
            "aanbieder en wachttijd dan ingevuld."
        ),
    )
    offer = forms.CharField(
        label=_("Aanbod (zorg of ondersteuning)"),
        required=False,
        **_bounds(Afspraak, "offer"),
    )
    provider = forms.CharField(
        label=_("Aanbieder"), required=False, **_bounds(Afspraak, "provider")
    )
    waiting_time = forms.CharField(
        label=_("Wachttijd"), required=False, **_bounds(Afspraak, "waiting_time")
    )

    def __init__(self, *args, aanbod_choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = list(aanbod_choices or [])
        linked = self.initial.get("aanbod")
        if linked and not any(linked == pk for _group, opts in choices for pk, _label in opts):
            # Linked earlier but not offered now (inactive, or choices not given): keep it.
            label = self.initial.get("offer") or _("Gekoppeld aanbod")
            choices = [(_("Gekoppeld"), [(linked, label)]), *choices]
        self.has_aanbod_choices = bool(choices)
        self.fields["aanbod"].widget.choices = [("", _("Geen – zelf invullen")), *choices]

    @property
    def linked_aanbod(self) -> int | None:
        """The chosen offer's id for a link to it, or None (also for a tampered value)."""
        value = self["aanbod"].value()
        try:
            return int(value) if value not in (None, "") else None
        except (TypeError, ValueError):
            return None


class BaseAfspraakFormSet(forms.BaseFormSet):
    def __init__(self, *args, aanbod_choices=None, **kwargs):
        self.aanbod_choices = aanbod_choices
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "aanbod_choices": self.aanbod_choices}

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
        {
            name: a.aanbod_id if name == "aanbod" else getattr(a, name)
            for name in AfspraakForm.base_fields
        }
        for a in advies.afspraken.all()
    ]


def aanbod_choices(user, vg) -> list[tuple[str, list[tuple[int, str]]]]:
    """The offers an agreement may link: active offers on the sociale kaart that the user
    sees in the request's region, grouped by category."""
    offers = (
        aanbod_for_user(user)
        .filter(is_active=True, region__in=vg.network.regions.all())
        .select_related("provider")
        .order_by("category", "name", "pk")
    )
    groups: dict[str, list[tuple[int, str]]] = {}
    for offer in offers:
        groups.setdefault(offer.get_category_display(), []).append(
            (offer.pk, f"{offer.name} – {offer.provider.name}")
        )
    return list(groups.items())


class CorrectionForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van de correctie"),
        **_bounds(Advies, "correction_reason"),
        help_text=_("Bijvoorbeeld: wachttijd aangepast, afspraak met aanbieder gewijzigd."),
    )
