"""R-BK-3: gemeenten fund the SD part of the verkennend gesprek — agreed VGs and rate
against realised VGs of their residents, the amount due and what is left."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse
from django.utils import timezone

import pytest

from bekostiging.constants import SD_DEELNAME, FundingSource
from bekostiging.models import GemeenteAfspraak, OverschrijdingBesluit
from bekostiging.selectors.begroting import budget_overview
from bekostiging.selectors.financiering import network_funding
from bekostiging.services.financiering import (
    afspraak_create,
    afspraak_update,
    overschrijding_besluit,
)
from mgn.accounts.constants import Role
from networks.constants import OrganisationKind
from networks.services.netwerken import network_grant
from networks.services.organisaties import organisation_grant
from networks.services.regios import region_set_mandaatgemeente
from tests.accounts.factories import UserFactory
from tests.bekostiging.factories import afspraak, at, held_vg_on, second_conversation
from tests.networks.factories import GemeenteFactory, OrganisationFactory, PartnershipFactory
from verkennend_gesprek.services.persoon import persoon_correct

pytestmark = pytest.mark.django_db

YEAR = 2025


@pytest.fixture
def anderdorp(bk_cast):
    """A second gemeente of noord's region and werkgebied."""
    gemeente = GemeenteFactory(name="Anderdorp", region=bk_cast.network.regions.first())
    bk_cast.network.gemeenten.add(gemeente)
    return gemeente


@pytest.fixture
def noorddorp(bk_cast):
    return bk_cast.vg_cast.gemeente


def gemeenten_page(client, user, year=YEAR):
    client.force_login(user)
    response = client.get(reverse("bekostiging:gemeenten"), {"jaar": year})
    assert response.status_code == 200
    return response


def row_for(overview, gemeente):
    return next(r for r in overview.rows if r.gemeente == gemeente)


# --- Counting ------------------------------------------------------------------------


def test_r_bk_3_realised_counted_by_the_persons_gemeente_not_the_practices(
    bk_cast, noorddorp, anderdorp
):
    practice_town = GemeenteFactory(name="Praktijkstad", region=bk_cast.network.regions.first())
    bk_cast.network.gemeenten.add(practice_town)
    practice = bk_cast.vg_cast.practice
    practice.gemeente = practice_town
    practice.save(update_fields=["gemeente"])
    for gemeente in (noorddorp, anderdorp, practice_town):
        afspraak(bk_cast.network, gemeente, YEAR)
    held_vg_on(bk_cast.vg_cast, at(YEAR, 3, 1), gemeente=noorddorp)
    held_vg_on(bk_cast.vg_cast, at(YEAR, 4, 1), gemeente=noorddorp)
    held_vg_on(bk_cast.vg_cast, at(YEAR, 5, 1), gemeente=anderdorp)

    overview = network_funding(bk_cast.network, YEAR)

    assert row_for(overview, noorddorp).realised == 2
    assert row_for(overview, anderdorp).realised == 1
    assert row_for(overview, practice_town).realised == 0  # where the huisarts works


def test_r_bk_3_a_request_counts_once_in_the_year_of_its_first_conversation_with_sd(
    bk_cast, noorddorp
):
    afspraak(bk_cast.network, noorddorp, YEAR)
    afspraak(bk_cast.network, noorddorp, YEAR + 1)
    # Two conversations across new year: counted in the first one's year only.
    vg = held_vg_on(bk_cast.vg_cast, at(YEAR, 12, 20), gemeente=noorddorp)
    second_conversation(bk_cast.vg_cast, vg, at(YEAR + 1, 1, 8))
    # SD absent at the first, present at the second: counted in the second's year.
    late = held_vg_on(bk_cast.vg_cast, at(YEAR, 12, 22), gemeente=noorddorp, sd_present=False)
    second_conversation(bk_cast.vg_cast, late, at(YEAR + 1, 1, 10))
    # Not counted: no SD professional present, or not held.
    held_vg_on(bk_cast.vg_cast, at(YEAR, 6, 1), gemeente=noorddorp, sd_present=False)
    held_vg_on(bk_cast.vg_cast, at(YEAR, 6, 2), gemeente=noorddorp, held=False)
    # The year is Dutch time: 31 December 23:30 is still this year, 1 January 00:30 not.
    held_vg_on(bk_cast.vg_cast, at(YEAR, 12, 31, 23, 30), gemeente=noorddorp)
    held_vg_on(bk_cast.vg_cast, at(YEAR + 1, 1, 1, 0, 30), gemeente=noorddorp)

    this_year = row_for(network_funding(bk_cast.network, YEAR), noorddorp)
    next_year = row_for(network_funding(bk_cast.network, YEAR + 1), noorddorp)

    assert this_year.realised == 2  # the new-year pair and 31 December
    assert next_year.realised == 2  # the late SD one and 1 January


def test_r_bk_3_amount_due_is_within_the_agreement_times_rate_and_the_remainder_can_run_over(
    bk_cast, noorddorp, anderdorp
):
    afspraak(bk_cast.network, noorddorp, YEAR, agreed=10, rate="85.50")
    afspraak(bk_cast.network, anderdorp, YEAR, agreed=1, rate="100.00")
    for day in (1, 2, 3):
        held_vg_on(bk_cast.vg_cast, at(YEAR, 2, day), gemeente=noorddorp)
        held_vg_on(bk_cast.vg_cast, at(YEAR, 3, day), gemeente=anderdorp)

    overview = network_funding(bk_cast.network, YEAR)
    noord, ander = row_for(overview, noorddorp), row_for(overview, anderdorp)

    assert (noord.realised, noord.amount_due, noord.remaining) == (3, Decimal("256.50"), 7)
    assert (ander.realised, ander.within, ander.amount_due, ander.remaining) == (
        3,
        1,
        Decimal("100.00"),
        -2,
    )
    assert ander.over_run == 2 and noord.over_run == 0
    assert ander.over_run_amount == Decimal("200.00")
    assert (overview.agreed, overview.realised, overview.remaining) == (11, 6, 5)
    assert overview.amount_due == Decimal("356.50")
    assert overview.over_run_amount == overview.open_over_run_amount == Decimal("200.00")


def test_r_bk_3_the_page_shows_amounts_over_run_totals_and_funding_source(
    client, bk_cast, noorddorp, anderdorp
):
    afspraak(
        bk_cast.network,
        noorddorp,
        YEAR,
        agreed=10,
        rate="85.50",
        funding_source=FundingSource.TRANSFORMATIEMIDDELEN,
    )
    afspraak(bk_cast.network, anderdorp, YEAR, agreed=1, rate="1000.00")
    for day in (1, 2, 3):
        held_vg_on(bk_cast.vg_cast, at(YEAR, 2, day), gemeente=noorddorp)
        held_vg_on(bk_cast.vg_cast, at(YEAR, 3, day), gemeente=anderdorp)

    html = gemeenten_page(client, bk_cast.coordinator).content.decode()

    assert "SPUK transformatiemiddelen" in html
    assert "SPUK-IZA" in html
    assert "€ 256,50" in html
    assert "€ 1.000,00" in html  # within the agreement: 1 × € 1.000
    assert "2 boven de afspraak" in html
    assert "€ 2.000,00" in html  # the over-run, apart
    assert "€ 1.256,50" in html  # the totals row: due only
    assert ">11<" in html and ">6<" in html
    assert bk_cast.vg_cast.users[Role.HUISARTS].email not in html


def test_r_bk_3_residents_of_a_gemeente_without_agreement_are_a_warning(
    client, bk_cast, noorddorp, anderdorp
):
    elders = GemeenteFactory(name="Buitendorp")  # another region, outside the werkgebied
    afspraak(bk_cast.network, noorddorp, YEAR)
    held_vg_on(bk_cast.vg_cast, at(YEAR, 2, 1), gemeente=noorddorp)
    held_vg_on(bk_cast.vg_cast, at(YEAR, 2, 2), gemeente=elders)
    held_vg_on(bk_cast.vg_cast, at(YEAR, 2, 3), gemeente=elders)

    overview = network_funding(bk_cast.network, YEAR)

    assert [(r.gemeente, r.realised) for r in overview.unfunded] == [(elders, 2)]
    assert overview.unfunded_realised == 2
    assert overview.realised == 1  # the funded total leaves them out
    assert anderdorp in overview.without_agreement
    assert noorddorp not in overview.without_agreement
    assert elders not in overview.without_agreement
    html = gemeenten_page(client, bk_cast.coordinator).content.decode()
    assert "2 gehouden gesprekken zonder afspraak" in html
    assert "Buitendorp: 2" in html
    assert "niemand betaalt" in html


# --- Who sees what -------------------------------------------------------------------


def test_r_bk_3_an_ordinary_gemeente_sees_only_its_own_gemeente(
    client, bk_cast, noorddorp, anderdorp
):
    region = bk_cast.network.regions.first()
    region.mandaatgemeente = anderdorp
    region.save(update_fields=["mandaatgemeente"])
    afspraak(bk_cast.network, noorddorp, YEAR)
    afspraak(bk_cast.network, anderdorp, YEAR)

    html = gemeenten_page(client, bk_cast.gemeente_user).content.decode()

    assert "Noorddorp" in html
    assert "Anderdorp" not in html
    assert "Afspraak toevoegen" not in html and "Wijzigen" not in html


def test_r_bk_3_the_mandaatgemeente_sees_every_gemeente_of_its_region(
    client, bk_cast, noorddorp, anderdorp
):
    region = bk_cast.network.regions.first()
    region_set_mandaatgemeente(region=region, gemeente=noorddorp)
    elsewhere = GemeenteFactory(name="Verredorp")  # another region
    bk_cast.network.gemeenten.add(elsewhere)
    for gemeente in (noorddorp, anderdorp, elsewhere):
        afspraak(bk_cast.network, gemeente, YEAR)
    held_vg_on(bk_cast.vg_cast, at(YEAR, 2, 1), gemeente=anderdorp)

    response = gemeenten_page(client, bk_cast.gemeente_user)
    html = response.content.decode()

    assert "Noorddorp" in html and "Anderdorp" in html
    assert "Verredorp" not in html
    (overview,) = response.context["overviews"]
    assert row_for(overview, anderdorp).realised == 1


def test_r_bk_3_the_anderdorp_user_does_not_see_noorddorp(client, bk_cast, noorddorp, anderdorp):
    org = OrganisationFactory(name="Gemeente Anderdorp", kind=OrganisationKind.GEMEENTE)
    org.gemeente = anderdorp
    org.save(update_fields=["gemeente"])
    PartnershipFactory(
        network=bk_cast.network, organisation=org, role_uitvoering=False, role_monitoring=True
    )
    user = UserFactory(email="ander@gemeente.test", roles=[Role.GEMEENTE])
    network_grant(network=bk_cast.network, user=user)
    organisation_grant(organisation=org, user=user)
    mine = afspraak(bk_cast.network, anderdorp, YEAR)
    theirs = afspraak(bk_cast.network, noorddorp, YEAR)

    html = gemeenten_page(client, user).content.decode()

    assert "Anderdorp" in html and "Noorddorp" not in html
    # Their own agreement: seen, not changed (403); another gemeente's: 404.
    assert client.get(reverse("bekostiging:afspraak_edit", args=[mine.pk])).status_code == 403
    assert client.get(reverse("bekostiging:afspraak_edit", args=[theirs.pk])).status_code == 404


def test_r_bk_3_another_network_is_404(client, bk_cast, noorddorp, other_network, outsider):
    zuid_gemeente = GemeenteFactory(name="Zuiddorp", region=other_network.regions.first())
    other_network.gemeenten.add(zuid_gemeente)
    zuid = afspraak(other_network, zuid_gemeente, YEAR)
    noord = afspraak(bk_cast.network, noorddorp, YEAR)

    client.force_login(bk_cast.coordinator)
    assert client.get(reverse("bekostiging:afspraak_edit", args=[zuid.pk])).status_code == 404
    assert (
        client.get(reverse("bekostiging:afspraak_create", args=[other_network.slug])).status_code
        == 404
    )
    assert "Zuiddorp" not in gemeenten_page(client, bk_cast.coordinator).content.decode()

    client.force_login(outsider)
    assert client.get(reverse("bekostiging:afspraak_edit", args=[noord.pk])).status_code == 404
    html = gemeenten_page(client, outsider).content.decode()
    assert "Zuiddorp" in html and "Noorddorp" not in html


def test_r_bk_3_users_who_fund_nothing_get_403(client, bk_cast):
    client.force_login(bk_cast.vg_cast.users[Role.HUISARTS])
    assert client.get(reverse("bekostiging:gemeenten")).status_code == 403
    client.force_login(bk_cast.insurer_user)
    assert client.get(reverse("bekostiging:gemeenten")).status_code == 403


def test_the_menu_shows_gemeente_funding_to_gemeente_users_and_coordinators(client, bk_cast):
    url = reverse("bekostiging:gemeenten")
    for user, shown in (
        (bk_cast.gemeente_user, True),
        (bk_cast.coordinator, True),
        (bk_cast.insurer_user, False),
    ):
        client.force_login(user)
        html = client.get(reverse("networks:network_list")).content.decode()
        assert (f'href="{url}"' in html) == shown, user


# --- Agreements ----------------------------------------------------------------------


def create(bk_cast, **overrides):
    values = {
        "network": bk_cast.network,
        "gemeente": bk_cast.vg_cast.gemeente,
        "year": YEAR,
        "agreed_count": 12,
        "rate": Decimal("90.00"),
        "funding_source": FundingSource.SPUK_IZA,
    }
    values.update(overrides)
    return afspraak_create(**values)


def test_r_bk_3_an_agreement_is_validated(bk_cast, noorddorp):
    outside = GemeenteFactory(name="Buitendorp")
    for field, overrides in (
        ("year", {"year": 1999}),
        ("year", {"year": 3000}),
        ("agreed_count", {"agreed_count": -1}),
        ("rate", {"rate": Decimal("-0.01")}),
        ("gemeente", {"gemeente": outside}),
        ("funding_source", {"funding_source": "lotto"}),
    ):
        with pytest.raises(ValidationError) as error:
            create(bk_cast, **overrides)
        assert field in error.value.message_dict, overrides
    assert not GemeenteAfspraak.objects.exists()
    made = create(bk_cast, agreed_count=0, rate=Decimal("0"))
    assert made.agreed_count == 0


def test_r_bk_3_one_agreement_per_network_gemeente_and_year(bk_cast, noorddorp, anderdorp):
    create(bk_cast)
    with pytest.raises(ValidationError) as error:
        create(bk_cast, agreed_count=3)
    assert error.value.message_dict["year"] == [
        "Voor Noorddorp is er voor 2025 al een afspraak in dit netwerk; pas die afspraak aan."
    ]
    create(bk_cast, year=YEAR + 1)
    other = create(bk_cast, gemeente=anderdorp)
    with pytest.raises(ValidationError):
        afspraak_update(
            afspraak=other,
            gemeente=noorddorp,
            year=YEAR,
            agreed_count=1,
            rate=Decimal("1"),
            funding_source=FundingSource.SPUK_IZA,
        )
    assert GemeenteAfspraak.objects.count() == 3


def test_a_coordinator_makes_and_changes_an_agreement(client, bk_cast, noorddorp):
    client.force_login(bk_cast.coordinator)
    url = reverse("bekostiging:afspraak_create", args=[bk_cast.network.slug])
    assert client.get(url).status_code == 200
    data = {
        "gemeente": noorddorp.pk,
        "year": YEAR,
        "agreed_count": 20,
        "rate": "85,00",
        "funding_source": FundingSource.SPUK_IZA,
    }
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('bekostiging:gemeenten')}?jaar={YEAR}"
    made = GemeenteAfspraak.objects.get()
    assert (made.agreed_count, made.rate) == (20, Decimal("85.00"))

    again = client.post(url, data)
    assert again.status_code == 200
    assert "al een afspraak" in again.content.decode()

    edit = reverse("bekostiging:afspraak_edit", args=[made.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {**data, "agreed_count": 25, "rate": "-1"})
    assert response.status_code == 200
    response = client.post(edit, {**data, "agreed_count": 25})
    assert response.status_code == 302
    made.refresh_from_db()
    assert made.agreed_count == 25


def test_others_in_the_network_may_not_make_an_agreement(client, bk_cast):
    url = reverse("bekostiging:afspraak_create", args=[bk_cast.network.slug])
    for user in (bk_cast.gemeente_user, bk_cast.insurer_user):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {}).status_code == 403


# --- Queries -------------------------------------------------------------------------


@pytest.mark.parametrize("user", ["coordinator", "gemeente_user"])
def test_the_page_runs_a_constant_number_of_queries(
    client, bk_cast, noorddorp, django_assert_max_num_queries, user
):
    region = bk_cast.network.regions.first()
    region_set_mandaatgemeente(region=region, gemeente=noorddorp)
    client.force_login(getattr(bk_cast, user))

    def grow(n):
        for i in range(n):
            gemeente = GemeenteFactory(region=region)
            bk_cast.network.gemeenten.add(gemeente)
            afspraak(bk_cast.network, gemeente, YEAR)
            held_vg_on(bk_cast.vg_cast, at(YEAR, 2, 1 + i), gemeente=gemeente)
            held_vg_on(bk_cast.vg_cast, at(YEAR, 3, 1 + i), gemeente=GemeenteFactory())

    url = f"{reverse('bekostiging:gemeenten')}?jaar={YEAR}"
    grow(2)
    with django_assert_max_num_queries(16) as small:
        assert client.get(url).status_code == 200
    grow(12)
    with django_assert_max_num_queries(16) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


# --- R-BK-3: funding sources --------------------------------------------------------


def test_R_BK_3_funding_sources_only_spuk_iza_or_transformatiemiddelen(
    client, bk_cast, noorddorp, anderdorp
):
    refused = (FundingSource.WMO, FundingSource.BREDE_SPUK, FundingSource.OVERIG)
    # The service refuses them, naming the allowed sources and why.
    for source in refused:
        with pytest.raises(ValidationError) as error:
            create(bk_cast, funding_source=source)
        (message,) = error.value.message_dict["funding_source"]
        assert "SPUK-IZA of SPUK transformatiemiddelen" in message
        assert "vervolgondersteuning" in message
    made = create(bk_cast, funding_source=FundingSource.SPUK_IZA)
    other = create(bk_cast, gemeente=anderdorp, funding_source=FundingSource.TRANSFORMATIEMIDDELEN)
    with pytest.raises(ValidationError):
        afspraak_update(
            afspraak=made,
            gemeente=noorddorp,
            year=YEAR,
            agreed_count=12,
            rate=Decimal("90.00"),
            funding_source=FundingSource.WMO,
        )
    made.refresh_from_db()
    assert made.funding_source == FundingSource.SPUK_IZA

    # The form (the coordinator's page) refuses them with the same message and offers
    # only the two allowed sources.
    client.force_login(bk_cast.coordinator)
    url = reverse("bekostiging:afspraak_edit", args=[other.pk])
    form_html = client.get(url).content.decode()
    assert 'value="spuk-iza"' in form_html and 'value="transformatiemiddelen"' in form_html
    assert 'value="wmo"' not in form_html and 'value="brede-spuk"' not in form_html
    data = {
        "gemeente": anderdorp.pk,
        "year": YEAR,
        "agreed_count": 5,
        "rate": "90,00",
    }
    for source in refused:
        response = client.post(url, {**data, "funding_source": source})
        assert response.status_code == 200
        assert "SPUK-IZA of SPUK transformatiemiddelen" in response.content.decode()
    other.refresh_from_db()
    assert other.funding_source == FundingSource.TRANSFORMATIEMIDDELEN

    # The database refuses them too (there is no API for agreements).
    with pytest.raises(IntegrityError), transaction.atomic():
        GemeenteAfspraak.objects.filter(pk=made.pk).update(funding_source=FundingSource.WMO)
    assert set(GemeenteAfspraak.objects.values_list("funding_source", flat=True)) == {
        FundingSource.SPUK_IZA,
        FundingSource.TRANSFORMATIEMIDDELEN,
    }


def test_R_BK_3_an_agreement_from_before_the_rule_keeps_its_source_and_is_flagged(
    client, bk_cast, noorddorp
):
    # Migration 0009 added the constraint NOT VALID: an agreement made before keeps its
    # Wmo source (nothing guessed, nothing lost) until a coordinator picks an allowed one.
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE bekostiging_gemeenteafspraak "
            "DROP CONSTRAINT gemeenteafspraak_vg_sd_funding_source"
        )
        old = afspraak(bk_cast.network, noorddorp, YEAR, funding_source=FundingSource.WMO)
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # run the deferred FK checks first
        cursor.execute(
            "ALTER TABLE bekostiging_gemeenteafspraak "
            "ADD CONSTRAINT gemeenteafspraak_vg_sd_funding_source "
            "CHECK (funding_source IN ('spuk-iza', 'transformatiemiddelen')) NOT VALID"
        )
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    html = gemeenten_page(client, bk_cast.coordinator).content.decode()
    assert "Bron niet toegestaan, kies SPUK-IZA of transformatiemiddelen" in html
    assert "Wmo (gemeentefonds)" in html
    edit = client.get(reverse("bekostiging:afspraak_edit", args=[old.pk])).content.decode()
    assert "Bron niet toegestaan" in edit

    # Changing it means choosing an allowed source; then the flag is gone.
    afspraak_update(
        afspraak=old,
        gemeente=noorddorp,
        year=YEAR,
        agreed_count=old.agreed_count,
        rate=old.rate,
        funding_source=FundingSource.SPUK_IZA,
    )
    assert (
        "Bron niet toegestaan" not in gemeenten_page(client, bk_cast.coordinator).content.decode()
    )


# --- R-BK-3: the over-run ------------------------------------------------------------


def hold(bk_cast, gemeente, n, month=2):
    for day in range(1, n + 1):
        held_vg_on(bk_cast.vg_cast, at(YEAR, month, day), gemeente=gemeente)


def decide(client, user, made, besluit, toelichting=""):
    client.force_login(user)
    return client.post(
        reverse("bekostiging:overschrijding_besluit", args=[made.pk]),
        {"besluit": besluit, "toelichting": toelichting},
    )


@pytest.fixture
def anderdorp_user(bk_cast, anderdorp):
    """A user acting for Gemeente Anderdorp in noord."""
    org = OrganisationFactory(name="Gemeente Anderdorp", kind=OrganisationKind.GEMEENTE)
    org.gemeente = anderdorp
    org.save(update_fields=["gemeente"])
    PartnershipFactory(
        network=bk_cast.network, organisation=org, role_uitvoering=False, role_monitoring=True
    )
    user = UserFactory(email="ander@gemeente.test", roles=[Role.GEMEENTE])
    network_grant(network=bk_cast.network, user=user)
    organisation_grant(organisation=org, user=user)
    return user


def test_R_BK_3_over_run_flagged_not_due(client, bk_cast, noorddorp):
    afspraak(bk_cast.network, noorddorp, YEAR, agreed=2, rate="100.00")
    hold(bk_cast, noorddorp, 5)

    overview = network_funding(bk_cast.network, YEAR)
    row = row_for(overview, noorddorp)

    assert (row.agreed, row.realised, row.within, row.over_run) == (2, 5, 2, 3)
    assert row.amount_due == Decimal("200.00")  # within × rate only
    assert row.over_run_amount == row.open_over_run_amount == Decimal("300.00")
    assert row.besluit is None and row.accepted_over_run == 0
    assert overview.amount_due == Decimal("200.00")
    assert overview.open_over_run_amount == Decimal("300.00")
    # The budget counts what is due, not the undecided over-run.
    budget = budget_overview(bk_cast.network, YEAR)
    sd = next(b for b in budget.functions if b.function == SD_DEELNAME)
    assert sd.total.realised == Decimal("200.00")

    for user in (bk_cast.coordinator, bk_cast.gemeente_user):
        html = gemeenten_page(client, user).content.decode()
        assert "3 boven de afspraak" in html
        assert "3 (€ 300,00) ter beslissing door de gemeente" in html
        assert "€ 200,00" in html
    # Only the gemeente is offered the decision.
    assert "Beslissen" in gemeenten_page(client, bk_cast.gemeente_user).content.decode()
    assert "Beslissen" not in gemeenten_page(client, bk_cast.coordinator).content.decode()


def test_R_BK_3_accepting_the_over_run_makes_it_due_with_who_and_when(client, bk_cast, noorddorp):
    made = afspraak(bk_cast.network, noorddorp, YEAR, agreed=2, rate="100.00")
    hold(bk_cast, noorddorp, 5)
    gemeente_org = bk_cast.network.partnerships.get(organisation__gemeente=noorddorp).organisation

    before = timezone.now()
    response = decide(client, bk_cast.gemeente_user, made, "accepteren", "Extra wijk erbij")
    assert response.status_code == 302

    besluit = OverschrijdingBesluit.objects.get()
    assert besluit.accepted and besluit.over_run_count == 3
    assert besluit.decided_by == bk_cast.gemeente_user
    assert besluit.decided_for == gemeente_org
    assert besluit.decided_at >= before
    assert besluit.rate == Decimal("100.00") and besluit.note == "Extra wijk erbij"
    row = row_for(network_funding(bk_cast.network, YEAR), noorddorp)
    assert row.amount_due == Decimal("500.00")
    assert (row.accepted_over_run, row.open_over_run) == (3, 0)
    budget = budget_overview(bk_cast.network, YEAR)
    assert next(b for b in budget.functions if b.function == SD_DEELNAME).total.realised == (
        Decimal("500.00")
    )
    # The coordinator sees the decision, who took it and for whom.
    html = gemeenten_page(client, bk_cast.coordinator).content.decode()
    assert "Geaccepteerd (3)" in html
    assert gemeente_org.name in html
    assert ") ter beslissing door de gemeente" not in html

    # A VG held later beyond the decided over-run is again for the gemeente to decide.
    held_vg_on(bk_cast.vg_cast, at(YEAR, 6, 1), gemeente=noorddorp)
    row = row_for(network_funding(bk_cast.network, YEAR), noorddorp)
    assert (row.over_run, row.accepted_over_run, row.open_over_run) == (4, 3, 1)
    assert row.amount_due == Decimal("500.00")
    assert row.open_over_run_amount == Decimal("100.00")


def test_R_BK_3_a_declined_over_run_is_never_due_and_the_trail_is_kept(client, bk_cast, noorddorp):
    made = afspraak(bk_cast.network, noorddorp, YEAR, agreed=1, rate="80.00")
    hold(bk_cast, noorddorp, 3)

    assert decide(client, bk_cast.gemeente_user, made, "afwijzen").status_code == 302
    row = row_for(network_funding(bk_cast.network, YEAR), noorddorp)
    assert row.amount_due == Decimal("80.00")
    assert (row.declined_over_run, row.open_over_run) == (2, 0)
    assert row.declined_over_run_amount == Decimal("160.00")
    assert "Afgewezen (2)" in gemeenten_page(client, bk_cast.coordinator).content.decode()

    # The same decision again is refused; a changed mind is a new decision, the old kept.
    with pytest.raises(ValidationError):
        overschrijding_besluit(afspraak=made, user=bk_cast.gemeente_user, accepted=False)
    overschrijding_besluit(afspraak=made, user=bk_cast.gemeente_user, accepted=True)
    assert list(made.besluiten.values_list("accepted", flat=True)) == [False, True]
    assert row_for(network_funding(bk_cast.network, YEAR), noorddorp).amount_due == Decimal(
        "240.00"
    )


def test_R_BK_3_no_decision_without_an_over_run(bk_cast, noorddorp):
    made = afspraak(bk_cast.network, noorddorp, YEAR, agreed=5)
    hold(bk_cast, noorddorp, 5)
    with pytest.raises(ValidationError) as error:
        overschrijding_besluit(afspraak=made, user=bk_cast.gemeente_user, accepted=True)
    assert "niets te beslissen" in error.value.messages[0]
    assert not OverschrijdingBesluit.objects.exists()


def test_R_BK_3_only_the_gemeente_or_its_mandaatgemeente_decides_on_the_over_run(
    client, bk_cast, noorddorp, anderdorp, anderdorp_user, outsider
):
    noord = afspraak(bk_cast.network, noorddorp, YEAR, agreed=0)
    ander = afspraak(bk_cast.network, anderdorp, YEAR, agreed=0)
    hold(bk_cast, noorddorp, 1)
    hold(bk_cast, anderdorp, 1, month=3)

    # Another gemeente and another network: 404, as if it did not exist.
    assert decide(client, anderdorp_user, noord, "accepteren").status_code == 404
    assert decide(client, outsider, noord, "accepteren").status_code == 404
    assert decide(client, bk_cast.insurer_user, noord, "accepteren").status_code == 404
    # The coordinator sees the agreement but the gemeente decides: 403.
    assert decide(client, bk_cast.coordinator, noord, "accepteren").status_code == 403
    with pytest.raises(PermissionDenied):
        overschrijding_besluit(afspraak=noord, user=bk_cast.coordinator, accepted=True)
    assert not OverschrijdingBesluit.objects.exists()

    # Anderdorp decides on its own.
    assert decide(client, anderdorp_user, ander, "accepteren").status_code == 302
    assert OverschrijdingBesluit.objects.get().decided_by == anderdorp_user

    # The region's mandaatgemeente (Noorddorp) decides for Anderdorp, as itself.
    region_set_mandaatgemeente(region=bk_cast.network.regions.first(), gemeente=noorddorp)
    assert decide(client, bk_cast.gemeente_user, ander, "afwijzen").status_code == 302
    latest = ander.besluiten.last()
    assert latest.decided_by == bk_cast.gemeente_user
    assert latest.decided_for.gemeente == noorddorp
    # ... but Anderdorp does not decide for its mandaatgemeente.
    assert decide(client, anderdorp_user, noord, "accepteren").status_code == 404


# --- R-BK-3 / R-BK-1: past figures never move -------------------------------------------


def test_R_BK_3_a_move_of_residence_leaves_last_years_figures_unchanged(
    bk_cast, noorddorp, anderdorp
):
    for year in (YEAR, YEAR + 1):
        afspraak(bk_cast.network, noorddorp, year)
        afspraak(bk_cast.network, anderdorp, year)
    first = held_vg_on(bk_cast.vg_cast, at(YEAR, 5, 1), gemeente=noorddorp)

    def figures(year):
        overview = network_funding(bk_cast.network, year)
        return {g.name: row_for(overview, g).realised for g in (noorddorp, anderdorp)}

    assert figures(YEAR) == {"Noorddorp": 1, "Anderdorp": 0}
    # The person moved to Anderdorp; a new request (its own details, R-PR-2) is held there.
    second = held_vg_on(
        bk_cast.vg_cast, at(YEAR + 1, 3, 1), gemeente=anderdorp, bsn=first.persoon.bsn
    )
    assert second.persoon_id != first.persoon_id

    assert figures(YEAR) == {"Noorddorp": 1, "Anderdorp": 0}
    assert figures(YEAR + 1) == {"Noorddorp": 0, "Anderdorp": 1}
    first.persoon.refresh_from_db()
    assert first.persoon.gemeente == noorddorp


def test_R_BK_3_a_correction_of_a_wrongly_submitted_gemeente_moves_the_vg(
    bk_cast, noorddorp, anderdorp
):
    # A correction fixes an error in what was submitted (the person never lived there);
    # a move is a new request. So the corrected VG counts for the right gemeente.
    afspraak(bk_cast.network, noorddorp, YEAR)
    afspraak(bk_cast.network, anderdorp, YEAR)
    vg = held_vg_on(bk_cast.vg_cast, at(YEAR, 5, 1), gemeente=noorddorp)

    persoon_correct(vg=vg, user=bk_cast.coordinator, gemeente=anderdorp)

    overview = network_funding(bk_cast.network, YEAR)
    assert row_for(overview, noorddorp).realised == 0
    assert row_for(overview, anderdorp).realised == 1
