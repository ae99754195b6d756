"""R-TR-5, R-TR-4, R-TR-1: the transfer table, its regievoerder, its fixed team and guests,
its meetings planned from the frequency, and what the team may see."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

import pytest

from mgn.accounts.constants import Role
from networks.constants import OrganisationKind
from tests.accounts.factories import UserFactory
from tests.networks.factories import OrganisationFactory, PartnershipFactory, ProfessionalFactory
from tests.transfer.factories import make_tafel, seat
from tests.wachttijden.factories import AanbodFactory
from transfer.constants import MEETINGS_AHEAD, Frequency, GuestRole, MemberKind, OverlegStatus
from transfer.models import TafelLid
from transfer.selectors.tafels import sees_any_tafel
from transfer.services.overleg import overleg_record, overleggen_generate, planned_days
from transfer.services.tafels import lid_add, lid_remove, tafel_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def tafel(network):
    return make_tafel(network)


def _org(network, **traits):
    org = OrganisationFactory(**traits)
    PartnershipFactory(network=network, organisation=org)
    return org


def test_R_TR_5_one_regievoerder_and_a_fixed_team_per_table(network, tafel):
    assert tafel.regievoerder == network.regievoerder  # the network's by default
    insurer = OrganisationFactory(zorgverzekeraar=True)
    PartnershipFactory(network=network, organisation=insurer, role_uitvoering=False)
    with pytest.raises(ValidationError) as refused:
        tafel_create(network=network, name="Tweede", regievoerder=insurer, frequency="wekelijks")
    assert "geen regievoerder" in str(refused.value)
    stranger = OrganisationFactory(ggz_aanbieder=True)
    with pytest.raises(ValidationError) as refused:
        tafel_create(network=network, name="Derde", regievoerder=stranger, frequency="wekelijks")
    assert "geen partner" in str(refused.value)
    # A fixed team: one seat per person at a time, also in the database.
    lid = seat(tafel, network.regievoerder)
    with pytest.raises(ValidationError, match="zit al aan deze tafel"):
        lid_add(tafel=tafel, kind=MemberKind.TEAMLID, professional=lid.professional)
    with pytest.raises(IntegrityError), transaction.atomic():
        TafelLid.objects.create(
            tafel=tafel,
            kind=MemberKind.TEAMLID,
            organisation=lid.organisation,
            professional=lid.professional,
            joined_on=timezone.localdate(),
        )
    lid_remove(lid=lid)
    again = lid_add(tafel=tafel, kind=MemberKind.TEAMLID, professional=lid.professional)
    assert again.pk != lid.pk


def test_R_TR_4_any_provider_of_the_region_can_join_an_insurer_only_as_guest(network, tafel):
    vrijgevestigde = OrganisationFactory(ggz_aanbieder=True, vrijgevestigd=True)
    PartnershipFactory(network=network, organisation=vrijgevestigde, outer=True)
    sd = _org(network)
    gemeente = _org(network, gemeente=True)
    # Not a partner, but with an offer on the sociale kaart of the network's region.
    offering = OrganisationFactory(ggz_aanbieder=True)
    AanbodFactory(provider=offering, region=network.regions.first())
    for organisation in (vrijgevestigde, sd, gemeente, offering):
        assert seat(tafel, organisation).kind == MemberKind.TEAMLID
    insurer = _org(network, zorgverzekeraar=True)
    with pytest.raises(ValidationError) as refused:
        seat(tafel, insurer)
    assert "alleen als gast" in str(refused.value)
    guest = seat(tafel, insurer, kind=MemberKind.GAST, guest_role=GuestRole.ZORGBEMIDDELING)
    assert guest.kind == MemberKind.GAST
    with pytest.raises(ValidationError, match="geen partner"):
        seat(tafel, OrganisationFactory(ggz_aanbieder=True))  # of no region of ours
    woning = _org(network, kind=OrganisationKind.WONINGCORPORATIE)
    with pytest.raises(ValidationError, match="geen aanbieder"):
        seat(tafel, woning)
    with pytest.raises(ValidationError, match="Zorgbemiddeling"):
        seat(tafel, sd, kind=MemberKind.GAST, guest_role=GuestRole.ZORGBEMIDDELING)
    assert seat(tafel, sd, kind=MemberKind.GAST, guest_role=GuestRole.CLIENTONDERSTEUNING)


def test_R_TR_1_huisartsen_take_part_only_when_the_table_allows(network, tafel):
    rho = network.partnerships.get(organisation__kind=OrganisationKind.RHO).organisation
    with pytest.raises(ValidationError, match="geen huisartsen"):
        seat(tafel, rho)
    open_tafel = make_tafel(network, name="Met huisartsen", huisartsen_take_part=True)
    assert seat(open_tafel, rho).organisation == rho


def test_meetings_are_generated_from_the_frequency_and_generating_again_adds_nothing(network):
    tafel = make_tafel(network, frequency=Frequency.WEKELIJKS, weekday=2)
    member = seat(tafel, network.regievoerder)
    coming = list(tafel.overleggen.order_by("starts_at"))
    assert len(coming) == MEETINGS_AHEAD
    days = [timezone.localtime(o.starts_at).date() for o in coming]
    assert all(d.weekday() == 2 for d in days)
    assert [b - a for a, b in zip(days, days[1:], strict=False)] == [timedelta(days=7)] * 2
    assert overleggen_generate(tafel=tafel) == 0
    assert tafel.overleggen.count() == MEETINGS_AHEAD
    # The new member is invited to what is still planned.
    assert all(o.aanwezigheid.filter(lid=member).exists() for o in coming)
    # A week later one more is planned, on in the rhythm.
    later = coming[0].starts_at + timedelta(hours=2)
    assert overleggen_generate(tafel=tafel, now=later) == 1
    last = timezone.localtime(tafel.overleggen.order_by("-starts_at").first().starts_at).date()
    assert last == days[-1] + timedelta(days=7)


def test_monthly_meetings_keep_the_weekday(network):
    tafel = make_tafel(network, frequency=Frequency.MAANDELIJKS, weekday=0)
    days = planned_days(tafel, after=timezone.localdate(), count=3)
    assert all(d.weekday() == 0 for d in days)
    assert len({(d.year, d.month) for d in days}) >= 2


def test_a_meeting_records_attendance_agenda_and_minutes(network, tafel):
    lid = seat(tafel, network.regievoerder)
    overleg = tafel.overleggen.order_by("starts_at").first()
    with pytest.raises(ValidationError, match="begonnen"):
        overleg_record(overleg=overleg, agenda="a", minutes="b", held=True)
    overleg.starts_at = timezone.now() - timedelta(hours=1)
    overleg.save()
    row = overleg.aanwezigheid.get(lid=lid)
    overleg_record(
        overleg=overleg,
        agenda="Beeld",
        minutes="12 wachtenden",
        attendance={row.pk: True},
        held=True,
    )
    overleg.refresh_from_db()
    row.refresh_from_db()
    assert (overleg.status, overleg.minutes, row.present) == (
        OverlegStatus.GEHOUDEN,
        "12 wachtenden",
        True,
    )


def test_invitations_carry_an_ics_and_go_once(network, tafel, mailoutbox):
    from transfer.services.overleg import invitations_send

    seat(tafel, network.regievoerder, email="lid@noord.test")
    overleg = tafel.overleggen.order_by("starts_at").first()
    assert invitations_send(overleg.pk) == 1
    assert invitations_send(overleg.pk) == 0
    message = mailoutbox[0]
    assert message.to == ["lid@noord.test"]
    assert "BEGIN:VCALENDAR" in message.attachments[0][1]


def test_R_TR_5_the_team_and_guests_see_the_central_anonymous_list(client, network, tafel, wt_cast):
    url = reverse("wachttijden:centrale_wachtlijst") + f"?regio={wt_cast.region.code}"
    member = UserFactory(roles=[Role.SD_PROFESSIONAL])
    guest = UserFactory(roles=[Role.ZORGVERZEKERAAR])
    nobody = UserFactory(roles=[Role.SD_PROFESSIONAL])
    client.force_login(member)
    assert client.get(url).status_code == 403
    lid = seat(tafel, network.regievoerder, user=member)
    insurer = _org(network, zorgverzekeraar=True)
    seat(tafel, insurer, user=guest, kind=MemberKind.GAST, guest_role=GuestRole.ZORGBEMIDDELING)
    for user in (member, guest):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert "Centrale wachtlijst" in response.content.decode()
    client.force_login(nobody)
    assert client.get(url).status_code == 403
    lid_remove(lid=lid)
    client.force_login(member)
    assert client.get(url).status_code == 403


def test_the_menu_shows_transfer_tables_to_who_sees_one(client, network, tafel):
    member = UserFactory(roles=[Role.GGZ_PROFESSIONAL])
    client.force_login(member)
    assert "Transfertafels" not in client.get(reverse("networks:network_list")).content.decode()
    seat(tafel, network.regievoerder, user=member)
    assert "Transfertafels" in client.get(reverse("networks:network_list")).content.decode()
    assert sees_any_tafel(member)
    network.offers_transfer = False
    network.save()
    assert "Transfertafels" not in client.get(reverse("networks:network_list")).content.decode()


def test_another_network_gets_404_and_a_guest_cannot_manage(client, network, tafel, cast, outsider):
    insurer = _org(network, zorgverzekeraar=True)
    guest = UserFactory(roles=[Role.ZORGVERZEKERAAR])
    seat(tafel, insurer, user=guest, kind=MemberKind.GAST, guest_role=GuestRole.ZORGBEMIDDELING)
    overleg = tafel.overleggen.first()
    client.force_login(guest)
    assert client.get(tafel.get_absolute_url()).status_code == 200
    assert client.get(overleg.get_absolute_url()).status_code == 200
    assert client.get(reverse("transfer:tafel_edit", args=[tafel.pk])).status_code == 403
    assert client.get(reverse("transfer:lid_add", args=[tafel.pk])).status_code == 403
    assert client.get(reverse("transfer:overleg_edit", args=[overleg.pk])).status_code == 403
    client.force_login(outsider)  # coordinates network zuid
    for url in (
        tafel.get_absolute_url(),
        overleg.get_absolute_url(),
        reverse("transfer:tafel_edit", args=[tafel.pk]),
        reverse("transfer:overleg_edit", args=[overleg.pk]),
    ):
        assert client.get(url).status_code == 404, url
    client.force_login(cast[Role.NETWERKCOORDINATOR])
    assert client.get(reverse("transfer:tafel_edit", args=[tafel.pk])).status_code == 200


def test_the_coordinator_manages_the_team_through_the_pages(client, network, tafel, coordinator):
    sd = network.partnerships.get(organisation__kind=OrganisationKind.SD_AANBIEDER).organisation
    professional = ProfessionalFactory(organisation=sd, name="Sanne Teamlid")
    insurer = _org(network, zorgverzekeraar=True)
    zb = ProfessionalFactory(organisation=insurer, name="Zeger Bemiddelaar")
    client.force_login(coordinator)
    url = reverse("transfer:lid_add", args=[tafel.pk])
    response = client.post(url, {"kind": "teamlid", "professional": zb.pk})
    assert response.status_code == 200
    assert "alleen als gast" in response.content.decode()
    response = client.post(url, {"kind": "teamlid", "professional": professional.pk})
    assert response.status_code == 302
    page = client.get(tafel.get_absolute_url()).content.decode()
    assert "Sanne Teamlid" in page
    lid = tafel.leden.get(professional=professional)
    client.post(reverse("transfer:lid_remove", args=[tafel.pk, lid.pk]))
    lid.refresh_from_db()
    assert lid.left_on is not None
    overleg = tafel.overleggen.first()
    response = client.post(
        reverse("transfer:overleg_edit", args=[overleg.pk]),
        {"agenda": "Wachtenden met angstklachten", "minutes": ""},
    )
    assert response.status_code == 302
    overleg.refresh_from_db()
    assert overleg.agenda == "Wachtenden met angstklachten"


def test_lost_invitations_are_swept_and_sent_once(network, tafel, mailoutbox, settings):
    from transfer.services.overleg import mail_sweep

    assert "transfer.services.overleg.mail_sweep" in settings.JOB_SWEEPS
    seat(tafel, network.regievoerder, email="lid@noord.test")
    later = timezone.now() + timedelta(seconds=settings.JOB_QUEUED_GRACE + 5)
    # Eager in tests: the sweep's task sends at once; each meeting once.
    assert mail_sweep(now=later) == MEETINGS_AHEAD
    assert len(mailoutbox) == MEETINGS_AHEAD
    assert mail_sweep(now=later + timedelta(minutes=5)) == 0


def test_R_TR_5_the_coordinator_starts_a_table_for_a_subregion(client, network, coordinator):
    from tests.networks.factories import GemeenteFactory
    from transfer.models import Transfertafel

    region = network.regions.first()
    inside = GemeenteFactory(region=region, name="Binnendorp")
    elsewhere = GemeenteFactory(name="Buitendorp")
    client.force_login(coordinator)
    url = reverse("transfer:tafel_create", args=[network.slug])
    data = {
        "name": "Tafel Binnendorp",
        "frequency": Frequency.MAANDELIJKS,
        "weekday": 3,
        "default_time": "14:00",
        "duration_minutes": 60,
        "is_active": "on",
    }
    refused = client.post(url, {**data, "gemeenten": [elsewhere.pk]})
    assert refused.status_code == 200  # not a choice: the form refuses it
    assert not Transfertafel.objects.exists()
    response = client.post(url, {**data, "gemeenten": [inside.pk]})
    assert response.status_code == 302
    tafel = Transfertafel.objects.get()
    assert list(tafel.gemeenten.all()) == [inside]
    assert tafel.regievoerder == network.regievoerder
    assert tafel.overleggen.count() == MEETINGS_AHEAD
    with pytest.raises(ValidationError, match="niet in het werkgebied"):
        tafel_create(network=network, name="Elders", frequency="wekelijks", gemeenten=[elsewhere])
