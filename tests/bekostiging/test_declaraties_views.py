"""The declaration pages: coordinators and providers manage lines (R-BK-1), insurers read
their own (R-BK-4), held-back conversations are resolved through the pages, contracts
(R-NW-4) and the verdeelsleutel (R-BK-2) are kept by the coordinator."""

from datetime import date, timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

import pytest

from bekostiging.constants import Function, HeldBackReason, RegelStatus, Soort
from bekostiging.models import (
    Contract,
    Declaratieregel,
    FunctieKassier,
    RegionaalBedrag,
    TegengehoudenDeclaratie,
    Verdeelsleutel,
    Verzekering,
)
from bekostiging.services.declaraties import (
    declaraties_generate,
    regel_correct,
    regel_judge,
    regel_transition,
    regels_mark_ready,
)
from bekostiging.services.lumpsum import lumpsum_generate
from mgn.audit.constants import Event
from mgn.audit.models import AccessLogEntry
from tests.bekostiging.factories import held_back
from tests.networks.factories import OrganisationFactory, PartnershipFactory
from tests.verkennend_gesprek.factories import TEST_BSNS

pytestmark = pytest.mark.django_db

REGELS = reverse("bekostiging:regels")
TEGENGEHOUDEN = reverse("bekostiging:tegengehouden")


def generate(bk):
    return declaraties_generate(network=bk.network)


def two_lines(bk):
    """One VG line to each insurer: € 150 to Verzekeraar Noord, € 140 to Verzekeraar Twee."""
    bk.held_vg(insurer=bk.insurer)
    bk.held_vg(insurer=bk.insurer_two)
    generate(bk)
    return (
        Declaratieregel.objects.get(insurer=bk.insurer),
        Declaratieregel.objects.get(insurer=bk.insurer_two),
    )


def exported(line):
    regels_mark_ready([line])
    line.refresh_from_db()
    return regel_transition(line, RegelStatus.GEEXPORTEERD)


def klaar_url(bk):
    return reverse("bekostiging:regels_klaar", args=[bk.network.slug])


def detail_url(line):
    return reverse("bekostiging:regel_detail", args=[line.pk])


def correct_url(line):
    return reverse("bekostiging:regel_correct", args=[line.pk])


def page_text(response) -> str:
    return response.content.decode()


def total(response, name: str) -> str:
    """The figure of one totals tile, as shown."""
    text = page_text(response)
    start = text.index(f'data-total="{name}">') + len(f'data-total="{name}">')
    return text[start : text.index("<", start)].strip()


# --- The list ---------------------------------------------------------------------


def test_the_coordinator_sees_every_line_of_the_network_with_its_totals(client, bk_cast):
    one, two = two_lines(bk_cast)
    exported(one)
    regel_judge(one, accepted=False, reason="Polis onbekend")
    Verzekering.objects.create(
        persoon=one.gesprek.verkennend_gesprek.persoon,
        insurer=bk_cast.insurer_two,
        policy_number="P2",
        starts_on=date(2020, 1, 1),
    )
    regel_correct(one)  # credit −150 to Noord, new line 140 to Twee
    client.force_login(bk_cast.coordinator)
    response = client.get(REGELS)
    assert response.status_code == 200
    text = page_text(response)
    for line in Declaratieregel.objects.all():
        assert line.reference in text
    assert total(response, "count") == "4"
    assert total(response, "debit") == "€ 430,00"  # 150 + 140 + 140
    assert total(response, "credit") == "€ -150,00"
    assert total(response, "net") == "€ 280,00"
    assert "Polis onbekend" in text  # the rejection reason
    assert "Gecrediteerd door" in text and "Vervangen door" in text
    # The list shows no person data, so it writes nothing to the access log.
    assert one.bsn not in text and one.policy_number not in text
    assert not AccessLogEntry.objects.filter(
        user__isnull=False
    ).exists()  # generation logs as a task


def test_the_list_filters_by_period_state_insurer_prestatie_and_reference(client, bk_cast):
    one, two = two_lines(bk_cast)
    regels_mark_ready([two])
    client.force_login(bk_cast.coordinator)

    def shown(**params):
        text = page_text(client.get(REGELS, params))
        return {line.reference for line in (one, two) if line.reference in text}

    assert shown(verzekeraar=bk_cast.insurer_two.pk) == {two.reference}
    assert shown(status=RegelStatus.CONCEPT) == {one.reference}
    assert shown(functie=Function.VERKENNEND_GESPREK) == {one.reference, two.reference}
    assert shown(functie=Function.WACHTTIJDEN) == set()
    assert shown(referentie=one.reference.lower()) == {one.reference}
    tomorrow = timezone.localdate() + timedelta(days=1)
    assert shown(vanaf=tomorrow.isoformat()) == set()
    assert shown(tot=tomorrow.isoformat()) == {one.reference, two.reference}
    response = client.get(REGELS, {"referentie": "ABC"})
    assert "Een referentie is MGN gevolgd door cijfers." in page_text(response)


def test_the_provider_sees_the_lines_it_declares_and_may_mark_them_ready(client, bk_cast):
    one, two = two_lines(bk_cast)
    client.force_login(bk_cast.provider_user)
    response = client.get(REGELS)
    text = page_text(response)
    assert one.reference in text and two.reference in text
    assert f'name="regel" value="{one.pk}"' in text  # a checkbox per concept line
    assert "klaarzetten" in text
    assert "Contracten en verdeelsleutel" not in text  # the coordinator's


def test_r_bk_4_the_insurer_reads_only_its_own_lines_and_cannot_manage_them(client, bk_cast):
    one, two = two_lines(bk_cast)
    regels_mark_ready([one, two])  # an insurer sees a line from klaar on
    client.force_login(bk_cast.insurer_user)
    response = client.get(REGELS)
    text = page_text(response)
    assert one.reference in text and two.reference not in text
    assert "Verzekeraar Twee" not in text  # not even as a filter choice
    assert 'name="regel"' not in text and "klaarzetten" not in text
    assert client.get(detail_url(two)).status_code == 404
    assert client.get(detail_url(one)).status_code == 200
    assert client.post(klaar_url(bk_cast), {"regel": [one.pk]}).status_code == 403
    assert client.post(correct_url(one)).status_code == 403
    one.refresh_from_db()
    assert one.status == RegelStatus.KLAAR


def test_users_without_declarations_get_403_and_another_networks_insurer_404(client, bk_cast):
    one, _two = two_lines(bk_cast)
    client.force_login(bk_cast.gemeente_user)
    assert client.get(REGELS).status_code == 403
    assert client.get(TEGENGEHOUDEN).status_code == 403
    assert client.get(detail_url(one)).status_code == 404
    client.force_login(bk_cast.other_insurer_user)
    assert client.get(REGELS).status_code == 403
    assert client.get(detail_url(one)).status_code == 404
    assert client.post(klaar_url(bk_cast), {"regel": [one.pk]}).status_code == 404


def test_the_menu_shows_declaraties_to_who_deals_with_them(client, bk_cast):
    two_lines(bk_cast)
    for user, shown in (
        (bk_cast.coordinator, True),
        (bk_cast.provider_user, True),
        (bk_cast.insurer_user, True),
        (bk_cast.insurer_two_user, True),  # a share in the verdeelsleutel and a contract
        (bk_cast.gemeente_user, False),
    ):
        client.force_login(user)
        html = page_text(client.get(reverse("networks:network_list")))
        assert (f'href="{REGELS}"' in html) == shown, user


# --- One line -----------------------------------------------------------------------


def test_one_line_shows_the_person_as_declared_and_logs_it(client, bk_cast):
    one, _two = two_lines(bk_cast)
    regels_mark_ready([one])
    client.force_login(bk_cast.insurer_user)
    response = client.get(detail_url(one))
    text = page_text(response)
    assert one.bsn in text and one.policy_number in text
    entry = AccessLogEntry.objects.filter(user__isnull=False).get()
    assert (entry.event, entry.person_identifier_type, entry.person_identifier) == (
        Event.READ,
        "bsn",
        one.bsn,
    )
    assert (entry.object_type, entry.object_id) == ("bekostiging.Declaratieregel", str(one.pk))
    assert entry.user == bk_cast.insurer_user


def test_a_lumpsum_line_is_about_nobody_and_is_not_logged(client, bk_cast):
    lumpsum_generate(network=bk_cast.network, year=2025)
    line = Declaratieregel.objects.filter(soort=Soort.LUMPSUM).first()
    client.force_login(bk_cast.coordinator)
    response = client.get(detail_url(line))
    assert response.status_code == 200
    assert "Verzekerde" not in page_text(response)
    assert not AccessLogEntry.objects.filter(
        user__isnull=False
    ).exists()  # generation logs as a task


def test_one_line_shows_its_history_after_a_correction(client, bk_cast):
    one, _two = two_lines(bk_cast)
    exported(one)
    credit, new = regel_correct(one)
    client.force_login(bk_cast.coordinator)
    text = page_text(client.get(detail_url(one)))
    assert "Geschiedenis" in text
    assert credit.reference in text and new.reference in text
    assert "Corrigeren" not in text  # credited once only


# --- Actions ------------------------------------------------------------------------


def test_marking_chosen_lines_ready(client, bk_cast):
    one, two = two_lines(bk_cast)
    client.force_login(bk_cast.provider_user)
    response = client.post(klaar_url(bk_cast), {"regel": [one.pk]}, follow=True)
    assert "1 regel staat klaar voor de export." in page_text(response)
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.status, two.status) == (RegelStatus.KLAAR, RegelStatus.CONCEPT)
    response = client.post(klaar_url(bk_cast), {}, follow=True)
    assert "Kies eerst de regels" in page_text(response)


def test_marking_all_filtered_lines_ready_takes_only_the_filter(client, bk_cast):
    one, two = two_lines(bk_cast)
    client.force_login(bk_cast.coordinator)
    listing = page_text(client.get(REGELS, {"verzekeraar": bk_cast.insurer_two.pk}))
    assert "Alle 1 conceptregel in het filter klaarzetten" in listing
    response = client.post(
        klaar_url(bk_cast),
        {"alle": "1", "netwerk": bk_cast.network.slug, "verzekeraar": bk_cast.insurer_two.pk},
    )
    assert response.status_code == 302
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.status, two.status) == (RegelStatus.CONCEPT, RegelStatus.KLAAR)


def test_r_bk_1_a_correction_through_the_page_is_a_credit_plus_a_new_line(client, bk_cast):
    one, _two = two_lines(bk_cast)
    exported(one)
    regel_judge(one, accepted=False, reason="Verkeerde verzekeraar")
    Verzekering.objects.create(
        persoon=one.gesprek.verkennend_gesprek.persoon,
        insurer=bk_cast.insurer_two,
        policy_number="JUIST",
        starts_on=date(2020, 1, 1),
    )
    client.force_login(bk_cast.provider_user)
    response = client.post(correct_url(one), follow=True)
    credit = Declaratieregel.objects.get(credit_of=one)
    new = Declaratieregel.objects.get(replaces=one)
    assert response.redirect_chain[-1][0] == detail_url(new)
    assert f"Regel {one.reference} is gecrediteerd met {credit.reference}" in page_text(response)
    assert credit.amount == -one.amount and new.insurer == bk_cast.insurer_two
    assert new.policy_number == "JUIST"
    created = AccessLogEntry.objects.filter(
        event=Event.CREATE, person_identifier=one.bsn, user__isnull=False
    )
    assert created.count() == 2  # the credit and the new line carry the person's data


def test_r_bk_1_a_refused_correction_says_why_in_dutch(client, bk_cast):
    one, _two = two_lines(bk_cast)  # still concept: nothing was sent
    client.force_login(bk_cast.coordinator)
    response = client.post(correct_url(one), follow=True)
    assert f"Regel {one.reference} is niet gecorrigeerd." in page_text(response)
    assert "Alleen een verzonden regel wordt gecorrigeerd" in page_text(response)
    assert Declaratieregel.objects.count() == 2


def test_the_coordinator_generates_lines_and_lumpsum_terms(client, bk_cast):
    bk_cast.held_vg()
    client.force_login(bk_cast.coordinator)
    url = reverse("bekostiging:genereren", args=[bk_cast.network.slug])
    response = client.post(url, {"jaar": "2025"}, follow=True)
    text = page_text(response)
    assert "Declaraties gemaakt: 1 nieuwe regel, 0 gesprekken tegengehouden" in text
    assert "Lumpsum 2025: 24 nieuwe termijnregels." in text  # 12 months × 2 insurers
    assert Declaratieregel.objects.filter(soort=Soort.LUMPSUM).count() == 24
    response = client.post(url, {"jaar": str(timezone.localdate().year + 5)}, follow=True)
    assert "Kies een jaar tot en met volgend jaar." in page_text(response)
    client.force_login(bk_cast.provider_user)
    assert client.post(url).status_code == 403


def test_R_BK_2_terms_without_a_contracting_insurer_are_reported_not_silently_skipped(
    client, bk_cast
):
    Contract.objects.filter(
        pk__in=[bk_cast.lumpsum_contract.pk, bk_cast.lumpsum_contract_two.pk]
    ).update(starts_on=date(2025, 12, 1))
    client.force_login(bk_cast.coordinator)
    url = reverse("bekostiging:genereren", args=[bk_cast.network.slug])
    text = page_text(client.post(url, {"jaar": "2025"}, follow=True))
    assert "Lumpsum 2025: 2 nieuwe termijnregels." in text
    assert (
        "Niet gedeclareerd: Informatievoorziening wachttijden, termijn vanaf 01-01-2025: geen "
        f"zorgverzekeraar heeft de functie met {bk_cast.provider.name} gecontracteerd."
    ) in text
    # A contracting insurer outside the year's key: nothing made, and why.
    Verdeelsleutel.objects.filter(year=2026, insurer=bk_cast.insurer_two).delete()
    text = page_text(client.post(url, {"jaar": "2026"}, follow=True))
    assert "De lumpsumtermijnen van 2026 zijn niet gemaakt." in text
    assert "Verzekeraar Twee heeft een lumpsumcontract maar geen aandeel" in text


# --- Held back ----------------------------------------------------------------------


def test_held_back_conversations_show_the_reason_and_what_to_do(client, bk_cast):
    stranger, no_contract, uninsured = held_back(bk_cast)
    client.force_login(bk_cast.coordinator)
    text = page_text(client.get(TEGENGEHOUDEN))
    assert no_contract.reference in text and uninsured.reference in text
    assert str(HeldBackReason.GEEN_CONTRACT.label) in text
    assert str(HeldBackReason.NIET_VERZEKERD.label) in text
    assert "Verzekeraar Elders" in text  # the visible detail
    contract_link = (
        f"{reverse('bekostiging:contract_create', args=[bk_cast.network.slug])}"
        f"?functie=vg&amp;verzekeraar={stranger.pk}&amp;aanbieder={bk_cast.provider.pk}"
    )
    assert contract_link in text
    held = TegengehoudenDeclaratie.objects.get(gesprek__verkennend_gesprek=uninsured)
    assert reverse("bekostiging:verzekering_add", args=[held.pk]) in text
    assert "Opnieuw controleren" in text
    # The provider sees them too, but asks the coordinator for a contract.
    client.force_login(bk_cast.provider_user)
    text = page_text(client.get(TEGENGEHOUDEN))
    assert "Vraag de netwerkcoördinator het contract met Verzekeraar Elders" in text
    assert "Opnieuw controleren" not in text
    client.force_login(bk_cast.insurer_user)
    assert client.get(TEGENGEHOUDEN).status_code == 403


def test_r_bk_1_recording_the_insurance_resolves_the_held_back_conversation(client, bk_cast):
    _stranger, _no_contract, uninsured = held_back(bk_cast)
    held = TegengehoudenDeclaratie.objects.get(gesprek__verkennend_gesprek=uninsured)
    url = reverse("bekostiging:verzekering_add", args=[held.pk])
    client.force_login(bk_cast.provider_user)
    form = client.get(url)
    assert uninsured.persoon.full_name in page_text(form)
    read = AccessLogEntry.objects.get(event=Event.READ)
    assert read.person_identifier == uninsured.persoon.bsn
    response = client.post(
        url,
        {
            "insurer": bk_cast.insurer_two.pk,
            "policy_number": "NIEUW-2",
            "starts_on": (held.service_date - timedelta(days=29)).isoformat(),
        },
        follow=True,
    )
    assert "is nu gedeclareerd (1 nieuwe regel)" in page_text(response)
    held.refresh_from_db()
    assert held.resolved_at is not None
    line = Declaratieregel.objects.get(gesprek__verkennend_gesprek=uninsured)
    assert (line.insurer, line.policy_number) == (bk_cast.insurer_two, "NIEUW-2")
    assert AccessLogEntry.objects.filter(
        event=Event.CREATE, person_identifier=uninsured.persoon.bsn
    ).exists()
    # The line appears on the list; the conversation is resolved on the held-back page.
    assert line.reference in page_text(client.get(REGELS))
    assert "Opgelost" in page_text(client.get(TEGENGEHOUDEN))


def test_an_insurance_that_does_not_cover_the_date_keeps_it_held_back(client, bk_cast):
    _stranger, _no_contract, uninsured = held_back(bk_cast)
    held = TegengehoudenDeclaratie.objects.get(gesprek__verkennend_gesprek=uninsured)
    client.force_login(bk_cast.coordinator)
    response = client.post(
        reverse("bekostiging:verzekering_add", args=[held.pk]),
        {
            "insurer": bk_cast.insurer.pk,
            "policy_number": "LATER",
            "starts_on": (held.service_date + timedelta(days=1)).isoformat(),
        },
        follow=True,
    )
    assert "maar het gesprek blijft tegengehouden" in page_text(response)
    held.refresh_from_db()
    assert held.resolved_at is None


def test_the_insurance_form_refuses_wrong_dates_overlaps_and_non_insurers(client, bk_cast):
    _stranger, _no_contract, uninsured = held_back(bk_cast)
    held = TegengehoudenDeclaratie.objects.get(gesprek__verkennend_gesprek=uninsured)
    url = reverse("bekostiging:verzekering_add", args=[held.pk])
    client.force_login(bk_cast.coordinator)
    base = {"insurer": bk_cast.insurer.pk, "policy_number": "X1"}
    text = page_text(client.post(url, {**base, "starts_on": "2026-03-01", "ends_on": "2026-02-01"}))
    assert "De einddatum ligt vóór de begindatum." in text
    overlap = held.service_date - timedelta(days=100)  # inside the old period
    text = page_text(client.post(url, {**base, "starts_on": overlap.isoformat()}))
    assert "overlapt met de verzekering bij Verzekeraar Noord" in text
    gemeente = bk_cast.network.partnerships.get(organisation__kind="gemeente").organisation
    text = page_text(client.post(url, {**base, "insurer": gemeente.pk, "starts_on": "2026-01-01"}))
    assert "Selecteer een geldige keuze" in text
    assert Verzekering.objects.count() == 1  # the old one only


def test_another_providers_held_back_conversation_is_404(client, bk_cast, wt_cast):
    _stranger, _no_contract, uninsured = held_back(bk_cast)
    held = TegengehoudenDeclaratie.objects.get(gesprek__verkennend_gesprek=uninsured)
    client.force_login(wt_cast.other_provider_user)
    assert client.get(reverse("bekostiging:verzekering_add", args=[held.pk])).status_code == 404
    assert not AccessLogEntry.objects.filter(
        user__isnull=False
    ).exists()  # generation logs as a task


# --- Contracts and verdeelsleutel ----------------------------------------------------


def contract_data(bk, **overrides):
    return {
        "function": Function.WACHTTIJDEN,
        "insurer": bk.insurer.pk,
        "provider": bk.provider.pk,
        "starts_on": "2025-01-01",
        "ends_on": "2025-12-31",
        "declaring": "on",
        **overrides,
    }


def other_provider(bk):
    org = OrganisationFactory(name="Ggz Tweede", kind="ggz-aanbieder")
    PartnershipFactory(network=bk.network, organisation=org)
    return org


def test_the_coordinator_sees_contracts_and_the_verdeelsleutel(client, bk_cast):
    client.force_login(bk_cast.coordinator)
    text = page_text(client.get(reverse("bekostiging:contracten", args=[bk_cast.network.slug])))
    assert "€ 150,00 per gesprek" in text and "regionaal bedrag" in text
    assert "Verzekeraar Twee: 40%" in text and "Verzekeraar Noord: 60%" in text
    assert f"Informatievoorziening wachttijden: {bk_cast.provider.name}" in text  # the kassier
    for user in (bk_cast.provider_user, bk_cast.insurer_user):
        client.force_login(user)
        url = reverse("bekostiging:contracten", args=[bk_cast.network.slug])
        assert client.get(url).status_code == 403


def test_R_NW_4_a_lumpsum_contract_with_another_party_than_the_kassier_is_refused_on_its_field(
    client, bk_cast
):
    second = other_provider(bk_cast)
    client.force_login(bk_cast.coordinator)
    url = reverse("bekostiging:contract_create", args=[bk_cast.network.slug])
    response = client.post(url, contract_data(bk_cast, provider=second.pk))
    assert response.status_code == 200
    message = (
        f"Voor Informatievoorziening wachttijden is {bk_cast.provider.name} kassier in deze "
        "periode; een lumpsumcontract is met de kassier (R-NW-4)."
    )
    assert response.context["form"].errors["provider"] == [message]
    assert f"Aanbieder: {message}" in page_text(response)
    assert not Contract.objects.filter(provider=second).exists()
    # With the kassier it is fine.
    assert client.post(url, contract_data(bk_cast)).status_code == 302


def test_r_nw_4_the_vg_may_be_contracted_to_several_declaring_parties(client, bk_cast):
    second = other_provider(bk_cast)
    client.force_login(bk_cast.coordinator)
    url = reverse("bekostiging:contract_create", args=[bk_cast.network.slug])
    data = contract_data(
        bk_cast, function=Function.VERKENNEND_GESPREK, provider=second.pk, tariff="155.00"
    )
    assert client.post(url, data).status_code == 302
    contract = Contract.objects.get(provider=second)
    assert contract.tariff == Decimal("155.00") and contract.yearly_amount is None


def test_the_contract_form_shows_the_services_refusals_in_dutch(client, bk_cast):
    client.force_login(bk_cast.coordinator)
    url = reverse("bekostiging:contract_create", args=[bk_cast.network.slug])
    response = client.post(url, contract_data(bk_cast, function=Function.VERKENNEND_GESPREK))
    assert response.context["form"].errors["tariff"] == [
        "Een contract voor het verkennend gesprek heeft een tarief."
    ]
    response = client.post(url, contract_data(bk_cast, ends_on="2024-12-31"))
    assert "De einddatum ligt vóór de ingangsdatum." in page_text(response)


def test_r_bk_1_a_vg_contract_made_on_the_page_resolves_held_back_conversations(client, bk_cast):
    stranger, no_contract, _uninsured = held_back(bk_cast)
    client.force_login(bk_cast.coordinator)
    url = reverse("bekostiging:contract_create", args=[bk_cast.network.slug])
    form = client.get(url, {"functie": "vg", "verzekeraar": stranger.pk})
    assert form.context["form"].initial["insurer"] == stranger.pk
    data = contract_data(
        bk_cast,
        function=Function.VERKENNEND_GESPREK,
        insurer=stranger.pk,
        ends_on=(timezone.localdate() + timedelta(days=30)).isoformat(),
        tariff="155.00",
    )
    response = client.post(url, data, follow=True)
    assert "1 tegengehouden gesprek is nu gedeclareerd." in page_text(response)
    line = Declaratieregel.objects.get(gesprek__verkennend_gesprek=no_contract)
    assert (line.insurer, line.amount) == (stranger, Decimal("155.00"))


def verdeelsleutel_url(bk):
    return reverse("bekostiging:verdeelsleutel", args=[bk.network.slug])


def test_r_bk_2_verdeelsleutel_of_99_99_percent_is_refused_and_the_input_kept(client, bk_cast):
    client.force_login(bk_cast.coordinator)
    data = {
        "jaar": "2025",
        f"aandeel_{bk_cast.insurer.pk}": "60",
        f"aandeel_{bk_cast.insurer_two.pk}": "39.99",
    }
    response = client.post(verdeelsleutel_url(bk_cast), data)
    assert response.status_code == 200
    text = page_text(response)
    assert "De aandelen tellen op tot 99,99%" in text and "niet tot precies 100%" in text
    assert 'value="39.99"' in text and 'value="60"' in text  # what was typed stays
    shares = dict(Verdeelsleutel.objects.filter(year=2025).values_list("insurer_id", "share"))
    assert shares == {bk_cast.insurer.pk: Decimal("60"), bk_cast.insurer_two.pk: Decimal("40")}


def test_R_BK_2_verdeelsleutel_of_exactly_100_percent_replaces_only_that_years_key(client, bk_cast):
    client.force_login(bk_cast.coordinator)
    form = client.get(verdeelsleutel_url(bk_cast), {"jaar": "2025"})
    assert 'value="60.0000"' in page_text(form)  # the year's current shares
    assert form.context["year"] == 2025
    data = {
        "jaar": "2025",
        f"aandeel_{bk_cast.insurer.pk}": "33.3333",
        f"aandeel_{bk_cast.insurer_two.pk}": "66.6667",
    }
    response = client.post(verdeelsleutel_url(bk_cast), data)
    assert response.status_code == 302
    rows = Verdeelsleutel.objects.filter(year=2025)
    assert dict(rows.values_list("insurer_id", "share")) == {
        bk_cast.insurer.pk: Decimal("33.3333"),
        bk_cast.insurer_two.pk: Decimal("66.6667"),
    }
    assert {r.set_by for r in rows} == {bk_cast.coordinator}
    # The other years keep their key.
    assert dict(Verdeelsleutel.objects.filter(year=2026).values_list("insurer_id", "share")) == {
        bk_cast.insurer.pk: Decimal("60"),
        bk_cast.insurer_two.pk: Decimal("40"),
    }
    # An empty field leaves an insurer out; alone it must then be 100%.
    data = {
        "jaar": "2025",
        f"aandeel_{bk_cast.insurer.pk}": "100",
        f"aandeel_{bk_cast.insurer_two.pk}": "",
    }
    assert client.post(verdeelsleutel_url(bk_cast), data).status_code == 302
    assert list(Verdeelsleutel.objects.filter(year=2025).values_list("insurer_id", flat=True)) == [
        bk_cast.insurer.pk
    ]
    # The contracts page shows the key per year.
    text = page_text(client.get(reverse("bekostiging:contracten", args=[bk_cast.network.slug])))
    assert "2025" in text and "Verzekeraar Noord: 100%" in text


# --- Regie, kassier and regional amounts (R-NW-3, R-NW-4, R-BK-2) ---------------------


def kassiers_url(bk):
    return reverse("bekostiging:kassiers", args=[bk.network.slug])


def test_R_NW_4_the_coordinator_records_a_kassier_and_a_regional_amount(client, bk_cast):
    second = other_provider(bk_cast)
    client.force_login(bk_cast.coordinator)
    text = page_text(client.get(kassiers_url(bk_cast)))
    assert bk_cast.provider.name in text and "€ 100.000,00" in text
    data = {
        "formulier": "kassier",
        "kassier-function": Function.COORDINATIE,
        "kassier-organisation": second.pk,
        "kassier-starts_on": "2026-01-01",
        "kassier-ends_on": "",
    }
    assert client.post(kassiers_url(bk_cast), data).status_code == 302
    kassier = FunctieKassier.objects.get(network=bk_cast.network, function=Function.COORDINATIE)
    assert (kassier.organisation, kassier.ends_on, kassier.created_by) == (
        second,
        None,
        bk_cast.coordinator,
    )
    # Overlap: refused on the page, in Dutch, nothing added.
    response = client.post(kassiers_url(bk_cast), {**data, "kassier-starts_on": "2026-06-01"})
    assert response.status_code == 200
    assert "al kassier van 01-01-2026 t/m onbepaalde tijd" in page_text(response)
    assert FunctieKassier.objects.filter(function=Function.COORDINATIE).count() == 1
    # Ending the period, then another kassier from the next day on.
    end = {"formulier": "einde", "einde-kassier": kassier.pk, "einde-ends_on": "2026-05-31"}
    assert client.post(kassiers_url(bk_cast), end).status_code == 302
    kassier.refresh_from_db()
    assert kassier.ends_on == date(2026, 5, 31)
    response = client.post(kassiers_url(bk_cast), {**data, "kassier-starts_on": "2026-06-01"})
    assert response.status_code == 302
    # A regional amount.
    bedrag = {
        "formulier": "bedrag",
        "bedrag-function": Function.COORDINATIE,
        "bedrag-year": "2026",
        "bedrag-amount": "105000.00",
        "bedrag-term_length": "kwartaal",
    }
    assert client.post(kassiers_url(bk_cast), bedrag).status_code == 302
    made = RegionaalBedrag.objects.get(network=bk_cast.network, function=Function.COORDINATIE)
    assert (made.year, made.amount, made.term_length) == (2026, Decimal("105000.00"), "kwartaal")


def test_R_NW_4_only_the_networks_coordinator_manages_its_kassiers(
    client, bk_cast, cast, other_network
):
    for user in (bk_cast.provider_user, bk_cast.insurer_user):
        client.force_login(user)
        assert client.get(kassiers_url(bk_cast)).status_code == 403
    client.force_login(cast["outsider"])  # the coordinator of another network
    assert client.get(kassiers_url(bk_cast)).status_code == 404
    response = client.post(
        kassiers_url(bk_cast),
        {
            "formulier": "kassier",
            "kassier-function": Function.COORDINATIE,
            "kassier-organisation": bk_cast.provider.pk,
            "kassier-starts_on": "2026-01-01",
        },
    )
    assert response.status_code == 404
    assert not FunctieKassier.objects.filter(function=Function.COORDINATIE).exists()
    assert client.get(verdeelsleutel_url(bk_cast)).status_code == 404
    # Nor may a coordinator end another network's kassier through their own network.
    client.force_login(bk_cast.coordinator)
    other_kassier = FunctieKassier.objects.create(
        network=other_network,
        function=Function.WACHTTIJDEN,
        organisation=other_network.regievoerder,
        starts_on=date(2025, 1, 1),
    )
    end = {"formulier": "einde", "einde-kassier": other_kassier.pk, "einde-ends_on": "2025-12-31"}
    assert client.post(kassiers_url(bk_cast), end).status_code == 404
    other_kassier.refresh_from_db()
    assert other_kassier.ends_on is None


# --- Query counts ------------------------------------------------------------------


def unique_bsns():
    """RvIG-style test BSNs (9999…, elfproef) outside the factory's few, one per person."""
    for n in range(1000, 9000):
        digits = f"9999{n:04d}"
        check = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
        if check < 10 and f"{digits}{check}" not in TEST_BSNS:
            yield f"{digits}{check}"


@pytest.mark.parametrize("size", [2, 12])
def test_the_pages_query_count_does_not_grow_with_the_data(
    client, bk_cast, size, django_assert_max_num_queries
):
    stranger = OrganisationFactory(name="Verzekeraar Elders", zorgverzekeraar=True)
    bsns = unique_bsns()
    for index in range(size):
        for insurer in ((bk_cast.insurer, bk_cast.insurer_two)[index % 2], stranger):
            persoon = bk_cast.held_vg(insurer=insurer).persoon
            persoon.bsn = next(bsns)  # the factory cycles through six numbers
            persoon.save(update_fields=["bsn"])
    generate(bk_cast)
    for line in Declaratieregel.objects.filter(insurer=bk_cast.insurer):
        exported(line)
        regel_correct(line)
    regels_mark_ready(list(Declaratieregel.objects.filter(replaces__isnull=False)))
    line = Declaratieregel.objects.filter(replaces__isnull=False).first()
    client.force_login(bk_cast.coordinator)
    client.get(REGELS)  # warm the content-type cache guardian uses, as in a running server
    contracten = reverse("bekostiging:contracten", args=[bk_cast.network.slug])
    # The list: session, user, networks, coordinated networks, totals (also the count),
    # page, credit/replacement links, manageable lines, open held-back count, the menu's
    # roles and provider check, the insurer choices; a provider or insurer adds a check or
    # two of what it may manage. One line: + the history and the access log's insert.
    limits = {
        bk_cast.coordinator: {REGELS: 12, TEGENGEHOUDEN: 8, detail_url(line): 11, contracten: 9},
        bk_cast.provider_user: {REGELS: 14, TEGENGEHOUDEN: 9, detail_url(line): 13},
        bk_cast.insurer_user: {REGELS: 13, detail_url(line): 13},
    }
    for user, pages in limits.items():
        client.force_login(user)
        for url, most in pages.items():
            with django_assert_max_num_queries(most):
                assert client.get(url).status_code == 200


def test_the_menu_costs_the_same_queries_for_every_kind_of_user(client, bk_cast):
    """The bekostiging menu items are decided from the roles and one shared, cached query
    for the organisations a user acts for: no user pays more for the menu."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("networks:network_list")
    counts = {}
    users = {
        "coordinator": bk_cast.coordinator,
        "insurer": bk_cast.insurer_user,
        "gemeente": bk_cast.gemeente_user,
        "provider": bk_cast.provider_user,
    }
    for name, user in users.items():
        client.force_login(user)
        client.get(url)  # unmeasured: caches
        with CaptureQueriesContext(connection) as queries:
            html = client.get(url).content.decode()
        counts[name] = len(queries)
        shown = {
            label
            for label in ("Declaraties</a>", "Declaraties downloaden", "Gemeenten</a>")
            if label in html
        }
        counts[name + "_menu"] = shown
    assert counts["coordinator"] == counts["insurer"] == counts["gemeente"] == counts["provider"], {
        k: v for k, v in counts.items() if "menu" not in k
    }
    assert counts["insurer_menu"] >= {"Declaraties downloaden"}
    assert "Gemeenten</a>" in counts["gemeente_menu"]
    assert "Declaraties</a>" in counts["provider_menu"]


# --- R-PR-2 / R-BK-4: an insurer sees a line from klaar on ------------------------------


def concept_and_klaar(bk):
    """Two VG lines to Verzekeraar Noord: the first offered (klaar), the second a concept."""
    bk.held_vg(insurer=bk.insurer, days_ago=2)
    bk.held_vg(insurer=bk.insurer, days_ago=1)
    generate(bk)
    klaar, concept = Declaratieregel.objects.filter(insurer=bk.insurer).order_by("pk")
    regels_mark_ready([klaar])
    return klaar, concept


def test_R_BK_4_an_insurer_never_sees_a_concept_line_in_the_list_or_its_counts(client, bk_cast):
    klaar, concept = concept_and_klaar(bk_cast)
    client.force_login(bk_cast.insurer_user)
    response = client.get(REGELS)
    text = page_text(response)
    assert klaar.reference in text and concept.reference not in text
    assert total(response, "count") == "1"
    assert total(response, "debit") == "€ 150,00"
    # The status filter offers no "Concept", and asking for it shows nothing.
    assert 'value="concept"' not in text
    asked = client.get(REGELS, {"status": "concept", "referentie": concept.reference})
    assert concept.reference not in page_text(asked).replace(f'value="{concept.reference}"', "")
    assert total(asked, "count") == "0"
    # The coordinator and the declaring provider still see and count the concept.
    for who in (bk_cast.coordinator, bk_cast.provider_user):
        client.force_login(who)
        response = client.get(REGELS)
        assert concept.reference in page_text(response)
        assert 'value="concept"' in page_text(response)
        assert total(response, "count") == "2"


def test_R_BK_4_an_insurer_never_sees_a_concept_line_on_its_page(client, bk_cast):
    klaar, concept = concept_and_klaar(bk_cast)
    client.force_login(bk_cast.insurer_user)
    missing = client.get(detail_url(concept))
    unknown = client.get(detail_url(Declaratieregel(pk=concept.pk + 1000)))
    assert missing.status_code == unknown.status_code == 404  # existence not revealed
    assert concept.bsn not in page_text(missing) and concept.policy_number not in page_text(missing)
    assert not AccessLogEntry.objects.filter(user=bk_cast.insurer_user).exists()
    assert client.get(detail_url(klaar)).status_code == 200
    # Taken back to concept, the line is gone for the insurer again.
    klaar.refresh_from_db()
    regel_transition(klaar, RegelStatus.CONCEPT)
    assert client.get(detail_url(klaar)).status_code == 404
    client.force_login(bk_cast.provider_user)
    assert client.get(detail_url(concept)).status_code == 200
