"""Every write in the networks app, with the rules R-NW-1 … R-NW-3 it must respect."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from guardian.shortcuts import assign_perm, remove_perm

from .constants import (
    FINANCIER_KINDS,
    REGIEVOERDER_KINDS,
    ROLE_FIELDS,
    NetworkPermission,
    OrganisationKind,
    OrganisationPermission,
    PartnerRole,
    Ring,
)
from .models import Gemeente, Network, Organisation, Partnership, Professional, Region


def _save(instance):
    instance.full_clean()
    instance.save()
    return instance


@transaction.atomic
def region_create(*, name: str, code: str) -> Region:
    return _save(Region(name=name, code=code))


@transaction.atomic
def gemeente_create(*, cbs_code: str, name: str, region: Region) -> Gemeente:
    return _save(Gemeente(cbs_code=cbs_code, name=name, region=region))


@transaction.atomic
def region_set_mandaatgemeente(*, region: Region, gemeente: Gemeente) -> Region:
    if gemeente.region_id != region.pk:
        raise ValidationError({"mandaatgemeente": _("De mandaatgemeente moet in de regio liggen.")})
    region.mandaatgemeente = gemeente
    region.save(update_fields=["mandaatgemeente"])
    return region


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
    return _save(organisation)


def validate_regievoerder(organisation: Organisation) -> None:
    """R-NW-3: exactly one regievoerder, the ggz-kerninstelling or an RHO."""
    if organisation.kind not in REGIEVOERDER_KINDS:
        raise ValidationError(
            {
                "regievoerder": _(
                    "De regievoerder is de ggz-kerninstelling of een RHO, niet een %(kind)s."
                )
                % {"kind": organisation.get_kind_display().lower()}
            }
        )


@transaction.atomic
def network_create(
    *,
    name: str,
    slug: str,
    regievoerder: Organisation,
    regions: list[Region],
    gemeenten: list[Gemeente] | None = None,
    preferente_zorgverzekeraar: Organisation | None = None,
    **fields,
) -> Network:
    """Create a network; its regievoerder becomes an inner-ring partner with roles B, U and M."""
    validate_regievoerder(regievoerder)
    if (
        preferente_zorgverzekeraar
        and preferente_zorgverzekeraar.kind != OrganisationKind.ZORGVERZEKERAAR
    ):
        raise ValidationError({"preferente_zorgverzekeraar": _("Dit is geen zorgverzekeraar.")})
    network = _save(
        Network(
            name=name,
            slug=slug,
            regievoerder=regievoerder,
            preferente_zorgverzekeraar=preferente_zorgverzekeraar,
            **fields,
        )
    )
    network.regions.set(regions)
    network.gemeenten.set(gemeenten or [])
    partnership_set(
        network=network,
        organisation=regievoerder,
        ring=Ring.INNER,
        roles=[PartnerRole.BELEID, PartnerRole.UITVOERING, PartnerRole.MONITORING],
    )
    return network


@transaction.atomic
def network_set_regievoerder(*, network: Network, organisation: Organisation) -> Network:
    validate_regievoerder(organisation)
    if not network.partnerships.filter(organisation=organisation, ring=Ring.INNER).exists():
        raise ValidationError({"regievoerder": _("De regievoerder moet een formele partner zijn.")})
    network.regievoerder = organisation
    network.save(update_fields=["regievoerder"])
    return network


@transaction.atomic
def partnership_set(
    *, network: Network, organisation: Organisation, ring: str, roles: list[str]
) -> Partnership:
    """Add or change an organisation's place in a network (R-NW-2)."""
    roles = {PartnerRole(r) for r in roles}
    if not roles:
        raise ValidationError({"roles": _("Een partner heeft minstens één rol.")})
    if organisation.kind in FINANCIER_KINDS and PartnerRole.UITVOERING in roles:
        raise ValidationError(
            {
                "roles": _(
                    "Zorgverzekeraars en gemeenten financieren; zij voeren geen functies uit (rol U)."
                )
            }
        )
    if ring == Ring.OUTER and not roles & {PartnerRole.INROEPBAAR, PartnerRole.INFORMATIE}:
        raise ValidationError(
            {"roles": _("Een partner in de buitenring is inroepbaar (R) of levert informatie (I).")}
        )
    partnership, _created = Partnership.objects.get_or_create(
        network=network,
        organisation=organisation,
        defaults={"ring": ring, **{field: code in roles for code, field in ROLE_FIELDS.items()}},
    )
    partnership.ring = ring
    for code, field in ROLE_FIELDS.items():
        setattr(partnership, field, code in roles)
    partnership.save()
    return partnership


@transaction.atomic
def professional_create(
    *, organisation: Organisation, name: str, discipline: str, **fields
) -> Professional:
    return _save(
        Professional(organisation=organisation, name=name, discipline=discipline, **fields)
    )


def network_grant(*, network: Network, user, coordinate: bool = False) -> None:
    """Let a user see a network (and coordinate it); the only place network grants are made."""
    assign_perm(f"networks.{NetworkPermission.VIEW}", user, network)
    if coordinate:
        assign_perm(f"networks.{NetworkPermission.COORDINATE}", user, network)


def network_revoke(*, network: Network, user) -> None:
    for perm in NetworkPermission.values:
        remove_perm(f"networks.{perm}", user, network)


def organisation_grant(*, organisation: Organisation, user, act_for: bool = True) -> None:
    assign_perm(f"networks.{OrganisationPermission.VIEW}", user, organisation)
    if act_for:
        assign_perm(f"networks.{OrganisationPermission.ACT_FOR}", user, organisation)
