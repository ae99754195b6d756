"""Lumpsum terms (R-BK-2): per network, function and year one regional amount, declared
by the function's kassier in its terms; each term split over the insurers that contracted
the function with the kassier, by the year's verdeelsleutel renormalised over them,
exactly to the cent."""

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bekostiging.constants import TERMS_PER_YEAR, Function, Route, Soort
from bekostiging.models import (
    Contract,
    Declaratieregel,
    FunctieKassier,
    Prestatie,
    RegionaalBedrag,
    Verdeelsleutel,
)
from bekostiging.services.declaraties import prestatie_on
from bekostiging.services.kassiers import route_for
from networks.models import Network, Organisation

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
    return split_terms(term_amounts, shares)


def split_terms(term_amounts: list[Decimal], shares: dict[object, Decimal]):
    """Split each term over the shares so that every term and every key's total over the
    terms add up exactly. Returns {key: [amount per term]}."""
    terms = len(term_amounts)
    yearly = {p.key: p.amount for p in split_exact(sum(term_amounts, Decimal(0)), shares)}
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


@dataclass
class LumpsumResult:
    """What a generation made, and the terms it could not declare (shown to the user)."""

    created: int = 0
    unassigned: list[str] = field(default_factory=list)


@dataclass
class _Term:
    index: int
    start: date
    end: date
    amount: Decimal


def _kassier_on(kassiers: list[FunctieKassier], function: str, start: date, end: date):
    """The kassier of the whole term (one row covering its first and last day), or None."""
    for k in kassiers:
        if k.function == function and k.covers(start) and k.covers(end):
            return k
    return None


def _contracts_by_insurer(contracts, function, provider_id, day) -> dict[int, Contract]:
    """R-BK-2: per insurer the one declaring contract with the kassier valid on the term's
    first day (several of one insurer: the latest), so a term is never declared twice."""
    chosen: dict[int, Contract] = {}
    for c in contracts:
        if c.function != function or c.provider_id != provider_id:
            continue
        if not c.starts_on <= day <= c.ends_on:
            continue
        old = chosen.get(c.insurer_id)
        if old is None or (c.starts_on, c.pk) > (old.starts_on, old.pk):
            chosen[c.insurer_id] = c
    return chosen


@transaction.atomic
def lumpsum_generate(*, network: Network, year: int, user=None) -> LumpsumResult:
    """R-BK-2: each regional amount of the year in its terms, declared by the function's
    kassier (its route, O&I or PGGAZ, decides the prestatie). Each term goes only to the
    insurers with a declaring contract with the kassier for the function on the term's
    first day, split by the year's verdeelsleutel renormalised over them. Refused as a
    whole when the year has amounts but no key, when a contracting insurer has no share in
    the year's key, or when a prestatiecode is missing. A term without kassier or without
    a contracting insurer gets no line and is reported. Idempotent."""
    bedragen = list(RegionaalBedrag.objects.filter(network=network, year=year).order_by("function"))
    result = LumpsumResult()
    if not bedragen:
        return result
    shares = dict(
        Verdeelsleutel.objects.filter(network=network, year=year).values_list("insurer", "share")
    )
    if not shares:
        raise ValidationError(
            _("Leg eerst de verdeelsleutel van %(year)s vast: de lumpsum wordt daarmee verdeeld.")
            % {"year": year}
        )
    kassiers = list(FunctieKassier.objects.filter(network=network).select_related("organisation"))
    contracts = list(
        Contract.objects.filter(
            network=network,
            declaring=True,
            starts_on__lte=date(year, 12, 31),
            ends_on__gte=date(year, 1, 1),
        )
        .exclude(function=Function.VERKENNEND_GESPREK)
        .select_related("insurer")
    )
    insurers = {c.insurer_id: c.insurer for c in contracts}
    # Debit lines of the year: live ones, and per term every insurer it was split over
    # (credited lines too: a corrected line is made again at the same share).
    existing = set()
    split_over: dict[tuple, set[int]] = {}
    for function, insurer_id, service_date, credited in Declaratieregel.objects.filter(
        network=network,
        soort=Soort.LUMPSUM,
        credit_of__isnull=True,
        service_date__gte=date(year, 1, 1),
        service_date__lte=date(year, 12, 31),
    ).values_list("function", "insurer_id", "service_date", "credited"):
        split_over.setdefault((function, service_date), set()).add(insurer_id)
        if not credited:
            existing.add((function, insurer_id, service_date))
    names = dict(
        Organisation.objects.filter(pk__in=set(insurers).union(*split_over.values())).values_list(
            "pk", "name"
        )
    )
    prestaties = list(Prestatie.objects.exclude(function=Function.VERKENNEND_GESPREK))
    uncovered: dict[int, Organisation] = {}
    missing_codes = set()
    lines = []
    for bedrag in bedragen:
        label = str(Function(bedrag.function).label)
        periods = term_periods(year, TERMS_PER_YEAR[bedrag.term_length])
        amounts = split_exact(bedrag.amount, dict.fromkeys(range(len(periods)), Decimal(1)))
        # Terms with the same kassier and the same contracting insurers are split together,
        # so each insurer's total over them is its exact share too.
        groups: dict[tuple, list[_Term]] = {}
        for index, (start, end) in enumerate(periods):
            term = _Term(index, start, end, amounts[index].amount)
            kassier = _kassier_on(kassiers, bedrag.function, start, end)
            if kassier is None:
                result.unassigned.append(
                    _("%(function)s, termijn vanaf %(start)s: geen kassier voor de hele termijn.")
                    % {"function": label, "start": f"{start:%d-%m-%Y}"}
                )
                continue
            chosen = _contracts_by_insurer(
                contracts, bedrag.function, kassier.organisation_id, start
            )
            if not chosen:
                result.unassigned.append(
                    _(
                        "%(function)s, termijn vanaf %(start)s: geen zorgverzekeraar heeft "
                        "de functie met %(org)s gecontracteerd."
                    )
                    % {
                        "function": label,
                        "start": f"{start:%d-%m-%Y}",
                        "org": kassier.organisation.name,
                    }
                )
                continue
            for insurer_id in chosen:
                if insurer_id not in shares:
                    uncovered[insurer_id] = insurers[insurer_id]
            key = (kassier.pk, tuple(sorted((i, c.pk) for i, c in chosen.items())))
            groups.setdefault(key, []).append(term)
        if uncovered:
            continue
        for (kassier_pk, pairs), terms in groups.items():
            kassier = next(k for k in kassiers if k.pk == kassier_pk)
            chosen = dict(pairs)
            weights = {insurer_id: shares[insurer_id] for insurer_id in chosen}
            split = split_terms([t.amount for t in terms], weights)
            route = route_for(kassier.organisation)
            for position, term in enumerate(terms):
                prestatie = prestatie_on(bedrag.function, term.start, prestaties, route=route)
                if prestatie is None:
                    missing_codes.add(f"{label} ({Route(route).label})")
                    continue
                declared = {i for i in chosen if (bedrag.function, i, term.start) in existing}
                before = split_over.get((bedrag.function, term.start), set())
                if declared and before != set(chosen):
                    # The term's live lines were split over other insurers (a contract came
                    # or went since): a share at today's split would not add up to the
                    # regional amount. Credit the term's lines first, then generate again.
                    result.unassigned.append(
                        _(
                            "%(function)s, termijn vanaf %(start)s: al verdeeld over "
                            "%(before)s; corrigeer de regels van deze termijn en maak ze "
                            "opnieuw voor de verdeling over %(now)s."
                        )
                        % {
                            "function": label,
                            "start": f"{term.start:%d-%m-%Y}",
                            "before": ", ".join(sorted(names[i] for i in before)),
                            "now": ", ".join(sorted(names[i] for i in chosen)),
                        }
                    )
                    continue
                for insurer_id, contract_pk in chosen.items():
                    if insurer_id in declared:
                        continue
                    insurer = insurers[insurer_id]
                    lines.append(
                        Declaratieregel(
                            network=network,
                            soort=Soort.LUMPSUM,
                            function=bedrag.function,
                            route=route,
                            contract_id=contract_pk,
                            provider_id=kassier.organisation_id,
                            insurer_id=insurer_id,
                            uzovi=insurer.uzovi or "",
                            provider_agb=kassier.organisation.agb_code or "",
                            prestatiecode=prestatie.code,
                            service_date=term.start,
                            period_end=term.end,
                            tariff=split[insurer_id][position],
                            amount=split[insurer_id][position],
                            created_by=user,
                        )
                    )
    if uncovered:
        raise ValidationError(
            _(
                "%(insurers)s heeft een lumpsumcontract maar geen aandeel in de "
                "verdeelsleutel van %(year)s; vul de verdeelsleutel van %(year)s aan (R-BK-2)."
            )
            % {
                "insurers": ", ".join(sorted(o.name for o in uncovered.values())),
                "year": year,
            }
        )
    if missing_codes:
        raise ValidationError(
            _("Geen prestatiecode geldig voor: %(functions)s.")
            % {"functions": ", ".join(sorted(missing_codes))}
        )
    Declaratieregel.objects.bulk_create(lines)
    result.created = len(lines)
    return result
