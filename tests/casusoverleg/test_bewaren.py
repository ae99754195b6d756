"""Retention (R-DOC-1, R-PR-2, issue 14 part 7): a closed case is removed once the retention
term of the network's AVG agreement has passed since it was closed; an open case stays
however old; the signals raised from it stay with its case code and the count of removed
cases stays (``CasusTelling``). A nightly beat task runs it; running it again changes
nothing."""

from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

import pytest
from celery import current_app
from dateutil.relativedelta import relativedelta

from casusoverleg.constants import CasusStatus, Reden, SignaalCategorie
from casusoverleg.models import (
    Casus,
    CasusOverleg,
    CasusTelling,
    CasusUitkomst,
    NotulenJob,
    Signaal,
)
from casusoverleg.services.bewaren import casussen_purge
from casusoverleg.services.casussen import casus_close, uitkomst_record
from casusoverleg.services.signalen import signaal_raise
from casusoverleg.tasks import purge_closed_cases
from tests.casusoverleg.factories import register

pytestmark = pytest.mark.django_db


def _past_overleg(co):
    """Move the series' first meeting to yesterday, so outcomes can be recorded in it."""
    starts_at = timezone.now().replace(second=0, microsecond=0) - timedelta(days=1)
    CasusOverleg.objects.filter(pk=co.overleg.pk).update(starts_at=starts_at)
    co.overleg.refresh_from_db()
    return co.overleg


def _discuss_and_close(co, casus):
    uitkomst_record(
        casus=casus,
        overleg=co.overleg,
        oplossing="Schuldhulp en behandeling starten samen.",
        volgende_stap="Gezamenlijk gesprek plannen.",
        eigenaar=co.ggz,
        datum=timezone.localdate() + timedelta(days=14),
        recorded_by=co.sd_user,
    )
    return casus_close(casus=casus, closed_by=co.sd_user)


def _date_back(casus, *, closed_at=None, registered_at=None):
    fields = {}
    if closed_at is not None:
        fields["closed_at"] = closed_at
    if registered_at is not None:
        fields["registered_at"] = registered_at
    Casus.objects.filter(pk=casus.pk).update(**fields)
    casus.refresh_from_db()
    return casus


def _month(moment):
    return timezone.localtime(moment).date().replace(day=1)


def test_R_DOC_1_retention_removes_closed_cases_after_the_term(co):
    now = timezone.now()
    months = co.afspraak.retention_months
    assert months == 12
    # Registered for the first meeting while it was still to come, then held yesterday.
    cases = [
        register(co.reeks, organisation=co.gemeente, user=co.sd_user, gemeente=co.gemeenten[0])
        for _i in range(4)
    ]
    expired, recent, open_old, open_new = cases
    _past_overleg(co)
    for casus in (expired, recent):
        _discuss_and_close(co, casus)
    signaal = signaal_raise(
        casus=expired,
        category=SignaalCategorie.WACHTTIJD,
        gemeenten=co.gemeenten,
        description="Lange wachttijd voor schuldhulp.",
        organisation=co.gemeente,
        raised_by=co.sd_user,
    )
    expired_code = expired.code
    # Closed longer ago than the term; closed within it; open, registered years ago.
    _date_back(
        expired,
        registered_at=now - relativedelta(months=months + 3),
        closed_at=now - relativedelta(months=months, days=1),
    )
    _date_back(recent, closed_at=now - relativedelta(months=months) + timedelta(days=1))
    _date_back(open_old, registered_at=now - relativedelta(years=5))
    assert open_old.status != CasusStatus.GESLOTEN

    assert casussen_purge() == 1

    remaining = set(Casus.objects.values_list("pk", flat=True))
    assert remaining == {recent.pk, open_old.pk, open_new.pk}
    # Its outcome went with it; the other closed case keeps its own.
    assert not CasusUitkomst.objects.filter(casus_id=expired.pk).exists()
    assert CasusUitkomst.objects.filter(casus=recent).exists()
    # The signal stays, with the case code and without the case.
    signaal.refresh_from_db()
    assert (signaal.casus_id, signaal.casus_code) == (None, expired_code)
    assert Signaal.objects.filter(casus_code=expired_code).count() == 1
    # The count of removed cases stays, by registration month, closing month and reason.
    telling = CasusTelling.objects.get()
    assert (
        telling.reeks,
        telling.registered_month,
        telling.closed_month,
        telling.reden,
        telling.aantal,
    ) == (
        co.reeks,
        _month(expired.registered_at),
        _month(expired.closed_at),
        expired.reden,
        1,
    )

    # Running twice changes nothing.
    assert casussen_purge() == 0
    assert set(Casus.objects.values_list("pk", flat=True)) == remaining
    assert list(CasusTelling.objects.values_list("aantal", flat=True)) == [1]
    assert Signaal.objects.filter(casus_code=expired_code).exists()


def test_R_DOC_1_retention_adds_to_the_count_of_the_same_month_and_reason(co):
    now = timezone.now()
    cases = [
        register(co.reeks, organisation=co.gemeente, user=co.sd_user, gemeente=co.gemeenten[0])
        for _i in range(3)
    ]
    _past_overleg(co)
    registered = now - relativedelta(months=20)
    closed = now - relativedelta(months=14)
    for casus in cases:
        _discuss_and_close(co, casus)
        _date_back(casus, registered_at=registered, closed_at=closed)
    Casus.objects.filter(pk=cases[2].pk).update(reden=Reden.PAST_NIET_MEER)
    purge_closed_cases()  # the beat task, eager
    assert not Casus.objects.exists()
    counts = dict(CasusTelling.objects.values_list("reden", "aantal"))
    assert counts == {Reden.NIET_ALLEEN: 2, Reden.PAST_NIET_MEER: 1}
    purge_closed_cases()
    assert dict(CasusTelling.objects.values_list("reden", "aantal")) == counts


def test_R_DOC_1_retention_follows_the_term_of_the_agreement(co):
    """A shorter term in the current agreement removes sooner."""
    co.afspraak.retention_months = 3
    co.afspraak.save(update_fields=["retention_months"])
    casus = register(co.reeks, organisation=co.gemeente, user=co.sd_user, gemeente=co.gemeenten[0])
    _past_overleg(co)
    _discuss_and_close(co, casus)
    _date_back(casus, closed_at=timezone.now() - relativedelta(months=2))
    assert casussen_purge() == 0
    assert casussen_purge(now=timezone.now() + relativedelta(months=1, days=1)) == 1
    assert not Casus.objects.exists()


def test_R_DOC_1_retention_runs_nightly_from_beat(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["casusoverleg-retention-nightly"]
    assert entry["task"] == "casusoverleg.tasks.purge_closed_cases"
    assert entry["task"] in current_app.tasks
    assert current_app.tasks[entry["task"]].name == purge_closed_cases.name


def test_R_DOC_1_retention_removes_the_minutes_that_quote_a_removed_case(
    co, django_capture_on_commit_callbacks
):
    """The minutes of the meeting that discussed the removed case quote its question and
    outcome: they go with it (row and file); another meeting's minutes stay."""
    casus = register(co.reeks, organisation=co.gemeente, user=co.sd_user, gemeente=co.gemeenten[0])
    held = _past_overleg(co)
    _discuss_and_close(co, casus)
    _date_back(casus, closed_at=timezone.now() - relativedelta(months=13))
    other = co.reeks.overleggen.exclude(pk=held.pk).order_by("starts_at").first()
    quoting = NotulenJob.objects.create(overleg=held, status="klaar", progress=100)
    quoting.file.save("notulen.pdf", ContentFile(b"%PDF-1.7 notulen"), save=True)
    kept = NotulenJob.objects.create(overleg=other, status="klaar", progress=100)
    kept.file.save("notulen.pdf", ContentFile(b"%PDF-1.7 andere"), save=True)
    name = quoting.file.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        assert casussen_purge() == 1
    assert list(NotulenJob.objects.all()) == [kept]
    assert not default_storage.exists(name)
    assert default_storage.exists(kept.file.name)
    kept.file.delete(save=False)
