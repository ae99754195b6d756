"""Waiting times on the network board (issue 15): the ``IndicatorProvider`` that
``settings.INDICATOR_PROVIDERS`` names.

Read from the overview's snapshot rows, never from the waiting lists (DESIGN.md: dashboards
read snapshots), so the board agrees with the regional dashboard. For a network and a
period ``[start, end)``:

- **the snapshot**: per IZA-regio, the last finished overview run (``OverviewRun`` KLAAR)
  with its peildatum in the period; a period without one has no figures ("–");
- **the area**: the gemeenten the network serves (``Network.gemeenten``), each read from
  the snapshot of its own region, as the rows per woongemeente (dimension GEMEENTE: the
  person's woongemeente, else the gemeente of the offer's location). Entries whose
  gemeente is unknown count for no network.

=========================  ======  ==============================================  ====
key                        rule    definition (short)                              best
=========================  ======  ==============================================  ====
wt.wachtenden              R-WT-1  persons waiting on the peildatum, deduplicated   –
wt.aanmeldingswachttijd    R-WT-3  realised registration → intake, last 2 months   low
wt.behandelingswachttijd   R-WT-3  realised intake → treatment start, 2 months     low
wt.binnen_treeknorm        R-WT-4  waiting wachtplekken within the Treeknorm       high
=========================  ======  ==============================================  ====

Limits of the data model, said in the definitions as well: persons are deduplicated per
gemeente (the snapshot counts distinct pseudonyms per woongemeente), so a person whose
waiting entries name two different gemeenten of the network counts twice; the waits are the
exact average over the network's gemeenten (each gemeente's average weighted by the number
of waits it rests on, ``aanmeld_count`` / ``behandel_count``); the Treeknorm share counts
wachtplekken, as the dashboard does (the norms are the settings TREEKNORM_*_WEEKS the
overview applied).

A network without gemeenten in its werkgebied has no waiting figures. Snapshots computed
before ``aanmeld_count`` / ``behandel_count`` existed (migration 0010) carry counts of 0, so
their waits read as no data ("–") until the run is computed again.

Three queries whatever the number of networks: the networks' gemeenten, the runs in the
span of the periods, the GEMEENTE rows of the chosen runs.
"""

from collections import defaultdict
from collections.abc import Sequence

from django.conf import settings

from mgn.formats import weeks_from_days
from mgn.indicators import Figures, Indicator, IndicatorProvider, Period, Unit, Value
from mgn.jobs.constants import JobStatus
from networks.models import Network
from wachttijden.constants import Dimension
from wachttijden.models import OverviewRun, SnapshotFigure

SNAPSHOT = (
    "Peildatum: de laatste berekening van het regionale overzicht in de periode; gemeenten: "
    "de gemeenten in het werkgebied van het netwerk (woongemeente van de wachtende, anders de "
    "gemeente van de locatie van het aanbod)."
)

WACHTENDEN = Indicator(
    key="wt.wachtenden",
    label="Wachtende personen",
    definition=(
        "Het aantal personen dat op de peildatum wacht op intake of behandeling, ontdubbeld: "
        "wie op meerdere wachtlijsten staat telt één keer (per gemeente ontdubbeld; wie in "
        "twee gemeenten van het netwerk wacht, telt twee keer). " + SNAPSHOT
    ),
    unit=Unit.COUNT,
    rule="R-WT-1",
)
AANMELD = Indicator(
    key="wt.aanmeldingswachttijd",
    label="Aanmeldingswachttijd (terugkijkend)",
    definition=(
        "De gemiddelde gerealiseerde wachttijd van aanmelding tot intake, in weken, van wie "
        "in de twee maanden tot de peildatum een intake had. " + SNAPSHOT
    ),
    unit=Unit.WEEKS,
    rule="R-WT-3",
    higher_is_better=False,
)
BEHANDEL = Indicator(
    key="wt.behandelingswachttijd",
    label="Behandelingswachttijd (terugkijkend)",
    definition=(
        "De gemiddelde gerealiseerde wachttijd van intake tot start van de behandeling, in "
        "weken, van wie in de twee maanden tot de peildatum met de behandeling begon. " + SNAPSHOT
    ),
    unit=Unit.WEEKS,
    rule="R-WT-3",
    higher_is_better=False,
)
TREEKNORM = Indicator(
    key="wt.binnen_treeknorm",
    label="Wachtend binnen de Treeknorm",
    definition=(
        "Het aandeel wachtplekken op de peildatum dat binnen de Treeknorm van de fase "
        f"wacht: op intake hooguit {settings.TREEKNORM_AANMELD_WEEKS} weken sinds de "
        f"aanmelding, op behandeling hooguit {settings.TREEKNORM_BEHANDEL_WEEKS} weken sinds "
        "de intake. Telt wachtplekken (zoals het wachttijdendashboard), niet personen. " + SNAPSHOT
    ),
    unit=Unit.PERCENT,
    rule="R-WT-4",
    higher_is_better=True,
)

INDICATORS = (WACHTENDEN, AANMELD, BEHANDEL, TREEKNORM)

ROW_FIELDS = (
    "run_id",
    "gemeente_id",
    "persons",
    "wachtplekken",
    "aanmeld_avg",
    "aanmeld_count",
    "behandel_avg",
    "behandel_count",
    "breaches_aanmeld",
    "breaches_behandel",
)


def _weighted_weeks(rows: list[dict], prefix: str) -> Value:
    """The average over the rows' waits, each row's average weighted by its count."""
    counted = [r for r in rows if r[f"{prefix}_count"] and r[f"{prefix}_avg"] is not None]
    n = sum(r[f"{prefix}_count"] for r in counted)
    if not n:
        return Value(None, 0)
    days = sum(r[f"{prefix}_avg"] * r[f"{prefix}_count"] for r in counted) / n
    return Value(weeks_from_days(days), n)


def values(rows: list[dict]) -> dict[str, Value]:
    """The figures of one network and period from its gemeenten's snapshot rows."""
    persons = sum(r["persons"] for r in rows)
    plekken = sum(r["wachtplekken"] for r in rows)
    breaches = sum(r["breaches_aanmeld"] + r["breaches_behandel"] for r in rows)
    return {
        WACHTENDEN.key: Value(persons, persons),
        AANMELD.key: _weighted_weeks(rows, "aanmeld"),
        BEHANDEL.key: _weighted_weeks(rows, "behandel"),
        TREEKNORM.key: Value(100 * (plekken - breaches) / plekken if plekken else None, plekken),
    }


def compute(network_ids: Sequence[int], periods: Sequence[Period]) -> Figures:
    if not network_ids or not periods:
        return {}
    areas: dict[int, set[int]] = defaultdict(set)  # network -> its gemeenten
    region_of: dict[int, int] = {}  # gemeente -> its region
    for network_id, gemeente_id, region_id in Network.gemeenten.through.objects.filter(
        network_id__in=network_ids
    ).values_list("network_id", "gemeente_id", "gemeente__region_id"):
        areas[network_id].add(gemeente_id)
        region_of[gemeente_id] = region_id
    if not region_of:
        return {}

    # Per (region, period index): the last finished run with its peildatum in the period.
    chosen: dict[tuple[int, int], tuple] = {}
    runs = OverviewRun.objects.filter(
        region_id__in=set(region_of.values()),
        status=JobStatus.KLAAR,
        snapshot_date__gte=min(p.start for p in periods),
        snapshot_date__lt=max(p.end for p in periods),
    ).values_list("pk", "region_id", "snapshot_date")
    for pk, region_id, day in runs:
        for index, period in enumerate(periods):
            if period.start <= day < period.end:
                best = chosen.get((region_id, index))
                if best is None or day > best[1]:
                    chosen[(region_id, index)] = (pk, day)
    if not chosen:
        return {}

    rows_of: dict[tuple[int, int], dict] = {}  # (run, gemeente) -> its row
    for row in SnapshotFigure.objects.filter(
        run_id__in={pk for pk, _day in chosen.values()},
        dimension=Dimension.GEMEENTE,
        gemeente_id__in=region_of.keys(),
    ).values(*ROW_FIELDS):
        rows_of[(row["run_id"], row["gemeente_id"])] = row

    figures: Figures = {}
    for network_id, gemeenten in areas.items():
        for index in range(len(periods)):
            runs_here = {g: chosen.get((region_of[g], index)) for g in gemeenten}
            rows = [
                rows_of[(run[0], g)]
                for g, run in runs_here.items()
                if run is not None and (run[0], g) in rows_of
            ]
            if not any(run is not None for run in runs_here.values()):
                continue  # no snapshot in the period: no data
            for key, value in values(rows).items():
                figures[(network_id, index, key)] = value
    return figures


PROVIDER = IndicatorProvider(
    section="Wachttijden en aanbod",
    order=20,
    offered_by="offers_wachttijden",
    indicators=INDICATORS,
    compute=compute,
)
