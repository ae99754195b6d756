"""R-DOC-1 … R-DOC-4 through the services: the AVG agreement first, the fixed composition
(also when a member leaves), consent, the identifier guard on every case text, an outcome
before closing, and an open case carried to the next meeting."""

from datetime import timedelta

from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

import pytest

from casusoverleg.constants import (
    MEETINGS_AHEAD,
    Betrokkenheid,
    CasusStatus,
    OverlegStatus,
    Reden,
)
from casusoverleg.models import Casus, CasusOverleg, Verwerkingsafspraak
from casusoverleg.services import afspraak as afspraak_services
from casusoverleg.services.casussen import casus_close, casus_reopen, uitkomst_record
from casusoverleg.services.overleggen import (
    cases_carry_overdue,
    invitation_event,
    overleg_cancel,
    overleg_record,
    overleggen_generate,
)
from casusoverleg.services.reeksen import lid_add, lid_remove, reeks_create
from mgn import ics
from networks.constants import Domain
from tests.casusoverleg.factories import make_afspraak, make_reeks, pdf_file, register
from tests.networks.factories import ProfessionalFactory

pytestmark = pytest.mark.django_db


def _register(co, **fields):
    return register(
        co.reeks, organisation=co.praktijk, user=co.huisarts, gemeente=co.gemeenten[0], **fields
    )


def _start(overleg, *, minutes_ago=10):
    """Let the meeting have started ``minutes_ago`` minutes ago (during the meeting)."""
    CasusOverleg.objects.filter(pk=overleg.pk).update(
        starts_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
    overleg.refresh_from_db()
    return overleg


def _outcome(co, casus, overleg=None):
    return uitkomst_record(
        casus=casus,
        overleg=overleg or casus.overleg,
        oplossing="Schuldhulp en behandeling starten samen, met één contactpersoon.",
        volgende_stap="Gezamenlijk intakegesprek plannen.",
        eigenaar=co.gemeente,
        datum=timezone.localdate() + timedelta(days=14),
        recorded_by=co.sd_user,
    )


# R-DOC-1: the AVG agreement comes first -----------------------------------------------------
def test_R_DOC_1_registering_is_refused_without_an_agreement(co):
    Verwerkingsafspraak.objects.all().delete()
    with pytest.raises(ValidationError) as refused:
        _register(co)
    message = " ".join(refused.value.messages)
    assert "nog geen verwerkingsafspraak (AVG)" in message
    for missing in ("document", "datum", "partners die tekenden", "doel", "bewaartermijn"):
        assert missing in message
    assert not Casus.objects.exists()


def test_R_DOC_1_registering_is_refused_when_the_agreement_expired(co):
    Verwerkingsafspraak.objects.update(
        signed_on=timezone.localdate() - timedelta(days=400),
        valid_until=timezone.localdate() - timedelta(days=1),
    )
    with pytest.raises(ValidationError) as refused:
        _register(co)
    assert "is verlopen op" in " ".join(refused.value.messages)
    make_afspraak(co.network, recorded_by=co.coordinator, title="Vernieuwde afspraak")
    assert _register(co).pk


def test_R_DOC_1_the_agreement_needs_a_pdf_partners_and_a_term(co):
    outsider_org = co.stranger_org
    with pytest.raises(ValidationError) as refused:
        afspraak_services.afspraak_record(
            network=co.network,
            title="Afspraak",
            document=pdf_file().__class__("x.pdf", b"not a pdf", content_type="application/pdf"),
            signed_on=timezone.localdate(),
            signatories=[co.ggz, outsider_org],
            purpose="Doel",
            retention_months=0,
            recorded_by=co.coordinator,
        )
    errors = refused.value.message_dict
    assert set(errors) == {"document", "signatories", "retention_months"}
    assert "Ggz Zuid" in errors["signatories"][0]


def test_R_DOC_1_a_network_without_the_function_registers_nothing(co):
    co.network.offers_casusoverleg = False
    co.network.save(update_fields=["offers_casusoverleg"])
    with pytest.raises(ValidationError) as refused:
        _register(co)
    assert "functie IV" in " ".join(refused.value.messages)


# R-DOC-1: the fixed composition -------------------------------------------------------------
@pytest.mark.parametrize("left_out", [Domain.HUISARTS, Domain.GGZ, Domain.SOCIAAL_DOMEIN])
def test_R_DOC_1_a_series_without_each_of_the_three_domains_is_refused(co, left_out):
    by_domain = {
        Domain.HUISARTS: co.huisarts_prof,
        Domain.GGZ: co.ggz_prof,
        Domain.SOCIAAL_DOMEIN: co.sd_prof,
    }
    members = [p for d, p in by_domain.items() if d != left_out]
    with pytest.raises(ValidationError) as refused:
        make_reeks(co.network, members, name="Onvolledig")
    assert "Nu ontbreekt" in refused.value.message_dict["members"][0]


def test_R_DOC_1_a_gemeentes_own_staff_count_as_sociaal_domein(co):
    lid = co.reeks.leden.get(professional=co.sd_prof)
    assert co.sd_prof.organisation.kind == "gemeente"
    assert lid.domain == Domain.SOCIAAL_DOMEIN


def test_R_DOC_1_an_insurer_does_not_sit_in_the_series(co):
    professional = ProfessionalFactory(organisation=co.insurer, discipline="zorgverzekeraar")
    with pytest.raises(ValidationError) as refused:
        lid_add(reeks=co.reeks, professional=professional)
    assert "zorgverzekeraar" in refused.value.message_dict["organisation"][0]


def test_R_DOC_1_the_last_member_of_a_domain_cannot_leave(co):
    huisarts = co.reeks.leden.get(professional=co.huisarts_prof)
    with pytest.raises(ValidationError) as refused:
        lid_remove(lid=huisarts)
    assert "een huisarts" in " ".join(refused.value.messages)
    huisarts.refresh_from_db()
    assert huisarts.left_on is None
    # Another huisarts joins first; then the first may leave.
    other = ProfessionalFactory(organisation=co.praktijk, discipline="huisarts")
    lid_add(reeks=co.reeks, professional=other)
    lid_remove(lid=huisarts)
    huisarts.refresh_from_db()
    assert huisarts.left_on is not None


def test_R_DOC_1_a_leaving_member_is_dropped_from_coming_meetings_only(co):
    extra = ProfessionalFactory(organisation=co.ggz, discipline="ggz-professional")
    lid = lid_add(reeks=co.reeks, professional=extra)
    coming = co.reeks.overleggen.filter(starts_at__gt=timezone.now())
    assert all(o.aanwezigheid.filter(lid=lid).exists() for o in coming)
    lid_remove(lid=lid)
    assert not any(o.aanwezigheid.filter(lid=lid).exists() for o in coming)


def test_R_DOC_1_meetings_follow_the_frequency_and_are_planned_once(co):
    days = [
        timezone.localtime(o.starts_at).date() for o in co.reeks.overleggen.order_by("starts_at")
    ]
    assert len(days) == MEETINGS_AHEAD
    assert {(b - a).days for a, b in zip(days, days[1:], strict=False)} == {14}
    assert {d.weekday() for d in days} == {co.reeks.weekday}
    assert overleggen_generate(reeks=co.reeks) == 0
    assert co.reeks.overleggen.count() == MEETINGS_AHEAD


def test_R_DOC_1_invitations_carry_an_ics_and_no_case(co, django_capture_on_commit_callbacks):
    _register(co)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reeks = make_reeks(
            co.network, [co.huisarts_prof, co.ggz_prof, co.sd_prof], name="Tweede reeks"
        )
    assert len(mail.outbox) == 3 * MEETINGS_AHEAD
    message = mail.outbox[0]
    name, content, mimetype = message.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    assert "BEGIN:VEVENT" in content and reeks.name in content
    assert "schulden" not in message.body and "schulden" not in content
    event = invitation_event(reeks.overleggen.first())
    assert "BEGIN:VCALENDAR" in ics.calendar(event, stamp=timezone.now())


def test_R_DOC_1_a_series_is_refused_in_a_network_without_the_function(co):
    co.network.offers_casusoverleg = False
    co.network.save(update_fields=["offers_casusoverleg"])
    with pytest.raises(ValidationError):
        reeks_create(
            network=co.network,
            name="Zonder functie",
            frequency="maandelijks",
            members=[co.huisarts_prof, co.ggz_prof, co.sd_prof],
        )


# R-DOC-2 / R-DOC-3: what a case is ----------------------------------------------------------
def test_R_DOC_2_a_case_has_a_reason_and_only_an_age_band_and_gemeente(co):
    casus = _register(co, reden=Reden.PAST_NIET_MEER)
    assert casus.code == f"CO-{timezone.localdate().year}-{casus.pk:05d}"
    assert casus.status == CasusStatus.AANGEMELD
    assert casus.overleg == co.overleg
    names = {f.name for f in Casus._meta.get_fields()}
    assert not names & {"bsn", "name", "naam", "date_of_birth", "geboortedatum", "address"}


def test_R_DOC_2_an_unknown_reason_is_refused(co):
    with pytest.raises(ValidationError) as refused:
        _register(co, reden="zomaar")
    assert "reden" in refused.value.message_dict


@pytest.mark.parametrize("betrokkenheid", [Betrokkenheid.MEEGEDAAN, Betrokkenheid.TOESTEMMING])
def test_R_DOC_3_taking_part_or_consent_is_enough(co, betrokkenheid):
    assert _register(co, betrokkenheid=betrokkenheid).betrokkenheid == betrokkenheid


def test_R_DOC_3_registering_is_refused_without_consent(co):
    with pytest.raises(ValidationError) as refused:
        _register(co, betrokkenheid=Betrokkenheid.GEEN)
    assert "toestemming" in refused.value.message_dict["betrokkenheid"][0]
    assert not Casus.objects.exists()


def test_R_DOC_3_the_database_refuses_a_case_without_consent(co):
    casus = _register(co)
    with pytest.raises(IntegrityError), transaction.atomic():
        Casus.objects.filter(pk=casus.pk).update(betrokkenheid=Betrokkenheid.GEEN)


@pytest.mark.parametrize("field", ["situatie", "geprobeerd", "vraag"])
def test_R_DOC_2_every_case_text_passes_the_identifier_guard(co, field):
    with pytest.raises(ValidationError) as refused:
        _register(co, **{field: "Bereikbaar op 0612345678 na vijven."})
    assert list(refused.value.message_dict) == [field]
    assert "telefoonnummer" in refused.value.message_dict[field][0]
    assert "0612345678" not in refused.value.message_dict[field][0]
    assert not Casus.objects.exists()


def test_R_DOC_2_a_gemeente_outside_the_network_is_refused(co, other_network):
    from tests.networks.factories import GemeenteFactory

    elsewhere = GemeenteFactory(region=other_network.regions.first())
    with pytest.raises(ValidationError) as refused:
        register(co.reeks, organisation=co.praktijk, user=co.huisarts, gemeente=elsewhere)
    assert "gemeente" in refused.value.message_dict


# R-DOC-4: outcome, closing, and carrying on -------------------------------------------------
def test_R_DOC_4_a_case_without_an_outcome_cannot_be_closed(co):
    casus = _register(co)
    with pytest.raises(ValidationError) as refused:
        casus_close(casus=casus, closed_by=co.sd_user)
    assert "zonder uitkomst" in " ".join(refused.value.messages)
    casus.refresh_from_db()
    assert casus.status == CasusStatus.AANGEMELD


def test_R_DOC_4_the_outcome_names_solution_next_step_who_and_when(co):
    casus = _register(co)
    _start(casus.overleg)
    uitkomst = _outcome(co, casus)
    casus.refresh_from_db()
    assert casus.status == CasusStatus.BESPROKEN
    assert uitkomst.eigenaar == co.gemeente and uitkomst.datum > timezone.localdate()
    closed = casus_close(casus=casus, closed_by=co.sd_user)
    assert closed.status == CasusStatus.GESLOTEN and closed.closed_at is not None


def test_R_DOC_4_the_outcome_waits_for_the_meeting(co):
    casus = _register(co)
    with pytest.raises(ValidationError) as refused:
        _outcome(co, casus)
    assert "tijdens of na het overleg" in refused.value.message_dict["overleg"][0]


def test_R_DOC_4_the_outcome_texts_pass_the_identifier_guard(co):
    casus = _register(co)
    _start(casus.overleg)
    with pytest.raises(ValidationError) as refused:
        uitkomst_record(
            casus=casus,
            overleg=casus.overleg,
            oplossing="Contact via 0612345678.",
            volgende_stap="Bellen.",
            eigenaar=co.gemeente,
            datum=timezone.localdate(),
            recorded_by=co.sd_user,
        )
    assert list(refused.value.message_dict) == ["oplossing"]


def test_R_DOC_4_an_outcome_needs_a_partner_to_take_the_case(co):
    casus = _register(co)
    _start(casus.overleg)
    with pytest.raises(ValidationError) as refused:
        uitkomst_record(
            casus=casus,
            overleg=casus.overleg,
            oplossing="Oplossing",
            volgende_stap="Stap",
            eigenaar=co.stranger_org,
            datum=timezone.localdate(),
            recorded_by=co.sd_user,
        )
    assert "eigenaar" in refused.value.message_dict


def test_R_DOC_4_an_open_case_is_carried_to_the_next_meeting_when_held(co):
    casus = _register(co)
    first = _start(casus.overleg)
    _outcome(co, casus)
    overleg_record(overleg=first, notes="Drie casussen besproken.", held=True)
    casus.refresh_from_db()
    assert casus.overleg != first and casus.overleg.starts_at > first.starts_at
    assert casus.overleg.status == OverlegStatus.GEPLAND
    assert casus.uitkomsten.get().overleg == first  # the outcome stays with its meeting
    # ... and again at the next one, until closed.
    second = _start(casus.overleg, minutes_ago=5)
    overleg_record(overleg=second, held=True)
    casus.refresh_from_db()
    assert casus.overleg.starts_at > timezone.now()


def test_R_DOC_4_a_closed_case_stays_with_its_meeting(co):
    casus = _register(co)
    first = _start(casus.overleg)
    _outcome(co, casus)
    casus_close(casus=casus, closed_by=co.sd_user)
    overleg_record(overleg=first, held=True)
    casus.refresh_from_db()
    assert casus.overleg == first


def test_R_DOC_4_a_cancelled_meeting_hands_its_cases_to_the_next(co):
    casus = _register(co)
    overleg_cancel(overleg=casus.overleg, reason="Te weinig deelnemers")
    cancelled = casus.overleg
    casus.refresh_from_db()
    assert casus.overleg != cancelled and casus.overleg.status == OverlegStatus.GEPLAND


def test_R_DOC_4_a_meeting_left_planned_after_its_day_carries_its_cases(co):
    casus = _register(co)
    past = casus.overleg
    CasusOverleg.objects.filter(pk=past.pk).update(starts_at=timezone.now() - timedelta(days=2))
    assert cases_carry_overdue() == 1
    casus.refresh_from_db()
    assert casus.overleg != past and casus.overleg.starts_at > timezone.now()
    assert cases_carry_overdue() == 0


def test_R_DOC_4_a_reopened_case_returns_on_the_next_agenda(co):
    casus = _register(co)
    _start(casus.overleg)
    _outcome(co, casus)
    closed = casus_close(casus=casus, closed_by=co.sd_user)
    reopened = casus_reopen(casus=closed)
    assert reopened.status == CasusStatus.BESPROKEN and reopened.closed_at is None
    assert reopened.overleg.starts_at > timezone.now()


def test_R_DOC_4_notes_pass_the_identifier_guard(co):
    with pytest.raises(ValidationError) as refused:
        overleg_record(overleg=co.overleg, notes="Terugbellen op 0612345678")
    assert "notes" in refused.value.message_dict


@pytest.mark.parametrize(("field", "limit"), [("situatie", 4_000), ("vraag", 1_000)])
def test_R_DOC_2_a_case_text_longer_than_its_bound_is_refused(co, field, limit):
    with pytest.raises(ValidationError) as refused:
        _register(co, **{field: "a" * (limit + 1)})
    assert "ten hoogste" in refused.value.message_dict[field][0]
    assert not Casus.objects.exists()
    assert _register(co, **{field: "a" * limit}).pk
