"""The person decides (R-TR-3), data moves only on handover (R-TR-2): the holding provider's
worklist of an accepted proposal, the answers per entry, the warm handover logged once for
both providers and found from the BSN in "wie zag mijn gegevens"."""

from django.core.exceptions import ValidationError
from django.utils import timezone

import pytest

from mgn.audit.constants import Event
from mgn.audit.models import AccessLogEntry
from mgn.audit.selectors import entries_for_person
from transfer.constants import Antwoord
from transfer.models import Uitkomst
from transfer.selectors.vraagbeeld import vraagbeeld_for_network
from transfer.selectors.werklijst import group_entries, werklijst
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
