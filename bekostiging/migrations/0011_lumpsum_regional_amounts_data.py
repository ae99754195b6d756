"""R-BK-2 / R-NW-3 / R-NW-4, data part 2 of 3: carry the existing lumpsum data into the
new model.

1. Prestaties: every lumpsum prestatie becomes the PGGAZ route of its function; the old
   O&I prestatie (function "o-en-i", MGN-OENI-RHO) is removed as a codelist row and the
   O&I route gets a code per function (MGN-OENI-TM/-WT/-CO/-KO). Lines keep the
   prestatiecode they were declared with.
2. Regional amounts: per network, function and year covered by a declaring lumpsum
   contract (up to next year), one RegionaalBedrag. Contracts of one provider per
   insurer held the same regional amount each, so it is taken once (the largest of
   them, the term length of the earliest). An O&I contract ("o-en-i") is the O&I route
   of coördinatie: its amount is ADDED to the coördinatie amount of the same network
   and year (e.g. 80,000 coördinatie + 25,000 O&I = 105,000 coördinatie).
3. Kassiers: per network and lumpsum function, each provider that declared it becomes
   its kassier from its first contract's start to its last contract's end; a period
   that would overlap an earlier provider's is not recorded (set it on the page). The
   kind is not checked here (the service checks it for new rows).
4. O&I becomes coördinatie: contracts and lines with function "o-en-i" get function
   "coordinatie"; the lines keep route O&I, every other lumpsum line gets route PGGAZ.
   A budget line (Begrotingspost) for O&I is added to the coördinatie line of the same
   network, year and funder (or renamed when there is none).
5. The verdeelsleutel gets a year: each network's key is copied to every year for which
   the network has contracts (up to next year) or lumpsum lines, and the current year;
   who set it and when is not known for these rows (set_by empty, set_at = migration).
6. A second live lumpsum line for the same network, function, insurer and term (from a
   provider holding one contract per insurer, or from an O&I line next to a coördinatie
   line) is credited: a credit line (status klaar) pointing at it, the line marked
   credited; the lowest line of each term stays. An O&I amount so credited is in the
   merged regional amount: correct the kept coördinatie line (regel_correct) and
   generate again to declare the merged amount.

Not recoverable backwards: the reverse is a no-op (regional amounts, kassiers, routes and
credits stay; O&I is not split off coördinatie again).
"""

from datetime import date

from django.db import migrations
from django.utils import timezone

LUMPSUM = "lumpsum"
O_EN_I = "o-en-i"
COORDINATIE = "coordinatie"
PGGAZ_ROUTE = "pggaz"
OENI_CODES = [
    ("transfer", "MGN-OENI-TM", "O&I transfermechanisme"),
    ("wachttijden", "MGN-OENI-WT", "O&I informatievoorziening wachttijden"),
    ("casusoverleg", "MGN-OENI-CO", "O&I domeinoverstijgend casusoverleg"),
    ("coordinatie", "MGN-OENI-KO", "O&I coördinatie netwerk"),
]


def _years(contract, last_year):
    return range(max(contract.starts_on.year, 2000), min(contract.ends_on.year, last_year) + 1)


def forward(apps, schema_editor):
    Prestatie = apps.get_model("bekostiging", "Prestatie")
    Contract = apps.get_model("bekostiging", "Contract")
    Regel = apps.get_model("bekostiging", "Declaratieregel")
    Begrotingspost = apps.get_model("bekostiging", "Begrotingspost")
    Verdeelsleutel = apps.get_model("bekostiging", "Verdeelsleutel")
    FunctieKassier = apps.get_model("bekostiging", "FunctieKassier")
    RegionaalBedrag = apps.get_model("bekostiging", "RegionaalBedrag")
    this_year = timezone.localdate().year
    last_year = this_year + 1

    # 1. Prestaties per route.
    Prestatie.objects.exclude(function="vg").update(route=PGGAZ_ROUTE)
    Prestatie.objects.filter(function=O_EN_I).delete()
    for function, code, description in OENI_CODES:
        Prestatie.objects.get_or_create(
            function=function,
            route=O_EN_I,
            valid_from=date(2024, 5, 1),
            defaults={"code": code, "description": description},
        )

    # 2. Regional amounts, taken once per (network, function, year, old function).
    lumpsum_contracts = list(
        Contract.objects.filter(declaring=True, yearly_amount__isnull=False)
        .exclude(function="vg")
        .order_by("starts_on", "pk")
    )
    amounts = {}
    for c in lumpsum_contracts:
        function = COORDINATIE if c.function == O_EN_I else c.function
        for year in _years(c, last_year):
            key = (c.network_id, function, year, c.function)
            old = amounts.get(key)
            if old is None or c.yearly_amount > old[0]:
                amounts[key] = (c.yearly_amount, old[1] if old else c.term_length)
    merged = {}
    for (network_id, function, year, _old), (amount, term_length) in sorted(amounts.items()):
        key = (network_id, function, year)
        if key in merged:
            merged[key] = (merged[key][0] + amount, merged[key][1])
        else:
            merged[key] = (amount, term_length)
    for (network_id, function, year), (amount, term_length) in merged.items():
        RegionaalBedrag.objects.get_or_create(
            network_id=network_id,
            function=function,
            year=year,
            defaults={"amount": amount, "term_length": term_length},
        )

    # 3. Kassiers from the declaring contracts.
    periods = {}
    for c in lumpsum_contracts:
        function = COORDINATIE if c.function == O_EN_I else c.function
        key = (c.network_id, function, c.provider_id)
        start, end = periods.get(key, (c.starts_on, c.ends_on))
        periods[key] = (min(start, c.starts_on), max(end, c.ends_on))
    taken = {}
    for (network_id, function, provider_id), (start, end) in sorted(
        periods.items(), key=lambda item: item[1][0]
    ):
        spans = taken.setdefault((network_id, function), [])
        if any(s <= end and start <= e for s, e in spans):
            continue
        spans.append((start, end))
        FunctieKassier.objects.create(
            network_id=network_id,
            function=function,
            organisation_id=provider_id,
            starts_on=start,
            ends_on=end,
        )

    # 4. O&I is the O&I route of coördinatie.
    Regel.objects.filter(soort=LUMPSUM, function=O_EN_I).update(function=COORDINATIE, route=O_EN_I)
    Regel.objects.filter(soort=LUMPSUM, route="").update(route=PGGAZ_ROUTE)
    Contract.objects.filter(function=O_EN_I).update(function=COORDINATIE)
    for post in Begrotingspost.objects.filter(function=O_EN_I):
        target = Begrotingspost.objects.filter(
            network_id=post.network_id, year=post.year, function=COORDINATIE, funder_id=post.funder_id
        ).first()
        if target is None:
            post.function = COORDINATIE
            post.save(update_fields=["function"])
        else:
            target.amount += post.amount
            target.save(update_fields=["amount"])
            post.delete()

    # 5. The verdeelsleutel per year.
    for network_id in set(Verdeelsleutel.objects.values_list("network_id", flat=True)):
        years = {this_year}
        for c in Contract.objects.filter(network_id=network_id):
            years.update(_years(c, last_year))
        years.update(
            d.year
            for d in Regel.objects.filter(network_id=network_id, soort=LUMPSUM).values_list(
                "service_date", flat=True
            )
        )
        rows = list(Verdeelsleutel.objects.filter(network_id=network_id, year__isnull=True))
        first, *others = sorted(years)
        Verdeelsleutel.objects.filter(pk__in=[r.pk for r in rows]).update(year=first)
        Verdeelsleutel.objects.bulk_create(
            [
                Verdeelsleutel(
                    network_id=network_id,
                    insurer_id=r.insurer_id,
                    share=r.share,
                    year=year,
                    set_at=r.set_at,
                )
                for year in others
                for r in rows
            ]
        )

    # 6. Credit a second live line of one term.
    seen = set()
    skip = {"id", "credit_of", "replaces", "credited", "status", "status_changed_at", "created_at"}
    skip |= {"rejection_reason", "amount"}
    for regel in Regel.objects.filter(
        soort=LUMPSUM, credit_of__isnull=True, credited=False
    ).order_by("pk"):
        key = (regel.network_id, regel.function, regel.insurer_id, regel.service_date)
        if key not in seen:
            seen.add(key)
            continue
        values = {
            f.attname: getattr(regel, f.attname)
            for f in Regel._meta.concrete_fields
            if f.name not in skip
        }
        Regel.objects.create(
            **values, amount=-regel.amount, credit_of_id=regel.pk, status="klaar"
        )
        regel.credited = True
        regel.save(update_fields=["credited"])


class Migration(migrations.Migration):
    dependencies = [("bekostiging", "0010_lumpsum_kassier_regional_amount_dated_key")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
