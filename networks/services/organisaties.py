"""Organisations, their professionals, and the grants to act for an organisation."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from guardian.shortcuts import assign_perm

from networks.constants import OrganisationKind, OrganisationPermission
from networks.models import Organisation, Professional


@transaction.atomic
def organisation_create(*, name: str, kind: str, **fields) -> Organisation:
    """Create an organisation; model validators check the AGB/UZOVI format."""
    organisation = Organisation(name=name, kind=kind, **fields)
    errors = {}
    if kind == OrganisationKind.ZORGVERZEKERAAR and not organisation.uzovi:
        errors["uzovi"] = _("Een zorgverzekeraar heeft een UZOVI-code.")
    if kind != OrganisationKind.ZORGVERZEKERAAR and organisation.uzovi:
        errors["uzovi"] = _("Alleen een zorgverzekeraar heeft een UZOVI-code.")
    if errors:
        raise ValidationError(errors)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def professional_create(
    *, organisation: Organisation, name: str, discipline: str, **fields
) -> Professional:
    professional = Professional(
        organisation=organisation, name=name, discipline=discipline, **fields
    )
    professional.full_clean()
    professional.save()
    return professional


def organisation_grant(*, organisation: Organisation, user, act_for: bool = True) -> None:
    """Let a user see an organisation and (by default) act for it, e.g. an insurer's staff
    or a provider's system behind an API token; the only place organisation grants are made."""
    assign_perm(f"networks.{OrganisationPermission.VIEW}", user, organisation)
    if act_for:
        assign_perm(f"networks.{OrganisationPermission.ACT_FOR}", user, organisation)
