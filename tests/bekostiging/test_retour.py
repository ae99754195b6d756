"""The insurer's verdicts per line (R-BK-4, R-BK-5): all or nothing with a line-by-line
report, a retry changes nothing, another insurer's line is just an unknown reference."""

from django.core.exceptions import ValidationError
from django.http import Http404

import pytest

from bekostiging.constants import RegelStatus
from bekostiging.models import Declaratieregel, Retourbericht, reference_for
from bekostiging.services.declaraties import (
    declaraties_generate,
    regel_correct,
    regel_judge,
    regel_transition,
    regels_mark_ready,
)
from bekostiging.services.retour import (
    CONTRADICTS,
    JUDGED,
    NO_REASON,
    NOT_EXPORTED,
    UNKNOWN,
    Verdict,
    VerdictsRefused,
    verdicts_apply,
)

pytestmark = pytest.mark.django_db


def exported_lines(bk, *insurers):
    """One held conversation per insurer given, each line sent (geëxporteerd)."""
    for insurer in insurers:
        bk.held_vg(insurer=insurer)
    declaraties_generate(network=bk.network)
    lines = list(Declaratieregel.objects.filter(status=RegelStatus.CONCEPT).order_by("pk"))
    regels_mark_ready(lines)
    for line in lines:
        line.refresh_from_db()
        regel_transition(line, RegelStatus.GEEXPORTEERD)
    return lines


def apply(bk, verdicts, *, insurer=None, user=None, reference=""):
    return verdicts_apply(
        user=user or bk.insurer_user,
        network=bk.network,
        insurer=insurer or bk.insurer,
        verdicts=verdicts,
        source_reference=reference,
    )


def test_r_bk_5_verdicts_accept_and_reject_lines_and_store_a_report(bk_cast):
    one, two = exported_lines(bk_cast, bk_cast.insurer, bk_cast.insurer)
    bericht = apply(
        bk_cast,
        [
            Verdict(one.reference, accepted=True),
            Verdict(two.reference.lower(), accepted=False, reason="  Polis niet actief  "),
        ],
        reference="RET-2025-001",
    )
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.status == RegelStatus.GEACCEPTEERD and one.rejection_reason == ""
    assert two.status == RegelStatus.AFGEWEZEN and two.rejection_reason == "Polis niet actief"
    assert (bericht.accepted, bericht.rejected) == (1, 1)
    assert bericht.reference == "RET-2025-001"
    assert bericht.uploaded_by == bk_cast.insurer_user
    assert bericht.insurer == bk_cast.insurer and bericht.network == bk_cast.network
    assert bericht.report == [
        {
            "line": 1,
            "reference": one.reference,
            "result": "geaccepteerd",
            "reason": "",
            "changed": True,
        },
        {
            "line": 2,
            "reference": two.reference,
            "result": "afgewezen",
            "reason": "Polis niet actief",
            "changed": True,
        },
    ]


def test_r_bk_5_one_refused_verdict_changes_nothing_and_every_problem_is_reported(bk_cast):
    good, rejected, accepted = exported_lines(bk_cast, *[bk_cast.insurer] * 3)
    regel_judge(rejected, accepted=False, reason="Dubbel")
    regel_judge(accepted, accepted=True)
    bk_cast.held_vg()
    declaraties_generate(network=bk_cast.network)
    concept = Declaratieregel.objects.get(status=RegelStatus.CONCEPT)
    regels_mark_ready([concept])  # ready, but not sent yet
    verdicts = [
        Verdict(good.reference, accepted=True, line=10),
        Verdict("MGN999999999", accepted=True, line=11),
        Verdict("rubbish", accepted=True, line=12),
        Verdict(good.reference, accepted=False, reason="Toch niet", line=13),
        Verdict(rejected.reference, accepted=True, line=14),
        Verdict(rejected.reference, accepted=False, reason="Andere reden", line=15),
        Verdict(accepted.reference, accepted=False, reason="Alsnog", line=16),
        Verdict(concept.reference, accepted=True, line=17),
        Verdict(good.reference, accepted=False, reason="", line=18),
    ]
    with pytest.raises(VerdictsRefused) as refused:
        apply(bk_cast, verdicts, reference="RET-1")

    report = refused.value.report
    assert [(p["line"], p["code"]) for p in report] == [
        (11, UNKNOWN),
        (12, UNKNOWN),
        (13, CONTRADICTS),
        (14, JUDGED),
        (15, JUDGED),
        (16, JUDGED),
        (17, NOT_EXPORTED),
        (18, CONTRADICTS),
    ]
    assert report[0] == {
        "line": 11,
        "reference": "MGN999999999",
        "code": UNKNOWN,
        "problem": "Onbekende referentie: geen declaratieregel aan u met deze referentie.",
    }
    assert "Dubbel" in report[4]["problem"]
    assert "Klaar" in report[6]["problem"]
    assert isinstance(refused.value, ValidationError)
    assert refused.value.messages[0].startswith("Regel 11 (MGN999999999): Onbekende referentie")
    good.refresh_from_db()
    assert good.status == RegelStatus.GEEXPORTEERD  # the good verdict was not applied either
    assert not Retourbericht.objects.exists()


def test_r_bk_5_a_rejection_needs_a_reason(bk_cast):
    (line,) = exported_lines(bk_cast, bk_cast.insurer)
    with pytest.raises(VerdictsRefused) as refused:
        apply(bk_cast, [Verdict(line.reference, accepted=False, reason="   ")])
    assert [p["code"] for p in refused.value.report] == [NO_REASON]
    assert refused.value.report[0]["problem"] == "Geef de reden van afwijzing."


def test_r_bk_4_another_insurers_or_networks_line_is_an_unknown_reference(bk_cast, other_network):
    own, theirs = exported_lines(bk_cast, bk_cast.insurer, bk_cast.insurer_two)
    with pytest.raises(VerdictsRefused) as refused:
        apply(bk_cast, [Verdict(theirs.reference, accepted=True)])
    with pytest.raises(VerdictsRefused) as unknown:
        apply(bk_cast, [Verdict(reference_for(theirs.pk + 1000), accepted=True)])
    assert refused.value.report[0]["problem"] == unknown.value.report[0]["problem"]
    assert refused.value.report[0]["code"] == unknown.value.report[0]["code"] == UNKNOWN
    # The insurer of network zuid sees nothing of noord, not even its own network's name.
    with pytest.raises(Http404):
        apply(bk_cast, [Verdict(own.reference, accepted=True)], user=bk_cast.other_insurer_user)
    # An insurer acting in another network does not reach noord's lines through it.
    with pytest.raises(VerdictsRefused) as elsewhere:
        verdicts_apply(
            user=bk_cast.insurer_user,
            network=other_network,
            insurer=bk_cast.insurer,
            verdicts=[Verdict(own.reference, accepted=True)],
        )
    assert elsewhere.value.report[0]["code"] == UNKNOWN
    theirs.refresh_from_db()
    own.refresh_from_db()
    assert theirs.status == own.status == RegelStatus.GEEXPORTEERD


def test_r_bk_5_the_same_verdict_again_is_a_no_op(bk_cast):
    one, two = exported_lines(bk_cast, bk_cast.insurer, bk_cast.insurer)
    verdicts = [
        Verdict(one.reference, accepted=True),
        Verdict(two.reference, accepted=False, reason="Niet verzekerd"),
    ]
    first = apply(bk_cast, verdicts, reference="RET-7")
    one.refresh_from_db()
    changed_at = one.status_changed_at

    again = apply(bk_cast, verdicts, reference="RET-7")
    assert again.pk == first.pk  # a retried message stores nothing new
    assert (first.changed, again.changed) == (2, 0)
    assert Retourbericht.objects.count() == 1
    one.refresh_from_db()
    assert one.status_changed_at == changed_at

    # Without a message reference the retry is recorded, every line unchanged.
    third = apply(bk_cast, verdicts + [Verdict(one.reference, accepted=True)])
    assert third.pk != first.pk
    assert [r["changed"] for r in third.report] == [False, False]
    assert (third.accepted, third.rejected) == (1, 1)


def test_r_bk_5_an_empty_message_or_a_long_reference_is_refused(bk_cast):
    (line,) = exported_lines(bk_cast, bk_cast.insurer)
    with pytest.raises(ValidationError):
        apply(bk_cast, [])
    with pytest.raises(ValidationError):
        apply(bk_cast, [Verdict(line.reference, accepted=True)], reference="X" * 41)
    line.refresh_from_db()
    assert line.status == RegelStatus.GEEXPORTEERD


def test_r_bk_5_a_credit_line_is_judged_like_any_line(bk_cast):
    (line,) = exported_lines(bk_cast, bk_cast.insurer)
    credit, _new = regel_correct(line)
    regel_transition(credit, RegelStatus.GEEXPORTEERD)
    bericht = apply(bk_cast, [Verdict(credit.reference, accepted=True)])
    credit.refresh_from_db()
    assert credit.status == RegelStatus.GEACCEPTEERD
    assert bericht.accepted == 1


# --- Applied in bulk (issue 12, part 10) -------------------------------------------------


def test_r_bk_5_a_message_over_several_chunks_is_applied_set_based_and_logged_per_line(
    bk_cast, monkeypatch, rf
):
    from bekostiging.services import declaraties, retour
    from mgn.audit.constants import Event
    from mgn.audit.models import AccessLogEntry

    monkeypatch.setattr(retour, "LOOKUP_CHUNK", 2)
    monkeypatch.setattr(declaraties, "JUDGE_CHUNK", 2)
    lines = exported_lines(bk_cast, *[bk_cast.insurer] * 5)
    regel_judge(lines[0], accepted=True)  # already accepted: the same verdict is a no-op
    before = {line.pk: line.status_changed_at for line in lines}
    request = rf.post("/")
    request.user = bk_cast.insurer_user
    verdicts = [
        Verdict(line.reference, accepted=i % 2 == 0, reason="" if i % 2 == 0 else "Geen polis")
        for i, line in enumerate(lines)
    ]
    bericht = verdicts_apply(
        user=bk_cast.insurer_user,
        network=bk_cast.network,
        insurer=bk_cast.insurer,
        verdicts=verdicts,
        source_reference="RET-BULK",
        request=request,
    )

    assert bericht.changed == 4
    assert [r["changed"] for r in bericht.report] == [False, True, True, True, True]
    for i, line in enumerate(lines):
        line.refresh_from_db()
        if i % 2 == 0:
            assert (line.status, line.rejection_reason) == (RegelStatus.GEACCEPTEERD, "")
        else:
            assert (line.status, line.rejection_reason) == (RegelStatus.AFGEWEZEN, "Geen polis")
        assert (line.status_changed_at == before[line.pk]) == (i == 0)
    # R-PR-1: one change entry per changed line of a person, pointing at the line.
    entries = AccessLogEntry.objects.filter(event=Event.UPDATE, user=bk_cast.insurer_user)
    assert sorted(entries.values_list("object_id", "person_identifier")) == sorted(
        (str(line.pk), line.bsn) for line in lines[1:]
    )
    assert set(entries.values_list("object_type", "detail")) == {
        ("bekostiging.Declaratieregel", "Oordeel zorgverzekeraar (RET-BULK)")
    }

    # The same message again: nothing changes, nothing is logged, nothing stored.
    again = verdicts_apply(
        user=bk_cast.insurer_user,
        network=bk_cast.network,
        insurer=bk_cast.insurer,
        verdicts=verdicts,
        source_reference="RET-BULK",
        request=request,
    )
    assert (again.pk, again.changed) == (bericht.pk, 0)
    assert entries.count() == 4


def test_r_bk_5_a_refused_verdict_in_a_later_chunk_changes_nothing(bk_cast, monkeypatch):
    from bekostiging.services import declaraties, retour

    monkeypatch.setattr(retour, "LOOKUP_CHUNK", 2)
    monkeypatch.setattr(declaraties, "JUDGE_CHUNK", 2)
    lines = exported_lines(bk_cast, *[bk_cast.insurer] * 5)
    verdicts = [Verdict(line.reference, accepted=True) for line in lines[:4]]
    verdicts.append(Verdict(lines[4].reference, accepted=False, reason=""))
    with pytest.raises(VerdictsRefused) as refused:
        apply(bk_cast, verdicts, reference="RET-BULK")
    assert [(p["line"], p["code"]) for p in refused.value.report] == [(5, NO_REASON)]
    assert set(
        Declaratieregel.objects.filter(pk__in=[line.pk for line in lines]).values_list(
            "status", flat=True
        )
    ) == {RegelStatus.GEEXPORTEERD}
    assert not Retourbericht.objects.exists()


def test_r_bk_5_a_line_moved_meanwhile_undoes_the_whole_bulk_verdict(bk_cast, monkeypatch):
    from django.db import transaction

    from bekostiging.services import declaraties
    from bekostiging.services.declaraties import regels_judge_bulk

    monkeypatch.setattr(declaraties, "JUDGE_CHUNK", 2)
    lines = exported_lines(bk_cast, *[bk_cast.insurer] * 3)
    regel_judge(lines[2], accepted=True)  # judged by someone else after the check
    changes = [(line.pk, RegelStatus.GEEXPORTEERD, RegelStatus.GEACCEPTEERD, "") for line in lines]
    with pytest.raises(ValidationError) as error, transaction.atomic():
        regels_judge_bulk(changes)
    assert error.value.code == "changed_meanwhile"
    lines[0].refresh_from_db()
    assert lines[0].status == RegelStatus.GEEXPORTEERD  # the first chunk was undone too
    # A move TRANSITIONS does not allow, or a rejection without reason, is refused first.
    with pytest.raises(ValidationError):
        regels_judge_bulk([(lines[0].pk, RegelStatus.GEACCEPTEERD, RegelStatus.AFGEWEZEN, "x")])
    with pytest.raises(ValidationError):
        regels_judge_bulk([(lines[0].pk, RegelStatus.GEEXPORTEERD, RegelStatus.AFGEWEZEN, " ")])
    lines[0].refresh_from_db()
    assert lines[0].status == RegelStatus.GEEXPORTEERD
