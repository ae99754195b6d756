"""The form recording the network's AVG agreement (R-DOC-1)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from mgn.validators import TEXT_REQUEST
from networks.models import Organisation

DATE_INPUT = {"type": "date"}


class AfspraakForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200)
    document = forms.FileField(
        label=_("Ondertekend document (PDF)"),
        help_text=_("Het ondertekende PDF-bestand, ten hoogste 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )
    signed_on = forms.DateField(
        label=_("Ondertekend op"), widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d")
    )
    valid_until = forms.DateField(
        label=_("Geldig tot"),
        required=False,
        help_text=_("Leeg: tot een nieuwe afspraak."),
        widget=forms.DateInput(attrs=DATE_INPUT, format="%Y-%m-%d"),
    )
    signatories = forms.ModelMultipleChoiceField(
        label=_("Ondertekenende partners"),
        queryset=Organisation.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    purpose = forms.CharField(
        label=_("Doel van de verwerking"),
        max_length=TEXT_REQUEST,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    retention_months = forms.IntegerField(
        label=_("Bewaartermijn van gesloten casussen (maanden)"),
        help_text=_("Gesloten casussen worden na deze termijn verwijderd; signalen blijven."),
        min_value=0,
        initial=12,
    )
    remark = forms.CharField(label=_("Opmerking"), max_length=500, required=False)

    def __init__(self, *args, network, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["signatories"].queryset = Organisation.objects.filter(
            partnerships__network=network
        ).order_by("name")
