"""Lumpsum terms (R-BK-2): each declaring lumpsum contract's yearly amount in its terms,
split over the insurers by the verdeelsleutel exactly to the cent."""

import calendar
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bekostiging.constants import TERMS_PER_YEAR, Function, Soort
from bekostiging.models import Contract, Declaratieregel, Prestatie
from bekostiging.services.declaraties import prestatie_on
from networks.models import Network

CENT = Decimal("0.01")


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


def term_periods(year: int, terms: int) -> list[tuple[date, date]]:
    months = 12 // terms
    periods = []
    for index in range(terms):
        first = 1 + index * months
        last = first + months - 1
        periods.append((date(year, first, 1), date(year, last, calendar.monthrange(year, last)[1])))
    return periods


@transaction.atomic
def lumpsum_generate(*, network: Network, year: int, user=None) -> int:
    """R-BK-2: each declaring lumpsum contract's yearly amount in its terms, each term
    split over the insurers by the verdeelsleutel (exactly, to the cent). A term outside
    the contract's period is not declared. Idempotent; returns the number of new lines."""
    keys = list(network.verdeelsleutel.select_related("insurer"))
    shares = {v.insurer_id: v.share for v in keys}
    uzovi = {v.insurer_id: v.insurer.uzovi or "" for v in keys}
    contracts = list(
        Contract.objects.select_related("provider")
        .filter(
            network=network,
            declaring=True,
            yearly_amount__isnull=False,
            starts_on__lte=date(year, 12, 31),
            ends_on__gte=date(year, 1, 1),
        )
        .exclude(function=Function.VERKENNEND_GESPREK)
    )
    if contracts and not shares:
        raise ValidationError(
            _("Leg eerst de verdeelsleutel vast: de lumpsum wordt daarmee verdeeld.")
        )
    existing = set(
        Declaratieregel.objects.filter(
            contract__in=contracts,
            soort=Soort.LUMPSUM,
            credit_of__isnull=True,
            credited=False,
        ).values_list("contract_id", "insurer_id", "service_date")
    )
    prestaties = list(Prestatie.objects.all())
    lines = []
    missing_codes = set()
    for contract in contracts:
        terms = TERMS_PER_YEAR[contract.term_length]
        split = lumpsum_terms(yearly_amount=contract.yearly_amount, terms=terms, shares=shares)
        for index, (start, end) in enumerate(term_periods(year, terms)):
            if end < contract.starts_on or start > contract.ends_on:
                continue
            prestatie = prestatie_on(contract.function, start, prestaties)
            if prestatie is None:
                missing_codes.add(str(Function(contract.function).label))
                continue
            for insurer_id, amounts in split.items():
                if (contract.pk, insurer_id, start) in existing:
                    continue
                lines.append(
                    Declaratieregel(
                        network=network,
                        soort=Soort.LUMPSUM,
                        function=contract.function,
                        contract=contract,
                        provider_id=contract.provider_id,
                        insurer_id=insurer_id,
                        uzovi=uzovi[insurer_id],
                        provider_agb=contract.provider.agb_code or "",
                        prestatiecode=prestatie.code,
                        service_date=start,
                        period_end=end,
                        tariff=amounts[index],
                        amount=amounts[index],
                        created_by=user,
                    )
                )
    if missing_codes:
        raise ValidationError(
            _("Geen prestatiecode geldig voor: %(functions)s.")
            % {"functions": ", ".join(sorted(missing_codes))}
        )
    Declaratieregel.objects.bulk_create(lines)
    return len(lines)
