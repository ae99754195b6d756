"""The national programme view: every network side by side, a region
filter, small counts suppressed (R-PR-2), n.v.t. for a function not offered, and a query
count that does not grow with the number of networks."""

import csv
import io

from django.urls import reverse

import pytest

from mgn.accounts.constants import Role
from mgn.indicators import Value
from networks.models import IndicatorStand
from networks.selectors.bord import last_complete_quarter, period_choices
from networks.services.standen import standen_nightly
from networks.tasks import compute_indicator_standen
from tests.networks.factories import NetworkFactory, RegionFactory
from tests.networks.indicator_fakes import count

pytestmark = pytest.mark.django_db
PAGE = "networks:programma"


@pytest.fixture
def programma_user(cast):
    return cast[Role.PROGRAMMA]


def _rows(response):
    return {row.network.slug: row for row in response.context["table"].rows}


def test_small_counts_are_suppressed_in_the_programme_view(
    client,
    network,
    other_network,
    programma_user,
    fake_providers,
):
    key = last_complete_quarter().key
    third = NetworkFactory(name="MGN West", slug="west")
    fake_providers[("noord", key, "fake.aanvragen")] = count(9)
    fake_providers[("zuid", key, "fake.aanvragen")] = count(10)
    fake_providers[("west", key, "fake.aanvragen")] = count(0)
    client.force_login(programma_user)
    response = client.get(reverse(PAGE))
    rows = _rows(response)
    assert rows["noord"].cells[0].text == "< 10" and rows["noord"].cells[0].suppressed
    assert rows["zuid"].cells[0].text == "10"
    assert rows["west"].cells[0].text == "0"
    html = response.content.decode()
    assert "&lt; 10" in html
    assert third.name in html
    # The API and the CSV hide the number too.
    data = client.get(reverse("programma-indicatoren")).json()
    noord = next(r for r in data["netwerken"] if r["netwerk"] == "noord")
    cell = next(c for c in noord["indicatoren"] if c["key"] == "fake.aanvragen")
    assert cell == {
        "key": "fake.aanvragen",
        "waarde": None,
        "tekst": "< 10",
        "onderdrukt": True,
        "geboden": True,
    }
    zuid = next(r for r in data["netwerken"] if r["netwerk"] == "zuid")
    assert zuid["indicatoren"][0]["waarde"] == 10.0
    body = b"".join(client.get(reverse("networks:programma_csv")).streaming_content).decode()
    lines = {r[0]: r for r in csv.reader(io.StringIO(body), delimiter=";")}
    assert lines["MGN Noord"][2] == "< 10" and lines["MGN Zuid"][2] == "10"
    assert "9" not in lines["MGN Noord"][2:]


def test_a_function_not_offered_is_nvt(client, network, programma_user, fake_providers):
    network.offers_casusoverleg = False
    network.save()
    NetworkFactory(name="MGN Oost", slug="oost", offers_casusoverleg=True)
    fake_providers[("oost", last_complete_quarter().key, "fake.signalen")] = Value(12, 12)
    client.force_login(programma_user)
    rows = _rows(client.get(reverse(PAGE)))
    assert rows["noord"].cells[3].text == "n.v.t."
    assert rows["oost"].cells[3].text == "12"


def test_the_region_filter(client, network, other_network, programma_user, fake_providers):
    region = other_network.regions.get()
    client.force_login(programma_user)
    response = client.get(reverse(PAGE), {"regio": region.code})
    assert set(_rows(response)) == {"zuid"}
    assert set(_rows(client.get(reverse(PAGE)))) == {"noord", "zuid"}
    data = client.get(reverse("programma-indicatoren"), {"regio": region.code}).json()
    assert data["regio"] == region.code and [r["netwerk"] for r in data["netwerken"]] == ["zuid"]


@pytest.mark.parametrize("who", [Role.PROGRAMMA, Role.BEHEERDER])
def test_the_programme_and_the_beheerder_open_it(client, cast, fake_providers, who):
    client.force_login(cast[who])
    response = client.get(reverse(PAGE))
    assert response.status_code == 200
    assert reverse(PAGE) in response.content.decode()  # the menu item


@pytest.mark.parametrize(
    "who", [Role.NETWERKCOORDINATOR, Role.ZORGVERZEKERAAR, Role.BEOORDELAAR, "outsider"]
)
def test_everyone_else_is_refused(client, cast, fake_providers, who):
    client.force_login(cast[who])
    assert client.get(reverse(PAGE)).status_code == 403
    assert client.get(reverse("networks:programma_csv")).status_code == 403
    assert client.get(reverse("programma-indicatoren")).status_code == 403
    assert reverse(PAGE) not in client.get(reverse("networks:network_list")).content.decode()


def test_programma_is_not_a_network_slug(client, cast, fake_providers):
    assert reverse(PAGE) == "/netwerken/programma/"
    client.force_login(cast[Role.BEHEERDER])
    assert client.get("/netwerken/programma/").resolver_match.url_name == "programma"


def _grow(to: int):
    from networks.models import Network

    region = RegionFactory()
    while Network.objects.count() < to:
        NetworkFactory(complete=True, regions=[region], offers_casusoverleg=True)


@pytest.mark.parametrize("url", [reverse(PAGE), reverse("programma-indicatoren")])
def test_the_query_count_does_not_grow_with_the_networks(
    client,
    network,
    other_network,
    programma_user,
    fake_providers,
    django_assert_max_num_queries,
    url,
):
    network.offers_casusoverleg = True  # every provider runs from the start
    network.save()
    client.force_login(programma_user)
    client.get(url)
    with django_assert_max_num_queries(20) as two:
        assert client.get(url).status_code == 200
    reading = len(two.captured_queries)  # read now: the next request empties the log
    _grow(6)
    client.get(url)  # the four new networks' figures are computed and stored once
    with django_assert_max_num_queries(reading):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize("url", [reverse(PAGE), reverse("programma-indicatoren")])
def test_computing_the_missing_figures_does_not_grow_with_the_networks(
    client,
    network,
    other_network,
    programma_user,
    fake_providers,
    django_assert_max_num_queries,
    url,
):
    """The first reader of a quarter without stored figures: the providers once over all
    networks, then one delete and one insert."""
    network.offers_casusoverleg = True  # every provider runs from the start
    network.save()
    client.force_login(programma_user)
    with django_assert_max_num_queries(30) as two:
        assert client.get(url).status_code == 200
    computing = len(two.captured_queries)
    IndicatorStand.objects.all().delete()
    _grow(6)
    with django_assert_max_num_queries(computing):
        assert client.get(url).status_code == 200
    assert IndicatorStand.objects.values("network").distinct().count() == 6


def test_the_programme_view_reads_the_stored_figures_until_the_night_recomputes(
    client, network, programma_user, fake_providers
):
    key = last_complete_quarter().key
    fake_providers[("noord", key, "fake.aanvragen")] = count(12)
    client.force_login(programma_user)
    response = client.get(reverse(PAGE))
    assert _rows(response)["noord"].cells[0].text == "12"
    assert "De cijfers worden elke nacht berekend" in response.content.decode()
    fake_providers[("noord", key, "fake.aanvragen")] = count(15)
    assert _rows(client.get(reverse(PAGE)))["noord"].cells[0].text == "12"
    standen_nightly()
    assert _rows(client.get(reverse(PAGE)))["noord"].cells[0].text == "15"


def test_the_night_recomputes_the_last_quarter_and_fills_the_others_once(
    network, other_network, fake_providers, settings
):
    choices = period_choices()
    assert standen_nightly() == len(choices)
    assert set(IndicatorStand.objects.values_list("period", flat=True)) == {p.key for p in choices}
    rows = IndicatorStand.objects.count()
    assert standen_nightly() == 1  # only the last complete quarter again
    assert IndicatorStand.objects.count() == rows
    # "No data" is stored too: a stored quarter is complete.
    stand = IndicatorStand.objects.get(
        network=network, period=choices[-1].key, indicator_key="fake.aanvragen"
    )
    assert stand.value is None
    entry = settings.CELERY_BEAT_SCHEDULE["networks-indicatorstanden-nightly"]
    assert entry["task"] == compute_indicator_standen.name


@pytest.mark.parametrize("slug", ["programma", "indicatorborden", "Programma"])
def test_a_network_cannot_take_the_slug_of_a_page(slug):
    from django.core.exceptions import ValidationError
    from django.forms import modelform_factory

    from networks.admin import NetworkAdminForm
    from networks.models import Network
    from networks.services.netwerken import network_create
    from tests.networks.factories import OrganisationFactory

    with pytest.raises(ValidationError) as refused:
        network_create(
            name="MGN Programma",
            slug=slug,
            regievoerder=OrganisationFactory(ggz_kerninstelling=True),
            regions=[RegionFactory()],
        )
    assert "slug" in refused.value.message_dict
    form_class = modelform_factory(Network, form=NetworkAdminForm, fields=["name", "slug"])
    form = form_class(data={"name": "MGN Programma", "slug": slug})
    form.is_valid()
    assert "slug" in form.errors
