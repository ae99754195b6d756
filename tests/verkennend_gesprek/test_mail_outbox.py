"""The mails of function I survive a broker outage: a request and a planned conversation
are saved and answered as usual while Redis is down (no mail goes), and once the broker
is back the job sweeper's mail sweep (``JOB_SWEEPS``) sends the planners' announcement and
the invitations, each once. The broker is real: this process's Celery app pointed at a
port where nothing listens (tests/mgn/broker.py); "back" is the tests' eager mode."""

import logging
from datetime import timedelta

from django.core import mail
from django.urls import reverse
from django.utils import timezone

import pytest

from mgn.jobs.outbox import app_sweeps
from mgn.jobs.tasks import sweep_jobs
from tests.mgn.broker import broker_at, unreachable_broker_url
from tests.verkennend_gesprek.test_planning_views import schedule_data
from verkennend_gesprek import tasks
from verkennend_gesprek.constants import Mode, Status
from verkennend_gesprek.models import Gesprek, VerkennendGesprek
from verkennend_gesprek.services.notificaties import mail_sweep, planners_notify
from verkennend_gesprek.services.planning import (
    gesprek_cancel,
    gesprek_reschedule,
    gesprek_schedule,
)

pytestmark = pytest.mark.django_db

ANNOUNCEMENT = "Nieuwe aanvraag verkennend gesprek"


def later(seconds: int = 61):
    """A sweep's time once the grace (JOB_QUEUED_GRACE, 60 s) has passed."""
    return timezone.now() + timedelta(seconds=seconds)


def announcements() -> list:
    return [m for m in mail.outbox if m.subject.startswith(ANNOUNCEMENT)]


def invitations() -> list:
    return [m for m in mail.outbox if "Uitnodiging" in m.subject]


@pytest.fixture
def broker_down():
    with broker_at(unreachable_broker_url()):
        yield


@pytest.fixture
def lost_request(vg_cast, django_capture_on_commit_callbacks):
    """A request made while the broker was down (it is back for the test): its
    announcement was not sent."""
    with (
        broker_at(unreachable_broker_url()),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        vg, created = vg_cast.request()
    assert created and len(callbacks) == 1  # the send ran, and failed quietly
    return vg


def schedule(vg_cast, vg, **overrides):
    kwargs = {
        "vg": vg,
        "starts_at": timezone.now() + timedelta(days=5),
        "ggz": vg_cast.ggz,
        "sd": vg_cast.sd,
        "mode": Mode.ONLINE,
        "online_link": "https://beeldbellen.example/kamer/42",
    }
    kwargs.update(overrides)
    return gesprek_schedule(**kwargs)


@pytest.fixture
def lost_invitations(vg_cast, django_capture_on_commit_callbacks):
    """A conversation planned while the broker was down (its request announced before)."""
    vg, _created = vg_cast.request(requested_at=timezone.now() - timedelta(days=1))
    planners_notify(vg.pk)
    mail.outbox.clear()
    with (
        broker_at(unreachable_broker_url()),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        gesprek = schedule(vg_cast, vg)
    assert len(callbacks) == 1
    return gesprek


# With the broker down the request and the planning succeed, and no mail goes -----------
def test_a_request_with_the_broker_down_is_saved_and_logged_and_sends_nothing(
    vg_cast, broker_down, django_capture_on_commit_callbacks, caplog
):
    with (
        caplog.at_level(logging.WARNING, logger="mgn.jobs.outbox"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        vg, created = vg_cast.request()
    assert created
    assert mail.outbox == []
    assert "Broker unreachable" in caplog.text and "notify_planners" in caplog.text
    vg.refresh_from_db()
    assert vg.planners_notified_at is None and vg.planners_queued_at is not None


def test_planning_in_the_view_with_the_broker_down_succeeds_and_sends_nothing(
    client, vg_cast, coordinator, broker_down, django_capture_on_commit_callbacks
):
    vg, _created = vg_cast.request()
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("verkennend_gesprek:schedule", args=[vg.pk]), schedule_data(vg_cast)
        )
    assert response.status_code == 302, response.context["form"].errors
    gesprek = Gesprek.objects.get(verkennend_gesprek=vg)
    assert gesprek.invitations_sent_at is None
    assert mail.outbox == []


# Once the broker is back, the sweep sends each mail once ----------------------------------
def test_the_sweep_announces_a_lost_request_once(lost_request):
    assert mail_sweep() == 0  # within the grace: its message may still be on its way
    assert mail_sweep(now=later()) == 1  # eager: the task runs at once, as a worker would
    (message,) = announcements()
    assert lost_request.reference in message.subject
    lost_request.refresh_from_db()
    assert lost_request.planners_notified_at is not None
    assert mail_sweep(now=later(600)) == 0
    assert len(mail.outbox) == 1


def test_the_job_sweeper_runs_the_mail_sweep(lost_request):
    VerkennendGesprek.objects.filter(pk=lost_request.pk).update(
        planners_queued_at=timezone.now() - timedelta(seconds=61)
    )
    assert sweep_jobs.delay().get() == 1
    assert len(announcements()) == 1
    assert sweep_jobs.delay().get() == 0
    assert len(mail.outbox) == 1


def test_the_sweep_sends_lost_invitations_once(lost_invitations):
    assert mail.outbox == []
    assert mail_sweep() == 0
    assert app_sweeps(now=later()) == 1
    assert sorted(m.to[0] for m in invitations()) == sorted(
        ["ggz@noord.test", "sd@noord.test", "sanne@example.nl"]
    )
    lost_invitations.refresh_from_db()
    assert lost_invitations.invitations_sent_at is not None
    assert app_sweeps(now=later(600)) == 0
    assert len(mail.outbox) == 3


def test_a_move_while_the_broker_is_down_is_sent_by_the_sweep(
    lost_invitations, django_capture_on_commit_callbacks
):
    assert mail_sweep(now=later()) == 1
    mail.outbox.clear()
    with (
        broker_at(unreachable_broker_url()),
        django_capture_on_commit_callbacks(execute=True),
    ):
        gesprek_reschedule(
            gesprek=lost_invitations,
            starts_at=lost_invitations.starts_at + timedelta(days=1),
            mode=Mode.ONLINE,
            online_link="https://beeldbellen.example/kamer/43",
        )
    assert mail.outbox == []
    assert mail_sweep(now=later()) == 1
    assert len(invitations()) == 3
    assert all(m.subject.startswith("Gewijzigd") for m in mail.outbox)
    assert mail_sweep(now=later(600)) == 0


def test_with_the_broker_still_down_the_sweep_tries_once_per_grace(lost_request):
    with broker_at(unreachable_broker_url()):
        assert mail_sweep(now=later()) == 1  # tried; the send failed quietly
        assert mail_sweep(now=later(90)) == 0  # its grace starts again
        assert mail_sweep(now=later(122)) == 1
    assert mail.outbox == []
    assert mail_sweep(now=later(183)) == 1  # back
    assert len(announcements()) == 1


# What the sweep leaves alone ---------------------------------------------------------------
def test_a_request_older_than_seven_days_is_not_announced_again(vg_cast):
    vg, _created = vg_cast.request(requested_at=timezone.now() - timedelta(days=8))
    VerkennendGesprek.objects.filter(pk=vg.pk).update(
        planners_notified_at=None, planners_queued_at=timezone.now() - timedelta(days=8)
    )
    assert mail_sweep(now=later()) == 0
    assert mail.outbox[1:] == []  # only the announcement sent when it was made (eager)


def test_a_request_planned_or_cancelled_meanwhile_is_not_announced(vg_cast, lost_request):
    VerkennendGesprek.objects.filter(pk=lost_request.pk).update(status=Status.GEPLAND)
    assert mail_sweep(now=later()) == 0
    gesprek_cancel(vg=VerkennendGesprek.objects.get(pk=lost_request.pk))
    assert mail_sweep(now=later()) == 0
    assert mail.outbox == []


def test_invitations_of_a_past_held_or_cancelled_conversation_are_not_sent(
    vg_cast, lost_invitations
):
    Gesprek.objects.filter(pk=lost_invitations.pk).update(
        starts_at=timezone.now() - timedelta(hours=2)
    )
    assert mail_sweep(now=later()) == 0
    Gesprek.objects.filter(pk=lost_invitations.pk).update(
        starts_at=timezone.now() + timedelta(days=2), held=True
    )
    assert mail_sweep(now=later()) == 0
    Gesprek.objects.filter(pk=lost_invitations.pk).update(held=False)
    gesprek_cancel(vg=lost_invitations.verkennend_gesprek)
    assert mail_sweep(now=later()) == 0
    assert mail.outbox == []


def test_rows_from_before_the_mail_sweep_are_left_alone(vg_cast, lost_invitations):
    """Rows the migration found have no queued_at (and their requests count as announced)."""
    vg, _created = vg_cast.request(persoon=vg_cast.persoon_data(bsn="999911120"))
    mail.outbox.clear()
    VerkennendGesprek.objects.filter(pk=vg.pk).update(
        planners_notified_at=None, planners_queued_at=None
    )
    Gesprek.objects.filter(pk=lost_invitations.pk).update(invitations_queued_at=None)
    assert mail_sweep(now=later()) == 0
    assert mail.outbox == []


# Once, whoever sends -----------------------------------------------------------------------
def test_a_duplicate_announcement_sends_once(lost_request):
    tasks.notify_planners.delay(lost_request.pk)
    tasks.notify_planners.delay(lost_request.pk)  # a redelivery
    assert planners_notify(lost_request.pk) == 0
    assert mail_sweep(now=later()) == 0  # announced: nothing to send again
    assert len(announcements()) == 1


def test_a_failing_send_leaves_the_request_to_be_announced_again(lost_request, monkeypatch):
    def broken(messages):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("verkennend_gesprek.services.notificaties.email_send", broken)
    with pytest.raises(ConnectionRefusedError):
        planners_notify(lost_request.pk)
    lost_request.refresh_from_db()
    assert lost_request.planners_notified_at is None  # the mark was rolled back
    monkeypatch.undo()
    assert planners_notify(lost_request.pk) == 1


def test_the_mail_sweep_is_registered():
    from django.conf import settings

    assert "verkennend_gesprek.services.notificaties.mail_sweep" in settings.JOB_SWEEPS


def test_the_migration_counts_existing_requests_as_announced(vg_cast):
    """No mass mail after deploy: requests made before the sweep are marked announced."""
    import importlib

    from django.apps import apps

    migration = importlib.import_module("verkennend_gesprek.migrations.0007_mail_outbox")
    vg, _created = vg_cast.request(requested_at=timezone.now() - timedelta(days=2))
    VerkennendGesprek.objects.filter(pk=vg.pk).update(planners_notified_at=None)
    migration.mark_existing_requests_notified(apps, None)
    vg.refresh_from_db()
    assert vg.planners_notified_at == vg.requested_at
