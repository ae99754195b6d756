"""Forms of the follow-up (R-VG-7): recording the start of the trajectory, and choosing the
network on the open list."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mgn.validators import validate_plain_text, validate_planned_date, validate_record_date
from verkennend_gesprek.models import VerkennendGesprek


class VervolgForm(forms.Form):
    started_on = forms.DateField(
        label=_("Vervolgtraject gestart op"),
        required=False,
        validators=[validate_record_date],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("De datum waarop de eerste afspraak van het vervolg plaatsvond."),
    )
    description = forms.CharField(
        label=_("Vervolgtraject"),
        required=False,
        max_length=VerkennendGesprek._meta.get_field("followup_description").max_length,
        validators=[validate_plain_text],
        help_text=_("Welk aanbod, bij welke aanbieder."),
    )
    ggz_takeover_on = forms.DateField(
        label=_("Ggz neemt behandelverantwoordelijkheid over op"),
        required=False,
        validators=[validate_planned_date],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Alleen bij een verwijzing naar de ggz: de aanbieder is verantwoordelijk vanaf "
            "deze datum, ook als de intake later is."
        ),
    )

    def __init__(self, *args, ggz_route: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.ggz_route = ggz_route
        if not ggz_route:
            self.fields["ggz_takeover_on"].help_text = _(
                "Niet van toepassing: het advies verwijst niet naar de ggz."
            )

    def clean_ggz_takeover_on(self):
        """R-VG-7: a takeover of treatment responsibility only follows a ggz route."""
        value = self.cleaned_data.get("ggz_takeover_on")
        if value and not self.ggz_route:
            raise forms.ValidationError(
                _(
                    "Het advies verwijst niet naar de ggz (basis- of specialistische ggz); "
                    "laat deze datum leeg."
                )
            )
        return value

    @classmethod
    def initial_from(cls, vg: VerkennendGesprek) -> dict:
        return {
            "started_on": vg.followup_started_on,
            "description": vg.followup_description,
            "ggz_takeover_on": vg.ggz_takeover_on,
        }


class NetworkChoiceForm(forms.Form):
    """Which network's open follow-ups to show, for a coordinator of more than one."""

    netwerk = forms.ModelChoiceField(
        label=_("Netwerk"), queryset=None, to_field_name="slug", empty_label=None, required=False
    )

    def __init__(self, *args, networks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["netwerk"].queryset = networks

    def network(self):
        if self.is_valid() and self.cleaned_data.get("netwerk"):
            return self.cleaned_data["netwerk"]
        return self.fields["netwerk"].queryset.first()
