"""R-BK-1: held conversations become declaration lines for the ggz professional's
organisation, addressed to the person's own insurer — or are held back with a reason."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

import pytest

from bekostiging.constants import HeldBackReason, RegelStatus, Soort
from bekostiging.models import (
    Contract,
    Declaratieregel,
    Prestatie,
    TegengehoudenDeclaratie,
    Verzekering,
    pk_from_reference,
)
from bekostiging.services.contracten import contract_create
from bekostiging.services.declaraties import (
    declaraties_generate,
    regel_correct,
    regel_judge,
    regel_transition,
    regels_mark_ready,
    verzekering_record,
)
from tests.networks.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def run(bk):
    return declaraties_generate(network=bk.network)


def test_r_bk_1_held_conversation_becomes_a_line_for_the_persons_own_insurer(bk_cast):
    vg_one = bk_cast.held_vg(insurer=bk_cast.insurer)
    vg_two = bk_cast.held_vg(insurer=bk_cast.insurer_two)
    result = run(bk_cast)
    assert (result.created, result.held_back) == (2, 0)
    one = Declaratieregel.objects.get(gesprek__verkennend_gesprek=vg_one)
    two = Declaratieregel.objects.get(gesprek__verkennend_gesprek=vg_two)
    assert one.insurer == bk_cast.insurer and one.amount == Decimal("150.00")
    assert two.insurer == bk_cast.insurer_two and two.amount == Decimal("140.00")
    for line, vg in ((one, vg_one), (two, vg_two)):
        assert line.provider == bk_cast.provider  # the ggz professional's organisation
        assert line.professional == bk_cast.vg_cast.ggz
        assert line.soort == Soort.VG and line.status == RegelStatus.CONCEPT
        assert line.bsn == vg.persoon.bsn
        assert line.date_of_birth == vg.persoon.date_of_birth
        assert line.policy_number == vg.persoon.policy_number
        assert line.service_date == timezone.localdate(vg.gesprekken.get().starts_at)
        assert line.prestatiecode == "MGN-VG-GGZ"


def test_r_bk_1_generating_again_adds_nothing(bk_cast):
    bk_cast.held_vg()
    assert run(bk_cast).created == 1
    assert run(bk_cast).created == 0
    assert Declaratieregel.objects.count() == 1


def test_r_bk_1_only_present_ggz_of_held_conversations(bk_cast):
    vg = bk_cast.held_vg()
    ggz = vg.gesprekken.get().deelnemers.get(role="ggz")
    ggz.present = False
    ggz.absence_reason = "ziek"
    ggz.save()
    from tests.verkennend_gesprek.cast import make_vg
    from verkennend_gesprek.constants import Status

    make_vg(bk_cast.vg_cast, Status.GEPLAND)  # not held yet
    assert run(bk_cast).created == 0


def test_r_bk_1_held_back_no_contract_with_the_persons_insurer(bk_cast):
    stranger = OrganisationFactory(name="Verzekeraar Elders", zorgverzekeraar=True)
    vg = bk_cast.held_vg(insurer=stranger)
    result = run(bk_cast)
    assert (result.created, result.held_back) == (0, 1)
    held = TegengehoudenDeclaratie.objects.get(gesprek__verkennend_gesprek=vg)
    assert held.reason == HeldBackReason.GEEN_CONTRACT
    assert "Verzekeraar Elders" in held.detail
    assert held.insurer == stranger and held.resolved_at is None
    # Resolve: contract the insurer, run again.
    contract_create(
        network=bk_cast.network,
        insurer=stranger,
        provider=bk_cast.provider,
        function="vg",
        starts_on=date(2025, 1, 1),
        ends_on=timezone.localdate() + timedelta(days=30),
        tariff=Decimal("155.00"),
    )
    result = run(bk_cast)
    assert (result.created, result.resolved) == (1, 1)
    held.refresh_from_db()
    assert held.resolved_at is not None
    assert Declaratieregel.objects.get().insurer == stranger


def test_r_bk_1_held_back_contract_not_valid_on_the_date(bk_cast):
    vg = bk_cast.held_vg(days_ago=1)
    Contract.objects.filter(pk=bk_cast.vg_contract.pk).update(
        ends_on=timezone.localdate() - timedelta(days=10)
    )
    run(bk_cast)
    held = TegengehoudenDeclaratie.objects.get(gesprek__verkennend_gesprek=vg)
    assert held.reason == HeldBackReason.CONTRACT_NIET_GELDIG
    assert not Declaratieregel.objects.exists()


def test_r_bk_1_held_back_person_not_insured_on_the_date(bk_cast):
    vg = bk_cast.held_vg(days_ago=3)
    day = timezone.localdate() - timedelta(days=3)
    Verzekering.objects.create(
        persoon=vg.persoon,
        insurer=bk_cast.insurer,
        policy_number="OUD1",
        starts_on=day - timedelta(days=400),
        ends_on=day - timedelta(days=1),
    )
    run(bk_cast)
    held = TegengehoudenDeclaratie.objects.get(gesprek__verkennend_gesprek=vg)
    assert held.reason == HeldBackReason.NIET_VERZEKERD
    # Resolve: record the new insurance (with the second insurer) and run again.
    Verzekering.objects.create(
        persoon=vg.persoon, insurer=bk_cast.insurer_two, policy_number="NIEUW2", starts_on=day
    )
    assert run(bk_cast).created == 1
    line = Declaratieregel.objects.get()
    assert (line.insurer, line.policy_number, line.amount) == (
        bk_cast.insurer_two,
        "NIEUW2",
        Decimal("140.00"),
    )


def test_r_bk_1_held_back_before_the_prestatie_exists(bk_cast):
    Prestatie.objects.filter(function="vg").update(valid_from=timezone.localdate())
    vg = bk_cast.held_vg(days_ago=2)
    run(bk_cast)
    held = TegengehoudenDeclaratie.objects.get(gesprek__verkennend_gesprek=vg)
    assert held.reason == HeldBackReason.GEEN_PRESTATIE


def test_r_bk_1_states_follow_the_lifecycle(bk_cast):
    bk_cast.held_vg()
    run(bk_cast)
    line = Declaratieregel.objects.get()
    with pytest.raises(ValidationError):
        regel_transition(line, RegelStatus.GEEXPORTEERD)  # not ready yet
    assert regels_mark_ready([line]) == 1
    line.refresh_from_db()
    regel_transition(line, RegelStatus.GEEXPORTEERD)
    with pytest.raises(ValidationError):
        regel_judge(line, accepted=False, reason="")  # a rejection has a reason
    regel_judge(line, accepted=False, reason="Polisnummer onbekend")
    regel_judge(line, accepted=False, reason="Polisnummer onbekend")  # retry: no-op
    line.refresh_from_db()
    assert (line.status, line.rejection_reason) == (RegelStatus.AFGEWEZEN, "Polisnummer onbekend")
    with pytest.raises(ValidationError):
        regel_judge(line, accepted=True)


def test_r_bk_1_correction_is_a_credit_line_plus_a_new_line(bk_cast):
    vg = bk_cast.held_vg()
    run(bk_cast)
    line = Declaratieregel.objects.get()
    regels_mark_ready([line])
    line.refresh_from_db()
    regel_transition(line, RegelStatus.GEEXPORTEERD)
    regel_judge(line, accepted=False, reason="Verkeerde verzekeraar")
    # The person was in fact insured with the second insurer: fix, then correct.
    Verzekering.objects.create(
        persoon=vg.persoon,
        insurer=bk_cast.insurer_two,
        policy_number="JUIST",
        starts_on=date(2020, 1, 1),
    )
    credit, new = regel_correct(line)
    line.refresh_from_db()
    assert line.credited and line.status == RegelStatus.AFGEWEZEN  # unchanged otherwise
    assert credit.credit_of == line and credit.amount == -line.amount
    assert credit.insurer == line.insurer and credit.bsn == line.bsn
    assert new.replaces == line and new.insurer == bk_cast.insurer_two
    assert new.amount == Decimal("140.00") and new.status == RegelStatus.CONCEPT
    assert Declaratieregel.objects.count() == 3  # nothing deleted
    with pytest.raises(ValidationError):
        regel_correct(line)  # credited once only
    assert run(bk_cast).created == 0  # the replacement is the live line


def test_r_bk_1_a_line_is_never_deleted_and_references_are_stable(bk_cast):
    bk_cast.held_vg()
    run(bk_cast)
    line = Declaratieregel.objects.get()
    reference = line.reference
    assert reference.startswith("MGN") and pk_from_reference(reference) == line.pk
    assert pk_from_reference("XYZ123") is None
    with pytest.raises(ProtectedError), transaction.atomic():  # PROTECT from the contract side
        bk_cast.vg_contract.delete()
    regels_mark_ready([line])
    line.refresh_from_db()
    assert line.reference == reference


def test_r_bk_1_one_live_line_per_conversation_in_the_database(bk_cast):
    bk_cast.held_vg()
    run(bk_cast)
    line = Declaratieregel.objects.get()
    line.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        line.save()


def test_r_pr_1_generation_logs_each_line_it_copies_a_person_into(bk_cast):
    from mgn.audit.constants import Event
    from mgn.audit.models import AccessLogEntry

    vg = bk_cast.held_vg()
    run(bk_cast)
    entry = AccessLogEntry.objects.get(event=Event.CREATE, person_identifier=vg.persoon.bsn)
    assert entry.access_point == "taak" and entry.user is None
    assert entry.object_id == str(Declaratieregel.objects.get().pk)


def test_r_bk_1_insurance_periods_may_not_overlap(bk_cast):
    vg = bk_cast.held_vg()
    verzekering_record(
        persoon=vg.persoon,
        insurer=bk_cast.insurer,
        policy_number="A1",
        starts_on=date(2025, 1, 1),
        ends_on=date(2025, 12, 31),
    )
    with pytest.raises(ValidationError) as refused:
        verzekering_record(
            persoon=vg.persoon,
            insurer=bk_cast.insurer_two,
            policy_number="B2",
            starts_on=date(2025, 6, 1),
        )
    assert "overlapt" in str(refused.value.message_dict["starts_on"])
    verzekering_record(
        persoon=vg.persoon,
        insurer=bk_cast.insurer_two,
        policy_number="B2",
        starts_on=date(2026, 1, 1),
    )
    assert vg.persoon.verzekeringen.count() == 2


def test_an_insurance_period_recorded_under_one_request_covers_the_persons_next(bk_cast):
    """Each request keeps its own person details (R-PR-2); the person is (network, bsn),
    so a checked period recorded under one request counts for their other requests."""
    first = bk_cast.held_vg(insurer=bk_cast.insurer)
    verzekering_record(
        persoon=first.persoon,
        insurer=bk_cast.insurer_two,
        policy_number="TWEE-1",
        starts_on=date(2000, 1, 1),
    )
    second = bk_cast.held_vg(insurer=bk_cast.insurer)
    second.persoon.bsn = first.persoon.bsn
    second.persoon.save(update_fields=["bsn"])
    assert second.persoon_id != first.persoon_id
    assert run(bk_cast).created == 2
    line = Declaratieregel.objects.get(gesprek__verkennend_gesprek=second)
    assert (line.insurer, line.policy_number) == (bk_cast.insurer_two, "TWEE-1")
    # ... and a period overlapping it is refused under the other request too.
    with pytest.raises(ValidationError):
        verzekering_record(
            persoon=second.persoon,
            insurer=bk_cast.insurer,
            policy_number="NOORD-2",
            starts_on=date(2020, 1, 1),
        )
