"""The huisarts's request form, the overview and the detail page (R-VG-1/2, R-PR-1)."""

import uuid
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest
from stdnum.nl import bsn as stdnum_bsn

from mgn.accounts.constants import Role
from mgn.audit.constants import Event
from mgn.audit.models import AccessLogEntry
from verkennend_gesprek.constants import Status
from verkennend_gesprek.models import VerkennendGesprek

from .factories import PersoonFactory, VerkennendGesprekFactory

REQUEST_URL = reverse("verkennend_gesprek:request")
LIST_URL = reverse("verkennend_gesprek:list")


def rvig_test_bsns(count: int) -> list[str]:
    """Numbers in the RvIG test range (R-PR-3) that pass the elfproef."""
    found = []
    n = 0
    while len(found) < count:
        candidate = f"9999{n:05d}"
        if stdnum_bsn.is_valid(candidate):
            found.append(candidate)
        n += 1
    return found


def many_requests(vg_cast, count: int, **kwargs) -> list[VerkennendGesprek]:
    """`count` requests for distinct persons (the factory's BSN cycle has only six)."""
    out = []
    for bsn in rvig_test_bsns(count):
        persoon = PersoonFactory(
            network=vg_cast.network, bsn=bsn, gemeente=vg_cast.gemeente, insurer=vg_cast.insurer
        )
        out.append(
            VerkennendGesprekFactory(
                network=vg_cast.network, persoon=persoon, huisarts=vg_cast.huisarts, **kwargs
            )
        )
    return out


def form_data(vg_cast, **overrides) -> dict:
    data = {
        "huisarts": vg_cast.huisarts.pk,
        "network": vg_cast.network.slug,
        "given_name": "Sanne",
        "family_name_prefix": "de",
        "family_name": "Visser",
        "bsn": "999996708",
        "date_of_birth": "1990-03-01",
        "gemeente": vg_cast.gemeente.pk,
        "address": "Dorpsstraat 1, Noorddorp",
        "phone": "0612345678",
        "email": "sanne@example.nl",
        "insurer": vg_cast.insurer.pk,
        "policy_number": "POL1234567",
        "hulpvraag": "Ik slaap slecht door geldzorgen.",
        "psychische_klachten": "on",
        "life_domains": ["geld", "wonen"],
        "expertise": ["schulden"],
        "urgency": "regulier",
        "consent": "on",
        "idempotency_key": uuid.uuid4().hex,
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def huisarts(vg_cast, client):
    client.force_login(vg_cast.huisarts.user)
    return vg_cast.huisarts.user


def test_the_form_shows_a_fresh_idempotency_key_and_hides_a_single_practice(client, huisarts):
    response = client.get(REQUEST_URL)
    assert response.status_code == 200
    form = response.context["form"]
    assert len(form.initial["idempotency_key"]) == 32
    assert form["huisarts"].is_hidden and form["network"].is_hidden
    html = response.content.decode()
    assert 'name="idempotency_key"' in html
    assert "Verzekeraar Noord (UZOVI" in html


def test_the_form_creates_a_request_and_logs_it(client, vg_cast, huisarts):
    response = client.post(REQUEST_URL, form_data(vg_cast))
    vg = VerkennendGesprek.objects.get()
    assert response.status_code == 302
    assert response["Location"] == vg.get_absolute_url()
    assert vg.persoon.full_name == "Sanne de Visser"
    assert vg.life_domains == ["geld", "wonen"]
    assert vg.expertise == ["schulden"]
    assert vg.huisarts == vg_cast.huisarts and vg.requested_by == huisarts
    entry = AccessLogEntry.objects.get(event=Event.CREATE)
    assert (entry.person_identifier_type, entry.person_identifier) == ("bsn", "999996708")
    assert entry.object_id == str(vg.pk) and entry.user == huisarts
    page = client.get(response["Location"])
    assert "is verstuurd" in page.content.decode()


def test_an_invalid_bsn_gets_a_dutch_message_on_its_field(client, vg_cast, huisarts):
    response = client.post(REQUEST_URL, form_data(vg_cast, bsn="123456789"))
    assert response.status_code == 200
    assert "geen geldig BSN" in response.context["form"].errors["bsn"][0]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not VerkennendGesprek.objects.exists()


def test_missing_fields_get_a_dutch_message_each(client, vg_cast, huisarts):
    response = client.post(
        REQUEST_URL, form_data(vg_cast, given_name="", life_domains=None, consent=None)
    )
    errors = response.context["form"].errors
    assert errors["given_name"] == ["Vul de voornaam van de persoon in."]
    assert "levensgebied" in errors["life_domains"][0]
    assert "toestemming" in errors["consent"][0]


def test_r_vg_2_a_person_under_18_is_refused_on_the_date_of_birth(client, vg_cast, huisarts):
    born = timezone.localdate() - timedelta(days=365 * 16)
    response = client.post(REQUEST_URL, form_data(vg_cast, date_of_birth=born.isoformat()))
    assert response.status_code == 200
    assert "volwassenen" in response.context["form"].errors["date_of_birth"][0]
    assert not VerkennendGesprek.objects.exists()


def test_r_vg_2_a_person_without_psychological_complaints_is_refused(client, vg_cast, huisarts):
    response = client.post(REQUEST_URL, form_data(vg_cast, psychische_klachten=None))
    assert "psychische klachten" in response.context["form"].errors["psychische_klachten"][0]


def test_a_double_submit_with_the_same_key_creates_one_request(client, vg_cast, huisarts):
    data = form_data(vg_cast)
    first = client.post(REQUEST_URL, data)
    second = client.post(REQUEST_URL, data)
    assert VerkennendGesprek.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert AccessLogEntry.objects.filter(event=Event.CREATE).count() == 1


@pytest.mark.parametrize("role", [Role.GGZ_PROFESSIONAL, Role.NETWERKCOORDINATOR, Role.BEHEERDER])
def test_a_user_who_is_not_a_huisarts_gets_403(client, vg_cast, role):
    client.force_login(vg_cast.users[role])
    assert client.get(REQUEST_URL).status_code == 403
    assert client.post(REQUEST_URL, form_data(vg_cast)).status_code == 403


def test_a_huisarts_of_two_practices_chooses_the_practice(client, vg_cast, huisarts):
    from networks.constants import Discipline
    from tests.networks.factories import (
        OrganisationFactory,
        PartnershipFactory,
        ProfessionalFactory,
    )

    other = OrganisationFactory(name="Praktijk Zuidrand", huisartsenpraktijk=True)
    PartnershipFactory(network=vg_cast.network, organisation=other)
    second = ProfessionalFactory(
        organisation=other, user=huisarts, discipline=Discipline.HUISARTS, agb_code="01999999"
    )
    response = client.get(REQUEST_URL)
    assert not response.context["form"]["huisarts"].is_hidden
    assert "Praktijk Zuidrand" in response.content.decode()
    client.post(REQUEST_URL, form_data(vg_cast, huisarts=second.pk))
    assert VerkennendGesprek.objects.get().practice == other


def test_the_overview_lists_the_practices_requests_newest_first_and_logs_each_row(
    client, vg_cast, huisarts
):
    old, new = many_requests(vg_cast, 2)
    VerkennendGesprek.objects.filter(pk=new.pk).update(requested_at=timezone.now())
    response = client.get(LIST_URL)
    assert [vg.pk for vg in response.context["page"]] == [new.pk, old.pk]
    assert new.reference in response.content.decode()
    logged = AccessLogEntry.objects.filter(event=Event.READ).values_list("object_id", flat=True)
    assert sorted(logged) == sorted([str(old.pk), str(new.pk)])


def test_the_overview_shows_nothing_of_noord_to_an_outsider(client, vg_cast):
    vg = many_requests(vg_cast, 1)[0]
    client.force_login(vg_cast.users["outsider"])
    response = client.get(LIST_URL)
    assert response.status_code == 200
    assert vg.reference not in response.content.decode()


@pytest.mark.parametrize("size", [1, 12])
def test_the_overview_query_count_does_not_grow_with_data(
    client, vg_cast, huisarts, size, django_assert_max_num_queries
):
    many_requests(vg_cast, size)
    with django_assert_max_num_queries(15):
        response = client.get(LIST_URL)
    assert response.status_code == 200
    assert len(response.context["page"].object_list) == size


def test_the_detail_shows_person_request_and_conversations_and_logs_a_read(
    client, vg_cast, vg_factory
):
    vg = vg_factory(Status.GEPLAND, expertise=["schulden"])
    client.force_login(vg_cast.users[Role.HUISARTS])
    response = client.get(vg.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        vg.persoon.bsn,
        "Geld en schulden",
        "Schulden",
        "01123456",
        "G. Ggz",
        "S. Sociaal",
    ):
        assert text in html
    # The huisarts sees the request but plans nothing.
    assert reverse("verkennend_gesprek:schedule", args=[vg.pk]) not in html
    assert reverse("verkennend_gesprek:cancel", args=[vg.pk]) not in html
    entry = AccessLogEntry.objects.get(event=Event.READ, object_id=str(vg.pk))
    assert entry.person_identifier == vg.persoon.bsn


def test_the_detail_shows_the_planners_actions_to_the_coordinator(client, vg_cast, vg_factory):
    vg = vg_factory()
    client.force_login(vg_cast.users[Role.NETWERKCOORDINATOR])
    html = client.get(vg.get_absolute_url()).content.decode()
    assert reverse("verkennend_gesprek:schedule", args=[vg.pk]) in html
    assert reverse("verkennend_gesprek:cancel", args=[vg.pk]) in html


def test_the_detail_links_the_advies_and_the_letter_once_definitive(client, vg_cast, vg_factory):
    vg = vg_factory(Status.ADVIES)
    client.force_login(vg_cast.users[Role.GGZ_PROFESSIONAL])
    html = client.get(vg.get_absolute_url()).content.decode()
    assert reverse("verkennend_gesprek:brief", args=[vg.pk]) in html
    assert reverse("verkennend_gesprek:advies", args=[vg.pk]) in html
    assert reverse("verkennend_gesprek:vervolg", args=[vg.pk]) in html


def test_the_detail_is_404_for_someone_who_may_not_see_it(client, vg_cast, vg_factory):
    vg = vg_factory()
    client.force_login(vg_cast.users["outsider"])
    assert client.get(vg.get_absolute_url()).status_code == 404
    client.force_login(vg_cast.users[Role.ZORGVERZEKERAAR])
    assert client.get(vg.get_absolute_url()).status_code == 404
