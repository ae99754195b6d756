"""R-NW-5: a network's own leidende principes, each addressing one or more of the five
national ones, and the page that says which national principle is not yet addressed."""

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest

from mgn.accounts.constants import Role
from networks.constants import NationalPrinciple
from networks.models import LeidendPrincipe
from networks.selectors.principes import unaddressed_national_principles
from networks.services.principes import (
    principe_create,
    principe_delete,
    principe_move,
    principe_update,
)
from tests.networks.factories import LeidendPrincipeFactory

ALL = list(NationalPrinciple)


def _address(network, codes):
    return principe_create(
        network=network, title=f"Over {codes[0]}", text="Zo werken wij.", national_principles=codes
    )


@pytest.mark.parametrize("left_out", ALL, ids=[p.value for p in ALL])
def test_R_NW_5_a_network_addressing_four_gets_exactly_the_fifth_named(network, left_out):
    for principle in ALL:
        if principle != left_out:
            _address(network, [principle])
    assert unaddressed_national_principles(network) == [left_out]


def test_R_NW_5_every_national_principle_counts_once_each(network):
    """Iterates NationalPrinciple: adding or removing a national principle is noticed here,
    as each must be named while unaddressed and disappear once addressed."""
    assert unaddressed_national_principles(network) == ALL
    assert len(ALL) == 5
    for done, principle in enumerate(ALL, start=1):
        _address(network, [principle])
        assert unaddressed_national_principles(network) == ALL[done:]
    assert unaddressed_national_principles(network) == []


def test_R_NW_5_one_principle_may_address_two_national_ones(network):
    _address(network, [NationalPrinciple.LEREN, NationalPrinciple.REGIE])
    principe = network.principes.get()
    # stored in NationalPrinciple order
    assert principe.national_principles == [NationalPrinciple.REGIE, NationalPrinciple.LEREN]
    assert set(unaddressed_national_principles(network)) == set(ALL) - {
        NationalPrinciple.REGIE,
        NationalPrinciple.LEREN,
    }


@pytest.mark.parametrize("codes", [[], ["bestaat-niet"]])
def test_R_NW_5_a_principle_addresses_at_least_one_known_national_principle(network, codes):
    with pytest.raises(ValidationError):
        principe_create(network=network, title="Leeg", text="Niets.", national_principles=codes)
    assert not LeidendPrincipe.objects.exists()


def test_R_NW_5_principles_are_changed_reordered_and_deleted(network):
    first = _address(network, [NationalPrinciple.REGIE])
    second = _address(network, [NationalPrinciple.LEREN])
    principe_move(principe=second, up=True)
    assert list(network.principes.values_list("pk", flat=True)) == [second.pk, first.pk]
    principe_update(
        principe=first, title="Nieuw", text="Anders.", national_principles=[NationalPrinciple.LEREN]
    )
    assert NationalPrinciple.REGIE in unaddressed_national_principles(network)
    principe_delete(principe=second)
    assert list(network.principes.values_list("title", flat=True)) == ["Nieuw"]


def test_R_NW_5_the_demo_network_addresses_all_five(db):
    from networks.demo import seed_demo

    network = seed_demo()
    seed_demo()  # idempotent
    assert unaddressed_national_principles(network) == []
    principes = list(network.principes.all())
    assert len(principes) == 5
    assert any(len(p.national_principles) == 2 for p in principes)


def test_R_NW_5_the_network_page_shows_links_and_what_is_missing(
    client, network, cast, django_assert_max_num_queries
):
    LeidendPrincipeFactory(
        network=network, title="Samen beslissen", national_principles=["regie", "gedeeld"]
    )
    client.force_login(cast[Role.HUISARTS])
    with django_assert_max_num_queries(20):
        response = client.get(reverse("networks:network_detail", args=[network.slug]))
    page = response.content.decode()
    assert "Samen beslissen" in page
    assert str(NationalPrinciple.GEDEELDE_VERANTWOORDELIJKHEID.label) in page
    assert "Nog niet uitgewerkt" in page
    assert str(NationalPrinciple.LEREN.label) in page


def test_R_NW_5_coordinators_add_principles_others_only_read(client, network, cast):
    url = reverse("networks:principes", args=[network.slug])
    data = {"title": "Leren", "text": "Elk kwartaal.", "national_principles": ["leren"]}
    client.force_login(cast[Role.HUISARTS])
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 403
    client.force_login(cast[Role.NETWERKCOORDINATOR])
    assert client.post(url, data).status_code == 302
    principe = network.principes.get()
    assert principe.national_principles == ["leren"]
    edit = reverse("networks:principe_edit", args=[network.slug, principe.pk])
    assert client.post(edit, {**data, "national_principles": []}).status_code == 200
    client.force_login(cast["outsider"])
    assert client.get(url).status_code == 404
    assert client.get(edit).status_code == 404
