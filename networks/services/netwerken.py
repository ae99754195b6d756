"""Networks, their partners and regievoerder, and the grants to see or coordinate them,
with the rules R-NW-1 … R-NW-3 they must respect."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from guardian.shortcuts import assign_perm

from networks.constants import (
    FINANCIER_ONLY_KINDS,
    ROLE_FIELDS,
    NetworkPermission,
    OrganisationKind,
    PartnerRole,
    Ring,
)
from networks.models import Gemeente, Network, Organisation, Partnership, Region
from networks.validators import validate_network_slug


def validate_regievoerder(organisation: Organisation) -> None:
    """R-NW-3: usually the ggz-kerninstelling or an RHO, possibly another partner, but never
    an insurer (R-NW-1: it only finances, so it cannot hold role U)."""
    if organisation.kind in FINANCIER_ONLY_KINDS:
        raise ValidationError(
            {
                "regievoerder": _(
                    "Een zorgverzekeraar financiert alleen en kan geen regievoerder zijn. "
                    "Kies een formele partner die uitvoert (rol U), meestal de "
                    "ggz-kerninstelling of een RHO."
                )
            }
        )


def validate_partnership(
    *, organisation: Organisation, ring: str, roles, network: Network | None = None
) -> set[PartnerRole]:
    """The rules of one partnership (R-NW-1 … R-NW-3), for the service and the admin alike.

    With ``network``, also R-NW-3: the network's regievoerder stays an inner-ring partner
    with role U. Returns the roles as a set; raises a ValidationError with Dutch messages
    under ``ring`` and ``roles``."""
    roles = {PartnerRole(r) for r in roles}
    errors: dict[str, list[str]] = {}
    if not roles:
        errors.setdefault("roles", []).append(_("Een partner heeft minstens één rol."))
    if organisation.kind in FINANCIER_ONLY_KINDS and PartnerRole.UITVOERING in roles:
        errors.setdefault("roles", []).append(
            _(
                "Een zorgverzekeraar financiert alleen en voert geen functies uit (rol U). "
                "Een gemeente mag dat wel, met eigen medewerkers."
            )
        )
    if (
        roles
        and ring == Ring.OUTER
        and not roles & {PartnerRole.INROEPBAAR, PartnerRole.INFORMATIE}
    ):
        errors.setdefault("roles", []).append(
            _("Een partner in de buitenring is inroepbaar (R) of levert informatie (I).")
        )
    if network is not None and organisation.pk == network.regievoerder_id:
        names = {"org": organisation.name}
        if ring != Ring.INNER:
            errors.setdefault("ring", []).append(
                _(
                    "%(org)s is regievoerder van dit netwerk en blijft daarom formele partner "
                    "(binnenring). Maak eerst een andere partner regievoerder."
                )
                % names
            )
        if PartnerRole.UITVOERING not in roles:
            errors.setdefault("roles", []).append(
                _(
                    "%(org)s is regievoerder van dit netwerk en houdt daarom rol U "
                    "(uitvoering). Maak eerst een andere partner regievoerder."
                )
                % names
            )
    if errors:
        raise ValidationError(errors)
    return roles


def regievoerder_removal_message(organisation: Organisation) -> str:
    """R-NW-3: why the regievoerder's partnership cannot end (service and admin)."""
    return _(
        "%(org)s is regievoerder van dit netwerk; het partnerschap kan daarom niet worden "
        "beëindigd. Maak eerst een andere partner regievoerder."
    ) % {"org": organisation.name}


def _network_locked(network: Network) -> Network:
    """The network's row, locked until the transaction ends: a change of regievoerder and a
    change of partnerships wait for each other, so R-NW-3 also holds under concurrency."""
    return Network.objects.select_for_update().get(pk=network.pk)


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
    try:
        validate_network_slug(slug)
    except ValidationError as error:
        raise ValidationError({"slug": error.messages}) from error
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
    """R-NW-3: the one regievoerder is a formal (inner-ring) partner with role U."""
    validate_regievoerder(organisation)
    locked = _network_locked(network)
    if not locked.partnerships.filter(
        organisation=organisation, ring=Ring.INNER, role_uitvoering=True
    ).exists():
        raise ValidationError(
            {
                "regievoerder": _(
                    "De regievoerder moet een formele partner (binnenring) met rol U "
                    "(uitvoering) zijn."
                )
            }
        )
    locked.regievoerder = organisation
    locked.save(update_fields=["regievoerder"])
    network.regievoerder = organisation
    return network


@transaction.atomic
def partnership_set(
    *, network: Network, organisation: Organisation, ring: str, roles: list[str]
) -> Partnership:
    """Add or change an organisation's place in a network (R-NW-1, R-NW-2); the regievoerder
    stays an inner-ring partner with role U (R-NW-3)."""
    locked = _network_locked(network)
    roles = validate_partnership(organisation=organisation, ring=ring, roles=roles, network=locked)
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
def partnership_remove(*, network: Network, organisation: Organisation) -> None:
    """End an organisation's partnership; never the regievoerder's (R-NW-3)."""
    locked = _network_locked(network)
    if organisation.pk == locked.regievoerder_id:
        raise ValidationError(regievoerder_removal_message(organisation), code="regievoerder")
    Partnership.objects.filter(network=locked, organisation=organisation).delete()


def network_grant(*, network: Network, user, coordinate: bool = False) -> None:
    """Let a user see a network (and coordinate it); the only place network grants are made."""
    assign_perm(f"networks.{NetworkPermission.VIEW}", user, network)
    if coordinate:
        assign_perm(f"networks.{NetworkPermission.COORDINATE}", user, network)
