"""Requesting a verkennend gesprek (R-VG-1, R-VG-2): the rules of services.aanvraag."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone

import pytest

from mgn.accounts.constants import Role
from networks.constants import Discipline
from networks.models import Network
from networks.services.organisaties import organisation_grant
from tests.accounts.factories import UserFactory
from tests.networks.factories import OrganisationFactory, ProfessionalFactory
from tests.verkennend_gesprek.cast import make_vg
from verkennend_gesprek.constants import Status
from verkennend_gesprek.models import Persoon, VerkennendGesprek


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


def test_R_NW_4_no_request_in_a_network_that_does_not_offer_the_verkennend_gesprek(vg_cast):
    Network.objects.filter(pk=vg_cast.network.pk).update(offers_verkennend_gesprek=False)
    vg_cast.network.refresh_from_db()
    with pytest.raises(ValidationError) as excinfo:
        vg_cast.request()
    assert excinfo.value.messages == [
        f"{vg_cast.network.name} biedt het verkennend gesprek niet aan."
    ]
    assert not VerkennendGesprek.objects.exists()


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
    from tests.networks.factories import GemeenteFactory

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
    # Another key for another person is another request, with its own details.
    other, created_other = vg_cast.request(
        idempotency_key="his-124", persoon=vg_cast.persoon_data(bsn="999911120")
    )
    assert created_other and other.pk != first.pk
    assert Persoon.objects.count() == 2


def test_R_PR_2_a_later_request_keeps_its_own_details_and_leaves_the_earlier_ones(vg_cast):
    first, _ = vg_cast.request()
    first.status = Status.ADVIES  # advised: no longer open, a new request is allowed
    first.save(update_fields=["status"])
    second, created = vg_cast.request(persoon=vg_cast.persoon_data(phone="0687654321"))
    assert created and second.persoon_id != first.persoon_id
    first.persoon.refresh_from_db()
    assert first.persoon.phone == "0612345678"
    assert second.persoon.phone == "0687654321"
