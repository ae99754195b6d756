"""R-BK-1: who declares the ggz part of a held conversation, and to which insurer.

One conversation gives one live VG line: declared by a present ggz professional's
organisation with a valid contract with the person's insurer (the first added if several),
else by an RHO of the network that bought the VG for its huisartsen, else held back once
with the first ggz organisation's reason. The insurer is the one on the conversation date:
a covering recorded period, else (before the first recorded period) the insurer submitted
with that conversation's own request, else not insured."""

import io
import zipfile
from datetime import date, datetime, time
from decimal import Decimal
from xml.etree import ElementTree as ET

from django.db import IntegrityError, transaction
from django.utils import timezone

import pytest
import xmlschema

from bekostiging.constants import ExportFormat, HeldBackReason, RegelStatus
from bekostiging.models import Declaratieregel, Export, ExportRegel, TegengehoudenDeclaratie
from bekostiging.services.contracten import contract_create
from bekostiging.services.declaraties import (
    declaraties_generate,
    regel_correct,
    regel_transition,
    regels_mark_ready,
    verzekering_record,
)
from bekostiging.services.gds import NS_573, SCHEMAS, write_messages
from networks.constants import Discipline
from tests.bekostiging.cast import CONTRACT_START, contract_end
from tests.networks.factories import OrganisationFactory, PartnershipFactory, ProfessionalFactory
from verkennend_gesprek.constants import ParticipantRole
from verkennend_gesprek.models import Deelnemer

pytestmark = pytest.mark.django_db

NS = {"m": NS_573}


def run(bk):
    return declaraties_generate(network=bk.network)


def partner(bk, **traits):
    organisation = OrganisationFactory(**traits)
    PartnershipFactory(network=bk.network, organisation=organisation)
    return organisation


def insurer_oost(bk):
    """An insurer of the network with which the kerninstelling has no VG contract."""
    oost = OrganisationFactory(name="Zorgpolis Oost", zorgverzekeraar=True)
    PartnershipFactory(
        network=bk.network, organisation=oost, role_uitvoering=False, role_monitoring=True
    )
    return oost


def rho_with_vg(bk, insurer, *, starts_on=CONTRACT_START, tariff=Decimal("120.00"), name="HOV"):
    """An RHO of the network that bought the VG for its huisartsen with ``insurer``."""
    rho = partner(bk, rho=True, name=name)
    contract = contract_create(
        network=bk.network,
        insurer=insurer,
        provider=rho,
        function="vg",
        starts_on=starts_on,
        ends_on=contract_end(),
        tariff=tariff,
    )
    return rho, contract


def ggz_of(organisation, name="B. Brug"):
    return ProfessionalFactory(
        organisation=organisation, name=name, discipline=Discipline.GGZ_PROFESSIONAL
    )


def also_present(vg, professional) -> Deelnemer:
    """A second ggz professional present at the request's conversation (added later)."""
    return Deelnemer.objects.create(
        gesprek=vg.gesprekken.get(),
        role=ParticipantRole.GGZ,
        professional=professional,
        present=True,
    )


def only_ggz(vg, professional) -> None:
    """The conversation's ggz professional is ``professional`` instead of the cast's."""
    vg.gesprekken.get().deelnemers.filter(role=ParticipantRole.GGZ).update(
        professional=professional
    )


def held_on(bk, day: date, **kwargs):
    vg = bk.held_vg(**kwargs)
    gesprek = vg.gesprekken.get()
    gesprek.starts_at = timezone.make_aware(datetime.combine(day, time(10)))
    gesprek.save(update_fields=["starts_at"])
    return vg


def send(line) -> Declaratieregel:
    regels_mark_ready([line])
    line.refresh_from_db()
    return regel_transition(line, RegelStatus.GEEXPORTEERD)


# --- The VG through an RHO ------------------------------------------------------------


def test_R_BK_1_the_vg_through_an_rho_is_declared(bk_cast):
    oost = insurer_oost(bk_cast)
    rho, contract = rho_with_vg(bk_cast, oost)
    vg = bk_cast.held_vg(insurer=oost)
    result = run(bk_cast)
    assert (result.created, result.held_back) == (1, 0)
    line = Declaratieregel.objects.get()
    assert line.gesprek == vg.gesprekken.get()
    # The declaring party is the RHO, under its own contract, tariff and AGB code ...
    assert (line.provider, line.contract, line.provider_agb) == (rho, contract, rho.agb_code)
    assert (line.insurer, line.uzovi, line.amount) == (oost, oost.uzovi, Decimal("120.00"))
    # ... the treating professional stays the ggz professional who was there.
    ggz = bk_cast.vg_cast.ggz
    assert line.professional == ggz
    assert (line.professional_agb, line.professional_name) == (ggz.agb_code or "", ggz.name)
    assert not TegengehoudenDeclaratie.objects.exists()

    # Its GDS 573: valid against our XSD, declared by the RHO for the ggz professional.
    regels_mark_ready([line])
    export = Export.objects.create(
        network=bk_cast.network,
        insurer=oost,
        format=ExportFormat.XML,
        period_start=CONTRACT_START,
        period_end=timezone.localdate(),
        statuses=["klaar"],
        line_count=1,
        requested_by=bk_cast.insurer_user,
    )
    ExportRegel.objects.create(export=export, regel=line)
    archive = io.BytesIO()
    assert write_messages(export, archive) == 1
    with zipfile.ZipFile(archive) as zipped:
        (name,) = zipped.namelist()
        data = zipped.read(name)
    xmlschema.XMLSchema10(str(SCHEMAS / "gds573-mgn.xsd")).validate(data.decode())
    message = ET.fromstring(data)
    assert message.findtext("m:Declarant/m:AgbCode", namespaces=NS) == rho.agb_code
    prestatie = message.find(".//m:Prestatie", NS)
    assert prestatie.findtext("m:Behandelaar/m:Naam", namespaces=NS) == ggz.name


def test_R_BK_1_a_contracted_present_ggz_organisation_goes_before_the_rho(bk_cast):
    rho, _contract = rho_with_vg(bk_cast, bk_cast.insurer)
    bk_cast.held_vg(insurer=bk_cast.insurer)
    assert run(bk_cast).created == 1
    line = Declaratieregel.objects.get()
    assert (line.provider, line.contract) == (bk_cast.provider, bk_cast.vg_contract)
    assert line.provider != rho


def test_R_BK_1_of_two_rhos_the_contract_that_started_first_declares(bk_cast):
    oost = insurer_oost(bk_cast)
    _later, _ = rho_with_vg(bk_cast, oost, starts_on=date(2025, 6, 1), name="RHO Later")
    first, contract = rho_with_vg(bk_cast, oost, starts_on=CONTRACT_START, name="RHO Eerst")
    bk_cast.held_vg(insurer=oost)
    assert run(bk_cast).created == 1
    assert (Declaratieregel.objects.get().provider, Declaratieregel.objects.get().contract) == (
        first,
        contract,
    )


def test_R_BK_1_the_correction_of_an_rho_line_is_declared_by_whom_the_rule_picks(bk_cast):
    oost = insurer_oost(bk_cast)
    rho, _contract = rho_with_vg(bk_cast, oost)
    bk_cast.held_vg(insurer=oost)
    run(bk_cast)
    line = send(Declaratieregel.objects.get())
    assert line.provider == rho
    # Since then the kerninstelling has contracted the VG with Zorgpolis Oost itself.
    own = contract_create(
        network=bk_cast.network,
        insurer=oost,
        provider=bk_cast.provider,
        function="vg",
        starts_on=CONTRACT_START,
        ends_on=contract_end(),
        tariff=Decimal("150.00"),
    )
    credit, new = regel_correct(line)
    # The credit undoes the RHO's line as it was declared; the new line is the rule's.
    assert (credit.provider, credit.amount) == (rho, Decimal("-120.00"))
    assert (new.provider, new.contract, new.amount) == (bk_cast.provider, own, Decimal("150.00"))
    assert new.professional == line.professional == bk_cast.vg_cast.ggz
    assert new.service_date == line.service_date


# --- One conversation, one ggz line ----------------------------------------------------


def test_R_BK_1_one_ggz_line_per_conversation(bk_cast):
    de_brug = partner(bk_cast, ggz_aanbieder=True, name="Ambulante GGZ De Brug")
    contract_create(
        network=bk_cast.network,
        insurer=bk_cast.insurer,
        provider=de_brug,
        function="vg",
        starts_on=CONTRACT_START,
        ends_on=contract_end(),
        tariff=Decimal("130.00"),
    )
    vg = bk_cast.held_vg(insurer=bk_cast.insurer)
    also_present(vg, ggz_of(de_brug))
    result = run(bk_cast)
    assert (result.created, result.held_back) == (1, 0)
    # Both contracted: the organisation whose participation was added first declares.
    line = Declaratieregel.objects.get()
    assert (line.provider, line.professional) == (bk_cast.provider, bk_cast.vg_cast.ggz)
    # Generating again adds nothing.
    assert run(bk_cast).created == 0
    assert Declaratieregel.objects.filter(gesprek=line.gesprek).count() == 1
    # The database refuses a second live line for the conversation, even by the other party.
    line.pk = None
    line.provider = de_brug
    with pytest.raises(IntegrityError), transaction.atomic():
        line.save()


def test_R_BK_1_the_first_present_ggz_organisation_with_a_valid_contract_declares(bk_cast):
    de_brug = partner(bk_cast, ggz_aanbieder=True, name="Ambulante GGZ De Brug")
    oost = insurer_oost(bk_cast)
    rho_with_vg(bk_cast, oost)
    contract = contract_create(
        network=bk_cast.network,
        insurer=oost,
        provider=de_brug,
        function="vg",
        starts_on=CONTRACT_START,
        ends_on=contract_end(),
        tariff=Decimal("130.00"),
    )
    vg = bk_cast.held_vg(insurer=oost)  # the kerninstelling (added first) has no contract
    brug_ggz = ggz_of(de_brug)
    also_present(vg, brug_ggz)
    assert run(bk_cast).created == 1
    line = Declaratieregel.objects.get()
    # De Brug goes before the RHO, and names its own professional.
    assert (line.provider, line.contract, line.professional) == (de_brug, contract, brug_ggz)


def test_R_BK_1_held_back_once_with_the_first_ggz_organisations_reason_when_none_qualifies(
    bk_cast,
):
    de_brug = partner(bk_cast, ggz_aanbieder=True, name="Ambulante GGZ De Brug")
    oost = insurer_oost(bk_cast)
    vg = held_on(bk_cast, date(2025, 3, 3), insurer=oost)
    also_present(vg, ggz_of(de_brug))
    # Neither ggz organisation nor any RHO has a contract with the person's insurer.
    result = run(bk_cast)
    assert (result.created, result.held_back) == (0, 1)
    held = TegengehoudenDeclaratie.objects.get()
    assert (held.reason, held.provider, held.insurer) == (
        HeldBackReason.GEEN_CONTRACT,
        bk_cast.provider,
        oost,
    )
    assert bk_cast.provider.name in held.detail and "Zorgpolis Oost" in held.detail
    # An RHO contract that starts after the conversation: held back, "contract niet geldig",
    # still one row, still the first ggz organisation's.
    rho_with_vg(bk_cast, oost, starts_on=date(2025, 4, 1))
    assert run(bk_cast).held_back == 1
    held = TegengehoudenDeclaratie.objects.get()
    assert (held.reason, held.provider) == (HeldBackReason.CONTRACT_NIET_GELDIG, bk_cast.provider)
    assert "HOV" in held.detail and "01-04-2025" in held.detail and "03-03-2025" in held.detail
    assert not Declaratieregel.objects.exists()


# --- The insurer on the service date ---------------------------------------------------


def test_R_BK_1_insurer_switch_on_1_january_december_conversation_and_its_correction_go_to_the_old_insurer(  # noqa: E501
    bk_cast,
):
    a, b = bk_cast.insurer, bk_cast.insurer_two
    december = held_on(bk_cast, date(2025, 12, 15), insurer=a)
    # The person's next request (same BSN) was submitted with insurer B; under it the
    # coordinator recorded the checked insurance with B from 1 January.
    january = held_on(bk_cast, date(2026, 1, 12), insurer=b)
    january.persoon.bsn = december.persoon.bsn
    january.persoon.save(update_fields=["bsn"])
    verzekering_record(
        persoon=january.persoon, insurer=b, policy_number="B-2026", starts_on=date(2026, 1, 1)
    )
    assert run(bk_cast).created == 2
    old = Declaratieregel.objects.get(gesprek__verkennend_gesprek=december)
    new_year = Declaratieregel.objects.get(gesprek__verkennend_gesprek=january)
    # December: before the first recorded period, so the details of its own request count.
    assert (old.insurer, old.policy_number, old.amount) == (
        a,
        december.persoon.policy_number,
        Decimal("150.00"),
    )
    assert (new_year.insurer, new_year.policy_number, new_year.amount) == (
        b,
        "B-2026",
        Decimal("140.00"),
    )
    # A later correction of the December line still goes to A: past figures never move.
    credit, corrected = regel_correct(send(old))
    assert credit.insurer == corrected.insurer == a
    assert corrected.policy_number == december.persoon.policy_number
    assert corrected.service_date == date(2025, 12, 15)


def test_R_BK_1_not_insured_in_a_gap_between_recorded_periods(bk_cast):
    a, b = bk_cast.insurer, bk_cast.insurer_two
    vg = held_on(bk_cast, date(2025, 7, 15), insurer=a)  # the request still says A
    verzekering_record(
        persoon=vg.persoon,
        insurer=a,
        policy_number="A-1",
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 6, 30),
    )
    verzekering_record(
        persoon=vg.persoon, insurer=b, policy_number="B-1", starts_on=date(2025, 9, 1)
    )
    result = run(bk_cast)
    assert (result.created, result.held_back) == (0, 1)
    held = TegengehoudenDeclaratie.objects.get(gesprek__verkennend_gesprek=vg)
    assert held.reason == HeldBackReason.NIET_VERZEKERD and held.insurer is None
    # A date inside a period is declared to that period's insurer.
    inside = held_on(bk_cast, date(2025, 5, 5), insurer=b)
    inside.persoon.bsn = vg.persoon.bsn
    inside.persoon.save(update_fields=["bsn"])
    assert run(bk_cast).created == 1
    line = Declaratieregel.objects.get()
    assert (line.gesprek.verkennend_gesprek, line.insurer, line.policy_number) == (
        inside,
        a,
        "A-1",
    )


# --- Carrying existing data over (migration 0007) --------------------------------------


def test_R_BK_1_the_migration_keeps_one_live_line_per_conversation_and_credits_the_others(
    bk_cast,
):
    """Lines made before one-line-per-conversation: the one furthest along with the insurer
    stays, the other is credited (its credit in its own unsent state); held-back rows
    become one per conversation, resolved where the conversation has a line."""
    import importlib

    from django.apps import apps
    from django.db import connection

    migration = importlib.import_module("bekostiging.migrations.0007_one_vg_line_per_gesprek_data")
    de_brug = partner(bk_cast, ggz_aanbieder=True, name="Ambulante GGZ De Brug")
    brug_contract = contract_create(
        network=bk_cast.network,
        insurer=bk_cast.insurer,
        provider=de_brug,
        function="vg",
        starts_on=CONTRACT_START,
        ends_on=contract_end(),
        tariff=Decimal("130.00"),
    )
    vg = bk_cast.held_vg(insurer=bk_cast.insurer)
    also_present(vg, ggz_of(de_brug))
    stranger = OrganisationFactory(name="Verzekeraar Elders", zorgverzekeraar=True)
    uninsured = bk_cast.held_vg(insurer=stranger)
    also_present(uninsured, ggz_of(de_brug, name="C. Brug"))
    run(bk_cast)
    kern_line = Declaratieregel.objects.get()  # concept
    held = TegengehoudenDeclaratie.objects.get()
    # The old keys: a second live line by De Brug (already sent), and held-back rows per
    # (conversation, organisation).
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("DROP INDEX regel_one_live_vg_line")
        cursor.execute(
            "ALTER TABLE bekostiging_tegengehoudendeclaratie "
            "DROP CONSTRAINT tegengehouden_one_per_gesprek"
        )
    kern_pk = kern_line.pk
    brug_line = kern_line
    brug_line.pk = None
    brug_line.provider, brug_line.contract = de_brug, brug_contract
    brug_line.status = RegelStatus.GEEXPORTEERD
    brug_line.save()
    held_brug = TegengehoudenDeclaratie.objects.get(pk=held.pk)
    held_brug.pk = None
    held_brug.provider = de_brug
    held_brug.save()  # a second open row for the uninsured conversation
    held_line = TegengehoudenDeclaratie.objects.get(pk=held.pk)
    held_line.pk, held_line.gesprek = None, vg.gesprekken.get()
    held_line.save()  # an open row for a conversation that has a line

    migration.one_per_gesprek(apps, None)

    live = Declaratieregel.objects.filter(credit_of__isnull=True, credited=False)
    assert list(live.values_list("pk", flat=True)) == [brug_line.pk]  # the sent one stays
    kern_line = Declaratieregel.objects.get(pk=kern_pk)
    assert kern_line.credited and kern_line.status == RegelStatus.CONCEPT
    credit = kern_line.credit
    assert (credit.amount, credit.status) == (-kern_line.amount, RegelStatus.CONCEPT)
    assert credit.gesprek == kern_line.gesprek and credit.provider == bk_cast.provider
    rows = TegengehoudenDeclaratie.objects.order_by("pk")
    assert [(r.gesprek_id, r.resolved_at is None) for r in rows] == [
        (held.gesprek_id, True),
        (vg.gesprekken.get().pk, False),
    ]
    assert rows[0].pk == held.pk
