"""The casusoverleg's pages (issue 14, parts 1, 2, 3 and 5 in the browser): the overview,
the AVG agreement, a series with its composition, a meeting with its agenda and outcomes,
and a case. Members read cases; a coordinator outside the series sees counts only; a
policy partner and a member of another network's series get 404."""

from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

import pytest

from casusoverleg.constants import Betrokkenheid, CasusStatus, OverlegStatus
from casusoverleg.models import (
    Casus,
    CasusAanwezigheid,
    CasusOverleg,
    Casusreeks,
    CasusUitkomst,
    Verwerkingsafspraak,
)
from casusoverleg.selectors.reeksen import active_members
from tests import test_authorization_matrix as authz
from tests.casusoverleg.factories import PDF, case_fields, make_reeks, register

pytestmark = pytest.mark.django_db
world = authz.world  # the authorization matrix's world, a fixture

SITUATIE = "Alleenstaande met schulden en somberheid; de woning dreigt verloren te gaan."


def url(name, *args):
    return reverse(f"casusoverleg:{name}", args=args)


def past_overleg(reeks, *, hours=1):
    """A meeting that has started (planned meetings are in the future)."""
    overleg = CasusOverleg.objects.create(
        reeks=reeks, starts_at=timezone.now() - timedelta(hours=hours), duration_minutes=90
    )
    CasusAanwezigheid.objects.bulk_create(
        [
            CasusAanwezigheid(overleg=overleg, lid=lid)
            for lid in reeks.leden.filter(active_members())
        ]
    )
    return overleg


def casus_on(co, overleg=None, **fields):
    casus = register(
        co.reeks, organisation=co.gemeente, user=co.sd_user, gemeente=co.gemeenten[0], **fields
    )
    if overleg is not None:
        Casus.objects.filter(pk=casus.pk).update(overleg=overleg)
        casus.refresh_from_db()
    return casus


def form_data(co, **fields):
    data = case_fields(**fields)
    data.update(organisation=co.gemeente.pk, gemeente=co.gemeenten[0].pk, overleg=co.overleg.pk)
    return data


def uitkomst_data(co, casus, **fields):
    values = {
        "oplossing": "Schuldhulp en ggz-behandeling starten samen.",
        "volgende_stap": "Gezamenlijk gesprek plannen.",
        "eigenaar": co.gemeente.pk,
        "datum": (timezone.localdate() + timedelta(days=14)).isoformat(),
    }
    values.update(fields)
    return {f"c{casus.pk}-{k}": v for k, v in values.items()}


def nav_labels(response):
    return [item["label"] for item in response.context["nav_items"]]


# Overview and menu -------------------------------------------------------------------------
def test_index_shows_the_series_and_the_agreement_to_a_member(client, co):
    client.force_login(co.huisarts)
    response = client.get(url("index"))
    page = response.content.decode()
    assert response.status_code == 200
    assert co.reeks.name in page
    assert "geldige verwerkingsafspraak" in page
    assert url("reeks_create", co.network.slug) not in page
    assert url("afspraak", co.network.slug) not in page
    assert "Casusoverleg" in nav_labels(response)


def test_index_gives_the_coordinator_new_series_and_the_agreement(client, co):
    client.force_login(co.coordinator)
    page = client.get(url("index")).content.decode()
    assert co.reeks.name in page
    assert url("reeks_create", co.network.slug) in page
    assert url("afspraak", co.network.slug) in page


def test_R_DOC_1_index_says_what_is_missing_without_an_agreement(client, co):
    Verwerkingsafspraak.objects.all().delete()
    client.force_login(co.coordinator)
    page = client.get(url("index")).content.decode()
    assert "nog geen verwerkingsafspraak" in page
    assert "Verwerkingsafspraak vastleggen" in page


def test_a_policy_partner_sees_no_series_and_no_menu_item(client, co):
    client.force_login(co.policy)
    response = client.get(url("index"))
    assert response.status_code == 200
    assert co.reeks.name not in response.content.decode()
    assert "Casusoverleg" not in nav_labels(response)


def test_a_network_without_function_IV_shows_no_pages_or_menu_item(client, co):
    co.network.offers_casusoverleg = False
    co.network.save(update_fields=["offers_casusoverleg"])
    for user in (co.huisarts, co.coordinator):
        client.force_login(user)
        response = client.get(url("index"))
        assert co.reeks.name not in response.content.decode()
        assert "Casusoverleg" not in nav_labels(response)
        assert client.get(url("reeks_detail", co.reeks.pk)).status_code == 404
        assert client.get(url("overleg_detail", co.overleg.pk)).status_code == 404
        assert client.get(url("afspraak", co.network.slug)).status_code == 404
        assert client.get(url("afspraak_document", co.afspraak.pk)).status_code == 404


def test_the_menu_item_costs_no_query(client, co, django_assert_num_queries):
    """The menu's fact is read in the one preload query: a page with the item asks as many
    queries as the same page without it."""
    client.force_login(co.huisarts)
    client.get(reverse("networks:network_list"))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as member:
        response = client.get(reverse("networks:network_list"))
    assert "Casusoverleg" in nav_labels(response)
    client.force_login(co.policy)
    client.get(reverse("networks:network_list"))
    with CaptureQueriesContext(connection) as policy:
        response = client.get(reverse("networks:network_list"))
    assert "Casusoverleg" not in nav_labels(response)
    assert len(member.captured_queries) == len(policy.captured_queries)


# The AVG agreement -----------------------------------------------------------------------
def afspraak_post(co, **fields):
    data = {
        "title": "Nieuwe verwerkingsafspraak",
        "document": SimpleUploadedFile("afspraak.pdf", PDF, content_type="application/pdf"),
        "signed_on": timezone.localdate().isoformat(),
        "signatories": [co.gemeente.pk, co.ggz.pk, co.praktijk.pk],
        "purpose": "Anoniem bespreken van vastgelopen hulpvragen.",
        "retention_months": "24",
    }
    data.update(fields)
    return data


def test_R_DOC_1_the_coordinator_records_the_agreement(client, co):
    client.force_login(co.coordinator)
    page = client.get(url("afspraak", co.network.slug)).content.decode()
    assert co.afspraak.title in page
    assert url("afspraak_document", co.afspraak.pk) in page
    response = client.post(url("afspraak", co.network.slug), afspraak_post(co))
    assert response.status_code == 302
    made = Verwerkingsafspraak.objects.get(title="Nieuwe verwerkingsafspraak")
    assert made.retention_months == 24
    assert set(made.signatories.values_list("pk", flat=True)) == {
        co.gemeente.pk,
        co.ggz.pk,
        co.praktijk.pk,
    }


def test_R_DOC_1_the_agreement_form_refuses_a_document_that_is_no_pdf(client, co):
    client.force_login(co.coordinator)
    bad = SimpleUploadedFile("afspraak.pdf", b"not a pdf", content_type="application/pdf")
    response = client.post(url("afspraak", co.network.slug), afspraak_post(co, document=bad))
    assert response.status_code == 200
    assert "geen PDF-bestand" in response.context["form"].errors["document"][0]
    assert not Verwerkingsafspraak.objects.filter(title="Nieuwe verwerkingsafspraak").exists()


def test_the_agreement_page_is_for_coordinators(client, co):
    for user in (co.huisarts, co.policy, co.stranger, co.outsider):
        client.force_login(user)
        assert client.get(url("afspraak", co.network.slug)).status_code == 404


def test_the_agreement_document_is_for_coordinators_and_members(client, co):
    for user in (co.coordinator, co.huisarts):
        client.force_login(user)
        response = client.get(url("afspraak_document", co.afspraak.pk))
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment")
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
    for user in (co.policy, co.stranger, co.outsider):
        client.force_login(user)
        assert client.get(url("afspraak_document", co.afspraak.pk)).status_code == 404


# Series ---------------------------------------------------------------------------------
def reeks_post(co, members, **fields):
    data = {
        "name": "Casusoverleg Oost",
        "frequency": "maandelijks",
        "weekday": "1",
        "default_time": "10:00",
        "duration_minutes": "60",
        "location": "Gemeentehuis",
        "members": [p.pk for p in members],
        "voorzitter": members[0].pk,
    }
    data.update(fields)
    return data


def test_R_DOC_1_the_coordinator_makes_a_series(client, co):
    client.force_login(co.coordinator)
    assert client.get(url("reeks_create", co.network.slug)).status_code == 200
    members = [co.ggz_prof, co.huisarts_prof, co.sd_prof]
    response = client.post(url("reeks_create", co.network.slug), reeks_post(co, members))
    reeks = Casusreeks.objects.get(name="Casusoverleg Oost")
    assert response.status_code == 302
    assert response["Location"] == reeks.get_absolute_url()
    assert reeks.leden.count() == 3
    assert reeks.leden.get(is_voorzitter=True).professional == co.ggz_prof
    assert reeks.overleggen.exists()


def test_R_DOC_1_a_series_without_sociaal_domein_is_refused_on_the_form(client, co):
    client.force_login(co.coordinator)
    members = [co.ggz_prof, co.huisarts_prof]
    response = client.post(url("reeks_create", co.network.slug), reeks_post(co, members))
    assert response.status_code == 200
    errors = response.context["form"].errors["members"]
    assert "sociaal domein" in errors[0]
    assert "R-DOC-1" in response.content.decode()
    assert not Casusreeks.objects.filter(name="Casusoverleg Oost").exists()


def test_only_a_coordinator_makes_a_series(client, co):
    for user in (co.huisarts, co.sd_user, co.policy, co.outsider):
        client.force_login(user)
        assert client.get(url("reeks_create", co.network.slug)).status_code == 404


def test_the_series_page_groups_the_members_and_counts_the_cases(client, co):
    casus_on(co)
    client.force_login(co.coordinator)
    response = client.get(url("reeks_detail", co.reeks.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "De samenstelling is compleet" in page
    labels = [g["label"] for g in response.context["groups"]]
    assert labels[:3] == ["Huisartsenzorg", "Ggz", "Sociaal domein"]
    assert [g["leden"][0].professional for g in response.context["groups"][:3]] == [
        co.huisarts_prof,
        co.ggz_prof,
        co.sd_prof,
    ]
    first = response.context["coming"][0]
    assert first == co.overleg and first.n_casussen == 1
    assert SITUATIE not in page  # a coordinator outside the series reads no case
    assert url("reeks_edit", co.reeks.pk) in page
    assert url("casus_register", co.reeks.pk) not in page


def test_a_member_reads_the_series_without_managing_it(client, co):
    client.force_login(co.huisarts)
    page = client.get(url("reeks_detail", co.reeks.pk)).content.decode()
    assert url("casus_register", co.reeks.pk) in page
    assert url("reeks_edit", co.reeks.pk) not in page
    assert client.get(url("reeks_edit", co.reeks.pk)).status_code == 403
    assert client.get(url("lid_add", co.reeks.pk)).status_code == 403


def test_the_series_is_404_for_others(client, co):
    for user in (co.policy, co.stranger, co.outsider):
        client.force_login(user)
        assert client.get(url("reeks_detail", co.reeks.pk)).status_code == 404
        assert client.get(url("overleg_detail", co.overleg.pk)).status_code == 404


def test_the_coordinator_changes_the_settings(client, co):
    client.force_login(co.coordinator)
    assert client.get(url("reeks_edit", co.reeks.pk)).status_code == 200
    data = {
        "name": "Casusoverleg Noord-Oost",
        "frequency": "wekelijks",
        "weekday": "2",
        "default_time": "09:30",
        "duration_minutes": "75",
        "location": "Online",
        "is_active": "on",
    }
    assert client.post(url("reeks_edit", co.reeks.pk), data).status_code == 302
    co.reeks.refresh_from_db()
    assert (co.reeks.name, co.reeks.frequency, co.reeks.duration_minutes) == (
        "Casusoverleg Noord-Oost",
        "wekelijks",
        75,
    )
    data["duration_minutes"] = "5"
    response = client.post(url("reeks_edit", co.reeks.pk), data)
    assert response.status_code == 200
    assert response.context["form"].errors["duration_minutes"]


def test_the_coordinator_adds_a_member_and_sets_the_chair(client, co):
    from mgn.accounts.constants import Role
    from tests.casusoverleg.conftest import person

    _user, prof = person(
        co.ggz,
        role=Role.GGZ_PROFESSIONAL,
        discipline="ggz-professional",
        email="ggz2@noord.test",
        name="Greet Ggz",
    )
    client.force_login(co.coordinator)
    page = client.get(url("lid_add", co.reeks.pk)).content.decode()
    assert "Greet Ggz" in page
    assert "Hanna Huisarts" not in page  # already a member
    response = client.post(url("lid_add", co.reeks.pk), {"professional": prof.pk})
    assert response.status_code == 302
    lid = co.reeks.leden.get(professional=prof)
    assert client.post(url("voorzitter_set", co.reeks.pk, lid.pk)).status_code == 302
    lid.refresh_from_db()
    assert lid.is_voorzitter
    assert co.reeks.leden.filter(is_voorzitter=True).count() == 1


def test_R_DOC_1_the_last_huisarts_cannot_leave_shown_as_message(client, co):
    lid = co.reeks.leden.get(professional=co.huisarts_prof)
    client.force_login(co.coordinator)
    response = client.post(url("lid_remove", co.reeks.pk, lid.pk), follow=True)
    lid.refresh_from_db()
    assert lid.left_on is None
    messages = [str(m) for m in response.context["messages"]]
    assert any("R-DOC-1" in m and "huisarts" in m for m in messages)


def test_R_DOC_1_a_member_leaves_when_another_of_the_domain_stays(client, co):
    from casusoverleg.services.reeksen import lid_add
    from mgn.accounts.constants import Role
    from tests.casusoverleg.conftest import person

    _user, prof = person(
        co.praktijk,
        role=Role.HUISARTS,
        discipline="huisarts",
        email="huisarts2@linde.test",
        name="Henk Huisarts",
    )
    lid_add(reeks=co.reeks, professional=prof)
    lid = co.reeks.leden.get(professional=co.huisarts_prof)
    client.force_login(co.coordinator)
    assert client.post(url("lid_remove", co.reeks.pk, lid.pk)).status_code == 302
    lid.refresh_from_db()
    assert lid.left_on is not None
    client.force_login(co.huisarts)
    assert client.get(url("reeks_detail", co.reeks.pk)).status_code == 404


def test_a_member_cannot_remove_members(client, co):
    lid = co.reeks.leden.get(professional=co.ggz_prof)
    client.force_login(co.huisarts)
    assert client.post(url("lid_remove", co.reeks.pk, lid.pk)).status_code == 403
    client.force_login(co.policy)
    assert client.post(url("lid_remove", co.reeks.pk, lid.pk)).status_code == 404


# Registering a case ------------------------------------------------------------------------
def test_R_DOC_2_a_member_registers_a_case(client, co):
    client.force_login(co.sd_user)
    response = client.get(url("casus_register", co.reeks.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "De gevraagde hulp kunnen wij niet op tijd bieden" in page
    assert 'value="geen"' in page  # offered, so the refusal can be shown
    assert response.context["form"].initial["overleg"] == co.overleg.pk
    response = client.post(url("casus_register", co.reeks.pk), form_data(co))
    casus = Casus.objects.get()
    assert response.status_code == 302
    assert response["Location"] == casus.get_absolute_url()
    assert casus.organisation == co.gemeente
    assert casus.overleg == co.overleg
    assert casus.levensdomeinen == ["geld", "wonen"]


def test_R_DOC_3_refused_without_consent_in_the_form(client, co):
    client.force_login(co.sd_user)
    response = client.post(
        url("casus_register", co.reeks.pk), form_data(co, betrokkenheid=Betrokkenheid.GEEN)
    )
    assert response.status_code == 200
    assert "R-DOC-3" in response.context["form"].errors["betrokkenheid"][0]
    assert not Casus.objects.exists()


def test_the_identifier_guard_blocks_a_phone_number_in_the_form(client, co):
    client.force_login(co.sd_user)
    response = client.post(
        url("casus_register", co.reeks.pk),
        form_data(co, situatie="Bel de cliënt op 0612345678 voor een afspraak."),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["situatie"]
    assert not Casus.objects.exists()


def test_R_DOC_1_register_refused_without_agreement_form_disabled(client, co):
    Verwerkingsafspraak.objects.all().delete()
    client.force_login(co.sd_user)
    response = client.get(url("casus_register", co.reeks.pk))
    page = response.content.decode()
    assert "nog geen verwerkingsafspraak" in page
    assert "Casus aanmelden</button>" not in page
    assert all(f.disabled for f in response.context["form"].fields.values())
    response = client.post(url("casus_register", co.reeks.pk), form_data(co))
    assert response.status_code == 200
    assert "nog geen verwerkingsafspraak" in response.content.decode()
    assert not Casus.objects.exists()


def test_only_members_register_cases(client, co):
    client.force_login(co.coordinator)
    assert client.get(url("casus_register", co.reeks.pk)).status_code == 403
    for user in (co.policy, co.stranger, co.outsider):
        client.force_login(user)
        assert client.get(url("casus_register", co.reeks.pk)).status_code == 404


# The case page -----------------------------------------------------------------------------
def test_a_member_reads_the_case(client, co):
    casus = casus_on(co)
    client.force_login(co.huisarts)
    response = client.get(url("casus_detail", casus.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert SITUATIE in page and casus.code in page
    assert "Geld en schulden" in page
    assert co.overleg.get_absolute_url() in page
    assert url("casus_close", casus.pk) not in page  # not the chair


def test_no_one_outside_the_series_reads_the_case(client, co):
    casus = casus_on(co)
    other = make_reeks(co.network, [co.sd_prof, co.huisarts_prof, co.ggz_prof], name="Andere")
    assert other.pk != co.reeks.pk
    for user in (co.coordinator, co.policy, co.stranger, co.outsider):
        client.force_login(user)
        assert client.get(url("casus_detail", casus.pk)).status_code == 404
        assert client.post(url("casus_close", casus.pk)).status_code == 404


def test_a_member_of_another_series_gets_404_on_the_case(client, co):
    from mgn.accounts.constants import Role
    from tests.casusoverleg.conftest import person

    casus = casus_on(co)
    user, prof = person(
        co.ggz,
        role=Role.GGZ_PROFESSIONAL,
        discipline="ggz-professional",
        email="ander@noord.test",
        name="Anders Ggz",
    )
    make_reeks(co.network, [prof, co.huisarts_prof, co.sd_prof], name="Tweede reeks")
    client.force_login(user)
    assert client.get(url("casus_detail", casus.pk)).status_code == 404
    page = client.get(url("overleg_detail", co.overleg.pk))
    assert page.status_code == 404


# The meeting -------------------------------------------------------------------------------
def test_a_member_reads_the_agenda_with_the_case_texts(client, co):
    casus = casus_on(co)
    client.force_login(co.huisarts)
    response = client.get(url("overleg_detail", co.overleg.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert casus.code in page and SITUATIE in page
    assert "De gevraagde hulp kunnen wij niet alleen bieden" in page
    assert "27 tot 45 jaar" in page and co.gemeenten[0].name in page
    assert url("overleg_ics", co.overleg.pk) in page
    assert url("uitkomst", co.overleg.pk, casus.pk) not in page  # not the chair


def test_a_coordinator_outside_the_series_sees_counts_never_texts(client, co):
    casus = casus_on(co)
    client.force_login(co.coordinator)
    response = client.get(url("overleg_detail", co.overleg.pk))
    page = response.content.decode()
    assert response.status_code == 200
    assert "1 casus op de agenda" in page
    assert SITUATIE not in page and casus.code not in page
    assert "casussen" not in response.context


def test_the_invitation_as_ics(client, co):
    client.force_login(co.ggz_user)
    response = client.get(url("overleg_ics", co.overleg.pk))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert response["Content-Disposition"].startswith("attachment")
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body and f"casusoverleg-{co.overleg.pk}@" in body
    client.force_login(co.policy)
    assert client.get(url("overleg_ics", co.overleg.pk)).status_code == 404


def test_R_DOC_4_the_chair_records_the_outcome_in_the_meeting(client, co):
    overleg = past_overleg(co.reeks)
    casus = casus_on(co, overleg)
    client.force_login(co.sd_user)
    page = client.get(url("overleg_detail", overleg.pk)).content.decode()
    assert url("uitkomst", overleg.pk, casus.pk) in page
    response = client.post(url("uitkomst", overleg.pk, casus.pk), uitkomst_data(co, casus))
    assert response.status_code == 302
    uitkomst = CasusUitkomst.objects.get()
    assert (uitkomst.casus, uitkomst.overleg, uitkomst.eigenaar) == (casus, overleg, co.gemeente)
    casus.refresh_from_db()
    assert casus.status == CasusStatus.BESPROKEN
    page = client.get(url("casus_detail", casus.pk)).content.decode()
    assert "Schuldhulp en ggz-behandeling starten samen." in page


def test_R_DOC_4_the_outcome_form_shows_refusals(client, co):
    overleg = past_overleg(co.reeks)
    casus = casus_on(co, overleg)
    client.force_login(co.sd_user)
    response = client.post(
        url("uitkomst", overleg.pk, casus.pk),
        uitkomst_data(co, casus, volgende_stap="Bel 0612345678 terug."),
    )
    assert response.status_code == 400
    form = next(c.form for c in response.context["casussen"] if c.pk == casus.pk)
    assert form.errors["volgende_stap"]
    assert not CasusUitkomst.objects.exists()


def test_only_the_chair_records_outcomes(client, co):
    overleg = past_overleg(co.reeks)
    casus = casus_on(co, overleg)
    client.force_login(co.huisarts)
    assert (
        client.post(url("uitkomst", overleg.pk, casus.pk), uitkomst_data(co, casus)).status_code
        == 403
    )
    client.force_login(co.coordinator)
    assert (
        client.post(url("uitkomst", overleg.pk, casus.pk), uitkomst_data(co, casus)).status_code
        == 404
    )
    assert not CasusUitkomst.objects.exists()


def test_R_DOC_4_close_refused_without_outcome_on_the_page(client, co):
    overleg = past_overleg(co.reeks)
    casus = casus_on(co, overleg)
    client.force_login(co.sd_user)
    back = f"{overleg.get_absolute_url()}#casus-{casus.pk}"
    response = client.post(url("casus_close", casus.pk), {"next": back}, follow=True)
    assert response.redirect_chain[-1][0] == back
    messages = [str(m) for m in response.context["messages"]]
    assert any("R-DOC-4" in m for m in messages)
    casus.refresh_from_db()
    assert casus.status != CasusStatus.GESLOTEN
    client.post(url("uitkomst", overleg.pk, casus.pk), uitkomst_data(co, casus))
    assert client.post(url("casus_close", casus.pk)).status_code == 302
    casus.refresh_from_db()
    assert casus.status == CasusStatus.GESLOTEN
    assert client.post(url("casus_reopen", casus.pk)).status_code == 302
    casus.refresh_from_db()
    assert casus.status == CasusStatus.BESPROKEN and casus.overleg.starts_at > timezone.now()


def test_a_member_who_is_not_the_chair_cannot_close(client, co):
    casus = casus_on(co)
    client.force_login(co.huisarts)
    assert client.post(url("casus_close", casus.pk)).status_code == 403


def test_the_chair_records_attendance_and_holds_the_meeting(client, co):
    overleg = past_overleg(co.reeks)
    casus = casus_on(co, overleg)
    row = overleg.aanwezigheid.first()
    client.force_login(co.sd_user)
    assert client.get(url("overleg_record", overleg.pk)).status_code == 200
    response = client.post(
        url("overleg_record", overleg.pk),
        {"notes": "Goed overleg.", "held": "on", f"present_{row.pk}": "1"},
    )
    assert response.status_code == 302
    overleg.refresh_from_db()
    row.refresh_from_db()
    casus.refresh_from_db()
    assert overleg.status == OverlegStatus.GEHOUDEN and row.present is True
    assert casus.overleg != overleg  # R-DOC-4: the open case returns at the next meeting
    client.force_login(co.huisarts)
    assert client.get(url("overleg_record", overleg.pk)).status_code == 403


def test_the_notes_refuse_an_identifier(client, co):
    client.force_login(co.sd_user)
    response = client.post(url("overleg_record", co.overleg.pk), {"notes": "Bel 0612345678."})
    assert response.status_code == 200
    assert response.context["form"].errors["notes"]


def test_the_chair_cancels_a_meeting(client, co):
    casus = casus_on(co)
    client.force_login(co.sd_user)
    response = client.post(url("overleg_cancel", co.overleg.pk), {"cancel_reason": ""}, follow=True)
    assert any("reden" in str(m) for m in response.context["messages"])
    response = client.post(url("overleg_cancel", co.overleg.pk), {"cancel_reason": "Ziekte"})
    assert response.status_code == 302
    co.overleg.refresh_from_db()
    casus.refresh_from_db()
    assert co.overleg.status == OverlegStatus.GEANNULEERD
    assert casus.overleg != co.overleg
    client.force_login(co.huisarts)
    other = co.reeks.overleggen.filter(status=OverlegStatus.GEPLAND).first()
    assert client.post(url("overleg_cancel", other.pk), {"cancel_reason": "x"}).status_code == 403


def test_optional_links_appear_only_when_their_pages_exist(client, co):
    from django.urls import NoReverseMatch

    casus = casus_on(co)
    client.force_login(co.sd_user)
    overleg_page = client.get(url("overleg_detail", co.overleg.pk))
    casus_page = client.get(url("casus_detail", casus.pk))
    try:
        notulen = reverse("casusoverleg:notulen", args=[co.overleg.pk])
    except NoReverseMatch:
        assert overleg_page.context["notulen_url"] is None
        assert "Notulen (PDF)" not in overleg_page.content.decode()
    else:
        assert notulen in overleg_page.content.decode()
    try:
        signaal = reverse("casusoverleg:signaal_new", args=[casus.pk])
    except NoReverseMatch:
        assert casus_page.context["signaal_url"] is None
    else:
        assert signaal in casus_page.content.decode()


# Query counts ------------------------------------------------------------------------------
def _more(co, overleg, n, *, start=0):
    for i in range(start, start + n):
        casus_on(co, overleg, vraag=f"Vraag {i}: wie pakt dit op?")
    for i in range(start, start + n):
        make_reeks(co.network, [co.sd_prof, co.huisarts_prof, co.ggz_prof], name=f"Reeks {i}")


def _counts(client, pages):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name, (user, address) in pages.items():
        client.force_login(user)
        client.get(address)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(address).status_code == 200
        counts[name] = len(queries.captured_queries)
    return counts


def test_the_pages_ask_a_constant_number_of_queries(client, co, django_assert_max_num_queries):
    """More cases on the agenda (with outcomes) and more series ask no more queries."""
    overleg = past_overleg(co.reeks)
    _more(co, overleg, 1)
    first = Casus.objects.first()
    pages = {
        "index": (co.sd_user, url("index")),
        "index-coordinator": (co.coordinator, url("index")),
        "reeks": (co.sd_user, url("reeks_detail", co.reeks.pk)),
        "overleg-chair": (co.sd_user, url("overleg_detail", overleg.pk)),
        "overleg-member": (co.huisarts, url("overleg_detail", overleg.pk)),
        "overleg-coordinator": (co.coordinator, url("overleg_detail", overleg.pk)),
        "casus": (co.sd_user, url("casus_detail", first.pk)),
    }
    before = _counts(client, pages)
    _more(co, overleg, 4, start=1)
    client.force_login(co.sd_user)
    for casus in Casus.objects.all():
        client.post(url("uitkomst", overleg.pk, casus.pk), uitkomst_data(co, casus))
    assert CasusUitkomst.objects.count() == 5
    assert _counts(client, pages) == before
    for user, address in pages.values():
        client.force_login(user)
        with django_assert_max_num_queries(30):
            client.get(address)


def test_R_PR_2_no_case_text_for_anyone_but_members_in_the_matrix_world(client, world):
    """In the authorization matrix's world: the case text on the meeting page for the
    series' members only; the coordinator sees the meeting, the others get 404."""
    from mgn.accounts.constants import Role

    address = url("overleg_detail", world.casus.overleg_id)
    for role in Role.values:
        client.force_login(world.cast[role])
        response = client.get(address)
        shown = response.status_code == 200 and authz.CO_CASE_TEXT in response.content.decode()
        assert shown == (role in authz.CO_MEMBERS), role
        if role not in authz.CO_READERS:
            assert response.status_code == 404, role


def test_the_beheerder_reads_the_series_in_the_admin_without_cases(client, co, cast):
    from mgn.accounts.constants import Role

    casus_on(co)
    client.force_login(cast[Role.BEHEERDER])
    response = client.get(reverse("admin:casusoverleg_casusreeks_change", args=[co.reeks.pk]))
    assert response.status_code == 200
    assert "Sanne Wijkteam" in response.content.decode()
    assert SITUATIE not in response.content.decode()
    assert client.get(reverse("admin:casusoverleg_casusreeks_add")).status_code == 403
