"""Who sees which money (bekostiging.selectors): every selector that decides visibility,
for the coordinator, the declaring provider, the insurer (its own UZOVI only), the gemeente
and the mandaatgemeente, and an outsider. What is not theirs is 404, never 403."""

from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

import pytest

from bekostiging.constants import ExportFormat, RegelStatus
from bekostiging.selectors.begroting import begrotingspost_get_for_user
from bekostiging.selectors.contracten import network_get_for_coordinator
from bekostiging.selectors.declaraties import (
    can_manage_regel,
    declaratie_manage_networks_for_user,
    declaratie_networks_for_user,
    insurers_for_regel_filter,
    insurers_for_user,
    regel_get_for_insurer_user,
    regel_get_for_user,
    regels_for_insurer,
    regels_for_user,
    regels_manageable_for_user,
    tegengehouden_for_user,
    tegengehouden_get_for_user,
)
from bekostiging.selectors.exports import (
    export_get_for_user,
    exports_for_user,
    insurer_scope_for_user,
)
from bekostiging.selectors.financiering import (
    afspraak_get_for_user,
    afspraken_for_user,
    gemeenten_for_user,
)
from bekostiging.services.exports import export_create
from networks.services.regios import region_set_mandaatgemeente
from tests.bekostiging.factories import (
    BegrotingspostFactory,
    ContractFactory,
    DeclaratieregelFactory,
    GemeenteAfspraakFactory,
    held_back,
)
from tests.networks.factories import GemeenteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def lines(bk_cast, other_network):
    """Lumpsum lines of noord in every state to Verzekeraar Noord, one to Verzekeraar Twee,
    and one of zuid to Verzekeraar Zuid."""
    bk = bk_cast
    noord = bk.lumpsum_contract
    two = ContractFactory(network=bk.network, insurer=bk.insurer_two, provider=bk.provider)
    zuid = ContractFactory(
        network=other_network, insurer=bk.other_insurer, provider=other_network.regievoerder
    )
    made = {
        "concept": DeclaratieregelFactory(contract=noord),
        "klaar": DeclaratieregelFactory(contract=noord, klaar=True),
        "geexporteerd": DeclaratieregelFactory(contract=noord, geexporteerd=True),
        "geaccepteerd": DeclaratieregelFactory(contract=noord, geaccepteerd=True),
        "afgewezen": DeclaratieregelFactory(contract=noord, afgewezen=True),
        "credit": DeclaratieregelFactory(contract=noord, credit=True),
        "twee": DeclaratieregelFactory(contract=two, klaar=True),
        "zuid": DeclaratieregelFactory(contract=zuid, klaar=True),
    }
    made["credited"] = made["credit"].credit_of
    return made


def names(lines, queryset) -> set[str]:
    by_pk = {line.pk: name for name, line in lines.items()}
    return {by_pk.get(pk, f"other {pk}") for pk in queryset.values_list("pk", flat=True)}


NOORD = {
    "concept",
    "klaar",
    "geexporteerd",
    "geaccepteerd",
    "afgewezen",
    "credit",
    "credited",
    "twee",
}


# --- Declaration lines ----------------------------------------------------------------


def test_the_coordinator_sees_every_line_of_the_network_and_none_of_another(bk_cast, lines):
    seen = names(lines, regels_for_user(bk_cast.coordinator))
    assert seen >= NOORD
    assert "zuid" not in seen
    assert can_manage_regel(bk_cast.coordinator, lines["klaar"])
    assert regel_get_for_user(bk_cast.coordinator, lines["concept"].pk) == lines["concept"]
    with pytest.raises(Http404):
        regel_get_for_user(bk_cast.coordinator, lines["zuid"].pk)


def test_the_declaring_provider_sees_and_manages_its_own_lines(bk_cast, lines):
    user = bk_cast.provider_user
    assert names(lines, regels_for_user(user)) >= NOORD
    assert "zuid" not in names(lines, regels_for_user(user))
    assert can_manage_regel(user, lines["concept"])
    assert bk_cast.network in declaratie_manage_networks_for_user(user)
    assert lines["concept"] in regels_manageable_for_user(user, bk_cast.network)


def test_r_bk_4_an_insurer_sees_only_the_lines_to_its_own_uzovi(bk_cast, lines):
    user = bk_cast.insurer_user
    seen = names(lines, regels_for_user(user))
    assert "twee" not in seen and "zuid" not in seen
    assert seen == NOORD - {"twee", "concept"}  # a concept line is not offered yet
    assert names(lines, regels_for_insurer(user, bk_cast.insurer)) == NOORD - {"twee", "concept"}
    assert names(lines, regels_for_user(bk_cast.insurer_two_user)) == {"twee"}
    # Insurers judge lines; they neither mark them ready nor correct them.
    assert not can_manage_regel(user, lines["klaar"])
    assert bk_cast.network not in declaratie_manage_networks_for_user(user)
    assert not regels_manageable_for_user(user, bk_cast.network).exists()
    assert bk_cast.network in declaratie_networks_for_user(user)
    coordinator_choice = insurers_for_regel_filter(
        bk_cast.coordinator, bk_cast.network, coordinator=True
    )
    assert {bk_cast.insurer, bk_cast.insurer_two} <= set(coordinator_choice)
    assert list(insurers_for_regel_filter(user, bk_cast.network, coordinator=False)) == [
        bk_cast.insurer
    ]


def test_R_BK_4_an_insurer_never_sees_a_concept_line_through_any_selector(bk_cast, lines):
    """R-PR-2: an insurer sees a line only once it is offered for declaration (klaar or
    later); the coordinator and the declaring provider still see the concept."""
    user = bk_cast.insurer_user
    concept = lines["concept"]
    assert not regels_for_user(user).filter(pk=concept.pk).exists()
    assert not regels_for_insurer(user, bk_cast.insurer).filter(pk=concept.pk).exists()
    with pytest.raises(Http404):
        regel_get_for_user(user, concept.pk)
    with pytest.raises(Http404):
        regel_get_for_insurer_user(user, concept.reference, insurers=[bk_cast.insurer])
    for who in (bk_cast.coordinator, bk_cast.provider_user):
        assert regel_get_for_user(who, concept.pk) == concept
    # Once offered it appears; taken back to concept it is gone again.
    concept.status = RegelStatus.KLAAR
    concept.save(update_fields=["status"])
    assert regel_get_for_user(user, concept.pk) == concept
    concept.status = RegelStatus.CONCEPT
    concept.save(update_fields=["status"])
    assert not regels_for_user(user).filter(pk=concept.pk).exists()


def test_r_bk_4_an_insurer_never_gets_a_line_of_another_insurer(bk_cast, lines):
    user = bk_cast.insurer_user
    insurers = list(insurers_for_user(user))
    assert insurers == [bk_cast.insurer]
    klaar = lines["klaar"]
    assert regel_get_for_insurer_user(user, klaar.reference, insurers=insurers) == klaar
    for other in (lines["twee"], lines["zuid"]):
        with pytest.raises(Http404):
            regel_get_for_insurer_user(user, other.reference, insurers=insurers)
        with pytest.raises(Http404):
            regel_get_for_user(user, other.pk)
    with pytest.raises(Http404):
        regel_get_for_insurer_user(user, "not-a-reference", insurers=insurers)
    with pytest.raises(Http404):  # the user does not act for Verzekeraar Twee
        regels_for_insurer(user, bk_cast.insurer_two)


def test_r_bk_4_an_insurer_exports_its_lines_from_klaar_on_never_the_concepts(bk_cast, lines):
    def export(statuses):
        return export_create(
            user=bk_cast.insurer_user,
            network=bk_cast.network,
            insurer=bk_cast.insurer,
            period_start=date(2024, 1, 1),
            period_end=date(2040, 12, 31),
            statuses=statuses,
            format=ExportFormat.CSV,
        )

    with pytest.raises(ValidationError):
        export([RegelStatus.CONCEPT])
    made = export([RegelStatus.CONCEPT, *RegelStatus.values[1:]])
    assert made.statuses == [s for s in RegelStatus.values if s != RegelStatus.CONCEPT]
    assert made.line_count == len(NOORD - {"twee", "concept"})


@pytest.mark.parametrize("who", ["gemeente_user", "outsider", "anonymous"])
def test_gemeenten_outsiders_and_anonymous_users_see_no_lines(bk_cast, lines, outsider, who):
    user = {
        "gemeente_user": bk_cast.gemeente_user,
        "outsider": outsider,
        "anonymous": AnonymousUser(),
    }[who]
    # The outsider coordinates zuid: it sees zuid's line, nothing of noord.
    assert names(lines, regels_for_user(user)) <= {"zuid"}
    assert not tegengehouden_for_user(user).filter(network=bk_cast.network).exists()
    assert not exports_for_user(user).filter(network=bk_cast.network).exists()
    assert bk_cast.network not in declaratie_networks_for_user(user)
    assert bk_cast.network not in declaratie_manage_networks_for_user(user)
    with pytest.raises(Http404):
        regel_get_for_user(user, lines["klaar"].pk)


def test_held_back_conversations_are_for_the_coordinator_and_the_provider(bk_cast, outsider):
    _stranger, _no_contract, _uninsured = held_back(bk_cast)
    held = tegengehouden_for_user(bk_cast.coordinator).first()
    assert held is not None
    assert tegengehouden_get_for_user(bk_cast.provider_user, held.pk) == held
    for user in (bk_cast.insurer_user, bk_cast.gemeente_user, outsider):
        with pytest.raises(Http404):
            tegengehouden_get_for_user(user, held.pk)


# --- Exports and the insurer's pages ------------------------------------------------------


def test_r_bk_4_an_export_belongs_to_the_insurer_that_made_it(bk_cast, lines, outsider):
    made = export_create(
        user=bk_cast.insurer_user,
        network=bk_cast.network,
        insurer=bk_cast.insurer,
        period_start=date(2024, 1, 1),
        period_end=date(2040, 12, 31),
        statuses=[RegelStatus.KLAAR],
        format=ExportFormat.CSV,
    )
    assert export_get_for_user(bk_cast.insurer_user, made.pk) == made
    for user in (bk_cast.insurer_two_user, bk_cast.coordinator, bk_cast.provider_user, outsider):
        with pytest.raises(Http404):
            export_get_for_user(user, made.pk)


def test_r_bk_4_the_insurer_scope_is_refused_to_non_insurers_and_others_insurers(bk_cast, outsider):
    scope = insurer_scope_for_user(bk_cast.insurer_user, {})
    assert (scope.insurer, scope.network) == (bk_cast.insurer, bk_cast.network)
    for user in (bk_cast.coordinator, bk_cast.provider_user, outsider):
        with pytest.raises(PermissionDenied):
            insurer_scope_for_user(user, {})
    with pytest.raises(Http404):
        insurer_scope_for_user(bk_cast.insurer_user, {"verzekeraar": bk_cast.insurer_two.pk})
    with pytest.raises(Http404):
        insurer_scope_for_user(bk_cast.insurer_user, {"netwerk": "zuid"})


# --- Contracts, gemeente funding and the budget ----------------------------------------


def test_contracts_and_budgets_are_for_the_networks_coordinators(bk_cast, outsider):
    assert network_get_for_coordinator(bk_cast.coordinator, "noord") == bk_cast.network
    for user in (bk_cast.insurer_user, bk_cast.provider_user, bk_cast.gemeente_user):
        with pytest.raises(PermissionDenied):  # they see the network, but do not coordinate
            network_get_for_coordinator(user, "noord")
    with pytest.raises(Http404):
        network_get_for_coordinator(outsider, "noord")
    post = BegrotingspostFactory(network=bk_cast.network, funder=bk_cast.insurer)
    assert begrotingspost_get_for_user(bk_cast.coordinator, post.pk) == post
    with pytest.raises(Http404):
        begrotingspost_get_for_user(outsider, post.pk)


def test_r_bk_3_a_gemeente_sees_its_own_gemeente_and_the_mandaatgemeente_its_region(
    bk_cast, outsider
):
    noorddorp = bk_cast.vg_cast.gemeente
    region = bk_cast.network.regions.first()
    anderdorp = GemeenteFactory(name="Anderdorp", region=region)
    elsewhere = GemeenteFactory(name="Verredorp")
    bk_cast.network.gemeenten.add(anderdorp, elsewhere)
    own = GemeenteAfspraakFactory(network=bk_cast.network, gemeente=noorddorp)
    neighbour = GemeenteAfspraakFactory(network=bk_cast.network, gemeente=anderdorp)
    far = GemeenteAfspraakFactory(network=bk_cast.network, gemeente=elsewhere)
    user = bk_cast.gemeente_user

    assert list(gemeenten_for_user(user)) == [noorddorp]
    assert set(afspraken_for_user(user)) == {own}
    assert afspraak_get_for_user(user, own.pk) == own
    with pytest.raises(Http404):
        afspraak_get_for_user(user, neighbour.pk)

    region_set_mandaatgemeente(region=region, gemeente=noorddorp)
    region_gemeenten = set(gemeenten_for_user(user))
    assert {noorddorp, anderdorp} <= region_gemeenten
    assert elsewhere not in region_gemeenten
    assert set(afspraken_for_user(user)) == {own, neighbour}
    with pytest.raises(Http404):
        afspraak_get_for_user(user, far.pk)

    assert set(afspraken_for_user(bk_cast.coordinator)) == {own, neighbour, far}
    for nobody in (outsider, bk_cast.insurer_user, AnonymousUser()):
        assert not afspraken_for_user(nobody).exists()
        with pytest.raises(Http404):
            afspraak_get_for_user(nobody, own.pk)
