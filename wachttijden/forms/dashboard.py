"""Forms of the coordinator's dashboard: which region, and the one filter (a gemeente or a
zorgvraagtype) that narrows the headline figures and the trend."""

from django import forms
from django.utils.translation import gettext_lazy as _

from wachttijden.selectors.dashboard import Choice


class RegionForm(forms.Form):
    """The region picker, shown to a coordinator of networks in more than one region."""

    regio = forms.ModelChoiceField(
        label=_("IZA-regio"), queryset=None, to_field_name="code", empty_label=None, required=False
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regio"].queryset = regions


class DashboardFilterForm(forms.Form):
    """The overview counts per gemeente and per zorgvraagtype, not per combination: one
    filter at a time. The choices are the rows of the snapshot being shown."""

    gemeente = forms.TypedChoiceField(
        label=_("Gemeente"), coerce=int, empty_value=None, required=False
    )
    zorgvraagtype = forms.TypedChoiceField(
        label=_("Zorgvraagtype"), coerce=int, empty_value=None, required=False
    )

    def __init__(
        self, *args, gemeenten: list[Choice], zorgvraagtypen: list[Choice], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["gemeente"].choices = [("", _("Alle gemeenten"))] + [
            (c.pk, c.label) for c in gemeenten
        ]
        self.fields["zorgvraagtype"].choices = [("", _("Alle zorgvraagtypen"))] + [
            (c.pk, c.label) for c in zorgvraagtypen
        ]

    def clean(self):
        data = super().clean()
        if data.get("gemeente") and data.get("zorgvraagtype"):
            self.add_error(
                "zorgvraagtype",
                _(
                    "Kies een gemeente óf een zorgvraagtype: het overzicht telt per gemeente "
                    "en per zorgvraagtype, niet per combinatie."
                ),
            )
        return data

    def filters(self) -> dict:
        """{"gemeente": pk} or {"zorgvraagtype": pk}, or {} (the whole region)."""
        if not self.is_bound or not self.is_valid():
            return {}
        return {name: pk for name, pk in self.cleaned_data.items() if pk}
