"""R-NW-6: the plan's pages: who reads, who manages, what a reviewer sees (404 elsewhere)."""

from datetime import date

from django.urls import reverse
from django.utils import timezone

import pytest

from mgn.accounts.constants import Role
from networks.forms.plan import PlanCreateForm
from networks.models.plan import Fase, PuntStatus
from networks.services import plan as services
from tests.accounts.factories import UserFactory
from tests.networks.factories import PartnershipFactory
from tests.networks.plan_factories import pdf, positive_voorgenomen, reviewer, submitted_plan

pytestmark = pytest.mark.django_db


def _url(name, plan, **extra):
    return reverse(f"networks:{name}", kwargs={"slug": plan.network.slug, "pk": plan.pk, **extra})


@pytest.fixture
def plan(network, coordinator):
    return submitted_plan(network, coordinator)


def test_R_NW_6_a_reviewer_does_not_see_an_unshared_version(client, network, coordinator):
    plan = submitted_plan(network, coordinator, partners=1)
    shared = plan.versies.get()
    plan.fase = Fase.D
    plan.save(update_fields=["fase"])
    hidden = plan.versies.model.objects.create(
        plan=plan, tienden=3, document=pdf("geheim.pdf"), uploaded_by=coordinator
    )
    hidden.document.save("geheim.pdf", pdf("geheim.pdf"))
    user = reviewer(plan, coordinator)
    client.force_login(user)
    page = client.get(_url("plan_detail", plan))
    assert page.status_code == 200
    html = page.content.decode()
    assert _url("plan_versie_document", plan, versie=shared.pk) in html
    assert _url("plan_versie_document", plan, versie=hidden.pk) not in html
    assert client.get(_url("plan_versie_document", plan, versie=hidden.pk)).status_code == 404
    assert client.get(_url("plan_versie_document", plan, versie=shared.pk)).status_code == 200
    # The coordinator sees and downloads both.
    client.force_login(coordinator)
    assert client.get(_url("plan_versie_document", plan, versie=hidden.pk)).status_code == 200


def test_R_NW_6_a_reviewer_sees_only_the_plans_assigned_to_them(
    client, network, other_network, coordinator, cast
):
    plan = submitted_plan(network, coordinator)
    outsider = cast["outsider"]
    other = submitted_plan(other_network, outsider, titel="Plan van zuid")
    user = reviewer(plan, coordinator)
    client.force_login(user)
    mine = client.get(reverse("networks:mijn_beoordelingen")).content.decode()
    assert plan.titel in mine and "Plan van zuid" not in mine
    assert client.get(_url("plan_detail", other)).status_code == 404
    assert (
        client.get(_url("plan_versie_document", other, versie=other.versies.get().pk)).status_code
        == 404
    )
    assert client.get(reverse("networks:network_detail", args=[network.slug])).status_code == 404
    assert client.get(reverse("networks:plan_index", args=[other_network.slug])).status_code == 404
    assert client.get(reverse("networks:plan_index", args=[network.slug])).status_code == 200
    # The plan's own network through the other network's slug: 404.
    wrong = reverse("networks:plan_detail", kwargs={"slug": other_network.slug, "pk": plan.pk})
    assert client.get(wrong).status_code == 404


def test_R_NW_6_members_read_and_only_coordinators_manage(client, plan, cast):
    client.force_login(cast[Role.HUISARTS])
    assert client.get(_url("plan_detail", plan)).status_code == 200
    response = client.post(_url("plan_indienen", plan), {"indienen-ingediend_op": "2025-11-01"})
    assert response.status_code == 403
    client.force_login(cast["outsider"])
    assert client.get(_url("plan_detail", plan)).status_code == 404


def test_R_NW_6_coordinator_enters_the_submission_date_and_sees_the_planning(
    client, network, coordinator, django_assert_max_num_queries
):
    from tests.networks.plan_factories import make_plan, share

    plan = make_plan(network, coordinator)
    share(plan, coordinator)
    client.force_login(coordinator)
    response = client.post(_url("plan_indienen", plan), {"indienen-ingediend_op": "2025-12-04"})
    assert response.status_code == 302
    with django_assert_max_num_queries(40):
        html = client.get(_url("plan_detail", plan)).content.decode()
    assert "1 januari 2026" in html  # B ends 1 January 2026 (4 Dec + 4 weeks)
    assert "29 januari 2026" in html  # C ends
    assert "na de uiterste datum van deze ronde" in html
    ics = client.get(_url("plan_ics", plan, besluit="voorgenomen"))
    assert ics.status_code == 200
    assert b"DTSTART:20260101T090000Z" in ics.content
    assert client.get(_url("plan_ics", plan, besluit="anders")).status_code == 404


def test_R_NW_6_a_reviewer_records_a_positive_voorgenomen_besluit_with_a_point(
    client, plan, coordinator
):
    user = reviewer(plan, coordinator)
    owner = plan.indienende_partners.first()
    client.force_login(user)
    assert client.get(_url("plan_besluit", plan)).status_code == 200
    response = client.post(
        _url("plan_besluit", plan),
        {
            "soort": "voorgenomen",
            "uitkomst": "positief",
            "reden": "Goed plan.",
            "datum": "2025-12-18",
            "punt_text": "Evalueer de verkennende gesprekken",
            "punt_eigenaar": owner.pk,
            "punt_uiterlijk": "2026-06-30",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.fase == Fase.C
    html = client.get(_url("plan_detail", plan)).content.decode()
    assert "Evalueer de verkennende gesprekken" in html
    # Without a reason: refused on the form.
    client.force_login(coordinator)
    assert client.get(_url("plan_besluit", plan)).status_code == 403


def test_R_NW_6_the_network_page_shows_the_aandachtspunten(client, plan, coordinator):
    user = reviewer(plan, coordinator)
    owner = plan.indienende_partners.first()
    positive_voorgenomen(plan, user, punten=[("Betrek naasten", owner, date(2026, 5, 1))])
    punt = plan.aandachtspunten.get()
    client.force_login(coordinator)
    html = client.get(reverse("networks:network_detail", args=[plan.network.slug])).content.decode()
    assert "Aandachtspunten uit de beoordeling" in html
    assert "Betrek naasten" in html and owner.name in html
    assert _url("plan_detail", plan) in html
    response = client.post(
        _url("plan_afhandelen", plan, punt=punt.pk), {"afhandelen-op": "2026-05-01"}
    )
    assert response.status_code == 302
    punt.refresh_from_db()
    assert punt.status == PuntStatus.AFGEHANDELD


def test_R_NW_6_coordinators_and_the_beheerder_assign_reviewers(client, plan, cast):
    user = UserFactory(roles=[Role.BEOORDELAAR])
    client.force_login(cast[Role.BEHEERDER])
    response = client.post(
        _url("plan_beoordelaar", plan), {"beoordelaar-user": user.pk, "beoordelaar-soort": "tweede"}
    )
    assert response.status_code == 302
    assert plan.beoordelaars.get().user == user
    client.force_login(cast[Role.GGZ_PROFESSIONAL])
    assert client.post(_url("plan_beoordelaar", plan), {}).status_code == 403


def _grow(plan, coordinator, user, n):
    """n more versions with an agreement, points (some afgehandeld) and reviewers."""
    from networks.models import Instemming, PlanVersie

    owner = plan.indienende_partners.first()
    for i in range(n):
        versie = PlanVersie.objects.create(
            plan=plan, tienden=1 + i, document=f"x{i}.pdf", uploaded_by=coordinator
        )
        Instemming.objects.create(versie=versie, organisation=owner, recorded_by=coordinator)
        punt = services.aandachtspunt_add(
            plan=plan, text=f"Punt {i}", eigenaar=owner, uiterlijk=date(2026, 1, 1 + i)
        )
        if i % 2:
            services.aandachtspunt_afhandelen(punt=punt, op=date(2026, 1, 1))
        reviewer(plan, coordinator, soort="consulterend")


@pytest.mark.parametrize("role", [Role.NETWERKCOORDINATOR, Role.BEOORDELAAR])
def test_R_NW_6_the_plan_page_keeps_its_query_count(
    client, network, cast, role, django_assert_num_queries
):
    coordinator = cast[Role.NETWERKCOORDINATOR]
    plan = submitted_plan(network, coordinator)
    user = reviewer(plan, coordinator, user=cast[Role.BEOORDELAAR])
    positive_voorgenomen(
        plan, user, punten=[("Eerste", plan.indienende_partners.first(), date(2026, 1, 1))]
    )
    client.force_login(cast[role])
    url = _url("plan_detail", plan)
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _grow(plan, coordinator, user, 6)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_R_NW_6_a_partner_records_its_own_agreement_to_share(client, network, cast):
    from networks.services.organisaties import organisation_grant
    from tests.networks.plan_factories import make_plan

    coordinator = cast[Role.NETWERKCOORDINATOR]
    plan = make_plan(network, coordinator)
    versie = services.versie_upload(
        plan=plan, nummer="0.5", document=pdf(), uploaded_by=coordinator
    )
    own, other = plan.indienende_partners.order_by("name")
    partner_user = cast[Role.GGZ_PROFESSIONAL]
    url = _url("plan_instemming", plan, versie=versie.pk)
    client.force_login(partner_user)
    assert client.post(url, {"instemming-organisation": own.pk}).status_code == 403
    organisation_grant(organisation=own, user=partner_user)
    page = client.get(_url("plan_detail", plan)).content.decode()
    assert "Instemming vastleggen" in page and other.name not in page.split("instemming-heading")[1]
    assert client.post(url, {"instemming-organisation": other.pk}).status_code == 400
    assert client.post(url, {"instemming-organisation": own.pk}).status_code == 302
    assert list(versie.instemmingen.values_list("organisation", flat=True)) == [own.pk]
    client.force_login(coordinator)
    assert client.post(_url("plan_delen", plan, versie=versie.pk)).status_code == 302
    versie.refresh_from_db()
    assert versie.gedeeld_op is None  # the other partner has not agreed yet
    client.post(url, {"instemming-organisation": other.pk})
    client.post(_url("plan_delen", plan, versie=versie.pk))
    versie.refresh_from_db()
    assert versie.gedeeld_op is not None


def test_R_NW_6_a_coordinator_starts_a_plan_and_a_member_may_not(client, network, cast):
    partners = [p.organisation for p in network.partnerships.filter(ring="binnen")][:2]
    data = {"ronde": 2026, "titel": "Plan 2026", "indienende_partners": [p.pk for p in partners]}
    client.force_login(cast[Role.HUISARTS])
    assert client.post(reverse("networks:plan_index", args=[network.slug]), data).status_code == 403
    client.force_login(cast[Role.NETWERKCOORDINATOR])
    response = client.post(reverse("networks:plan_index", args=[network.slug]), data)
    assert response.status_code == 302
    plan = network.plannen.get()
    assert (plan.ronde, plan.fase, set(plan.indienende_partners.all())) == (
        2026,
        Fase.A,
        set(partners),
    )
    again = client.post(reverse("networks:plan_index", args=[network.slug]), data)
    assert "al een transformatieplan voor ronde 2026" in again.content.decode()


def test_R_NW_6_the_menu_shows_mijn_beoordelingen_to_reviewers_only(client, cast):
    url = reverse("networks:mijn_beoordelingen")
    client.force_login(cast[Role.BEOORDELAAR])
    assert f'href="{url}"' in client.get(url).content.decode()
    client.force_login(cast[Role.HUISARTS])
    assert f'href="{url}"' not in client.get(reverse("networks:network_list")).content.decode()


def test_R_NW_6_the_coordinator_page_in_phase_a_offers_the_next_steps(client, network, cast):
    from tests.networks.plan_factories import make_plan

    coordinator = cast[Role.NETWERKCOORDINATOR]
    plan = make_plan(network, coordinator)
    versie = services.versie_upload(
        plan=plan, nummer="0.2", document=pdf(), uploaded_by=coordinator
    )
    client.force_login(coordinator)
    html = client.get(_url("plan_detail", plan)).content.decode()
    assert "Wacht op instemming van" in html
    assert "Instemming met delen van versie 0.2" in html
    assert "Versie toevoegen" in html and "Indiendatum vastleggen" in html
    assert "De planning volgt zodra de indiendatum is vastgelegd." in html
    for partner in plan.indienende_partners.all():
        services.instemming_record(versie=versie, organisation=partner, user=coordinator)
    html = client.get(_url("plan_detail", plan)).content.decode()
    assert "Delen met beoordelaars" in html
    response = client.post(_url("plan_indienen", plan), {"indienen-ingediend_op": "2025-11-01"})
    assert response.status_code == 400
    assert "Deel eerst een versie" in response.content.decode()
    response = client.post(
        _url("plan_versie", plan), {"versie-nummer": "0.1", "versie-document": pdf("x.pdf")}
    )
    assert response.status_code == 400
    assert "volgt niet op de laatste versie 0.2" in response.content.decode()


def test_R_NW_6_a_partner_of_two_networks_is_offered_once(network, other_network):
    """The insurer is a formal partner of both networks: the form lists it once."""
    shared = network.partnerships.filter(ring="binnen").first().organisation
    PartnershipFactory(network=other_network, organisation=shared, ring="binnen")
    form = PlanCreateForm(network=network)
    offered = list(form.fields["indienende_partners"].queryset)
    assert offered.count(shared) == 1
    assert form.fields["ronde"].initial == timezone.localdate().year
