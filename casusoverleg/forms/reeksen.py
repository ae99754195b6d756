"""Forms of a series and its members (R-DOC-1; the composition rule is in services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from casusoverleg.models import Casusreeks
from casusoverleg.services.reeksen import member_domain
from networks.constants import FINANCIER_ONLY_KINDS, Domain
from networks.models import Partnership, Professional

REEKS_FIELDS = [
    "name",
    "frequency",
    "weekday",
    "default_time",
    "duration_minutes",
    "location",
]


def seatable_professionals(network):
    """Active professionals of the network's partners that may discuss cases (no insurer)."""
    return (
        Professional.objects.filter(
            organisation__in=Partnership.objects.filter(network=network).values("organisation_id"),
            is_active=True,
        )
        .exclude(organisation__kind__in=FINANCIER_ONLY_KINDS)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


def _professional_label(professional: Professional) -> str:
    domain = Domain(member_domain(professional.organisation)).label
    return f"{professional.name} – {professional.organisation.name} ({domain})"


class ReeksForm(forms.ModelForm):
    class Meta:
        model = Casusreeks
        fields = [*REEKS_FIELDS, "is_active"]
        widgets = {"default_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}

    def _post_clean(self):
        pass  # the service validates (and names the network's rules)


class ReeksCreateForm(ReeksForm):
    members = forms.ModelMultipleChoiceField(
        label=_("Vaste samenstelling"),
        queryset=Professional.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Ten minste een huisarts, een ggz-professional en een professional uit het "
            "sociaal domein (ook medewerkers van de gemeente)."
        ),
    )
    voorzitter = forms.ModelChoiceField(
        label=_("Voorzitter"),
        queryset=Professional.objects.none(),
        help_text=_("Een van de gekozen leden."),
    )

    class Meta(ReeksForm.Meta):
        fields = REEKS_FIELDS

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        choices = seatable_professionals(network)
        for name in ("members", "voorzitter"):
            self.fields[name].queryset = choices
            self.fields[name].label_from_instance = _professional_label

    def clean(self):
        data = super().clean()
        members, voorzitter = data.get("members"), data.get("voorzitter")
        if members is not None and voorzitter is not None and voorzitter not in members:
            self.add_error("voorzitter", _("De voorzitter is een van de gekozen leden."))
        return data


class LidForm(forms.Form):
    professional = forms.ModelChoiceField(
        label=_("Professional"), queryset=Professional.objects.none()
    )
    is_voorzitter = forms.BooleanField(label=_("Wordt voorzitter"), required=False)

    def __init__(self, *args, reeks, **kwargs):
        super().__init__(*args, **kwargs)
        from casusoverleg.selectors.reeksen import active_members

        current = reeks.leden.filter(active_members(), professional__isnull=False)
        self.fields["professional"].queryset = seatable_professionals(reeks.network).exclude(
            pk__in=current.values("professional_id")
        )
        self.fields["professional"].label_from_instance = _professional_label
