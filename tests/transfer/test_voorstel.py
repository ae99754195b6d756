"""A meeting's demand picture and stored proposals (R-TR-1, R-TR-3, R-TR-7): pages with
counts only, proposals stored from the matcher or by hand under the matcher's rules, the
number adjusted within the recorded room, decided by the table's managers, weeks saved from
the recorded figures."""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from mgn.accounts.constants import Role
from tests.accounts.factories import UserFactory
from tests.networks.factories import OrganisationFactory, PartnershipFactory
from tests.transfer.factories import seat
from tests.wachttijden.factories import (
    AanbodFactory,
    OverviewRunFactory,
    SnapshotFigureFactory,
    WachtplekFactory,
    monday,
)
from transfer.constants import GuestRole, MemberKind, VoorstelKind, VoorstelStatus
from transfer.models import Transfervoorstel
from transfer.services.voorstellen import (
    voorstel_aantal_wijzigen,
    voorstel_besluit,
    voorstel_handmatig,
    voorstellen_maken,
)
from wachttijden.constants import Dimension
from wachttijden.services.levering_intakeplekken import intake_slots_publish

pytestmark = pytest.mark.django_db


def _add(scene, **kwargs):
    fields = {
        "overleg": scene.overleg,
        "user": scene.coordinator,
        "from_aanbod": scene.a,
        "to_aanbod": scene.b,
        "zorgvraagtype": scene.zvt[0],
        "persons": 1,
    }
    fields.update(kwargs)
    return voorstel_handmatig(**fields)


def test_R_TR_1_the_matcher_stores_its_proposals_once_per_meeting(scene):
    assert voorstellen_maken(overleg=scene.overleg, user=scene.coordinator) == 1
    voorstel = scene.overleg.voorstellen.get()
    assert (voorstel.persons, voorstel.room, voorstel.min_waiting_weeks) == (3, 3, 10)
    assert voorstel.zorgvraagtype == scene.zvt[0] and voorstel.made_by_matcher
    assert voorstel.weeks_saved == Decimal("27.0")
    # Again: the open proposal is replaced, not duplicated.
    assert voorstellen_maken(overleg=scene.overleg, user=scene.coordinator) == 1
    assert scene.overleg.voorstellen.count() == 1
    # A decided one stays and keeps its places: nothing left for a new one.
    voorstel_besluit(voorstel=scene.overleg.voorstellen.get(), user=scene.coordinator, accept=True)
    assert voorstellen_maken(overleg=scene.overleg, user=scene.coordinator) == 0
    assert scene.overleg.voorstellen.get().status == VoorstelStatus.AANVAARD


def test_R_TR_1_no_page_of_the_table_contains_a_bsn_name_birth_date_or_pseudonym(client, scene):
    """A Wachtplek holds the person only as a keyed pseudonym of the BSN (no name, no birth
    date: the upload drops them), so the pages are checked for the BSNs and the
    pseudonyms (whole and any 12-character prefix shown) and for the words themselves."""
    _add(scene, individual=True)
    voorstellen_maken(overleg=scene.overleg, user=scene.coordinator)
    client.force_login(scene.coordinator)
    pages = [
        client.get(reverse(name, args=[scene.overleg.pk]))
        for name in ("transfer:vraagbeeld", "transfer:voorstel_list", "transfer:voorstel_create")
    ] + [client.get(scene.overleg.get_absolute_url())]
    assert all(page.status_code == 200 for page in pages)
    html = "".join(page.content.decode() for page in pages)
    assert "Basis-ggz Noord" in html and "P1" in html  # the pages do show the counts
    for bsn, pseudo in zip(scene.bsns, scene.pseudonyms, strict=True):
        assert bsn not in html
        assert pseudo[:12] not in html
    for word in ("pseudoniem", "BSN", "geboortedatum"):
        assert word not in html


def test_R_TR_1_the_picture_page_shows_counts_capacity_and_expected_wait(client, scene):
    client.force_login(scene.coordinator)
    html = client.get(reverse("transfer:vraagbeeld", args=[scene.overleg.pk])).content.decode()
    assert "<caption>" in html and 'scope="col"' in html
    assert "10–14 weken" in html
    assert "12,0 weken" in html and "3,0 weken" in html
    assert "Vrije intakeplekken per week" in html


def test_R_TR_7_weeks_saved_do_not_change_after_the_overview_is_recomputed(scene):
    voorstellen_maken(overleg=scene.overleg, user=scene.coordinator)
    before = {v.pk: v.weeks_saved for v in scene.overleg.voorstellen.all()}
    assert before and set(before.values()) == {Decimal("27.0")}
    run = OverviewRunFactory(region=scene.cast.region, snapshot_date=timezone.localdate())
    for offer, weeks in ((scene.a, 20.0), (scene.b, 1.0)):
        SnapshotFigureFactory(
            run=run,
            dimension=Dimension.AANBOD,
            aanbod=offer,
            prospective_weeks=weeks,
            prospective_source="slots",
        )
    after = {v.pk: v.weeks_saved for v in Transfervoorstel.objects.filter(overleg=scene.overleg)}
    assert after == before
    # The picture itself moved: a proposal added now (on the next meeting) records the new
    # figures.
    fresh = _add(scene, overleg=scene.tafel.overleggen.all()[1], persons=1)
    assert (fresh.wait_from_weeks, fresh.wait_to_weeks) == (Decimal("20.0"), Decimal("1.0"))


def test_R_TR_1_a_proposal_by_hand_for_another_zorgvraagtype_is_refused(scene):
    with pytest.raises(ValidationError, match="behandelt dit zorgvraagtype niet"):
        _add(scene, zorgvraagtype=scene.zvt[1])


def test_R_TR_1_a_proposal_by_hand_to_an_sd_offer_not_serving_the_gemeente_is_refused(scene):
    cast = scene.cast
    today = timezone.localdate()
    wijkteam = OrganisationFactory(name="Wijkteam Noord", gemeente=True)
    PartnershipFactory(network=cast.network, organisation=wijkteam)
    here = AanbodFactory(provider=wijkteam, region=cast.region, sd=True, gemeente=cast.gemeenten[0])
    there = AanbodFactory(
        provider=wijkteam,
        region=cast.region,
        sd=True,
        category=here.category,
        gemeente=cast.gemeenten[1],
    )
    here.gemeenten_served.set(cast.gemeenten[:1])
    there.gemeenten_served.set(cast.gemeenten[1:2])
    for offer, wait in ((here, "10.0"), (there, "2.0")):
        offer.declared_wait_weeks = Decimal(wait)
        offer.save()
    WachtplekFactory(
        aanbod=here, registered_on=today - timedelta(weeks=6), gemeente=cast.gemeenten[0]
    )
    intake_slots_publish(aanbod=there, weeks={monday(today): 5}, today=today)
    with pytest.raises(ValidationError, match="bedient de woongemeente van deze groep niet"):
        _add(
            scene, from_aanbod=here, to_aanbod=there, zorgvraagtype=None, gemeente=cast.gemeenten[0]
        )
    there.gemeenten_served.add(cast.gemeenten[0])
    voorstel = _add(
        scene, from_aanbod=here, to_aanbod=there, zorgvraagtype=None, gemeente=cast.gemeenten[0]
    )
    assert (voorstel.gemeente, voorstel.zorgvraagtype) == (cast.gemeenten[0], None)


def test_R_TR_1_a_proposal_by_hand_beyond_the_room_is_refused(scene):
    with pytest.raises(ValidationError, match="ruimte voor 3 personen"):
        _add(scene, persons=4)
    first = _add(scene, persons=2)
    with pytest.raises(ValidationError, match="ruimte voor 1 personen"):
        _add(scene, persons=2)  # the first took two of the three places
    assert (first.room, first.kind, first.code) == (3, VoorstelKind.GROEP, "")
    one = _add(scene, individual=True)
    assert (one.code, one.persons) == ("P1", 1)


def test_R_TR_7_the_team_adjusts_the_number_never_above_the_room(client, scene):
    voorstellen_maken(overleg=scene.overleg, user=scene.coordinator)
    voorstel = scene.overleg.voorstellen.get()
    voorstel_aantal_wijzigen(voorstel=voorstel, persons=2)
    assert voorstel.weeks_saved == Decimal("18.0")
    with pytest.raises(ValidationError, match="hoogstens de ruimte van 3"):
        voorstel_aantal_wijzigen(voorstel=voorstel, persons=4)
    teamlid = UserFactory(roles=["ggz-professional"])
    seat(scene.tafel, scene.cast.other_provider, user=teamlid)
    client.force_login(teamlid)
    url = reverse("transfer:voorstel_aantal", args=[voorstel.pk])
    assert client.post(url, {"persons": "1"}).status_code == 302
    voorstel.refresh_from_db()
    assert voorstel.persons == 1
    # A teamlid adjusts but does not decide.
    besluit = reverse("transfer:voorstel_besluit", args=[voorstel.pk])
    assert client.post(besluit, {"besluit": "aanvaarden"}).status_code == 403


def test_R_TR_3_a_guest_reads_the_proposals_but_cannot_decide_another_network_gets_404(
    client, scene, outsider
):
    voorstellen_maken(overleg=scene.overleg, user=scene.coordinator)
    voorstel = scene.overleg.voorstellen.get()
    insurer = OrganisationFactory(zorgverzekeraar=True)
    PartnershipFactory(network=scene.cast.network, organisation=insurer)
    guest = UserFactory(roles=[Role.ZORGVERZEKERAAR])
    seat(
        scene.tafel, insurer, user=guest, kind=MemberKind.GAST, guest_role=GuestRole.ZORGBEMIDDELING
    )
    pk = scene.overleg.pk
    client.force_login(guest)
    assert client.get(reverse("transfer:voorstel_list", args=[pk])).status_code == 200
    assert client.get(reverse("transfer:vraagbeeld", args=[pk])).status_code == 200
    for url in (
        reverse("transfer:voorstel_besluit", args=[voorstel.pk]),
        reverse("transfer:voorstel_aantal", args=[voorstel.pk]),
        reverse("transfer:voorstellen_maken", args=[pk]),
    ):
        assert client.post(url, {"besluit": "aanvaarden", "persons": "1"}).status_code == 403
    assert client.get(reverse("transfer:voorstel_create", args=[pk])).status_code == 403
    client.force_login(outsider)
    for url in (
        reverse("transfer:voorstel_list", args=[pk]),
        reverse("transfer:vraagbeeld", args=[pk]),
        reverse("transfer:voorstel_create", args=[pk]),
    ):
        assert client.get(url).status_code == 404, url
    for url in (
        reverse("transfer:voorstel_besluit", args=[voorstel.pk]),
        reverse("transfer:voorstel_aantal", args=[voorstel.pk]),
    ):
        assert client.post(url, {"besluit": "aanvaarden", "persons": "1"}).status_code == 404
    client.force_login(scene.coordinator)
    besluit = reverse("transfer:voorstel_besluit", args=[voorstel.pk])
    assert client.post(besluit, {"besluit": "afwijzen"}).status_code == 302
    voorstel.refresh_from_db()
    assert (voorstel.status, voorstel.decided_by) == (VoorstelStatus.AFGEWEZEN, scene.coordinator)
    with pytest.raises(ValidationError, match="al besloten"):
        voorstel_besluit(voorstel=voorstel, user=scene.coordinator, accept=True)


def test_the_proposals_page_takes_a_constant_number_of_queries(
    client, scene, django_assert_max_num_queries
):
    client.force_login(scene.coordinator)
    url = reverse("transfer:voorstel_list", args=[scene.overleg.pk])
    _add(scene, persons=1)
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    _add(scene, persons=1)
    _add(scene, individual=True)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
