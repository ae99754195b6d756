"""IZA-regio's and their gemeenten: reference data, written by the demo, the bench and admins."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from networks.models import Gemeente, Region


@transaction.atomic
def region_create(*, name: str, code: str) -> Region:
    region = Region(name=name, code=code)
    region.full_clean()
    region.save()
    return region


@transaction.atomic
def gemeente_create(*, cbs_code: str, name: str, region: Region) -> Gemeente:
    gemeente = Gemeente(cbs_code=cbs_code, name=name, region=region)
    gemeente.full_clean()
    gemeente.save()
    return gemeente


@transaction.atomic
def region_set_mandaatgemeente(*, region: Region, gemeente: Gemeente) -> Region:
    """The mandaatgemeente requests and manages the region's IZA money; it lies in the region."""
    if gemeente.region_id != region.pk:
        raise ValidationError({"mandaatgemeente": _("De mandaatgemeente moet in de regio liggen.")})
    region.mandaatgemeente = gemeente
    region.save(update_fields=["mandaatgemeente"])
    return region
