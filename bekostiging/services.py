"""Writes and money rules of bekostiging (R-BK-2, R-NW-4). Work in progress: contracts,
the verdeelsleutel and the exact lumpsum split; declarations and exports follow."""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from networks.constants import OrganisationKind
from networks.models import Network, Organisation

from .constants import SEVERAL_DECLARANTS, Function
from .models import Contract, Verdeelsleutel

CENT = Decimal("0.01")
HUNDRED = Decimal("100")


@transaction.atomic
def verdeelsleutel_set(
    *, network: Network, shares: dict[Organisation, Decimal]
) -> list[Verdeelsleutel]:
    """Replace the network's verdeelsleutel; the shares must sum to exactly 100%."""
    errors = []
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
            _("De aandelen tellen op tot %(total)s%%, niet tot precies 100%%.") % {"total": total}
        )
    if errors:
        raise ValidationError({"shares": errors})
    network.verdeelsleutel.all().delete()
    return Verdeelsleutel.objects.bulk_create(
        [Verdeelsleutel(network=network, insurer=i, share=s) for i, s in shares.items()]
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
    yearly_amount: Decimal | None = None,
) -> Contract:
    """R-NW-4: per function one declaring party at a time (the VG may have several)."""
    errors: dict[str, list[str]] = {}
    if insurer.kind != OrganisationKind.ZORGVERZEKERAAR:
        errors["insurer"] = [_("Kies een zorgverzekeraar.")]
    if ends_on < starts_on:
        errors["ends_on"] = [_("De einddatum ligt vóór de ingangsdatum.")]
    if function == Function.VERKENNEND_GESPREK and tariff is None:
        errors["tariff"] = [_("Een contract voor het verkennend gesprek heeft een tarief.")]
    if function != Function.VERKENNEND_GESPREK and yearly_amount is None:
        errors["yearly_amount"] = [_("Een lumpsumcontract heeft een bedrag per jaar.")]
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
        tariff=tariff,
        yearly_amount=yearly_amount,
    )
    contract.full_clean()
    contract.save()
    return contract


@dataclass(frozen=True)
class Part:
    key: object
    amount: Decimal


def split_exact(total: Decimal, weights: dict[object, Decimal]) -> list[Part]:
    """Split an amount in euros over weights, rounded to cents, so that the parts add up to
    exactly the total (largest remainder: the cents left over go to the largest remainders,
    ties by the order given)."""
    if not weights:
        raise ValueError("nothing to split over")
    weight_sum = sum(weights.values(), Decimal(0))
    if weight_sum <= 0:
        raise ValueError("weights must be positive")
    cents = int((total / CENT).to_integral_value())
    raw = [(key, Decimal(cents) * w / weight_sum) for key, w in weights.items()]
    floors = [(key, int(value.to_integral_value(rounding=ROUND_DOWN)), value) for key, value in raw]
    left = cents - sum(f for _key, f, _value in floors)
    order = sorted(range(len(floors)), key=lambda i: -(floors[i][2] - floors[i][1]))
    extra = dict.fromkeys(order[:left], 1)
    return [Part(key, Decimal(f + extra.get(i, 0)) * CENT) for i, (key, f, _v) in enumerate(floors)]


def lumpsum_terms(*, yearly_amount: Decimal, terms: int, shares: dict[object, Decimal]):
    """R-BK-2: the yearly lumpsum in equal terms (monthly 12, quarterly 4), each split over
    the insurers by the verdeelsleutel; every term and every insurer's yearly total add up
    exactly. Returns {insurer: [term amounts]}."""
    term_amounts = [
        p.amount for p in split_exact(yearly_amount, dict.fromkeys(range(terms), Decimal(1)))
    ]
    yearly = {p.key: p.amount for p in split_exact(yearly_amount, shares)}
    # Split each term over the insurers, then correct the last term so that every insurer's
    # year equals its exact yearly share (the columns and the rows both add up).
    result = {key: [] for key in shares}
    for index, amount in enumerate(term_amounts):
        if index == terms - 1:
            for key in shares:
                result[key].append(yearly[key] - sum(result[key], Decimal(0)))
        else:
            for part in split_exact(amount, shares):
                result[part.key].append(part.amount)
    return result
