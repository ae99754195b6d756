"""The rules of function I, each test named after its rule (R-VG-1 … R-VG-5) in DOMAIN.md."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

import pytest

from mgn.accounts.constants import Role
from networks.constants import Discipline
from networks.services.netwerken import network_grant
from networks.services.organisaties import organisation_grant
from tests.factories import OrganisationFactory, ProfessionalFactory, UserFactory
from verkennend_gesprek import selectors, services
from verkennend_gesprek.constants import Mode, ParticipantRole, Status
from verkennend_gesprek.models import Gesprek, Persoon, VerkennendGesprek

from .conftest import make_vg


def test_r_vg_1_a_huisarts_requests_a_verkennend_gesprek(vg_cast):
    vg, created = vg_cast.request(expertise=["schulden"], naaste_komt=True)
    assert created
    assert vg.status == Status.AANGEVRAAGD
    assert vg.practice == vg_cast.practice
    assert vg.huisarts_agb == "01123456"
    assert vg.life_domains == ["geld"] and vg.expertise == ["schulden"]
    assert vg.persoon.bsn == "999996708"


@pytest.mark.parametrize("discipline", [Discipline.POH_GGZ, Discipline.GGZ_PROFESSIONAL])
def test_r_vg_1_no_one_but_a_huisarts_can_request(vg_cast, discipline):
    poh = ProfessionalFactory(
        organisation=vg_cast.practice,
        user=UserFactory(),
        discipline=discipline,
        agb_code="01999999",
    )
    with pytest.raises(ValidationError) as excinfo:
        vg_cast.request(huisarts=poh, requested_by=poh.user)
    assert "huisarts" in excinfo.value.message_dict
    assert not VerkennendGesprek.objects.exists()


def test_r_vg_1_a_user_cannot_request_in_another_huisartss_name(vg_cast):
    someone = vg_cast.users[Role.GGZ_PROFESSIONAL]
    with pytest.raises(ValidationError):
        vg_cast.request(requested_by=someone)


def test_r_vg_1_a_system_acting_for_the_practice_may_request_for_its_huisarts(vg_cast):
    his = UserFactory(email="his@praktijk.test")
    organisation_grant(organisation=vg_cast.practice, user=his)
    vg, created = vg_cast.request(requested_by=his)
    assert created and vg.requested_by == his and vg.huisarts == vg_cast.huisarts


def test_r_vg_1_a_practice_outside_the_network_cannot_request(vg_cast):
    elsewhere = OrganisationFactory(huisartsenpraktijk=True)
    huisarts = ProfessionalFactory(
        organisation=elsewhere,
        user=UserFactory(),
        agb_code="01888888",
        discipline=Discipline.HUISARTS,
    )
    with pytest.raises(ValidationError) as excinfo:
        vg_cast.request(huisarts=huisarts, requested_by=huisarts.user)
    assert "neemt niet deel" in str(excinfo.value)


def test_r_vg_2_a_person_under_18_is_refused(vg_cast):
    today = timezone.localdate()
    seventeen = date(today.year - 18, today.month, today.day) + timedelta(days=1)
    with pytest.raises(ValidationError) as excinfo:
        vg_cast.request(persoon=vg_cast.persoon_data(date_of_birth=seventeen))
    assert "date_of_birth" in excinfo.value.message_dict
    assert "volwassenen" in excinfo.value.message_dict["date_of_birth"][0]


def test_r_vg_2_a_person_turning_18_today_is_accepted(vg_cast):
    today = timezone.localdate()
    try:
        eighteen = today.replace(year=today.year - 18)
    except ValueError:  # 29 February
        eighteen = today.replace(year=today.year - 18, day=28)
    vg, _ = vg_cast.request(persoon=vg_cast.persoon_data(date_of_birth=eighteen))
    assert vg.persoon.age_on(today) == 18


def test_r_vg_2_psychological_complaints_alone_are_not_enough(vg_cast):
    with pytest.raises(ValidationError) as excinfo:
        vg_cast.request(life_domains=[])
    assert "life_domains" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        vg_cast.request(life_domains=["onbekend"])
    assert "life_domains" in excinfo.value.message_dict


def test_r_vg_2_without_psychological_complaints_there_is_no_verkennend_gesprek(vg_cast):
    with pytest.raises(ValidationError) as excinfo:
        vg_cast.request(psychische_klachten=False)
    assert "psychische_klachten" in excinfo.value.message_dict


def test_r_vg_2_the_insurer_of_the_basic_insurance_is_needed(vg_cast):
    not_an_insurer = OrganisationFactory()
    with pytest.raises(ValidationError) as excinfo:
        vg_cast.request(persoon=vg_cast.persoon_data(insurer=not_an_insurer, policy_number=" "))
    assert {"insurer", "policy_number"} <= set(excinfo.value.message_dict)


def test_r_vg_2_the_person_lives_in_the_networks_area(vg_cast):
    from tests.factories import GemeenteFactory

    elsewhere = GemeenteFactory()
    with pytest.raises(ValidationError) as excinfo:
        vg_cast.request(persoon=vg_cast.persoon_data(gemeente=elsewhere))
    assert "gemeente" in excinfo.value.message_dict


@pytest.mark.parametrize("bsn", ["123456789", "99999670", "9999967080", "abcdefghi", ""])
def test_a_bsn_failing_the_elfproef_is_refused(vg_cast, bsn):
    with pytest.raises(ValidationError) as excinfo:
        vg_cast.request(persoon=vg_cast.persoon_data(bsn=bsn))
    assert excinfo.value.messages[0].startswith("Dit is geen geldig BSN")
    assert not Persoon.objects.exists()


def test_consent_of_the_person_is_required(vg_cast):
    with pytest.raises(ValidationError):
        vg_cast.request(consent=False)
    with pytest.raises(IntegrityError):
        make_vg(vg_cast, consent=False)


def test_the_same_idempotency_key_creates_one_request(vg_cast):
    first, created = vg_cast.request(idempotency_key="his-123")
    again, created_again = vg_cast.request(idempotency_key="his-123", hulpvraag="dubbel")
    assert created and not created_again
    assert again.pk == first.pk
    assert VerkennendGesprek.objects.count() == 1
    other, created_other = vg_cast.request(idempotency_key="his-124")
    assert created_other and other.pk != first.pk
    # ... the person is one record in the network, updated by the latest request.
    assert Persoon.objects.count() == 1


def test_a_second_request_for_the_same_person_updates_their_contact_details(vg_cast):
    vg_cast.request()
    vg_cast.request(persoon=vg_cast.persoon_data(phone="0687654321"))
    assert Persoon.objects.get().phone == "0687654321"


def _schedule(vg_cast, vg, **overrides):
    kwargs = {
        "vg": vg,
        "starts_at": timezone.now() + timedelta(days=5),
        "ggz": vg_cast.ggz,
        "sd": vg_cast.sd,
        "location": "Wijkcentrum, Dorpsstraat 1",
    }
    kwargs.update(overrides)
    return services.gesprek_schedule(**kwargs)


def test_r_vg_3_the_planning_queue_warns_at_7_and_alarms_at_14_days(vg_cast, vg_factory):
    today = timezone.localdate()
    now = timezone.now()
    for days in (6, 7, 13, 14, 30):
        vg_factory(requested_at=now - timedelta(days=days))
    rows = selectors.planning_queue(vg_cast.network, today=today)
    assert [(r.waiting_days, r.level) for r in rows] == [
        (30, "alarm"),
        (14, "alarm"),
        (13, "waarschuwing"),
        (7, "waarschuwing"),
        (6, ""),
    ]


def test_r_vg_3_the_thresholds_are_network_settings(vg_cast, vg_factory):
    vg_cast.network.vg_warning_days, vg_cast.network.vg_alarm_days = 5, 7
    vg_cast.network.save()
    vg_factory(requested_at=timezone.now() - timedelta(days=7))
    assert selectors.planning_queue(vg_cast.network)[0].level == "alarm"


def test_r_vg_4_a_conversation_needs_a_ggz_and_an_sd_professional(vg_cast, vg_factory):
    vg = vg_factory()
    with pytest.raises(ValidationError) as excinfo:
        _schedule(vg_cast, vg, ggz=None, sd=None)
    assert {"ggz", "sd"} <= set(excinfo.value.message_dict)
    with pytest.raises(ValidationError):  # the SD seat cannot be filled by a ggz professional
        _schedule(vg_cast, vg, sd=vg_cast.ggz)
    gesprek = _schedule(
        vg_cast,
        vg,
        ervaringsdeskundige=vg_cast.ervaringsdeskundige,
        naaste_name="Kees Visser",
        naaste_email="kees@example.nl",
    )
    roles = sorted(gesprek.deelnemers.values_list("role", flat=True))
    assert roles == sorted(["ggz", "sd", "ervaringsdeskundige", "naaste"])
    vg.refresh_from_db()
    assert vg.status == Status.GEPLAND


def test_r_vg_4_an_absent_ggz_or_sd_professional_needs_a_stated_reason(vg_cast, vg_factory):
    vg = vg_factory()
    gesprek = _schedule(vg_cast, vg, starts_at=timezone.now() + timedelta(minutes=1))
    ggz = gesprek.deelnemers.get(role=ParticipantRole.GGZ)
    sd = gesprek.deelnemers.get(role=ParticipantRole.SD)
    later = timezone.now() + timedelta(hours=2)
    with pytest.raises(ValidationError) as excinfo:
        services.gesprek_record_attendance(
            gesprek=gesprek, attendance={ggz.pk: (False, ""), sd.pk: (True, "")}, now=later
        )
    assert "uitzonderlijke reden" in str(excinfo.value)
    gesprek.refresh_from_db()
    assert not gesprek.held
    services.gesprek_record_attendance(
        gesprek=gesprek,
        attendance={ggz.pk: (False, "Acuut ziek; telefonisch overlegd"), sd.pk: (True, "")},
        now=later,
    )
    ggz.refresh_from_db()
    assert ggz.present is False and ggz.absence_reason.startswith("Acuut ziek")
    vg.refresh_from_db()
    assert vg.status == Status.GEHOUDEN


def test_r_vg_4_attendance_cannot_be_recorded_before_the_conversation(vg_cast, vg_factory):
    gesprek = _schedule(vg_cast, vg_factory())
    with pytest.raises(ValidationError):
        services.gesprek_record_attendance(
            gesprek=gesprek, attendance={d.pk: (True, "") for d in gesprek.deelnemers.all()}
        )


def test_r_vg_5_a_second_conversation_is_allowed_and_a_third_refused(vg_cast, vg_factory):
    vg = vg_factory()
    first = _schedule(vg_cast, vg, starts_at=timezone.now() + timedelta(minutes=1))
    with pytest.raises(ValidationError):  # not while the first is still planned
        _schedule(vg_cast, vg)
    later = timezone.now() + timedelta(hours=1)
    services.gesprek_record_attendance(
        gesprek=first, attendance={d.pk: (True, "") for d in first.deelnemers.all()}, now=later
    )
    second = _schedule(vg_cast, vg, starts_at=timezone.now() + timedelta(days=7))
    assert second.number == 2
    Gesprek.objects.filter(pk=second.pk).update(held=True)
    with pytest.raises(ValidationError) as excinfo:
        _schedule(vg_cast, vg, starts_at=timezone.now() + timedelta(days=14))
    assert excinfo.value.code == "max_gesprekken"
    # ... and the database refuses a third even past the service.
    with pytest.raises(IntegrityError):
        Gesprek.objects.create(
            verkennend_gesprek=vg, number=3, starts_at=timezone.now(), location="x"
        )


def test_r_vg_5_about_an_hour_on_location_or_online(vg_cast, vg_factory):
    gesprek = _schedule(
        vg_cast,
        vg_factory(),
        mode=Mode.ONLINE,
        location="",
        online_link="https://beeldbellen.example/abc",
    )
    assert gesprek.duration_minutes == 60
    assert gesprek.location == "" and gesprek.online_link.endswith("/abc")
    with pytest.raises(ValidationError) as excinfo:
        _schedule(vg_cast, vg_factory(), mode=Mode.LOCATIE, location="")
    assert "location" in excinfo.value.message_dict


def test_rescheduling_keeps_the_participants_and_resends_invitations(vg_cast, vg_factory):
    gesprek = _schedule(vg_cast, vg_factory())
    gesprek.invitations_sent_at = timezone.now()
    gesprek.save()
    moved = services.gesprek_reschedule(
        gesprek=gesprek,
        starts_at=timezone.now() + timedelta(days=9),
        mode=Mode.LOCATIE,
        location="Stadhuis",
    )
    assert moved.location == "Stadhuis" and moved.deelnemers.count() == 2


def test_a_cancelled_request_cannot_be_scheduled(vg_cast, vg_factory):
    vg = services.gesprek_cancel(vg=vg_factory())
    with pytest.raises(ValidationError):
        _schedule(vg_cast, vg)


def test_visibility_huisarts_practice_participants_and_coordinators(
    vg_cast, vg_factory, cast, outsider
):
    vg = vg_factory(Status.GEHOUDEN)
    other_practice_vg = vg_factory()
    other = OrganisationFactory(huisartsenpraktijk=True)
    from tests.factories import PartnershipFactory

    PartnershipFactory(network=vg_cast.network, organisation=other)
    colleague = ProfessionalFactory(
        organisation=other,
        user=UserFactory(roles=[Role.HUISARTS]),
        discipline=Discipline.HUISARTS,
        agb_code="01777777",
    )
    network_grant(network=vg_cast.network, user=colleague.user)
    visible = {
        who: set(selectors.vg_for_user(user).values_list("pk", flat=True))
        for who, user in [
            ("huisarts", cast[Role.HUISARTS]),
            ("coordinator", cast[Role.NETWERKCOORDINATOR]),
            ("ggz", cast[Role.GGZ_PROFESSIONAL]),
            ("ed", cast[Role.ERVARINGSDESKUNDIGE]),
            ("insurer", cast[Role.ZORGVERZEKERAAR]),
            ("beheerder", cast[Role.BEHEERDER]),
            ("outsider", outsider),
            ("colleague", colleague.user),
        ]
    }
    assert visible["huisarts"] == {vg.pk, other_practice_vg.pk}
    assert visible["coordinator"] == {vg.pk, other_practice_vg.pk}
    assert visible["ggz"] == {vg.pk}
    assert visible["ed"] == visible["insurer"] == visible["beheerder"] == set()
    assert visible["outsider"] == visible["colleague"] == set()


def test_rescheduling_online_needs_a_link(vg_cast, vg_factory):
    gesprek = _schedule(vg_cast, vg_factory())
    with pytest.raises(ValidationError) as excinfo:
        services.gesprek_reschedule(gesprek=gesprek, starts_at=gesprek.starts_at, mode=Mode.ONLINE)
    assert "online_link" in excinfo.value.message_dict


def test_r_vg_4_attendance_errors_name_the_participant(vg_cast, vg_factory):
    gesprek = _schedule(vg_cast, vg_factory(), starts_at=timezone.now() + timedelta(minutes=1))
    ggz = gesprek.deelnemers.get(role=ParticipantRole.GGZ)
    sd = gesprek.deelnemers.get(role=ParticipantRole.SD)
    with pytest.raises(ValidationError) as excinfo:
        services.gesprek_record_attendance(
            gesprek=gesprek,
            attendance={ggz.pk: (False, "")},
            now=timezone.now() + timedelta(hours=1),
        )
    assert set(excinfo.value.message_dict) == {f"reason_{ggz.pk}", f"present_{sd.pk}"}
