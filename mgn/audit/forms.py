from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PersonLogForm(forms.Form):
    identifier = forms.CharField(
        label=_("Identificatie van de persoon"),
        max_length=128,
        help_text=_("BSN, pseudoniem of intern nummer zoals in het log vastgelegd."),
    )
    start = forms.DateField(label=_("Vanaf"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("Tot en met"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and start > end:
            self.add_error("end", _("De einddatum ligt vóór de begindatum."))
        if end and end > timezone.localdate():
            cleaned["end"] = timezone.localdate()
        return cleaned
