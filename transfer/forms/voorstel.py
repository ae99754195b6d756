"""Forms of a meeting's proposals (thin: the rules are in ``transfer.services.voorstellen``)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from transfer.selectors.vraagbeeld import WAIT_BANDS, Vraagbeeld


class VoorstelForm(forms.Form):
    """A proposal by hand; the offers, types and gemeenten are those of the meeting's picture."""

    from_aanbod = forms.TypedChoiceField(label=_("Van aanbod (A)"), coerce=int)
    to_aanbod = forms.TypedChoiceField(label=_("Naar aanbod (B)"), coerce=int)
    zorgvraagtype = forms.TypedChoiceField(
        label=_("Zorgvraagtype (ggz)"), coerce=int, required=False, empty_value=None
    )
    gemeente = forms.TypedChoiceField(
        label=_("Woongemeente (sociaal domein)"), coerce=int, required=False, empty_value=None
    )
    min_waiting_weeks = forms.TypedChoiceField(
        label=_("Wachtend langer dan"),
        coerce=int,
        choices=[(band.after_weeks, f"{band.after_weeks} weken") for band in WAIT_BANDS],
    )
    persons = forms.IntegerField(label=_("Aantal personen"), min_value=1)
    individual = forms.BooleanField(
        label=_("Eén anonieme persoon (individueel voorstel, krijgt een code)"), required=False
    )

    def __init__(self, *args, picture: Vraagbeeld, **kwargs):
        super().__init__(*args, **kwargs)
        offers = [(o.aanbod_id, f"{o.label} – {o.provider}") for o in picture.offers]
        self.fields["from_aanbod"].choices = offers
        self.fields["to_aanbod"].choices = offers
        self.fields["zorgvraagtype"].choices = [("", "—")] + [
            (label.pk, label.text) for label in picture.zorgvraagtypes
        ]
        self.fields["gemeente"].choices = [("", "—")] + [
            (label.pk, label.text) for label in picture.gemeenten
        ]


class AantalForm(forms.Form):
    persons = forms.IntegerField(label=_("Aantal personen"), min_value=1)
