"""The overview job: R-WT-1 … R-WT-5 with hand-computed examples.

Every test counts against one snapshot date, Wednesday 17 June 2026:
- its week starts on Monday 15 June;
- the period of the last two months is [17 April, 17 June];
- the throughput window of 8 weeks is (22 April, 17 June];
- a Treeknorm breach: waiting since before 20 May (aanmelding, > 4 weeks), since before
  8 April (intake, > 10 weeks), since before 11 March (total, > 14 weeks).
"""

from datetime import date, timedelta

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

import pytest

from mgn.jobs.constants import JobStatus
from tests.wachttijden.factories import (
    AanbodFactory,
    IntakeSlotsFactory,
    WachtplekFactory,
    WachttijdOpgaveFactory,
    pseudonym,
)
from wachttijden import tasks
from wachttijden.constants import Dimension, EntryStatus, Urgency
from wachttijden.models import (
    Hoofddiagnosegroep,
    OverviewRun,
    SnapshotFigure,
    Wachtplek,
    Zorgvraagtype,
)
from wachttijden.services import overzicht, overzicht_measures, overzicht_offers

S = date(2026, 6, 17)
WEEK = date(2026, 6, 15)

pytestmark = pytest.mark.django_db


def days_ago(n: int) -> date:
    return S - timedelta(days=n)


def compute(wt_cast, snapshot=S):
    return overzicht.overview_compute(region=wt_cast.region, snapshot_date=snapshot)


def row(run, dimension=Dimension.REGION, **key) -> SnapshotFigure:
    return SnapshotFigure.objects.get(run=run, dimension=dimension, **key)


def entry(aanbod, **fields):
    return WachtplekFactory(aanbod=aanbod, registered_on=fields.pop("registered_on", S), **fields)


# R-WT-1 -----------------------------------------------------------------------------------
def test_r_wt_1_a_person_on_several_lists_counts_once(wt_cast):
    third = AanbodFactory(provider=wt_cast.provider, region=wt_cast.region, name="Derde")
    anna = pseudonym("anna")
    for aanbod in (wt_cast.aanbod, wt_cast.other_aanbod, third):
        entry(aanbod, pseudonym=anna, registered_on=days_ago(10))

    run = compute(wt_cast)

    region = row(run)
    assert (region.persons, region.wachtplekken) == (1, 3)  # double registration: 3 − 1
    provider = row(run, Dimension.PROVIDER, provider=wt_cast.provider)
    assert (provider.persons, provider.wachtplekken) == (1, 2)
    assert row(run, Dimension.AANBOD, aanbod=third).persons == 1


def test_r_wt_1_only_waiting_entries_count_as_waiting(wt_cast):
    entry(wt_cast.aanbod, pseudonym=pseudonym("a"), registered_on=days_ago(10))
    entry(wt_cast.aanbod, pseudonym=pseudonym("b"), registered_on=days_ago(30), intake=True)
    entry(wt_cast.aanbod, pseudonym=pseudonym("c"), registered_on=days_ago(60), behandeling=True)
    entry(wt_cast.aanbod, pseudonym=pseudonym("d"), status=EntryStatus.AFGEMELD)
    entry(wt_cast.aanbod, pseudonym=pseudonym("e"), registered_on=S + timedelta(days=1))

    region = row(compute(wt_cast))

    assert (region.persons, region.wachtplekken) == (2, 2)


# R-WT-2 -----------------------------------------------------------------------------------
def test_r_wt_2_referrals_in_the_period(wt_cast):
    # The period is [17 April, 17 June]: both ends count, whatever the status now.
    entry(wt_cast.aanbod, registered_on=date(2026, 4, 17))
    entry(wt_cast.aanbod, registered_on=S, status=EntryStatus.AFGEMELD)
    entry(wt_cast.other_aanbod, registered_on=date(2026, 5, 1), behandeling=True)
    entry(wt_cast.aanbod, registered_on=date(2026, 4, 16))  # a day too early
    entry(wt_cast.aanbod, registered_on=S + timedelta(days=1))  # after the snapshot

    run = compute(wt_cast)

    assert row(run).referrals == 3
    assert row(run, Dimension.AANBOD, aanbod=wt_cast.aanbod).referrals == 2
    assert row(run, Dimension.PROVIDER, provider=wt_cast.other_provider).referrals == 1


def test_the_period_is_two_calendar_months():
    assert overzicht_measures.months_before(date(2026, 6, 17), 2) == date(2026, 4, 17)
    assert overzicht_measures.months_before(date(2026, 4, 30), 2) == date(2026, 2, 28)
    assert overzicht_measures.months_before(date(2026, 1, 31), 2) == date(2025, 11, 30)
    assert overzicht_measures.months_before(date(2024, 4, 29), 2) == date(2024, 2, 29)


# R-WT-3 retrospective ---------------------------------------------------------------------
def _realised_waits(wt_cast):
    """Aanmeldingswachttijden [7, 14, 21, 28, 70] days, intakes in the period; and
    behandelingswachttijden [10, 20, 30, 40] days, treatment starts in the period (intakes
    before it, so they add no aanmeldingswachttijd)."""
    for wait in (7, 14, 21, 28, 70):
        intake_on = days_ago(10)
        entry(
            wt_cast.aanbod,
            registered_on=intake_on - timedelta(days=wait),
            intake_on=intake_on,
            status=EntryStatus.INTAKE,
        )
    # Outside the period: an intake on 16 April, a treatment start on 16 April.
    entry(
        wt_cast.aanbod,
        registered_on=date(2026, 1, 1),
        intake_on=date(2026, 4, 16),
        status=EntryStatus.INTAKE,
    )
    entry(
        wt_cast.aanbod,
        registered_on=date(2026, 1, 1),
        intake_on=date(2026, 2, 1),
        treatment_start_on=date(2026, 4, 16),
        status=EntryStatus.BEHANDELING,
    )
    start = date(2026, 4, 22)
    for wait in (10, 20, 30, 40):
        intake_on = start - timedelta(days=wait)
        entry(
            wt_cast.other_aanbod,
            registered_on=intake_on - timedelta(days=5),
            intake_on=intake_on,
            treatment_start_on=start,
            status=EntryStatus.BEHANDELING,
        )


def test_r_wt_3_retrospective_average_median_and_p80_match_a_hand_computed_example(wt_cast):
    _realised_waits(wt_cast)

    region = row(compute(wt_cast))

    # Aanmelding, sorted [7, 14, 21, 28, 70]:
    #   average = 140 / 5 = 28.0
    #   median: rank (5 − 1) × 0.5 = 2 → 21
    #   p80: rank (5 − 1) × 0.8 = 3.2 → 28 + 0.2 × (70 − 28) = 36.4
    assert region.aanmeld_avg == pytest.approx(28.0)
    assert region.aanmeld_median == pytest.approx(21.0)
    assert region.aanmeld_p80 == pytest.approx(36.4)
    # Behandeling, sorted [10, 20, 30, 40]:
    #   average = 100 / 4 = 25.0
    #   median: rank 3 × 0.5 = 1.5 → 20 + 0.5 × 10 = 25.0
    #   p80: rank 3 × 0.8 = 2.4 → 30 + 0.4 × 10 = 34.0
    assert region.behandel_avg == pytest.approx(25.0)
    assert region.behandel_median == pytest.approx(25.0)
    assert region.behandel_p80 == pytest.approx(34.0)


def test_r_wt_3_the_python_fallback_gives_the_same_percentiles(wt_cast):
    """SQLite (the embedded demo) computes the percentiles in Python: same numbers."""
    _realised_waits(wt_cast)
    period = overzicht_measures.Period(S)
    entries = wt_cast.region and Wachtplek.objects.filter(region=wt_cast.region)

    python = overzicht_measures.retrospective_percentiles_in_python(entries, {}, period)[()]
    assert python == pytest.approx(
        {"aanmeld_median": 21.0, "aanmeld_p80": 36.4, "behandel_median": 25.0, "behandel_p80": 34.0}
    )
    for dimension, keys in overzicht_measures.DIMENSION_KEYS.items():
        in_sql = overzicht_measures.entry_figures(entries, keys, period)
        in_python = overzicht_measures.retrospective_percentiles_in_python(entries, keys, period)
        for key, figures in in_sql.items():
            expected = in_python.get(key, dict.fromkeys(overzicht_measures.PERCENTILE_FIELDS))
            got = {name: figures[name] for name in overzicht_measures.PERCENTILE_FIELDS}
            assert got == pytest.approx(expected), (dimension, key)


def test_r_wt_3_the_sql_and_python_percentiles_agree_on_many_waits(wt_cast):
    waits = [(n * 37) % 101 for n in range(60)]  # 60 waits 0–100 days, unsorted, with ties
    for n, wait in enumerate(waits):
        intake_on = days_ago(n % 50)
        entry(
            (wt_cast.aanbod, wt_cast.other_aanbod)[n % 2],
            registered_on=intake_on - timedelta(days=wait),
            intake_on=intake_on,
            status=EntryStatus.INTAKE,
            urgency=(Urgency.HOOG, Urgency.NORMAAL, Urgency.CRISIS)[n % 3],
        )
    period = overzicht_measures.Period(S)
    entries = Wachtplek.objects.filter(region=wt_cast.region)
    keys = overzicht_measures.DIMENSION_KEYS[Dimension.URGENCY]

    in_sql = overzicht_measures.entry_figures(entries, keys, period)
    in_python = overzicht_measures.retrospective_percentiles_in_python(entries, keys, period)

    assert len(in_sql) == 3
    for key, figures in in_sql.items():
        assert figures["aanmeld_median"] == pytest.approx(in_python[key]["aanmeld_median"])
        assert figures["aanmeld_p80"] == pytest.approx(in_python[key]["aanmeld_p80"])


# R-WT-3 prospective -----------------------------------------------------------------------
def test_r_wt_3_third_available_slot_counts_whole_weeks_from_the_snapshot_week():
    slots = [
        (WEEK - timedelta(weeks=1), 5),  # last week: gone
        (WEEK, 1),
        (WEEK + timedelta(weeks=1), 0),
        (WEEK + timedelta(weeks=2), 1),
        (WEEK + timedelta(weeks=3), 2),  # places 1, 1, 2, 4: the third in week 3
    ]
    assert overzicht_offers.third_slot_weeks(slots, WEEK) == 3.0
    assert overzicht_offers.third_slot_weeks([(WEEK, 3)], WEEK) == 0.0
    assert (
        overzicht_offers.third_slot_weeks([(WEEK, 1), (WEEK + timedelta(weeks=5), 1)], WEEK) is None
    )


def test_r_wt_3_prospective_is_the_third_available_slot(wt_cast):
    for weeks, available in ((-1, 5), (0, 1), (1, 0), (2, 1), (3, 2)):
        IntakeSlotsFactory(
            aanbod=wt_cast.aanbod, week_start=WEEK + timedelta(weeks=weeks), available=available
        )
    wt_cast.other_aanbod.declared_wait_weeks = 6
    wt_cast.other_aanbod.save()

    run = compute(wt_cast)

    offer = row(run, Dimension.AANBOD, aanbod=wt_cast.aanbod)
    assert (offer.prospective_weeks, offer.prospective_source) == (3.0, "slots")
    # The region: the soonest of its offers (3 weeks by slots before 6 declared).
    assert (row(run).prospective_weeks, row(run).prospective_source) == (3.0, "slots")
    gemeente = row(run, Dimension.GEMEENTE, gemeente=wt_cast.gemeenten[2])  # served by both
    assert gemeente.prospective_weeks == 3.0


def test_r_wt_3_prospective_falls_back_to_the_declared_figure(wt_cast):
    # Too few published places for a third slot: the declared figure counts.
    IntakeSlotsFactory(aanbod=wt_cast.aanbod, week_start=WEEK, available=2)
    wt_cast.aanbod.declared_wait_weeks = 6
    wt_cast.aanbod.save()
    # No slots, no declared figure: the location's latest monthly aanmeldingswachttijd.
    location = wt_cast.other_aanbod.location_name
    kwargs = {"provider": wt_cast.other_provider, "region": wt_cast.region, "location": location}
    WachttijdOpgaveFactory(**kwargs, month=date(2026, 4, 1), aanmeld_weeks=4)
    WachttijdOpgaveFactory(**kwargs, month=date(2026, 6, 1), aanmeld_weeks=9)
    WachttijdOpgaveFactory(**kwargs, month=date(2026, 7, 1), aanmeld_weeks=1)  # after S

    run = compute(wt_cast)

    offer = row(run, Dimension.AANBOD, aanbod=wt_cast.aanbod)
    assert (offer.prospective_weeks, offer.prospective_source) == (6.0, "opgave")
    other = row(run, Dimension.PROVIDER, provider=wt_cast.other_provider)
    assert (other.prospective_weeks, other.prospective_source) == (9.0, "opgave")
    assert row(run).prospective_weeks == 6.0
    assert row(run, Dimension.URGENCY, urgency=Urgency.NORMAAL).prospective_weeks is None


def test_r_wt_3_estimate_from_queue_and_throughput(wt_cast):
    for _ in range(6):  # the queue: 6 waiting for an intake
        entry(wt_cast.aanbod, registered_on=days_ago(3))
    for n in (0, 10, 30, 55):  # 4 intakes in the last 8 weeks: 0.5 a week
        entry(
            wt_cast.aanbod,
            registered_on=days_ago(n + 5),
            intake_on=days_ago(n),
            status=EntryStatus.BEHANDELING,
            treatment_start_on=days_ago(n),
        )
    entry(  # exactly 8 weeks ago: outside the window
        wt_cast.aanbod,
        registered_on=days_ago(60),
        intake_on=days_ago(56),
        treatment_start_on=days_ago(56),
        status=EntryStatus.BEHANDELING,
    )

    run = compute(wt_cast)

    assert row(run).estimate_weeks == pytest.approx(12.0)  # 6 ÷ 0.5
    assert row(run, Dimension.AANBOD, aanbod=wt_cast.other_aanbod).estimate_weeks is None


# R-WT-4 -----------------------------------------------------------------------------------
def _boundary_entries(wt_cast):
    a = wt_cast.aanbod
    entry(a, registered_on=days_ago(28))  # aanmelding exactly 4 weeks: within
    entry(a, registered_on=days_ago(29))  # 29 days: breach
    entry(a, registered_on=days_ago(71), intake_on=days_ago(70), status=EntryStatus.INTAKE)
    entry(a, registered_on=days_ago(72), intake_on=days_ago(71), status=EntryStatus.INTAKE)
    entry(a, registered_on=days_ago(98), intake_on=days_ago(1), status=EntryStatus.INTAKE)
    entry(a, registered_on=days_ago(99), intake_on=days_ago(1), status=EntryStatus.INTAKE)
    # Not waiting any more: never a breach.
    entry(a, registered_on=days_ago(200), status=EntryStatus.AFGEMELD)


def test_r_wt_4_a_treeknorm_breach_is_flagged_at_exactly_the_boundary(wt_cast):
    _boundary_entries(wt_cast)

    region = row(compute(wt_cast))

    assert region.breaches_aanmeld == 1  # 29 days, not 28
    assert region.breaches_behandel == 1  # 71 days since the intake, not 70
    assert region.breaches_total == 1  # 99 days since registration, not 98


@override_settings(
    TREEKNORM_AANMELD_WEEKS=5, TREEKNORM_BEHANDEL_WEEKS=11, TREEKNORM_TOTAAL_WEEKS=15
)
def test_r_wt_4_the_norms_are_settings(wt_cast):
    _boundary_entries(wt_cast)

    region = row(compute(wt_cast))

    assert (region.breaches_aanmeld, region.breaches_behandel, region.breaches_total) == (0, 0, 0)


# R-WT-5 -----------------------------------------------------------------------------------
def test_r_wt_5_intake_slots_are_summed(wt_cast):
    for weeks, available in ((-1, 9), (0, 2), (1, 3), (3, 1), (4, 7)):
        IntakeSlotsFactory(
            aanbod=wt_cast.aanbod, week_start=WEEK + timedelta(weeks=weeks), available=available
        )
    IntakeSlotsFactory(aanbod=wt_cast.other_aanbod, week_start=WEEK, available=4)
    inactive = AanbodFactory(provider=wt_cast.provider, region=wt_cast.region, is_active=False)
    IntakeSlotsFactory(aanbod=inactive, week_start=WEEK, available=50)

    run = compute(wt_cast)

    # Weeks 0–3 count (2 + 3 + 1); last week and week 4 do not.
    assert row(run, Dimension.AANBOD, aanbod=wt_cast.aanbod).intake_slots == 6
    assert row(run, Dimension.PROVIDER, provider=wt_cast.provider).intake_slots == 6
    assert row(run).intake_slots == 10  # 6 + 4, not the inactive offer's 50
    assert row(run, Dimension.GEMEENTE, gemeente=wt_cast.gemeenten[0]).intake_slots == 10


# Dimensions -------------------------------------------------------------------------------
def test_gemeente_is_the_persons_woongemeente_else_the_offers(wt_cast):
    g0, g1, g2 = wt_cast.gemeenten
    entry(wt_cast.aanbod, gemeente=g2)
    entry(wt_cast.aanbod)  # no woongemeente: the offer's gemeente g0
    entry(wt_cast.other_aanbod)  # the other offer's gemeente g1

    run = compute(wt_cast)

    counts = {g: row(run, Dimension.GEMEENTE, gemeente=g).wachtplekken for g in (g0, g1, g2)}
    assert counts == {g0: 1, g1: 1, g2: 1}


def test_every_dimension_adds_up_to_the_region(wt_cast):
    zvt = Zorgvraagtype.objects.order_by("number")[:2]
    hdg = Hoofddiagnosegroep.objects.order_by("order")[:2]
    for n in range(12):
        entry(
            (wt_cast.aanbod, wt_cast.other_aanbod)[n % 2],
            pseudonym=pseudonym(f"p{n % 7}"),
            registered_on=days_ago(n * 3),
            zorgvraagtype=zvt[n % 2] if n % 3 else None,
            hoofddiagnosegroep=hdg[n % 2] if n % 4 else None,
            urgency=Urgency.HOOG if n % 5 == 0 else Urgency.NORMAAL,
        )

    run = compute(wt_cast)

    assert row(run).wachtplekken == 12
    for dimension in Dimension.values:
        rows = SnapshotFigure.objects.filter(run=run, dimension=dimension)
        assert sum(r.wachtplekken for r in rows) == 12, dimension
    assert row(run).persons == 7


def test_location_rows_come_from_entries_and_monthly_figures(wt_cast):
    hdg_a, hdg_b = Hoofddiagnosegroep.objects.order_by("order")[:2]
    entry(wt_cast.aanbod, hoofddiagnosegroep=hdg_a, registered_on=days_ago(40))
    entry(wt_cast.aanbod, hoofddiagnosegroep=hdg_a)
    # The provider delivers only monthly figures for another group at the same location.
    WachttijdOpgaveFactory(
        provider=wt_cast.provider,
        region=wt_cast.region,
        location=wt_cast.aanbod.location_name,
        hoofddiagnosegroep=hdg_b,
        month=date(2026, 5, 1),
        aanmeld_weeks=7,
        within_norm=10,
        outside_norm=4,
    )

    run = compute(wt_cast)

    location = {"provider": wt_cast.provider, "location": wt_cast.aanbod.location_name}
    from_entries = row(run, Dimension.LOCATION_HDG, hoofddiagnosegroep=hdg_a, **location)
    assert (from_entries.wachtplekken, from_entries.breaches_aanmeld) == (2, 1)
    from_figures = row(run, Dimension.LOCATION_HDG, hoofddiagnosegroep=hdg_b, **location)
    assert (from_figures.prospective_weeks, from_figures.prospective_source) == (7.0, "opgave")
    assert (from_figures.persons, from_figures.wachtplekken, from_figures.breaches_total) == (
        0,
        14,
        4,
    )


# The job -----------------------------------------------------------------------------------
def _figures(run):
    fields = [f.attname for f in SnapshotFigure._meta.concrete_fields if f.attname != "id"]
    return sorted(
        (tuple(str(v) for v in values) for values in run.figures.values_list(*fields)),
    )


def test_the_overview_is_idempotent(wt_cast):
    _realised_waits(wt_cast)
    _boundary_entries(wt_cast)
    IntakeSlotsFactory(aanbod=wt_cast.aanbod, week_start=WEEK, available=3)

    first = compute(wt_cast)
    before = _figures(first)
    second = compute(wt_cast)

    assert second.pk == first.pk
    assert OverviewRun.objects.count() == 1
    assert _figures(second) == before
    assert SnapshotFigure.objects.count() == len(before)


def test_the_overview_records_its_progress(wt_cast, monkeypatch):
    seen = []
    original = overzicht._progress

    def record(run, step):
        original(run, step)
        stored = OverviewRun.objects.get(pk=run.pk)
        seen.append((stored.status, stored.progress))

    monkeypatch.setattr(overzicht, "_progress", record)
    entry(wt_cast.aanbod)

    run = compute(wt_cast)

    assert [status for status, _ in seen] == [JobStatus.BEZIG] * len(seen)
    progress = [p for _, p in seen]
    assert len(progress) == overzicht.STEPS - 1 and progress == sorted(progress)
    assert progress[0] > 0 and progress[-1] < 100
    run.refresh_from_db()
    assert (run.status, run.progress, run.error) == (JobStatus.KLAAR, 100, "")
    assert run.started_at <= run.finished_at


def test_a_failed_overview_is_recorded_and_keeps_the_previous_rows(wt_cast, monkeypatch):
    entry(wt_cast.aanbod)
    run = compute(wt_cast)
    rows = run.figures.count()
    original = overzicht._dimension_rows

    def fail_at_locations(dimension, *args):
        if dimension == Dimension.LOCATION_HDG:
            raise RuntimeError("de database is weg")
        return original(dimension, *args)

    monkeypatch.setattr(overzicht, "_dimension_rows", fail_at_locations)

    with pytest.raises(RuntimeError):
        compute(wt_cast)

    run.refresh_from_db()
    assert run.status == JobStatus.MISLUKT
    assert run.error == "RuntimeError: de database is weg"
    assert run.finished_at is not None
    assert run.figures.count() == rows


# Tasks -------------------------------------------------------------------------------------
def test_the_task_computes_one_region(wt_cast, cast):
    entry(wt_cast.aanbod)

    tasks.compute_overview.delay(wt_cast.region.pk, S.isoformat(), wt_cast.coordinator.pk)

    run = OverviewRun.objects.get(region=wt_cast.region, snapshot_date=S)
    assert (run.status, run.requested_by) == (JobStatus.KLAAR, wt_cast.coordinator)
    assert row(run).wachtplekken == 1


def test_the_nightly_task_computes_every_region_with_lists_or_offers(wt_cast, other_network):
    entry(wt_cast.aanbod)
    empty = other_network.regions.first()

    sent = tasks.compute_all_overviews.delay(S.isoformat()).get()

    assert sent == 1
    assert OverviewRun.objects.filter(region=wt_cast.region, status=JobStatus.KLAAR).exists()
    assert not OverviewRun.objects.filter(region=empty).exists()


def test_the_nightly_task_is_in_the_beat_schedule_or_reported():
    """The beat entry lives in mgn/settings/celery.py (wiring); the task must be registered."""
    from mgn.celery import app

    assert "wachttijden.tasks.compute_all_overviews" in app.tasks
    assert "wachttijden.tasks.compute_overview" in app.tasks


def test_a_missing_region_is_not_retried(db):
    result = tasks.compute_overview.apply(args=(0, S.isoformat()))
    assert result.failed() and result.state == "FAILURE"
    assert not OverviewRun.objects.exists()


def test_a_coordinator_requests_the_overview_now(wt_cast, django_capture_on_commit_callbacks):
    entry(wt_cast.aanbod)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        queued = overzicht.overview_request(
            region=wt_cast.region, user=wt_cast.coordinator, snapshot_date=S
        )
    assert queued.status == JobStatus.WACHTRIJ
    for callback in callbacks:
        callback()

    queued.refresh_from_db()
    assert (queued.status, queued.requested_by) == (JobStatus.KLAAR, wt_cast.coordinator)


def test_the_query_count_does_not_grow_with_the_lists(wt_cast):
    def queries_for(entries: int) -> int:
        for n in range(entries):
            entry((wt_cast.aanbod, wt_cast.other_aanbod)[n % 2], registered_on=days_ago(n))
        with CaptureQueriesContext(connection) as captured:
            compute(wt_cast)
        return len(captured)

    IntakeSlotsFactory(aanbod=wt_cast.aanbod, week_start=WEEK, available=3)
    compute(wt_cast)  # the run exists from now on, as after the first night
    small, large = queries_for(5), queries_for(60)

    # The run, offers, slots, monthly figures, gemeenten, 7 dimensions, progress, writing
    # (on SQLite two more per dimension for the percentiles in Python).
    assert small == large <= (30 if overzicht_measures.sql_percentiles() else 45)


def test_r_wt_3_a_walk_in_sd_offer_does_not_hide_the_ggz_wait(wt_cast):
    from datetime import date
    from decimal import Decimal

    from tests.wachttijden.cast import AanbodFactory
    from wachttijden.constants import Dimension
    from wachttijden.services.overzicht import overview_compute

    wt_cast.aanbod.declared_wait_weeks = Decimal("6")
    wt_cast.aanbod.save()
    wt_cast.other_aanbod.declared_wait_weeks = Decimal("9")
    wt_cast.other_aanbod.save()
    AanbodFactory(
        provider=wt_cast.provider,
        region=wt_cast.region,
        sd=True,
        low_threshold=True,
        declared_wait_weeks=Decimal("0"),
    )
    run = overview_compute(region=wt_cast.region, snapshot_date=date(2026, 11, 23))
    region_row = run.figures.get(dimension=Dimension.REGION)
    assert region_row.prospective_weeks == 6.0


# Issue 11, part 10: figures that mean what they say ------------------------------------------
def test_r_wt_3_the_samen_wait_is_one_cohorts_registration_to_treatment_not_a_sum(wt_cast):
    """Hand-made: A had an intake in the period after 30 days and is still waiting for
    treatment; B registered long ago, had the intake before the period and started treatment
    in it, 20 days after the intake, 120 days after registering; C: 10 days to intake, 10
    days to treatment, both in the period. Averages: aanmeld over A and C = 20 days;
    behandel over B and C = 15 days; their sum (35) mixes cohorts. Samen over B and C, who
    have both parts: (120 + 20) / 2 = 70 days."""
    a = wt_cast.aanbod
    entry(
        a,
        pseudonym=pseudonym("A"),
        registered_on=days_ago(40),
        intake_on=days_ago(10),
        status=EntryStatus.INTAKE,
    )
    entry(
        a,
        pseudonym=pseudonym("B"),
        registered_on=days_ago(130),
        intake_on=days_ago(30),
        treatment_start_on=days_ago(10),
        status=EntryStatus.BEHANDELING,
    )
    # B's intake (30 days ago) falls in the period too: its 100 days count for aanmeld.
    entry(
        a,
        pseudonym=pseudonym("C"),
        registered_on=days_ago(25),
        intake_on=days_ago(15),
        treatment_start_on=days_ago(5),
        status=EntryStatus.BEHANDELING,
    )

    region = row(compute(wt_cast))

    assert region.aanmeld_avg == pytest.approx((30 + 100 + 10) / 3)
    assert region.behandel_avg == pytest.approx((20 + 10) / 2)
    assert region.total_avg == pytest.approx((120 + 20) / 2)
    assert region.total_avg != pytest.approx(region.aanmeld_avg + region.behandel_avg)


def test_r_wt_1_persons_by_urgency_count_each_person_once_and_add_up_to_the_headline(wt_cast):
    """A person on two lists with different urgencies counts once, at the most urgent; the
    wachtplekken stay with their own urgency."""
    a, b = wt_cast.aanbod, wt_cast.other_aanbod
    entry(a, pseudonym=pseudonym("anna"), urgency=Urgency.NORMAAL, registered_on=days_ago(90))
    entry(b, pseudonym=pseudonym("anna"), urgency=Urgency.CRISIS, registered_on=days_ago(5))
    entry(a, pseudonym=pseudonym("bram"), urgency=Urgency.HOOG)
    entry(b, pseudonym=pseudonym("bram"), urgency=Urgency.NORMAAL)
    entry(a, pseudonym=pseudonym("cor"), urgency=Urgency.NORMAAL)
    entry(a, pseudonym=pseudonym("dirk"), urgency=Urgency.CRISIS, status=EntryStatus.AFGEMELD)

    run = compute(wt_cast)

    urgencies = {
        r.urgency: (r.persons, r.wachtplekken)
        for r in SnapshotFigure.objects.filter(run=run, dimension=Dimension.URGENCY)
    }
    assert urgencies == {
        Urgency.CRISIS: (1, 1),  # anna
        Urgency.HOOG: (1, 1),  # bram
        Urgency.NORMAAL: (1, 3),  # cor; and the normaal places of anna and bram
    }
    assert row(run).persons == 3 == sum(p for p, _w in urgencies.values())
    assert row(run).wachtplekken == 5 == sum(w for _p, w in urgencies.values())


def test_R_WT_3_the_prospective_behandelingswachttijd_per_location_and_hoofddiagnosegroep(
    wt_cast,
):
    """The monthly figures' treatment weeks are the prospective behandelingswachttijd: per
    location × hoofddiagnosegroep the latest month's; over several offers the soonest."""
    hdg_a, hdg_b = Hoofddiagnosegroep.objects.order_by("order")[:2]
    location = wt_cast.aanbod.location_name
    for month, hdg, aanmeld, behandel in (
        (date(2026, 4, 1), hdg_a, 3, 20),  # an older month: replaced by May's
        (date(2026, 5, 1), hdg_a, 5, 9),
        (date(2026, 5, 1), hdg_b, 6, 12),
        (date(2026, 7, 1), hdg_b, 1, 1),  # after the snapshot: not yet known on S
    ):
        WachttijdOpgaveFactory(
            provider=wt_cast.provider,
            region=wt_cast.region,
            location=location,
            hoofddiagnosegroep=hdg,
            month=month,
            aanmeld_weeks=aanmeld,
            behandel_weeks=behandel,
        )
    entry(wt_cast.aanbod, hoofddiagnosegroep=hdg_a)

    run = compute(wt_cast)

    key = {"provider": wt_cast.provider, "location": location}
    a = row(run, Dimension.LOCATION_HDG, hoofddiagnosegroep=hdg_a, **key)
    b = row(run, Dimension.LOCATION_HDG, hoofddiagnosegroep=hdg_b, **key)
    assert (a.prospective_weeks, a.prospective_behandel_weeks) == (5.0, 9.0)
    assert (b.prospective_weeks, b.prospective_behandel_weeks) == (6.0, 12.0)
    assert a.prospective_behandel_source == b.prospective_behandel_source == "opgave"
    # The offer at that location, its provider and the region: the soonest of its groups.
    assert row(run, Dimension.AANBOD, aanbod=wt_cast.aanbod).prospective_behandel_weeks == 9.0
    assert row(run).prospective_behandel_weeks == 9.0
