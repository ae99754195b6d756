"""Contracts and the verdeelsleutel: who declares which function to which insurer, and how
the insurers share the network's costs (R-NW-4, R-BK-2)."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from bekostiging.constants import OFFERED_BY, SEVERAL_DECLARANTS, Function
from bekostiging.models import Contract, Verdeelsleutel
from bekostiging.services.kassiers import kassier_check
from mgn.formats import number
from networks.constants import OrganisationKind
from networks.models import Network, Organisation

HUNDRED = Decimal("100")


@transaction.atomic
def verdeelsleutel_set(
    *, network: Network, year: int, shares: dict[Organisation, Decimal], user=None
) -> list[Verdeelsleutel]:
    """R-BK-2: replace the network's verdeelsleutel of one year (the other years keep
    theirs); the shares must sum to exactly 100%. Who set it and when is on the rows."""
    errors = []
    if not 2000 <= year <= 2100:
        errors.append(_("Kies een jaar tussen 2000 en 2100."))
    for insurer, share in shares.items():
        if insurer.kind != OrganisationKind.ZORGVERZEKERAAR:
            errors.append(_("%(org)s is geen zorgverzekeraar.") % {"org": insurer.name})
        if share <= 0:
            errors.append(
                _("Het aandeel van %(org)s moet groter dan 0 zijn.") % {"org": insurer.name}
            )
    total = sum(shares.values(), Decimal(0))
    if total != HUNDRED:
        errors.append(
            _("De aandelen tellen op tot %(total)s%%, niet tot precies 100%%.")
            # "99,99": a decimal comma, up to the four decimals a share may have
            % {"total": number(total, 4).rstrip("0").rstrip(",")}
        )
    if errors:
        raise ValidationError({"shares": errors})
    Network.objects.select_for_update().filter(pk=network.pk).first()
    network.verdeelsleutel.filter(year=year).delete()
    return Verdeelsleutel.objects.bulk_create(
        [
            Verdeelsleutel(network=network, year=year, insurer=i, share=s, set_by=user)
            for i, s in shares.items()
        ]
    )


def _overlapping(network: Network, function: str, starts_on: date, ends_on: date):
    return Contract.objects.filter(
        network=network,
        function=function,
        declaring=True,
    ).filter(Q(starts_on__lte=ends_on) & Q(ends_on__gte=starts_on))


@transaction.atomic
def contract_create(
    *,
    network: Network,
    insurer: Organisation,
    provider: Organisation,
    function: str,
    starts_on: date,
    ends_on: date,
    declaring: bool = True,
    tariff: Decimal | None = None,
) -> Contract:
    """R-NW-4: per function one declaring party at a time (the VG may have several); a
    contract only for a function the network offers; a lumpsum contract only with the
    function's kassier for the whole period (R-NW-3). What a lumpsum contract pays is the
    regional amount of its function and year (RegionaalBedrag), not the contract's own."""
    errors: dict[str, list[str]] = {}
    if insurer.kind != OrganisationKind.ZORGVERZEKERAAR:
        errors["insurer"] = [_("Kies een zorgverzekeraar.")]
    if function in OFFERED_BY and not getattr(network, OFFERED_BY[function]):
        errors["function"] = [
            _("%(network)s biedt de functie %(function)s niet aan (R-NW-4).")
            % {"network": network.name, "function": Function(function).label}
        ]
    if ends_on < starts_on:
        errors["ends_on"] = [_("De einddatum ligt vóór de ingangsdatum.")]
    if function == Function.VERKENNEND_GESPREK and tariff is None:
        errors["tariff"] = [_("Een contract voor het verkennend gesprek heeft een tarief.")]
    if function != Function.VERKENNEND_GESPREK and not errors:
        refusal = kassier_check(
            network=network,
            function=function,
            provider=provider,
            starts_on=starts_on,
            ends_on=ends_on,
        )
        if refusal:
            errors["provider"] = [refusal]
    if (
        declaring
        and function not in SEVERAL_DECLARANTS
        and not errors
        and _overlapping(network, function, starts_on, ends_on).exclude(provider=provider).exists()
    ):
        errors["declaring"] = [
            _("Voor deze functie declareert in deze periode al een andere partij (R-NW-4).")
        ]
    if errors:
        raise ValidationError(errors)
    contract = Contract(
        network=network,
        insurer=insurer,
        provider=provider,
        function=function,
        starts_on=starts_on,
        ends_on=ends_on,
        declaring=declaring,
        tariff=tariff if function == Function.VERKENNEND_GESPREK else None,
    )
    contract.full_clean()
    contract.save()
    return contract
