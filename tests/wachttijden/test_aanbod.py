"""The sociale kaart (R-WT-7): search and filters, the waiting time shown, providers who
maintain only their own offers, coordinators who note what is missing, the read-only API,
and constant query counts (the pages on a phone: tests/e2e/test_sociale_kaart.py)."""

from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

import pytest
from rest_framework.test import APIRequestFactory, force_authenticate

from mgn.accounts.constants import Role
from mgn.formats import weeks_words
from networks.services.organisaties import organisation_grant
from tests.conftest import NETWORK_ROLES
from tests.networks.factories import RegionFactory
from tests.wachttijden.factories import EIGHT, offer
from wachttijden.api.views import AanbodViewSet
from wachttijden.constants import AanbodDomain, Category, Dimension
from wachttijden.models import (
    Aanbod,
    OntbrekendAanbod,
    OverviewRun,
    SnapshotFigure,
    Zorgvraagtype,
)
from wachttijden.services import aanbod as services

KAART = reverse("wachttijden:sociale_kaart")
MISSING = reverse("wachttijden:missing")
CREATE = reverse("wachttijden:aanbod_create")


def detail_url(aanbod):
    return reverse("wachttijden:aanbod_detail", args=[aanbod.pk])


def edit_url(aanbod):
    return reverse("wachttijden:aanbod_edit", args=[aanbod.pk])


def names(response) -> list[str]:
    return [a.name for a in response.context["page"].object_list]


def form_data(wt_cast, **overrides) -> dict:
    """The POST body of a new SD offer of the provider."""
    data = {
        "provider": wt_cast.provider.pk,
        "region": wt_cast.region.pk,
        "name": "Inloop De Brug",
        "description": "Koffie, een praatje en hulp bij formulieren.",
        "domain": AanbodDomain.SD,
        "category": Category.STEUNPUNT,
        "low_threshold": "on",
        "location_name": "Wijkcentrum De Brug",
        "address": "Dorpsstraat 1",
        "gemeente": wt_cast.gemeenten[0].pk,
        "gemeenten_served": [g.pk for g in wt_cast.gemeenten[:2]],
        "how_to_apply": "Gewoon binnenlopen, di en do 10–12 uur.",
        "contact": "0522-123456",
        "website": "https://debrug.example.nl",
        "declared_wait_weeks": "0",
        "is_active": "on",
    }
    data.update(overrides)
    return data


# Search and filters ------------------------------------------------------------------
def test_r_wt_7_the_sociale_kaart_covers_the_eight_categories(client, wt_cast):
    assert set(EIGHT) <= set(Category.values)
    for category in EIGHT:
        offer(wt_cast, name=f"Aanbod {category}", category=category, domain=AanbodDomain.SD)
    client.force_login(wt_cast.coordinator)
    for category in EIGHT:
        response = client.get(KAART, {"categorie": category})
        assert response.status_code == 200
        shown = response.context["page"].object_list
        assert f"Aanbod {category}" in names(response)
        assert {a.category for a in shown} == {category}
        assert str(Category(category).label) in response.content.decode()
    # Without a filter every offer of the region shows (the cast's two included).
    assert len(names(client.get(KAART))) == len(EIGHT) + 2
    # The filter offers every category, also those beyond the eight.
    choices = dict(client.get(KAART).context["form"].fields["categorie"].choices)
    assert set(Category.values) <= set(choices)


def test_search_finds_name_description_and_provider(client, wt_cast):
    offer(wt_cast, name="Schuldhulp Noord", description="", domain=AanbodDomain.SD)
    offer(wt_cast, name="Maatjesproject", description="Een vrijwilliger als SCHULDmaatje")
    client.force_login(wt_cast.coordinator)
    assert names(client.get(KAART, {"q": "schuld"})) == ["Maatjesproject", "Schuldhulp Noord"]
    assert names(client.get(KAART, {"q": "GGZ Anders"})) == ["Specialistisch Anders"]
    assert names(client.get(KAART, {"q": "niets dat past"})) == []


def test_filters_by_gemeente_domain_waiting_time_and_low_threshold(client, wt_cast):
    g0, g1, g2 = wt_cast.gemeenten
    for a in (wt_cast.aanbod, wt_cast.other_aanbod):
        a.gemeenten_served.clear()
    wt_cast.aanbod.gemeenten_served.set([g0])
    wt_cast.other_aanbod.gemeente = None
    wt_cast.other_aanbod.save()
    sd = offer(
        wt_cast,
        name="Wmo-begeleiding",
        domain=AanbodDomain.SD,
        category=Category.WMO,
        declared_wait_weeks=Decimal("6"),
        served=[g1, g2],
    )
    inloop = offer(
        wt_cast,
        name="Inloop",
        domain=AanbodDomain.SD,
        category=Category.STEUNPUNT,
        low_threshold=True,
        declared_wait_weeks=Decimal("0"),
        gemeente=g2,
    )
    wt_cast.aanbod.declared_wait_weeks = Decimal("3.5")
    wt_cast.aanbod.save()
    client.force_login(wt_cast.coordinator)

    assert names(client.get(KAART, {"gemeente": g0.cbs_code})) == ["Basis-ggz Noord"]
    assert names(client.get(KAART, {"gemeente": g2.cbs_code})) == ["Inloop", "Wmo-begeleiding"]
    assert names(client.get(KAART, {"domein": "sd"})) == ["Inloop", "Wmo-begeleiding"]
    assert names(client.get(KAART, {"domein": "ggz"})) == [
        "Basis-ggz Noord",
        "Specialistisch Anders",
    ]
    # At most 4 weeks: an offer without a known waiting time falls outside the filter.
    assert names(client.get(KAART, {"max_weken": "4"})) == ["Basis-ggz Noord", "Inloop"]
    assert names(client.get(KAART, {"max_weken": "6"})) == [
        "Basis-ggz Noord",
        "Inloop",
        "Wmo-begeleiding",
    ]
    assert names(client.get(KAART, {"laagdrempelig": "on"})) == ["Inloop"]
    combined = {"domein": "sd", "max_weken": "10", "gemeente": g1.cbs_code}
    assert names(client.get(KAART, combined)) == [sd.name]
    assert inloop.pk  # used above by name


def test_a_bad_filter_value_is_reported_and_the_rest_still_filters(client, wt_cast):
    client.force_login(wt_cast.coordinator)
    response = client.get(KAART, {"max_weken": "veel", "domein": "ggz"})
    assert response.status_code == 200
    assert "max_weken" in response.context["form"].errors
    assert names(response) == ["Basis-ggz Noord", "Specialistisch Anders"]
    assert 'aria-invalid="true"' in response.content.decode()


def test_pages_keep_the_filters(client, wt_cast):
    for i in range(25):
        offer(wt_cast, name=f"Wonen {i:02d}", category=Category.WONEN, domain=AanbodDomain.SD)
    client.force_login(wt_cast.coordinator)
    response = client.get(KAART, {"categorie": "wonen", "q": "Wonen"})
    assert response.context["page"].paginator.num_pages == 2
    body = response.content.decode()
    assert "?categorie=wonen&amp;q=Wonen&amp;pagina=2" in body
    second = client.get(KAART, {"categorie": "wonen", "q": "Wonen", "pagina": 2})
    assert names(second) == [f"Wonen {i:02d}" for i in range(20, 25)]


def test_the_waiting_time_is_the_overviews_prospective_figure_else_the_declared_one(
    client, wt_cast
):
    aanbod = wt_cast.aanbod
    aanbod.declared_wait_weeks = Decimal("5")
    aanbod.save()
    client.force_login(wt_cast.coordinator)
    body = client.get(KAART).content.decode()
    assert "5 weken" in body and "opgegeven door de aanbieder" in body

    for days, weeks in ((14, 9.0), (0, 2.5)):  # the newest snapshot counts
        day = timezone.localdate() - timedelta(days=days)
        run = OverviewRun.objects.create(region=wt_cast.region, snapshot_date=day)
        SnapshotFigure.objects.create(
            run=run,
            snapshot_date=day,
            region=wt_cast.region,
            dimension=Dimension.AANBOD,
            aanbod=aanbod,
            provider=aanbod.provider,
            prospective_weeks=weeks,
        )
    response = client.get(KAART)
    body = response.content.decode()
    assert "2,5 weken" in body and "uit het regio-overzicht" in body
    shown = {a.name: a.wait_weeks for a in response.context["page"].object_list}
    assert shown["Basis-ggz Noord"] == 2.5
    assert names(client.get(KAART, {"max_weken": "3"})) == ["Basis-ggz Noord"]
    detail = client.get(detail_url(aanbod)).content.decode()
    assert "2,5 weken" in detail and "regio-overzicht van" in detail
    assert "Opgegeven wachttijd" in detail


# Who sees what -------------------------------------------------------------------------
@pytest.mark.parametrize("role", NETWORK_ROLES)
def test_every_role_in_the_region_sees_the_kaart_and_the_detail(client, wt_cast, cast, role):
    client.force_login(cast[role])
    assert "Basis-ggz Noord" in names(client.get(KAART))
    response = client.get(detail_url(wt_cast.aanbod))
    assert response.status_code == 200
    assert "aanbod_edit" not in response.content.decode()
    assert not response.context["can_edit"]


def test_an_outsider_sees_no_offer_of_another_region(client, wt_cast, outsider):
    client.force_login(outsider)
    response = client.get(KAART)
    assert response.status_code == 200
    assert names(response) == []
    assert "Basis-ggz Noord" not in response.content.decode()
    assert client.get(detail_url(wt_cast.aanbod)).status_code == 404


def test_an_inactive_offer_shows_only_to_its_provider(client, wt_cast):
    wt_cast.aanbod.is_active = False
    wt_cast.aanbod.save()
    client.force_login(wt_cast.coordinator)
    assert "Basis-ggz Noord" not in names(client.get(KAART))
    assert client.get(detail_url(wt_cast.aanbod)).status_code == 404
    client.force_login(wt_cast.provider_user)
    response = client.get(KAART)
    assert "Basis-ggz Noord" in names(response)
    assert "Niet actief" in response.content.decode()
    assert client.get(detail_url(wt_cast.aanbod)).status_code == 200


def test_the_detail_shows_how_to_apply_contact_gemeenten_and_zorgvraagtypen(client, wt_cast):
    aanbod = wt_cast.aanbod
    aanbod.how_to_apply = "Via de huisarts met een verwijzing."
    aanbod.contact = "Aanmeldteam, 0800-1234"
    aanbod.save()
    aanbod.zorgvraagtypes.set(Zorgvraagtype.objects.filter(number__in=[1, 2]))
    client.force_login(wt_cast.provider_user)
    response = client.get(detail_url(aanbod))
    body = response.content.decode()
    assert "Via de huisarts met een verwijzing." in body
    assert "Aanmeldteam, 0800-1234" in body
    for gemeente in wt_cast.gemeenten:
        assert gemeente.name in body
    for z in Zorgvraagtype.objects.filter(number__in=[1, 2]):
        assert z.name in body
    assert edit_url(aanbod) in body  # the provider may edit their own offer
    other = client.get(detail_url(wt_cast.other_aanbod))
    assert edit_url(wt_cast.other_aanbod) not in other.content.decode()


# Providers maintain their own offers -----------------------------------------------------
def test_a_provider_puts_an_offer_on_the_kaart(client, wt_cast):
    client.force_login(wt_cast.provider_user)
    response = client.get(CREATE)
    assert response.status_code == 200
    body = response.content.decode()
    assert wt_cast.provider.name in body  # one provider: named, not a select
    assert 'name="provider" value' in body and 'type="hidden"' in body
    response = client.post(CREATE, form_data(wt_cast))
    aanbod = Aanbod.objects.get(name="Inloop De Brug")
    assert response.status_code == 302
    assert response["Location"] == detail_url(aanbod)
    assert aanbod.provider == wt_cast.provider
    assert aanbod.region == wt_cast.region
    assert aanbod.low_threshold and aanbod.is_active
    assert set(aanbod.gemeenten_served.all()) == set(wt_cast.gemeenten[:2])
    client.force_login(wt_cast.coordinator)
    assert "Inloop De Brug" in names(client.get(KAART, {"categorie": "steunpunt"}))


def test_r_wt_7_a_ggz_offer_names_its_zorgvraagtypen_and_others_none(client, wt_cast):
    client.force_login(wt_cast.provider_user)
    ggz = form_data(wt_cast, domain="ggz", category="ggz-behandeling", name="Ggz-behandeling")
    response = client.post(CREATE, ggz)
    assert response.status_code == 200
    assert "zorgvraagtypes" in response.context["form"].errors
    assert not Aanbod.objects.filter(name="Ggz-behandeling").exists()

    types = list(Zorgvraagtype.objects.filter(number__in=[3, 4]).values_list("pk", flat=True))
    sd = form_data(wt_cast, zorgvraagtypes=types)
    response = client.post(CREATE, sd)
    assert response.context["form"].errors["zorgvraagtypes"] == [
        "Alleen ggz-aanbod heeft zorgvraagtypen."
    ]
    assert client.post(CREATE, {**ggz, "zorgvraagtypes": types}).status_code == 302
    assert Aanbod.objects.get(name="Ggz-behandeling").zorgvraagtypes.count() == 2


def test_a_provider_cannot_place_an_offer_for_another_provider_or_region(client, wt_cast):
    client.force_login(wt_cast.provider_user)
    response = client.post(CREATE, form_data(wt_cast, provider=wt_cast.other_provider.pk))
    assert response.status_code == 200
    assert "provider" in response.context["form"].errors
    elsewhere = RegionFactory()
    response = client.post(CREATE, form_data(wt_cast, region=elsewhere.pk))
    assert "region" in response.context["form"].errors
    assert not Aanbod.objects.filter(name="Inloop De Brug").exists()
    with pytest.raises(PermissionDenied):
        services.aanbod_create(
            user=wt_cast.provider_user,
            provider=wt_cast.other_provider,
            region=wt_cast.region,
            data={"name": "X", "domain": "sd", "category": "wonen"},
        )


def test_a_user_acting_for_several_providers_chooses_one(client, wt_cast):
    user = wt_cast.provider_user
    organisation_grant(organisation=wt_cast.other_provider, user=user)
    client.force_login(user)
    response = client.get(CREATE)
    body = response.content.decode()
    assert '<select name="provider"' in body
    assert wt_cast.other_provider.name in body
    response = client.post(CREATE, form_data(wt_cast, provider=wt_cast.other_provider.pk))
    assert response.status_code == 302
    assert Aanbod.objects.get(name="Inloop De Brug").provider == wt_cast.other_provider


def test_a_provider_edits_only_their_own_offers(client, wt_cast):
    client.force_login(wt_cast.provider_user)
    assert client.get(edit_url(wt_cast.aanbod)).status_code == 200
    assert client.get(edit_url(wt_cast.other_aanbod)).status_code == 404
    assert client.post(edit_url(wt_cast.other_aanbod), {"name": "Overgenomen"}).status_code == 404
    wt_cast.other_aanbod.refresh_from_db()
    assert wt_cast.other_aanbod.name == "Specialistisch Anders"
    with pytest.raises(Http404):
        services.aanbod_update(
            user=wt_cast.provider_user, aanbod=wt_cast.other_aanbod, data={"name": "X"}
        )


@pytest.mark.parametrize("role", [Role.HUISARTS, Role.NETWERKCOORDINATOR, Role.BEHEERDER])
def test_users_who_act_for_no_provider_may_not_create_or_edit(client, wt_cast, cast, role):
    client.force_login(cast[role])
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, form_data(wt_cast)).status_code == 403
    assert client.get(edit_url(wt_cast.aanbod)).status_code == 403


def test_a_provider_deactivates_an_offer_instead_of_deleting_it(client, wt_cast):
    aanbod = wt_cast.aanbod
    aanbod.zorgvraagtypes.set(Zorgvraagtype.objects.filter(number=1))
    client.force_login(wt_cast.provider_user)
    form = client.get(edit_url(aanbod)).context["form"]
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value not in (None, False)
    }
    data["zorgvraagtypes"] = [z.pk for z in data["zorgvraagtypes"]]
    data["gemeenten_served"] = [g.pk for g in data["gemeenten_served"]]
    data["region"] = aanbod.region.pk
    data["gemeente"] = aanbod.gemeente.pk
    data.pop("is_active")
    data["name"] = "Basis-ggz Noord (gesloten)"
    response = client.post(edit_url(aanbod), data)
    assert response.status_code == 302, response.context["form"].errors
    aanbod.refresh_from_db()
    assert aanbod.name == "Basis-ggz Noord (gesloten)"
    assert not aanbod.is_active
    assert Aanbod.objects.filter(pk=aanbod.pk).exists()
    client.force_login(wt_cast.coordinator)
    assert "Basis-ggz Noord (gesloten)" not in names(client.get(KAART))


# What is missing ----------------------------------------------------------------------
def test_r_wt_7_a_coordinator_notes_missing_offer_and_marks_it_resolved(client, wt_cast, cast):
    client.force_login(wt_cast.coordinator)
    assert client.get(MISSING).status_code == 200
    response = client.post(
        MISSING,
        {
            "network": wt_cast.network.pk,
            "category": Category.WONEN,
            "gemeenten": [wt_cast.gemeenten[1].pk],
            "description": "Geen beschermd wonen voor jongeren",
        },
    )
    assert response.status_code == 302
    note = OntbrekendAanbod.objects.get()
    assert note.created_by == wt_cast.coordinator
    assert list(note.gemeenten.all()) == [wt_cast.gemeenten[1]]
    # The kaart shows it to coordinators, not to others.
    kaart = client.get(KAART).content.decode()
    assert "Wat ontbreekt" in kaart and "Geen beschermd wonen voor jongeren" in kaart
    client.force_login(cast[Role.HUISARTS])
    assert "Geen beschermd wonen" not in client.get(KAART).content.decode()

    client.force_login(wt_cast.coordinator)
    assert client.post(MISSING, {"opgelost": note.pk}).status_code == 302
    note.refresh_from_db()
    assert note.resolved_at is not None
    assert "Geen beschermd wonen" not in client.get(KAART).content.decode()
    assert "Opgelost op" in client.get(MISSING).content.decode()


def test_a_missing_offer_needs_a_description_and_gemeenten_of_the_region(client, wt_cast):
    client.force_login(wt_cast.coordinator)
    response = client.post(
        MISSING, {"network": wt_cast.network.pk, "category": "wonen", "description": ""}
    )
    assert response.status_code == 200
    assert "description" in response.context["form"].errors
    with pytest.raises(ValidationError):
        services.ontbrekend_create(
            user=wt_cast.coordinator,
            network=wt_cast.network,
            category="wonen",
            description="Iets",
            gemeenten=[RegionFactory().gemeenten.create(cbs_code="GM9999", name="Ver weg")],
        )


def test_only_coordinators_open_the_missing_list_and_only_their_networks(
    client, wt_cast, cast, outsider, other_network
):
    note = services.ontbrekend_create(
        user=wt_cast.coordinator,
        network=wt_cast.network,
        category=Category.WERKEN,
        description="Geen werkfit-traject in Noordgemeente",
    )
    for role in (Role.HUISARTS, Role.GGZ_PROFESSIONAL, Role.BEHEERDER):
        client.force_login(cast[role])
        assert client.get(MISSING).status_code == 403
    client.force_login(wt_cast.provider_user)
    assert client.get(MISSING).status_code == 403
    client.force_login(outsider)
    response = client.get(MISSING)
    assert response.status_code == 200
    assert "Geen werkfit-traject" not in response.content.decode()
    # The outsider cannot resolve noord's note, nor add one for noord.
    client.post(MISSING, {"opgelost": note.pk})
    note.refresh_from_db()
    assert note.resolved_at is None
    response = client.post(
        MISSING, {"network": wt_cast.network.pk, "category": "wonen", "description": "X"}
    )
    assert "network" in response.context["form"].errors
    with pytest.raises(PermissionDenied):
        services.ontbrekend_resolve(user=outsider, ontbrekend=note)


# The API -------------------------------------------------------------------------------
def api_get(user, action="list", pk=None, **params):
    request = APIRequestFactory().get("/api/v1/aanbod/", params)
    force_authenticate(request, user=user)
    view = AanbodViewSet.as_view({"get": action})
    response = view(request, pk=pk) if pk is not None else view(request)
    response.render()
    return response


def test_the_api_lists_the_offers_a_caller_sees_with_the_same_filters(wt_cast, outsider):
    offer(
        wt_cast,
        name="Werkfit",
        domain=AanbodDomain.SD,
        category=Category.WERKEN,
        declared_wait_weeks=Decimal("2"),
        served=[wt_cast.gemeenten[2]],
    )
    response = api_get(wt_cast.coordinator)
    assert response.status_code == 200
    assert [r["name"] for r in response.data["results"]] == [
        "Basis-ggz Noord",
        "Specialistisch Anders",
        "Werkfit",
    ]
    row = api_get(wt_cast.coordinator, category="werken").data["results"]
    assert [r["name"] for r in row] == ["Werkfit"]
    assert row[0]["wait_weeks"] == 2.0 and row[0]["wait_source"] == "opgave"
    assert row[0]["gemeenten_served"] == [wt_cast.gemeenten[2].cbs_code]
    assert row[0]["provider_name"] == wt_cast.provider.name
    assert row[0]["region"] == wt_cast.region.code
    by_gemeente = api_get(wt_cast.coordinator, gemeente=wt_cast.gemeenten[2].cbs_code)
    assert "Werkfit" in [r["name"] for r in by_gemeente.data["results"]]
    assert [r["name"] for r in api_get(wt_cast.coordinator, domain="sd").data["results"]] == [
        "Werkfit"
    ]
    assert [r["name"] for r in api_get(wt_cast.coordinator, q="werkfit").data["results"]] == [
        "Werkfit"
    ]
    assert api_get(outsider).data["results"] == []


def test_the_api_answers_a_bad_filter_with_a_problem_and_a_hidden_offer_with_404(wt_cast, outsider):
    response = api_get(wt_cast.coordinator, category="ruimtevaart")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "category" in response.data["errors"]
    response = api_get(wt_cast.coordinator, gemeente="onbekend")
    assert response.status_code == 400
    assert response.data["errors"]["gemeente"][0]["message"] == (
        "Onbekende CBS-gemeentecode onbekend."
    )
    response = api_get(outsider, action="retrieve", pk=wt_cast.aanbod.pk)
    assert response.status_code == 404
    assert response.data["status"] == 404
    response = api_get(wt_cast.coordinator, action="retrieve", pk=wt_cast.aanbod.pk)
    assert response.status_code == 200
    assert response.data["name"] == "Basis-ggz Noord"


# Query counts --------------------------------------------------------------------------
def _more_offers(wt_cast, n):
    for i in range(n):
        offer(
            wt_cast,
            name=f"Extra {i:03d}",
            category=EIGHT[i % 8],
            domain=AanbodDomain.SD,
            declared_wait_weeks=Decimal(i % 7),
            served=wt_cast.gemeenten,
        )


@pytest.mark.parametrize("extra", [0, 60])
def test_the_kaart_query_count_does_not_grow_with_the_data(
    client, wt_cast, extra, django_assert_max_num_queries
):
    _more_offers(wt_cast, extra)
    for i in range(extra // 5):
        services.ontbrekend_create(
            user=wt_cast.coordinator,
            network=wt_cast.network,
            category=Category.WONEN,
            description=f"Mist {i}",
            gemeenten=wt_cast.gemeenten,
        )
    client.force_login(wt_cast.coordinator)
    # Session, user, the menu's provider check, scoping, the filters' gemeenten, count, page,
    # the page's gemeenten, the coordinator's short "wat ontbreekt" (+ its gemeenten).
    with django_assert_max_num_queries(12):
        response = client.get(KAART, {"domein": "sd", "max_weken": "10", "q": "Extra"})
    assert response.status_code == 200
    with django_assert_max_num_queries(9):
        client.get(MISSING)
    with django_assert_max_num_queries(9):
        client.get(detail_url(wt_cast.aanbod))
    with django_assert_max_num_queries(4):
        assert api_get(wt_cast.coordinator).status_code == 200


def test_waiting_times_in_words():
    assert weeks_words(None) == ""
    assert weeks_words(0) == "geen"
    assert weeks_words(Decimal("1")) == "1 week"
    assert weeks_words(2.5) == "2,5 weken"
    assert weeks_words(Decimal("12.0")) == "12 weken"
