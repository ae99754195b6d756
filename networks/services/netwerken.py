"""Networks, their partners and regievoerder, and the grants to see or coordinate them,
with the rules R-NW-1 … R-NW-3 they must respect."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from guardian.shortcuts import assign_perm

from networks.constants import (
    FINANCIER_KINDS,
    REGIEVOERDER_KINDS,
    ROLE_FIELDS,
    NetworkPermission,
    OrganisationKind,
    PartnerRole,
    Ring,
)
from networks.models import Gemeente, Network, Organisation, Partnership, Region


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
    network = Network(
        name=name,
        slug=slug,
        regievoerder=regievoerder,
        preferente_zorgverzekeraar=preferente_zorgverzekeraar,
        **fields,
    )
    network.full_clean()
    network.save()
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


def network_grant(*, network: Network, user, coordinate: bool = False) -> None:
    """Let a user see a network (and coordinate it); the only place network grants are made."""
    assign_perm(f"networks.{NetworkPermission.VIEW}", user, network)
    if coordinate:
        assign_perm(f"networks.{NetworkPermission.COORDINATE}", user, network)
