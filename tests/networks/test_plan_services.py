"""R-NW-6: the plan's versions, sharing, phase transitions and besluiten; R-BK-3 middelen."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

import pytest

from networks.models.plan import (
    BeoordelaarSoort,
    BesluitSoort,
    Fase,
    MiddelenStap,
    PuntStatus,
    Uitkomst,
)
from networks.services import plan as services
from tests.networks.plan_factories import (
    make_plan,
    pdf,
    positive_voorgenomen,
    reviewer,
    submitted_plan,
)

pytestmark = pytest.mark.django_db


def _besluit(plan, user, soort, uitkomst, datum=date(2025, 12, 18)):
    return services.besluit_record(
        plan=plan, soort=soort, uitkomst=uitkomst, reden="Motivering.", datum=datum, user=user
    )


def test_R_NW_6_versions_run_from_0_1_to_1_0_and_increase(network, coordinator):
    plan = make_plan(network, coordinator)
    for wrong in ["1.1", "0.0", "2", "0.10", "v1"]:
        with pytest.raises(ValidationError) as error:
            services.versie_upload(plan=plan, nummer=wrong, document=pdf(), uploaded_by=coordinator)
        assert "0.1 tot en met 1.0" in str(error.value)
    versie = services.versie_upload(
        plan=plan, nummer="0,3", document=pdf(), uploaded_by=coordinator
    )
    assert versie.nummer == "0.3"
    with pytest.raises(ValidationError, match="volgt niet op de laatste versie 0.3"):
        services.versie_upload(plan=plan, nummer="0.2", document=pdf(), uploaded_by=coordinator)
    assert (
        services.versie_upload(
            plan=plan, nummer="1.0", document=pdf(), uploaded_by=coordinator
        ).tienden
        == 10
    )


def test_R_NW_6_a_version_is_a_pdf_of_at_most_10_mb(network, coordinator):
    plan = make_plan(network, coordinator)
    with pytest.raises(ValidationError, match="geen PDF"):
        services.versie_upload(
            plan=plan,
            nummer="0.1",
            document=ContentFile(b"hallo", name="x.pdf"),
            uploaded_by=coordinator,
        )
    big = ContentFile(b"%PDF-" + b"0" * (10 * 1024 * 1024), name="groot.pdf")
    with pytest.raises(ValidationError, match="groter dan 10 MB"):
        services.versie_upload(plan=plan, nummer="0.1", document=big, uploaded_by=coordinator)


def test_R_NW_6_submitting_partners_are_formal_partners(network, coordinator):
    from networks.constants import Ring

    outer = network.partnerships.filter(ring=Ring.OUTER).first().organisation
    with pytest.raises(ValidationError, match="Alleen formele partners"):
        services.plan_create(
            network=network,
            ronde=2025,
            titel="Plan",
            indienende_partners=[outer],
            created_by=coordinator,
        )


def test_R_NW_6_a_version_is_shared_only_when_every_partner_agreed(network, coordinator):
    plan = make_plan(network, coordinator)
    versie = services.versie_upload(
        plan=plan, nummer="0.1", document=pdf(), uploaded_by=coordinator
    )
    first, second = plan.indienende_partners.order_by("name")
    services.instemming_record(versie=versie, organisation=first, user=coordinator)
    with pytest.raises(ValidationError, match=second.name):
        services.versie_share(versie=versie)
    with pytest.raises(ValidationError, match="Deel eerst een versie"):
        services.plan_submit(plan=plan, ingediend_op=date(2025, 11, 1))
    services.instemming_record(versie=versie, organisation=second, user=coordinator)
    assert services.versie_share(versie=versie).gedeeld_op is not None


def test_R_NW_6_phase_transitions_without_correction(network, coordinator):
    plan = submitted_plan(network, coordinator)
    assert plan.fase == Fase.B and plan.ingediend_op == date(2025, 11, 20)
    user = reviewer(plan, coordinator)
    with pytest.raises(ValidationError, match="Een definitief besluit volgt op de consultatie"):
        _besluit(plan, user, BesluitSoort.DEFINITIEF, Uitkomst.POSITIEF)
    _besluit(plan, user, BesluitSoort.VOORGENOMEN, Uitkomst.POSITIEF)
    plan.refresh_from_db()
    assert plan.fase == Fase.C
    with pytest.raises(ValidationError, match="Een voorgenomen besluit volgt op de beoordeling"):
        _besluit(plan, user, BesluitSoort.VOORGENOMEN, Uitkomst.POSITIEF)
    _besluit(plan, user, BesluitSoort.DEFINITIEF, Uitkomst.POSITIEF, date(2026, 1, 15))
    plan.refresh_from_db()
    assert plan.fase == Fase.F
    with pytest.raises(ValidationError, match="Het plan is al ingediend"):
        services.plan_submit(plan=plan, ingediend_op=date(2026, 2, 1))


def test_R_NW_6_a_negative_besluit_brings_the_plan_to_correction(network, coordinator):
    plan = submitted_plan(network, coordinator)
    user = reviewer(plan, coordinator)
    _besluit(plan, user, BesluitSoort.VOORGENOMEN, Uitkomst.NEGATIEF)
    plan.refresh_from_db()
    assert plan.fase == Fase.D
    with pytest.raises(ValidationError, match="vóór het negatieve besluit"):
        services.plan_submit(plan=plan, ingediend_op=date(2025, 12, 1))
    services.plan_submit(plan=plan, ingediend_op=date(2026, 1, 2))
    plan.refresh_from_db()
    assert plan.fase == Fase.E and plan.correctie_ingediend_op == date(2026, 1, 2)
    with pytest.raises(ValidationError, match="definitief besluit"):
        _besluit(plan, user, BesluitSoort.DEFINITIEF, Uitkomst.POSITIEF, date(2026, 2, 1))
    herbeoordeling = _besluit(
        plan, user, BesluitSoort.VOORGENOMEN, Uitkomst.POSITIEF, date(2026, 2, 1)
    )
    assert herbeoordeling.herbeoordeling
    plan.refresh_from_db()
    assert plan.fase == Fase.E
    _besluit(plan, user, BesluitSoort.DEFINITIEF, Uitkomst.POSITIEF, date(2026, 3, 1))
    plan.refresh_from_db()
    assert plan.fase == Fase.F


def test_R_NW_6_only_deciding_reviewers_record_a_besluit_with_a_reason(network, coordinator):
    plan = submitted_plan(network, coordinator)
    consulting = reviewer(plan, coordinator, soort=BeoordelaarSoort.CONSULTEREND)
    with pytest.raises(ValidationError, match="Alleen de eerste en tweede"):
        _besluit(plan, consulting, BesluitSoort.VOORGENOMEN, Uitkomst.POSITIEF)
    user = reviewer(plan, coordinator)
    with pytest.raises(ValidationError, match="motivering"):
        services.besluit_record(
            plan=plan,
            soort="voorgenomen",
            uitkomst="positief",
            reden=" ",
            datum=date(2025, 12, 1),
            user=user,
        )


def test_R_NW_6_an_approval_carries_tracked_aandachtspunten(network, coordinator):
    plan = submitted_plan(network, coordinator)
    user = reviewer(plan, coordinator)
    owner = plan.indienende_partners.first()
    besluit = positive_voorgenomen(
        plan, user, punten=[("Evalueer het VG", owner, date(2026, 6, 1))], brief=pdf("brief.pdf")
    )
    punt = plan.aandachtspunten.get()
    assert (punt.besluit, punt.eigenaar, punt.status) == (besluit, owner, PuntStatus.OPEN)
    assert besluit.brief.name
    services.aandachtspunt_afhandelen(punt=punt, op=date(2026, 5, 1))
    punt.refresh_from_db()
    assert punt.status == PuntStatus.AFGEHANDELD and punt.afgehandeld_op == date(2026, 5, 1)
    with pytest.raises(ValidationError, match="al afgehandeld"):
        services.aandachtspunt_afhandelen(punt=punt, op=date(2026, 5, 2))


def test_R_NW_6_a_negative_besluit_has_no_aandachtspuntenbrief(network, coordinator):
    plan = submitted_plan(network, coordinator)
    user = reviewer(plan, coordinator)
    with pytest.raises(ValidationError, match="positief besluit"):
        services.besluit_record(
            plan=plan,
            soort="voorgenomen",
            uitkomst="negatief",
            reden="Nee.",
            datum=date(2025, 12, 1),
            user=user,
            brief=pdf("brief.pdf"),
        )


def test_R_NW_6_middelen_steps_follow_each_other(network, coordinator):
    plan = make_plan(network, coordinator)

    def record(stap, bedrag, datum=date(2026, 1, 10)):
        return services.middel_record(
            plan=plan, stap=stap, datum=datum, bedrag=Decimal(bedrag), user=coordinator
        )

    with pytest.raises(ValidationError, match="Leg eerst de Reservering vast"):
        record(MiddelenStap.BESCHIKKING, "100")
    record(MiddelenStap.RESERVERING, "1000", date(2026, 1, 1))
    with pytest.raises(ValidationError, match="al vastgelegd"):
        record(MiddelenStap.RESERVERING, "1000")
    with pytest.raises(ValidationError, match="Leg eerst de NZa-beschikking vast"):
        record(MiddelenStap.BETALING, "100")
    with pytest.raises(ValidationError, match="vóór die van de Reservering"):
        record(MiddelenStap.BESCHIKKING, "800", date(2025, 12, 1))
    record(MiddelenStap.BESCHIKKING, "800")
    record(MiddelenStap.BETALING, "500.50")
    with pytest.raises(ValidationError, match="overschrijden"):
        record(MiddelenStap.BETALING, "300")
    record(MiddelenStap.BETALING, "299.50")
    assert sum(m.bedrag for m in plan.middelen.filter(stap="betaling")) == Decimal("800.00")
    with pytest.raises(ValidationError, match="groter dan nul"):
        record(MiddelenStap.BETALING, "0")
