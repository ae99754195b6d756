"""R-TR-1, R-TR-2: the transfer table's pages show no waiting person: not the name, BSN or
date of birth of the world's person, for any reader; and their query counts do not grow
with the team."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from mgn.accounts.constants import Role
from tests import test_authorization_matrix as authz
from tests.networks.factories import OrganisationFactory, PartnershipFactory
from tests.transfer.factories import seat

world = authz.world  # the authorization matrix's world, a fixture


def _pages(w):
    overleg = w.tafel.overleggen.order_by("starts_at").first()
    return [
        reverse("transfer:tafel_list"),
        reverse("transfer:tafel_detail", args=[w.tafel.pk]),
        reverse("transfer:tafel_edit", args=[w.tafel.pk]),
        reverse("transfer:lid_add", args=[w.tafel.pk]),
        reverse("transfer:overleg_detail", args=[overleg.pk]),
        reverse("transfer:overleg_edit", args=[overleg.pk]),
        reverse("transfer:steekproef_list", args=[w.tafel.pk]),
    ]


@pytest.mark.parametrize("role", [Role.NETWERKCOORDINATOR, Role.GGZ_PROFESSIONAL])
def test_R_TR_2_no_person_on_the_tables_pages(client, world, role):
    persoon = world.vg.persoon
    forbidden = [
        persoon.family_name,
        persoon.bsn,
        persoon.date_of_birth.isoformat(),
        persoon.date_of_birth.strftime("%d-%m-%Y"),
    ]
    client.force_login(world.cast[role])
    for url in _pages(world):
        response = client.get(url)
        if response.status_code == 403:
            continue
        assert response.status_code == 200, url
        text = response.content.decode()
        assert not [value for value in forbidden if value and value in text], url


def test_the_table_page_query_count_does_not_grow_with_the_team(
    client, world, django_assert_num_queries
):
    coordinator = world.cast[Role.NETWERKCOORDINATOR]
    client.force_login(coordinator)
    url = world.tafel.get_absolute_url()
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for _i in range(4):
        org = OrganisationFactory(ggz_aanbieder=True)
        PartnershipFactory(network=world.network, organisation=org)
        seat(world.tafel, org)
    with django_assert_num_queries(len(before.captured_queries)):
        assert client.get(url).status_code == 200
