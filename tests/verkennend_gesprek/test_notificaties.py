"""E-mails of function I: the planners hear of a new request without person data, and
everyone invited gets an .ics once per planned time (the task may run twice)."""

from datetime import UTC, timedelta

from django.core import mail
from django.utils import timezone

import pytest

from mgn.accounts.constants import Role
from verkennend_gesprek import tasks
from verkennend_gesprek.constants import Mode
from verkennend_gesprek.services.notificaties import invitations_send, planners_notify
from verkennend_gesprek.services.planning import (
    gesprek_cancel,
    gesprek_reschedule,
    gesprek_schedule,
)


def ics_of(message) -> str:
    (attachment,) = message.attachments
    filename, content, mimetype = attachment
    assert filename.endswith(".ics")
    assert mimetype.startswith("text/calendar")
    return content


def ics_field(ics: str, name: str) -> str:
    unfolded = ics.replace("\r\n ", "")
    return next(
        line.split(":", 1)[1] for line in unfolded.split("\r\n") if line.startswith(name + ":")
    )


@pytest.fixture
def requested(vg_cast):
    vg, _created = vg_cast.request(requested_at=timezone.now() - timedelta(days=1))
    return vg


@pytest.fixture
def gesprek(vg_cast, requested):
    return gesprek_schedule(
        vg=requested,
        starts_at=timezone.now() + timedelta(days=5),
        ggz=vg_cast.ggz,
        sd=vg_cast.sd,
        ervaringsdeskundige=vg_cast.ervaringsdeskundige,
        location="Wijkcentrum De Brug, Dorpsstraat 1, Noorddorp",
        naaste_name="Jan Visser",
        naaste_email="jan@example.nl",
    )


# --- New request -------------------------------------------------------------------


def test_a_new_request_is_announced_to_the_coordinators_without_person_data(
    vg_cast, requested, cast, settings
):
    sent = planners_notify(requested.pk)
    assert sent == 1
    (message,) = mail.outbox
    assert message.to == [cast[Role.NETWERKCOORDINATOR].email]
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert requested.reference in message.subject
    assert requested.reference in message.body
    assert f"{settings.SITE_URL}/verkennend-gesprek/planning/" in message.body
    for secret in ("Sanne", "Visser", "999996708", "slaap", "geldzorgen", "POL1234567"):
        assert secret not in message.body
        assert secret not in message.subject


def test_a_new_request_is_announced_once_even_if_the_task_runs_twice(requested):
    tasks.notify_planners.delay(requested.pk)
    tasks.notify_planners.delay(requested.pk)
    assert len(mail.outbox) == 1


def test_requesting_enqueues_the_announcement(vg_cast, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        vg_cast.request()
    assert [m.subject for m in mail.outbox] == [mail.outbox[0].subject]
    assert "Nieuwe aanvraag verkennend gesprek" in mail.outbox[0].subject


# --- Invitations ---------------------------------------------------------------------


def test_invitations_go_to_every_participant_and_the_person_with_an_ics(vg_cast, gesprek):
    sent = invitations_send(gesprek.pk)
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert sent == 5
    assert recipients == sorted(
        ["ggz@noord.test", "sd@noord.test", "ed@noord.test", "jan@example.nl", "sanne@example.nl"]
    )
    start = timezone.localtime(gesprek.starts_at)
    for message in mail.outbox:
        ics = ics_of(message)
        assert "BEGIN:VEVENT" in ics
        assert ics_field(ics, "DTSTART") == gesprek.starts_at.astimezone(UTC).strftime(
            "%Y%m%dT%H%M%SZ"
        )
        assert ics_field(ics, "DTEND") == gesprek.ends_at.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        assert ics_field(ics, "UID") == f"verkennend-gesprek-{gesprek.pk}@127.0.0.1"
        assert "Dorpsstraat 1" in ics_field(ics, "LOCATION")
        assert f"{start:%H:%M}" in message.body
    gesprek.refresh_from_db()
    assert gesprek.invitations_sent_at is not None


def test_the_person_gets_a_plain_dutch_invitation(vg_cast, gesprek):
    invitations_send(gesprek.pk)
    (message,) = [m for m in mail.outbox if m.to == ["sanne@example.nl"]]
    assert message.subject == "Uitnodiging voor uw verkennend gesprek"
    assert message.body.startswith("Beste Sanne Visser,")
    assert "Wat is een verkennend gesprek?" in message.body
    assert "U mag iemand meenemen" in message.body
    assert "ongeveer 60 minuten" in message.body
    assert "Wijkcentrum De Brug" in message.body


def test_professionals_get_the_reference_not_the_person(vg_cast, gesprek):
    invitations_send(gesprek.pk)
    (message,) = [m for m in mail.outbox if m.to == ["ggz@noord.test"]]
    assert gesprek.verkennend_gesprek.reference in message.subject
    for secret in ("Sanne", "999996708", "geldzorgen"):
        assert secret not in message.body
        assert secret not in ics_of(message)


def test_invitations_are_sent_once_even_if_the_task_runs_twice(gesprek):
    tasks.send_invitations.delay(gesprek.pk)
    tasks.send_invitations.delay(gesprek.pk)
    assert len(mail.outbox) == 5
    assert all("DTSTART:" in ics_of(m) for m in mail.outbox)


def test_scheduling_enqueues_the_invitations(
    vg_cast, requested, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        gesprek_schedule(
            vg=requested,
            starts_at=timezone.now() + timedelta(days=3),
            ggz=vg_cast.ggz,
            sd=vg_cast.sd,
            mode=Mode.ONLINE,
            online_link="https://beeldbellen.example/kamer/42",
        )
    assert len(mail.outbox) == 3  # ggz, sd and the person
    person = next(m for m in mail.outbox if m.to == ["sanne@example.nl"])
    assert "online, via deze link: https://beeldbellen.example/kamer/42" in person.body


def test_a_rescheduled_conversation_is_sent_again_with_the_same_uid_and_a_higher_sequence(
    gesprek, django_capture_on_commit_callbacks
):
    invitations_send(gesprek.pk)
    first = ics_of(mail.outbox[0])
    mail.outbox.clear()
    # Planned a while ago: the reschedule happens later than the first invitation.
    type(gesprek).objects.filter(pk=gesprek.pk).update(
        created_at=timezone.now() - timedelta(hours=2)
    )
    gesprek.refresh_from_db()
    new_start = gesprek.starts_at + timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        gesprek_reschedule(
            gesprek=gesprek, starts_at=new_start, mode=Mode.LOCATIE, location="Stadhuis Noorddorp"
        )
    assert len(mail.outbox) == 5
    second = ics_of(mail.outbox[0])
    assert ics_field(second, "UID") == ics_field(first, "UID")
    assert int(ics_field(second, "SEQUENCE")) > int(ics_field(first, "SEQUENCE"))
    assert ics_field(second, "DTSTART") != ics_field(first, "DTSTART")
    assert "Stadhuis Noorddorp" in ics_field(second, "LOCATION")


def test_a_cancelled_request_sends_no_invitations(gesprek):
    gesprek_cancel(vg=gesprek.verkennend_gesprek)
    assert invitations_send(gesprek.pk) == 0
    assert mail.outbox == []


def test_a_moved_conversation_is_announced_with_a_higher_sequence(
    vg_cast, vg_factory, mailoutbox, django_capture_on_commit_callbacks
):
    from datetime import timedelta

    from django.utils import timezone

    from verkennend_gesprek.constants import Mode

    with django_capture_on_commit_callbacks(execute=True):
        gesprek = gesprek_schedule(
            vg=vg_factory(),
            starts_at=timezone.now() + timedelta(days=3),
            ggz=vg_cast.ggz,
            sd=vg_cast.sd,
            location="Wijkcentrum",
        )
    first = [m for m in mailoutbox if "Uitnodiging" in m.subject]
    assert first and all("SEQUENCE:0" in m.attachments[0][1] for m in first)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        gesprek_reschedule(
            gesprek=gesprek,
            starts_at=timezone.now() + timedelta(days=5),
            mode=Mode.LOCATIE,
            location="Stadhuis",
        )
    moved = [m for m in mailoutbox if "Uitnodiging" in m.subject]
    assert moved and all(m.subject.startswith("Gewijzigd: ") for m in moved)
    assert all("SEQUENCE:1" in m.attachments[0][1] for m in moved)
