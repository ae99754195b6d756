"""Correcting the person's details of one request (R-PR-2): the only path that changes a
Persoon row after its request created it."""

from dataclasses import replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from mgn.audit.constants import Event
from mgn.audit.services import log_access
from networks.constants import OrganisationKind
from networks.selectors.netwerken import network_serves_gemeente
from verkennend_gesprek.models import Persoon, VerkennendGesprek
from verkennend_gesprek.selectors.persoon import may_correct_persoon

from .aanvraag import PersoonData, _clean_input

# What may be corrected; the BSN names the person and is not among them (a wrong BSN is a
# different person: cancel the request and request again).
CORRECTABLE_FIELDS = (
    "given_name",
    "family_name_prefix",
    "family_name",
    "date_of_birth",
    "gemeente",
    "address",
    "phone",
    "email",
    "insurer",
    "policy_number",
)


@transaction.atomic
def persoon_correct(*, vg: VerkennendGesprek, user, request=None, **changes) -> list[str]:
    """Correct the details submitted with ``vg``; returns the names of the fields that
    changed. Only the requesting practice and the network's planners may; every change is
    logged as an update naming the fields, never their values (R-PR-1)."""
    if not may_correct_persoon(user, vg):
        raise PermissionDenied(
            _("Alleen de aanvragende praktijk en de netwerkcoördinator corrigeren deze gegevens.")
        )
    unknown = set(changes) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise ValidationError(_("Deze gegevens kunt u niet corrigeren: %s") % ", ".join(unknown))
    persoon = Persoon.objects.select_for_update().get(pk=vg.persoon_id)
    current = PersoonData(**{f: getattr(persoon, f) for f in ("bsn", *CORRECTABLE_FIELDS)})
    wanted, _hulpvraag = _clean_input(persoon=replace(current, **changes), hulpvraag="-")
    errors: dict[str, list[str]] = {}
    if wanted.insurer.kind != OrganisationKind.ZORGVERZEKERAAR:
        errors["insurer"] = [_("Kies de zorgverzekeraar van de basisverzekering.")]
    if not wanted.policy_number.strip():
        errors["policy_number"] = [_("Het polisnummer is nodig voor de declaratie.")]
    if not network_serves_gemeente(vg.network, wanted.gemeente):
        errors["gemeente"] = [_("Deze gemeente valt buiten het werkgebied van het netwerk.")]
    if wanted.email:
        try:
            validate_email(wanted.email)
        except ValidationError as error:
            errors["email"] = error.messages
    if errors:
        raise ValidationError(errors)
    changed = [f for f in CORRECTABLE_FIELDS if getattr(wanted, f) != getattr(current, f)]
    if not changed:
        return []
    for field in changed:
        setattr(persoon, field, getattr(wanted, field))
    persoon.full_clean()
    persoon.save(update_fields=[*changed, "updated_at"])
    vg.persoon = persoon
    log_access(
        request,
        event=Event.UPDATE,
        subject=persoon,
        obj=persoon,
        detail=_("persoonsgegevens gecorrigeerd bij %(ref)s: %(fields)s")
        % {"ref": vg.reference, "fields": ", ".join(changed)},
        user=user,
    )
    return changed
