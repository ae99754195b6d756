"""The upload of a return message (574 XML or a CSV of verdicts)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from bekostiging.forms.exports import ChoiceByPk


class RetourUploadForm(forms.Form):
    verzekeraar = ChoiceByPk(label=_("Zorgverzekeraar"), queryset=None, empty_label=None)
    netwerk = forms.ModelChoiceField(
        label=_("Netwerk"), queryset=None, empty_label=None, to_field_name="slug"
    )
    bestand = forms.FileField(
        label=_("Retourbericht"),
        help_text=_(
            "Een 574-retourbericht (XML) of een CSV met per regel "
            "<code>referentie;geaccepteerd;reden</code> (geaccepteerd: ja of nee)."
        ),
    )

    def __init__(self, data=None, files=None, *, insurers, networks, **kwargs):
        super().__init__(data, files, **kwargs)
        self.fields["verzekeraar"].queryset = insurers
        self.fields["netwerk"].queryset = networks
