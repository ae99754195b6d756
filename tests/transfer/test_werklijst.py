"""The person decides (R-TR-3), data moves only on handover (R-TR-2): the holding provider's
worklist of an accepted proposal, the answers per entry, the warm handover logged once for
both providers and found from the BSN in "wie zag mijn gegevens"."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from mgn.accounts.constants import Role
from mgn.audit.constants import Event
from mgn.audit.models import AccessLogEntry
from mgn.audit.selectors import entries_for_person
from networks.services.organisaties import organisation_grant
from tests.accounts.factories import UserFactory
from tests.networks.factories import OrganisationFactory
from tests.transfer.factories import seat
from tests.wachttijden.factories import AanbodFactory, WachtplekFactory
from transfer.constants import Antwoord, GuestRole, MemberKind
from transfer.models import Transfervoorstel, Uitkomst
from transfer.selectors.tafels import sees_any_tafel
from transfer.selectors.vraagbeeld import vraagbeeld_for_network
from transfer.selectors.werklijst import group_entries, werklijst
from transfer.services.voorstellen import voorstel_besluit
from transfer.services.werklijst import (
    BsnNotInGroup,
    entry_by_bsn,
    overdracht_bevestigen,
    uitkomst_vastleggen,
)
from wachttijden.constants import EntryStatus
from wachttijden.models import Wachtplek
from wachttijden.services.levering_wachtlijst import wachtlijst_upload

pytestmark = pytest.mark.django_db


def _answer(s, entry, antwoord):
    return uitkomst_vastleggen(
        voorstel=s.voorstel, wachtplek=entry, antwoord=antwoord, user=s.provider_user
    )


def _waiting_at_a(s) -> int:
    picture = vraagbeeld_for_network(s.cast.network, on=timezone.localdate())
    return sum(c.persons for c in picture.cells_of(s.a.pk))


def test_R_TR_3_the_worklist_is_the_group_by_client_reference(accepted):
    s = accepted
    regels = werklijst(s.voorstel)
    # The five type-1 persons waiting more than 10 weeks, not the two of type 2.
    assert [r.client_reference for r in regels] == [f"K-{n:03d}" for n in range(1, 6)]
    assert {r.antwoord for r in regels} == {Antwoord.NIET_GEVRAAGD}


def test_R_TR_3_a_declined_person_stays_where_they_were(accepted):
    s = accepted
    entry = group_entries(s.voorstel).first()
    before = _waiting_at_a(s)
    uitkomst = _answer(s, entry, Antwoord.AFGEWEZEN)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.AANMELDING  # still on the preferred list
    assert _waiting_at_a(s) == before
    assert uitkomst.antwoord == Antwoord.AFGEWEZEN
    with pytest.raises(ValidationError, match="aanvaard"):
        overdracht_bevestigen(uitkomst=uitkomst, user=s.provider_user)
    assert not AccessLogEntry.objects.filter(event=Event.TRANSFER).exists()
    # The worklist shows the answer; the person stays in the group.
    assert [r.antwoord for r in werklijst(s.voorstel)][0] == Antwoord.AFGEWEZEN


def test_R_TR_3_no_more_acceptances_than_the_proposal_has_room_for(accepted):
    s = accepted
    entries = list(group_entries(s.voorstel))
    for entry in entries[:3]:
        _answer(s, entry, Antwoord.AANVAARD)
    with pytest.raises(ValidationError, match="al 3 personen aanvaard"):
        _answer(s, entries[3], Antwoord.AANVAARD)
    # Changing one's mind frees the place.
    _answer(s, entries[0], Antwoord.GEEN_ANTWOORD)
    _answer(s, entries[3], Antwoord.AANVAARD)
    assert Uitkomst.objects.filter(antwoord=Antwoord.AANVAARD).count() == 3
    assert Uitkomst.objects.count() == 4  # one answer per entry, changed in place


def test_R_TR_2_a_handover_is_logged_once_for_both_providers_and_found_from_the_bsn(accepted):
    s = accepted
    entry = group_entries(s.voorstel).get(pseudonym=s.pseudonyms[0])
    uitkomst = _answer(s, entry, Antwoord.AANVAARD)
    before = _waiting_at_a(s)
    overdracht_bevestigen(uitkomst=uitkomst, user=s.provider_user)
    with pytest.raises(ValidationError, match="al overgedragen"):
        overdracht_bevestigen(uitkomst=uitkomst, user=s.provider_user)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.OVERGEDRAGEN
    assert _waiting_at_a(s) == before - 1  # no count sees the person twice
    transfers = AccessLogEntry.objects.filter(event=Event.TRANSFER)
    assert transfers.count() == 2
    assert {t.user_organisation for t in transfers} == {
        str(s.cast.provider),
        str(s.cast.other_provider),
    }
    assert {t.person_identifier for t in transfers} == {s.pseudonyms[0]}
    assert all(f"voorstel {s.voorstel.pk}" in t.detail for t in transfers)
    # "Wie zag mijn gegevens" computes the region's pseudonym from the BSN.
    today = timezone.localdate()
    found = entries_for_person(identifier=s.bsns[0], start=today, end=today)
    assert found.filter(event=Event.TRANSFER).count() == 2
    assert not entries_for_person(identifier=s.bsns[1], start=today, end=today).filter(
        event=Event.TRANSFER
    )
    # Nothing of the person is stored on the transfer side but the hashed key.
    stored = Uitkomst.objects.values_list("entry_key", flat=True).get()
    assert stored not in s.pseudonyms and s.bsns[0] not in stored


def test_R_TR_2_the_next_upload_keeps_a_handed_over_person_overgedragen(accepted):
    s = accepted
    entry = group_entries(s.voorstel).get(pseudonym=s.pseudonyms[0])
    overdracht_bevestigen(uitkomst=_answer(s, entry, Antwoord.AANVAARD), user=s.provider_user)
    registered = entry.registered_on.isoformat()
    rows = [
        {"bsn": bsn, "aanmelddatum": registered, "urgentie": "normaal", "zorgvraagtype": "1"}
        for bsn in s.bsns[:2]
    ]
    upload = wachtlijst_upload(aanbod=s.a, user=s.provider_user, rows=rows)
    assert upload.accepted, upload.errors
    statuses = dict(Wachtplek.objects.filter(aanbod=s.a).values_list("pseudonym", "status"))
    assert statuses == {
        s.pseudonyms[0]: EntryStatus.OVERGEDRAGEN,
        s.pseudonyms[1]: EntryStatus.AANMELDING,
    }
    # The handover's record survives the replaced entry.
    assert Uitkomst.objects.get().wachtplek is None
    assert [r.antwoord for r in werklijst(s.voorstel)] == ["", Antwoord.AANVAARD]


def test_R_TR_3_a_typed_bsn_finds_the_entry_and_is_not_stored(accepted):
    s = accepted
    entry = entry_by_bsn(voorstel=s.voorstel, bsn=s.bsns[2], user=s.provider_user)
    assert entry.pseudonym == s.pseudonyms[2]
    with pytest.raises(BsnNotInGroup):  # type 2: not in the group
        entry_by_bsn(voorstel=s.voorstel, bsn=s.bsns[6], user=s.provider_user)
    with pytest.raises(ValidationError, match="elfproef"):
        entry_by_bsn(voorstel=s.voorstel, bsn="123456789", user=s.provider_user)
    searches = AccessLogEntry.objects.filter(event=Event.SEARCH)
    assert searches.count() == 2
    assert not AccessLogEntry.objects.filter(person_identifier__in=s.bsns).exists()


# The pages: the provider's own environment -------------------------------------------


def _werklijst_url(s):
    return reverse("transfer:werklijst", args=[s.voorstel.pk])


def _forbidden_values(s):
    return [*s.bsns, *s.pseudonyms, *(p[:12] for p in s.pseudonyms)]


def test_R_TR_3_the_worklist_page_shows_own_references_and_logs_each_entry(client, accepted):
    s = accepted
    client.force_login(s.provider_user)
    page = client.get(_werklijst_url(s))
    html = page.content.decode()
    assert page.status_code == 200
    assert all(f"K-{n:03d}" in html for n in range(1, 6)) and "K-006" not in html
    assert not [v for v in _forbidden_values(s) if v in html]
    reads = AccessLogEntry.objects.filter(event=Event.READ, detail__startswith="werklijst")
    assert sorted(reads.values_list("person_identifier", flat=True)) == sorted(s.pseudonyms[:5])
    listing = client.get(reverse("transfer:mijn_werklijsten"))
    assert _werklijst_url(s) in listing.content.decode()


def test_R_TR_3_only_the_holding_provider_opens_the_worklist(client, accepted, outsider):
    s = accepted
    seat(s.tafel, s.cast.other_provider, user=s.receiver)  # a teamlid of another provider
    guest = UserFactory(roles=[Role.ZORGVERZEKERAAR])
    seat(
        s.tafel,
        OrganisationFactory(zorgverzekeraar=True),
        user=guest,
        kind=MemberKind.GAST,
        guest_role=GuestRole.ZORGBEMIDDELING,
    )
    entry = group_entries(s.voorstel).first()
    urls = [
        _werklijst_url(s),
        reverse("transfer:antwoord_vastleggen", args=[s.voorstel.pk, entry.pk]),
    ]
    for user in (s.receiver, guest, s.coordinator, outsider):
        client.force_login(user)
        assert client.get(urls[0]).status_code == 404
        assert client.post(urls[1], {"antwoord": Antwoord.AANVAARD}).status_code == 404
    assert not Uitkomst.objects.exists()


def test_R_TR_3_recording_answers_on_the_page(client, accepted):
    s = accepted
    client.force_login(s.provider_user)
    entries = list(group_entries(s.voorstel))
    for entry in entries[:4]:
        url = reverse("transfer:antwoord_vastleggen", args=[s.voorstel.pk, entry.pk])
        response = client.post(url, {"antwoord": "aanvaard"})
    assert response.status_code == 400  # the fourth: the room is three
    assert "al 3 personen aanvaard" in response.content.decode()
    bad = client.post(url, {"antwoord": "verhuisd"})
    assert bad.status_code == 400 and "Kies aanvaard" in bad.content.decode()
    assert client.post(url, {"antwoord": "aanvaard\x00"}).status_code == 400
    other_entry = WachtplekFactory(aanbod=s.a)  # not in the group (no zorgvraagtype)
    url = reverse("transfer:antwoord_vastleggen", args=[s.voorstel.pk, other_entry.pk])
    assert client.post(url, {"antwoord": "aanvaard"}).status_code == 404
    assert Uitkomst.objects.filter(antwoord=Antwoord.AANVAARD).count() == 3


def test_R_TR_3_the_bsn_search_marks_the_entry_and_sends_no_bsn_back(client, accepted):
    s = accepted
    client.force_login(s.provider_user)
    url = reverse("transfer:werklijst_zoeken", args=[s.voorstel.pk])
    found = client.post(url, {"bsn": s.bsns[1]})
    html = found.content.decode()
    entry = group_entries(s.voorstel).get(pseudonym=s.pseudonyms[1])
    assert found.status_code == 200 and f'href="#plek-{entry.pk}"' in html
    assert not [v for v in _forbidden_values(s) if v in html]
    missing = client.post(url, {"bsn": s.bsns[6]})
    assert missing.status_code == 400
    assert "staat niet wachtend in de groep" in missing.content.decode()
    assert s.bsns[6] not in missing.content.decode()  # not echoed back, not even in the field
    assert client.post(url, {"bsn": "12345678\x00"}).status_code == 400
    assert client.get(url).status_code == 405


def test_R_TR_2_the_handover_page_confirms_once(client, accepted):
    s = accepted
    entry = group_entries(s.voorstel).first()
    uitkomst = _answer(s, entry, Antwoord.AANVAARD)
    client.force_login(s.provider_user)
    url = reverse("transfer:overdracht", args=[uitkomst.pk])
    page = client.get(url)
    assert page.status_code == 200 and "K-001" in page.content.decode()
    assert client.post(url).status_code == 302
    again = client.post(url)
    assert again.status_code == 400 and "al overgedragen" in again.content.decode()
    assert AccessLogEntry.objects.filter(event=Event.TRANSFER).count() == 2
    client.force_login(s.receiver)
    assert client.get(url).status_code == 404
    # The person's access-log view finds the handover from the BSN.
    beheerder = UserFactory(roles=[Role.BEHEERDER])
    client.force_login(beheerder)
    today = timezone.localdate().isoformat()
    log = client.get(
        reverse("audit:person_log"), {"identifier": s.bsns[0], "start": today, "end": today}
    )
    assert log.content.decode().count("Overgedragen") >= 2


def test_the_worklist_query_count_does_not_grow_with_the_group(
    client, accepted, django_assert_max_num_queries
):
    s = accepted
    client.force_login(s.provider_user)
    client.get(_werklijst_url(s))
    with django_assert_max_num_queries(14) as small:
        client.get(_werklijst_url(s))
    for entry in list(group_entries(s.voorstel))[:3]:
        _answer(s, entry, Antwoord.AFGEWEZEN)
    WachtplekFactory.create_batch(
        20,
        aanbod=s.a,
        zorgvraagtype=s.zvt[0],
        registered_on=timezone.localdate() - timedelta(weeks=12),
    )
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(_werklijst_url(s)).status_code == 200


def test_R_TR_3_the_menu_leads_the_holding_provider_to_its_worklists(client, scene):
    """A provider that sits at no table finds its worklists once the table accepts a proposal
    from its offer (the menu's preload query and the fallback agree)."""
    practice = OrganisationFactory(name="Praktijk Zuid", ggz_aanbieder=True)
    offer = AanbodFactory(provider=practice, region=scene.cast.region, name="Praktijk Zuid")
    user = UserFactory(roles=[Role.GGZ_PROFESSIONAL])
    organisation_grant(organisation=practice, user=user)
    client.force_login(user)
    home = reverse("networks:network_list")
    assert "Transfertafels" not in client.get(home).content.decode()
    voorstel = Transfervoorstel.objects.create(
        overleg=scene.overleg,
        from_aanbod=offer,
        to_aanbod=scene.b,
        min_waiting_weeks=0,
        persons=1,
        room=3,
        weeks=4,
        wait_from_weeks=12,
        wait_to_weeks=3,
        picture_on=timezone.localdate(),
    )
    assert "Transfertafels" not in client.get(home).content.decode()  # not yet accepted
    assert not sees_any_tafel(user)
    voorstel_besluit(voorstel=voorstel, user=scene.coordinator, accept=True)
    assert "Transfertafels" in client.get(home).content.decode()
    assert sees_any_tafel(user)
    listing = client.get(reverse("transfer:tafel_list")).content.decode()
    assert reverse("transfer:mijn_werklijsten") in listing
    assert client.get(reverse("transfer:werklijst", args=[voorstel.pk])).status_code == 200
