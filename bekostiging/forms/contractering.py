"""Forms of the contracting page (R-NW-7); the rules live in services/contractering.py."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bekostiging.constants import GENERATED_DOCUMENTS, UPLOADED_DOCUMENTS, ContractDocument


class UploadForm(forms.Form):
    soort = forms.ChoiceField(
        label=_("Document"),
        choices=[(d.value, d.label) for d in UPLOADED_DOCUMENTS],
    )
    document = forms.FileField(
        label=_("Bestand (PDF, ten hoogste 10 MB)"),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )


class FreezeForm(forms.Form):
    soort = forms.ChoiceField(choices=[(d.value, d.label) for d in GENERATED_DOCUMENTS])
    jaar = forms.IntegerField(required=False, min_value=2000, max_value=2100)

    def clean(self):
        data = super().clean()
        if data.get("soort") == ContractDocument.BEGROTING and not data.get("jaar"):
            raise forms.ValidationError(_("Kies het jaar van de begroting."))
        return data


class ConfirmForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Bevestigen namens"), queryset=None, required=False
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        from networks.models import Organisation

        self.fields["organisation"].queryset = Organisation.objects.filter(
            pk__in=[o.pk for o in organisations]
        )
