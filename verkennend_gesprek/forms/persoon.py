"""Correcting the person's details of one request (R-PR-2). It parses; the service checks
who may and what is valid."""

import copy

from django import forms
from django.utils import timezone

from mgn.validators import DATE_OF_BIRTH_EARLIEST, clean_name
from networks.models import Organisation
from networks.selectors.netwerken import OrganisationKind, gemeenten_served
from verkennend_gesprek.forms.aanvraag import ErrorSummaryMixin, RequestForm
from verkennend_gesprek.models import VerkennendGesprek
from verkennend_gesprek.services.persoon import CORRECTABLE_FIELDS


class PersoonCorrectForm(ErrorSummaryMixin, forms.Form):
    """The request form's person fields (the BSN excepted), filled with what is stored."""

    def __init__(self, *args, vg: VerkennendGesprek, **kwargs):
        persoon = vg.persoon
        kwargs.setdefault(
            "initial",
            {
                **{f: getattr(persoon, f) for f in CORRECTABLE_FIELDS},
                "gemeente": persoon.gemeente_id,
                "insurer": persoon.insurer_id,
            },
        )
        super().__init__(*args, **kwargs)
        for name in CORRECTABLE_FIELDS:
            self.fields[name] = copy.deepcopy(RequestForm.base_fields[name])
        self.fields["gemeente"].queryset = gemeenten_served([vg.network_id])
        self.fields["insurer"].queryset = Organisation.objects.filter(
            kind=OrganisationKind.ZORGVERZEKERAAR, partnerships__network=vg.network_id
        ).order_by("name")
        self.fields["date_of_birth"].widget.attrs["max"] = timezone.localdate().isoformat()
        self.fields["date_of_birth"].widget.attrs["min"] = DATE_OF_BIRTH_EARLIEST.isoformat()

    def changes(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("given_name", "family_name_prefix", "family_name"):
            data[name] = clean_name(data[name])
        for name in ("address", "phone", "policy_number"):
            data[name] = data[name].strip()
        return data
