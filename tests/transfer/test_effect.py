"""The effect of a transfer table (R-TR-7): proposals made and accepted, the persons' answers,
the warm handovers and the waiting weeks they saved, per holding provider, per zorgvraagtype
and per month, on a page with a period filter, as CSV and in a meeting's report (PDF). Counts
only: no BSN, pseudonym, client reference or birth date anywhere (R-TR-2)."""

import io
from datetime import date, timedelta
from decimal import Decimal

from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

import pytest
from pypdf import PdfReader

from mgn.accounts.constants import Role
from mgn.jobs.constants import JobStatus
from networks.services.organisaties import organisation_grant
from tests.accounts.factories import UserFactory
from tests.networks.factories import OrganisationFactory, PartnershipFactory
from tests.transfer.factories import seat
from tests.wachttijden.factories import AanbodFactory, WachtplekFactory, monday
from transfer.constants import Antwoord, GuestRole, MemberKind, VoorstelStatus
from transfer.models import TafelOverleg, Transfervoorstel, VerslagJob
from transfer.selectors.effect import default_period, effect_for_tafel
from transfer.selectors.werklijst import group_entries
from transfer.services.verslag import verslag_data, verslag_render_pdf
from transfer.services.voorstellen import (
    voorstel_besluit,
    voorstel_handmatig,
    voorstellen_maken,
)
from transfer.services.werklijst import overdracht_bevestigen, uitkomst_vastleggen
from wachttijden.constants import Category
from wachttijden.services.levering_intakeplekken import intake_slots_publish

pytestmark = pytest.mark.django_db


def _held(overleg, days_ago: int = 7) -> TafelOverleg:
    """Move a planned meeting into the past: it was held ``days_ago`` days ago."""
    starts_at = timezone.now().replace(second=0, microsecond=0) - timedelta(days=days_ago)
    TafelOverleg.objects.filter(pk=overleg.pk).update(starts_at=starts_at)
    overleg.refresh_from_db()
    return overleg


@pytest.fixture
def held(accepted):
    """The accepted proposal's meeting, held a week ago."""
    _held(accepted.overleg)
    return accepted


def _answer(s, entry, antwoord, voorstel=None):
    return uitkomst_vastleggen(
        voorstel=voorstel or s.voorstel, wachtplek=entry, antwoord=antwoord, user=s.provider_user
    )


def _effect(s, **kwargs):
    return effect_for_tafel(s.tafel, **kwargs)


def _figures(f):
    return (
        f.voorstellen,
        f.voorstellen_aanvaard,
        f.gevraagd,
        f.aanvaard,
        f.afgewezen,
        f.geen_antwoord,
        f.overgedragen,
        f.weken_bespaard,
    )


def _complete(s, n_accept=2, n_decline=1, n_none=1, handovers=1):
    """Answers for the group of the accepted proposal: some accept, one declines, one does
    not answer; ``handovers`` of those who accepted are handed over."""
    entries = list(group_entries(s.voorstel))
    accepted = [_answer(s, e, Antwoord.AANVAARD) for e in entries[:n_accept]]
    rest = entries[n_accept:]
    for e in rest[:n_decline]:
        _answer(s, e, Antwoord.AFGEWEZEN)
    for e in rest[n_decline : n_decline + n_none]:
        _answer(s, e, Antwoord.GEEN_ANTWOORD)
    for u in accepted[:handovers]:
        overdracht_bevestigen(uitkomst=u, user=s.provider_user)
    return accepted


def test_R_TR_7_figures_change_after_each_answer_and_handover(held):
    s = held
    assert _figures(_effect(s).total) == (1, 1, 0, 0, 0, 0, 0, Decimal("0"))
    entries = list(group_entries(s.voorstel))
    u = _answer(s, entries[0], Antwoord.AANVAARD)
    assert _figures(_effect(s).total) == (1, 1, 1, 1, 0, 0, 0, Decimal("0"))
    _answer(s, entries[1], Antwoord.AFGEWEZEN)
    _answer(s, entries[2], Antwoord.GEEN_ANTWOORD)
    assert _figures(_effect(s).total) == (1, 1, 3, 1, 1, 1, 0, Decimal("0"))
    overdracht_bevestigen(uitkomst=u, user=s.provider_user)
    total = _effect(s).total
    # One handover: the recorded 12 − 3 weeks.
    assert _figures(total) == (1, 1, 3, 1, 1, 1, 1, Decimal("9.0"))
    assert total.personen_voorgesteld == 3
    # A person changing their answer moves the counts, not the total asked.
    _answer(s, entries[2], Antwoord.AFGEWEZEN)
    assert _figures(_effect(s).total) == (1, 1, 3, 1, 2, 0, 1, Decimal("9.0"))


def test_R_TR_7_a_declined_proposal_counts_as_made_not_accepted(scene):

    voorstellen_maken(overleg=scene.overleg, user=scene.coordinator)
    voorstel_besluit(voorstel=scene.overleg.voorstellen.get(), user=scene.coordinator, accept=False)
    _held(scene.overleg)
    total = _effect(scene).total
    assert (total.voorstellen, total.voorstellen_aanvaard, total.personen_voorgesteld) == (1, 0, 0)


def test_R_TR_7_weeks_saved_are_the_recorded_figures_and_stay_when_the_wait_changes(held):
    s = held
    _complete(s, n_accept=3, n_decline=0, n_none=0, handovers=3)
    assert _effect(s).total.weken_bespaard == Decimal("27.0")  # 3 × (12 − 3)
    # The offers' waits change (declared and recomputed): the recorded figures stay.
    for offer, wait in ((s.a, "5.0"), (s.b, "4.5")):
        offer.declared_wait_weeks = Decimal(wait)
        offer.save()
    s.voorstel.refresh_from_db()
    assert (s.voorstel.wait_from_weeks, s.voorstel.wait_to_weeks) == (
        Decimal("12.0"),
        Decimal("3.0"),
    )
    assert _effect(s).total.weken_bespaard == Decimal("27.0")


def test_R_TR_7_breakdown_per_holding_provider_and_per_zorgvraagtype(held):
    s = held
    _complete(s, n_accept=2, n_decline=1, n_none=0, handovers=2)
    # A second provider holding SD waiting persons, moved to a wonen offer (SD: per category).
    sd_provider = OrganisationFactory(name="Wijkteam Noord")
    PartnershipFactory(network=s.cast.network, organisation=sd_provider)
    gemeente = s.cast.gemeenten[0]
    sd_from = AanbodFactory(
        provider=sd_provider,
        region=s.cast.region,
        name="Begeleiding Noord",
        gemeente=gemeente,
        sd=True,
        category=Category.WONEN,
        declared_wait_weeks=Decimal("20.0"),
    )
    sd_to = AanbodFactory(
        provider=s.cast.other_provider,
        region=s.cast.region,
        name="Wonen Anders",
        gemeente=gemeente,
        sd=True,
        category=Category.WONEN,
        declared_wait_weeks=Decimal("6.0"),
    )
    for offer in (sd_from, sd_to):
        offer.gemeenten_served.set([gemeente])
    today = timezone.localdate()
    for _n in range(2):
        WachtplekFactory(
            aanbod=sd_from, gemeente=gemeente, registered_on=today - timedelta(weeks=12)
        )

    intake_slots_publish(aanbod=sd_to, weeks={monday(today): 2}, today=today)
    sd_voorstel = voorstel_handmatig(
        overleg=s.overleg,
        user=s.coordinator,
        from_aanbod=sd_from,
        to_aanbod=sd_to,
        zorgvraagtype=None,
        gemeente=gemeente,
        persons=1,
        min_waiting_weeks=10,
    )
    sd_voorstel = voorstel_besluit(voorstel=sd_voorstel, user=s.coordinator, accept=True)
    sd_user = UserFactory(roles=[Role.SD_PROFESSIONAL])

    organisation_grant(organisation=sd_provider, user=sd_user)
    entry = group_entries(sd_voorstel).first()
    u = uitkomst_vastleggen(
        voorstel=sd_voorstel, wachtplek=entry, antwoord=Antwoord.AANVAARD, user=sd_user
    )
    overdracht_bevestigen(uitkomst=u, user=sd_user)
    saved_sd = sd_voorstel.wait_from_weeks - sd_voorstel.wait_to_weeks

    effect = _effect(s)
    providers = {f.label: _figures(f) for f in effect.providers}
    assert providers == {
        str(s.cast.provider.name): (1, 1, 3, 2, 1, 0, 2, Decimal("18.0")),
        "Wijkteam Noord": (1, 1, 1, 1, 0, 0, 1, saved_sd),
    }
    types = {f.label: _figures(f) for f in effect.types}
    zvt = s.zvt[0]
    assert types == {
        f"{zvt.number}. {zvt.name}": (1, 1, 3, 2, 1, 0, 2, Decimal("18.0")),
        "Sociaal domein: Wonen": (1, 1, 1, 1, 0, 0, 1, saved_sd),
    }
    assert effect.total.weken_bespaard == Decimal("18.0") + saved_sd
    # The month series adds up to the total.
    assert sum(f.overgedragen for f in effect.months) == 3
    assert len(effect.months) == 12


def test_R_TR_7_the_period_holds_the_meetings_that_started_in_it(held):
    s = held
    _complete(s, handovers=1)
    day = timezone.localtime(s.overleg.starts_at).date()
    assert _effect(s, start=day, end=day).total.overgedragen == 1
    assert (
        _effect(s, start=day + timedelta(days=1), end=day + timedelta(days=30)).total.voorstellen
        == 0
    )
    assert (
        _effect(s, start=day - timedelta(days=30), end=day - timedelta(days=1)).total.voorstellen
        == 0
    )
    # A meeting ahead is not in the default period (the last twelve months up to today).
    period = default_period(date(2026, 3, 15))
    assert (period.start, period.end) == (date(2025, 4, 1), date(2026, 3, 15))
    assert len(period.months()) == 12


def test_R_TR_7_the_page_filters_the_period_and_refuses_a_wrong_one(client, held):
    s = held
    _complete(s, handovers=1)
    client.force_login(s.coordinator)
    url = reverse("transfer:effect", args=[s.tafel.pk])
    html = client.get(url).content.decode()
    assert "Warm overgedragen" in html and "<caption" in html and 'role="img"' in html
    assert s.cast.provider.name in html
    day = timezone.localtime(s.overleg.starts_at).date()
    later = (day + timedelta(days=1)).isoformat()
    response = client.get(url, {"start": later, "end": (day + timedelta(days=40)).isoformat()})
    assert response.status_code == 200
    assert response.context["effect"].total.voorstellen == 0
    wrong = client.get(url, {"start": later, "end": day.isoformat()})
    assert "De einddatum ligt vóór de begindatum." in wrong.content.decode()
    assert wrong.context["form"].errors
    bad = client.get(url, {"start": "gisteren", "end": ""})
    text = bad.content.decode()
    assert "Vul een geldige begindatum in" in text and "Vul de einddatum in." in text


def test_R_TR_7_guest_sees_the_effect_outsider_and_other_coordinator_get_404(
    client, held, outsider, cast
):
    s = held
    insurer = OrganisationFactory(zorgverzekeraar=True)
    PartnershipFactory(network=s.cast.network, organisation=insurer)
    guest = UserFactory(roles=[Role.ZORGVERZEKERAAR])
    seat(s.tafel, insurer, user=guest, kind=MemberKind.GAST, guest_role=GuestRole.ZORGBEMIDDELING)
    urls = [
        reverse("transfer:effect", args=[s.tafel.pk]),
        reverse("transfer:effect_csv", args=[s.tafel.pk]),
        reverse("transfer:verslag", args=[s.overleg.pk]),
    ]
    client.force_login(guest)
    for url in urls:
        assert client.get(url).status_code == 200, url
    # Someone of the network without a seat, and another network's coordinator: 404.
    for user in (cast[Role.HUISARTS], outsider):
        client.force_login(user)
        for url in urls:
            assert client.get(url).status_code == 404, url
        assert client.post(urls[2]).status_code == 404
        assert (
            client.get(reverse("transfer:verslag_download", args=[s.overleg.pk])).status_code == 404
        )
    assert not VerslagJob.objects.exists()


def test_R_TR_7_the_page_takes_a_constant_number_of_queries(
    client, held, django_assert_max_num_queries
):
    s = held
    client.force_login(s.coordinator)
    url = reverse("transfer:effect", args=[s.tafel.pk])
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        assert client.get(url).status_code == 200
    print("effect page queries:", len(few.captured_queries))
    # More meetings, proposals, answers and handovers.
    _complete(s, n_accept=3, n_decline=0, n_none=0, handovers=2)
    other = _held(s.tafel.overleggen.exclude(pk=s.overleg.pk).first(), days_ago=40)
    third_provider = OrganisationFactory(name="Ggz Derde", ggz_aanbieder=True)
    third = AanbodFactory(provider=third_provider, region=s.cast.region, name="Derde")
    for overleg, from_aanbod, zvt in ((other, s.a, s.zvt[1]), (other, third, s.zvt[0])):
        for status in VoorstelStatus.values:
            Transfervoorstel.objects.create(
                overleg=overleg,
                from_aanbod=from_aanbod,
                to_aanbod=s.b,
                zorgvraagtype=zvt,
                min_waiting_weeks=10,
                persons=1,
                room=2,
                weeks=4,
                wait_from_weeks=12,
                wait_to_weeks=3,
                picture_on=overleg.starts_at.date(),
                status=status,
            )
    assert _effect(s).total.voorstellen == 7
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(url).status_code == 200
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(reverse("transfer:effect_csv", args=[s.tafel.pk])).status_code == 200


def test_R_TR_7_the_csv_has_the_same_rows_and_no_person(client, held):
    s = held
    _complete(s, handovers=1)
    client.force_login(s.coordinator)
    response = client.get(reverse("transfer:effect_csv", args=[s.tafel.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert not body.startswith(b"\xef\xbb\xbf")  # the project's CSV: UTF-8 without BOM
    lines = body.decode().splitlines()
    assert lines[0].split(";")[:4] == ["indeling", "naam", "voorstellen", "voorstellen_aanvaard"]
    rows = {tuple(line.split(";")[:2]): line.split(";")[2:] for line in lines[1:]}
    assert rows[("totaal", "Totaal")] == ["1", "1", "3", "4", "2", "1", "1", "1", "9.0"]
    assert rows[("aanbieder", s.cast.provider.name)] == rows[("totaal", "Totaal")]
    zvt = s.zvt[0]
    assert ("zorgvraagtype", f"{zvt.number}. {zvt.name}") in rows
    assert sum(1 for key in rows if key[0] == "maand") == 12
    _assert_no_person(s, body.decode())


def test_R_TR_7_a_formula_in_a_provider_name_is_guarded_in_the_csv(client, held):
    s = held
    s.cast.provider.name = "=HYPERLINK(1)"
    s.cast.provider.save()
    client.force_login(s.coordinator)
    body = b"".join(client.get(reverse("transfer:effect_csv", args=[s.tafel.pk])).streaming_content)
    assert "aanbieder;'=HYPERLINK(1);" in body.decode()


def _assert_no_person(s, text: str) -> None:
    for bsn, pseudo in zip(s.bsns, s.pseudonyms, strict=True):
        assert bsn not in text
        assert pseudo[:12] not in text
    for n in range(1, 8):
        assert f"K-{n:03d}" not in text  # the providers' client references
    for word in ("pseudoniem", "BSN", "geboortedatum"):
        assert word not in text
    registered = (timezone.localdate() - timedelta(weeks=11)).isoformat()
    assert registered not in text  # nor an entry's dates


def test_R_TR_7_no_bsn_name_birth_date_pseudonym_or_reference_on_the_page(client, held):
    s = held
    _complete(s, handovers=1)
    client.force_login(s.coordinator)
    html = client.get(reverse("transfer:effect", args=[s.tafel.pk])).content.decode()
    assert "9,0" in html  # the page does show the figures
    _assert_no_person(s, html)
    html = client.get(reverse("transfer:verslag", args=[s.overleg.pk])).content.decode()
    _assert_no_person(s, html)


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_R_TR_7_the_meeting_report_job_makes_a_pdf_with_counts_only(
    client, held, django_capture_on_commit_callbacks
):
    s = held
    _complete(s, n_accept=2, n_decline=1, n_none=1, handovers=1)
    s.overleg.agenda = "Groepen boven de tien weken"
    s.overleg.minutes = "Drie personen voorgesteld voor Specialistisch Anders."
    s.overleg.save()
    client.force_login(s.coordinator)
    url = reverse("transfer:verslag", args=[s.overleg.pk])
    assert "Er is nog geen verslag" in client.get(url).content.decode()
    assert client.get(reverse("transfer:verslag_download", args=[s.overleg.pk])).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302 and response["Location"] == url
    job = VerslagJob.objects.get()  # eager: made at once
    assert (job.status, job.overleg, job.requested_by) == (
        JobStatus.KLAAR,
        s.overleg,
        s.coordinator,
    )
    assert "Verslag downloaden" in client.get(url).content.decode()
    download = client.get(reverse("transfer:verslag_download", args=[s.overleg.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    content = b"".join(download.streaming_content)
    assert content.startswith(b"%PDF")
    with default_storage.open(job.file.name, "rb") as handle:
        assert handle.read() == content
    text = " ".join(_pdf_text(content).split())
    assert "Groepen boven de tien weken" in text and "Drie personen voorgesteld" in text
    assert "Aanvaard door de tafel" in text  # the proposal's status
    assert "27,0" in text  # its weeks saved as proposed (3 × 9)
    assert (
        "Gevraagd: 4 · aanvaard: 2 · afgewezen: 1 · geen antwoord: 1 · warm overgedragen: 1" in text
    )
    _assert_no_person(s, text)
    # The same records give the same bytes.
    assert verslag_render_pdf(verslag_data(s.overleg)) == content
    assert s.voorstel.status == VoorstelStatus.AANVAARD
