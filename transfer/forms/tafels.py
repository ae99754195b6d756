"""Forms of the transfer table's pages (thin: the rules are in services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from networks.models import Professional
from transfer.constants import GuestRole, MemberKind
from transfer.models import Transfertafel
from transfer.selectors.tafels import seatable_professionals
from transfer.services.tafels import gemeente_choices


class TafelForm(forms.ModelForm):
    class Meta:
        model = Transfertafel
        fields = [
            "name",
            "gemeenten",
            "huisartsen_take_part",
            "frequency",
            "weekday",
            "default_time",
            "duration_minutes",
            "location",
            "is_active",
        ]
        widgets = {
            "gemeenten": forms.CheckboxSelectMultiple,
            "default_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["gemeenten"].queryset = gemeente_choices(network)

    def _post_clean(self):
        pass  # the service validates (and names the network's rules)


class LidForm(forms.Form):
    kind = forms.ChoiceField(label=_("Deelname"), choices=MemberKind.choices)
    professional = forms.ModelChoiceField(
        label=_("Professional"),
        queryset=Professional.objects.none(),
        help_text=_("Een professional van een aanbieder of van een zorgverzekeraar."),
    )
    guest_role = forms.ChoiceField(
        label=_("Rol als gast"),
        choices=[("", "—"), *GuestRole.choices],
        required=False,
        help_text=_("Alleen voor een gast."),
    )

    def __init__(self, *args, tafel, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["professional"].queryset = seatable_professionals(tafel)
        self.fields["professional"].label_from_instance = lambda p: (
            f"{p.name} – {p.organisation.name}"
        )
