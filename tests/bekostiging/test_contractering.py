"""R-NW-7: the four contracting documents, their versions and confirmations, the generated
list of participating parties and begroting, and the checklist of what is missing (with
R-NW-3/4: per offered lumpsum function a partner with regie that is kassier)."""

import csv
import io
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from bekostiging.constants import ContractDocument, Function
from bekostiging.models import ContractDocumentVersie
from bekostiging.selectors.begroting import budget_overview
from bekostiging.selectors.contractering import (
    confirming_partnerships,
    contracting_checklist,
    deelnemende_partijen,
)
from bekostiging.services.begroting import begrotingspost_create
from bekostiging.services.contractering import (
    begroting_freeze,
    contract_document_confirm,
    contract_document_upload,
    partijen_freeze,
)
from bekostiging.services.kassiers import functie_kassier_create
from mgn.accounts.constants import Role
from mgn.validators import PDF_UPLOAD_MAX
from networks.constants import Ring
from networks.services.netwerken import network_grant
from networks.services.organisaties import organisation_grant
from tests.accounts.factories import UserFactory

YEAR = 2026
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="document.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def _user_for(org, network):
    user = UserFactory(roles=[Role.ZORGVERZEKERAAR])
    organisation_grant(organisation=org, user=user)
    network_grant(network=network, user=user)
    return user


def confirm_all(versie, except_for=()):
    for p in confirming_partnerships(versie.network):
        if p.organisation.name in except_for:
            continue
        contract_document_confirm(
            versie=versie,
            organisation=p.organisation,
            user=_user_for(p.organisation, versie.network),
        )


def _budget(bk):
    begrotingspost_create(
        network=bk.network,
        year=YEAR,
        function=Function.WACHTTIJDEN,
        funder=bk.insurer,
        amount=Decimal("60000.00"),
    )


def _complete(bk, coordinator):
    """Every document present and confirmed, a kassier per offered function, a budget."""
    network = bk.network
    for function in (Function.TRANSFER, Function.COORDINATIE):
        functie_kassier_create(
            network=network, function=function, organisation=bk.provider, starts_on=date(YEAR, 1, 1)
        )
    _budget(bk)
    for soort in (ContractDocument.PLAN, ContractDocument.SAMENWERKINGSOVEREENKOMST):
        confirm_all(
            contract_document_upload(network=network, soort=soort, document=pdf(), user=coordinator)
        )
    confirm_all(begroting_freeze(network=network, year=YEAR, user=coordinator))
    confirm_all(partijen_freeze(network=network, user=coordinator))


def test_R_NW_7_all_complete_leaves_nothing_missing(bk_cast, coordinator):
    _complete(bk_cast, coordinator)
    checklist = contracting_checklist(bk_cast.network, YEAR)
    assert checklist.missing == []
    assert checklist.complete


def test_R_NW_7_each_missing_document_is_named(bk_cast):
    checklist = contracting_checklist(bk_cast.network, YEAR)
    text = "\n".join(checklist.missing)
    for soort in ContractDocument:
        assert str(soort.label) in text
    assert "nog niet aanwezig" in text
    assert f"Begroting {YEAR}: nog niet vastgelegd" in text
    assert f"De begroting heeft geen posten voor {YEAR}." in text


def test_R_NW_7_an_unconfirmed_document_names_who_still_has_to_confirm(bk_cast, coordinator):
    _complete(bk_cast, coordinator)
    versie = contract_document_upload(
        network=bk_cast.network,
        soort=ContractDocument.SAMENWERKINGSOVEREENKOMST,
        document=pdf(),
        user=coordinator,
    )
    confirm_all(versie, except_for={"Verzekeraar Twee", "Gemeente Noord"})
    missing = contracting_checklist(bk_cast.network, YEAR).missing
    assert missing == [
        "Samenwerkingsovereenkomst (versie 2): nog te bevestigen door Gemeente Noord, "
        "Verzekeraar Twee."
    ]


def test_R_NW_7_who_confirms_is_the_inner_ring_with_role_b_or_u(network):
    names = {p.organisation.name for p in confirming_partnerships(network)}
    assert "Woonstichting Noord" not in names  # outer ring
    assert {"Verzekeraar Noord", "Gemeente Noord", network.regievoerder.name} <= names
    for p in confirming_partnerships(network):
        assert p.ring == Ring.INNER and (p.role_beleid or p.role_uitvoering)


def test_R_NW_7_a_function_without_regie_and_kassier_is_named(bk_cast, coordinator):
    _complete(bk_cast, coordinator)
    network = bk_cast.network
    network.offers_casusoverleg = True
    network.save(update_fields=["offers_casusoverleg"])
    missing = contracting_checklist(network, YEAR).missing
    assert missing == [
        f"Domeinoverstijgend casusoverleg: geen partner met regie die kassier is in {YEAR}."
    ]
    # a kassier whose period ended before the year does not count
    network.kassiers.filter(function=Function.TRANSFER).update(
        starts_on=date(YEAR - 2, 1, 1), ends_on=date(YEAR - 1, 12, 31)
    )
    assert any("Transfermechanisme" in m for m in contracting_checklist(network, YEAR).missing)


def test_R_NW_7_the_begroting_is_counted_for_its_own_year(bk_cast, coordinator):
    _complete(bk_cast, coordinator)
    missing = contracting_checklist(bk_cast.network, YEAR + 1).missing
    assert f"Begroting {YEAR + 1}: nog niet vastgelegd." in missing


def test_R_NW_7_the_partner_list_matches_the_partnerships(bk_cast, coordinator):
    network = bk_cast.network
    partijen = deelnemende_partijen(network)
    partnerships = list(network.partnerships.select_related("organisation"))
    assert sorted(p.name for p in partijen) == sorted(p.organisation.name for p in partnerships)
    by_name = {p.name: p for p in partijen}
    for ps in partnerships:
        row = by_name[ps.organisation.name]
        assert row.agb == (ps.organisation.agb_code or "")
        assert row.uzovi == (ps.organisation.uzovi or "")
        assert row.ring == ps.get_ring_display()
        assert row.roles.split() == ps.roles
    versie = partijen_freeze(network=network, user=coordinator)
    rows = list(csv.reader(io.StringIO(versie.file.read().decode()), delimiter=";"))
    assert rows[0][0] == "organisatie"
    assert sorted(r[0] for r in rows[1:]) == sorted(p.name for p in partijen)


def test_R_NW_7_the_generated_begroting_matches_budget_overview(bk_cast, coordinator):
    _budget(bk_cast)
    begrotingspost_create(
        network=bk_cast.network,
        year=YEAR,
        function=Function.VERKENNEND_GESPREK,
        funder=bk_cast.insurer_two,
        amount=Decimal("1234.50"),
    )
    overview = budget_overview(bk_cast.network, YEAR)
    versie = begroting_freeze(network=bk_cast.network, year=YEAR, user=coordinator)
    assert versie.year == YEAR and versie.format == "csv"
    rows = list(csv.reader(io.StringIO(versie.file.read().decode()), delimiter=";"))
    lines = {(r[1], r[2]): (Decimal(r[3]), Decimal(r[4])) for r in rows[1:-1]}
    expected = {
        (block.label, funder.name): (figure.budget, figure.realised)
        for block in overview.functions
        for funder, figure in block.cells
    }
    assert lines == expected
    assert Decimal(rows[-1][3]) == overview.total.budget
    assert Decimal(rows[-1][4]) == overview.total.realised


def test_R_NW_7_a_begroting_without_lines_is_not_frozen(bk_cast, coordinator):
    with pytest.raises(ValidationError):
        begroting_freeze(network=bk_cast.network, year=YEAR, user=coordinator)


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (SimpleUploadedFile("a.pdf", b"GIF89a not a pdf", "application/pdf"), "geen PDF"),
        (SimpleUploadedFile("a.txt", b"plain text", "text/plain"), "geen PDF"),
        (
            SimpleUploadedFile("a.pdf", PDF + b"0" * PDF_UPLOAD_MAX, "application/pdf"),
            "10 MB",
        ),
    ],
)
def test_R_NW_7_only_a_pdf_up_to_10_mb_is_uploaded(network, coordinator, document, message):
    with pytest.raises(ValidationError) as error:
        contract_document_upload(
            network=network, soort=ContractDocument.PLAN, document=document, user=coordinator
        )
    assert message in str(error.value)
    assert not ContractDocumentVersie.objects.exists()


def test_R_NW_7_generated_documents_are_not_uploaded(network, coordinator):
    with pytest.raises(ValidationError):
        contract_document_upload(
            network=network, soort=ContractDocument.BEGROTING, document=pdf(), user=coordinator
        )


def test_R_NW_7_upload_through_the_page_refuses_a_non_pdf(client, network, coordinator):
    client.force_login(coordinator)
    url = reverse("bekostiging:contractering_upload", args=[network.slug])
    response = client.post(
        url, {"soort": "plan", "document": SimpleUploadedFile("x.pdf", b"nope", "application/pdf")}
    )
    assert response.status_code == 200
    assert "geen PDF-bestand" in response.content.decode()
    response = client.post(url, {"soort": "plan", "document": pdf()})
    assert response.status_code == 302
    versie = ContractDocumentVersie.objects.get()
    assert versie.number == 1 and versie.uploaded_by == coordinator


def test_R_NW_7_a_non_partner_cannot_confirm(bk_cast, coordinator, other_network):
    versie = contract_document_upload(
        network=bk_cast.network, soort=ContractDocument.PLAN, document=pdf(), user=coordinator
    )
    stranger = other_network.regievoerder
    with pytest.raises(ValidationError):
        contract_document_confirm(
            versie=versie, organisation=stranger, user=_user_for(stranger, other_network)
        )
    outer = bk_cast.network.partnerships.get(ring=Ring.OUTER).organisation
    with pytest.raises(ValidationError):
        contract_document_confirm(
            versie=versie, organisation=outer, user=_user_for(outer, bk_cast.network)
        )
    # a user who does not act for the partner cannot confirm for it
    with pytest.raises(ValidationError):
        contract_document_confirm(versie=versie, organisation=bk_cast.insurer, user=coordinator)
    assert not versie.bevestigingen.exists()


def test_R_NW_7_only_the_latest_version_is_confirmed(bk_cast, coordinator):
    first = contract_document_upload(
        network=bk_cast.network, soort=ContractDocument.PLAN, document=pdf(), user=coordinator
    )
    contract_document_upload(
        network=bk_cast.network, soort=ContractDocument.PLAN, document=pdf(), user=coordinator
    )
    with pytest.raises(ValidationError):
        contract_document_confirm(
            versie=first, organisation=bk_cast.insurer, user=bk_cast.insurer_user
        )


def test_R_NW_7_a_partner_user_confirms_on_the_page(client, bk_cast, coordinator, cast):
    versie = contract_document_upload(
        network=bk_cast.network, soort=ContractDocument.PLAN, document=pdf(), user=coordinator
    )
    url = reverse("bekostiging:contractering_confirm", args=[versie.pk])
    client.force_login(bk_cast.insurer_user)
    assert client.post(url).status_code == 302
    confirmation = versie.bevestigingen.get()
    assert confirmation.organisation == bk_cast.insurer
    assert confirmation.confirmed_by == bk_cast.insurer_user
    client.force_login(cast[Role.HUISARTS])  # sees the network, acts for no partner
    assert client.post(url).status_code == 403
    client.force_login(bk_cast.other_insurer_user)  # another network
    assert client.post(url).status_code == 404
    assert (
        client.get(reverse("bekostiging:contractering_download", args=[versie.pk])).status_code
        == 404
    )


def test_R_NW_7_other_networks_page_is_404(client, bk_cast, cast):
    client.force_login(cast["outsider"])
    for name in ("contractering", "contractering_partijen_csv", "contractering_begroting_csv"):
        url = reverse(f"bekostiging:{name}", args=[bk_cast.network.slug])
        assert client.get(url).status_code == 404


def test_R_NW_7_the_page_shows_the_checklist_in_constant_queries(
    client, bk_cast, coordinator, django_assert_max_num_queries
):
    url = reverse("bekostiging:contractering", args=[bk_cast.network.slug]) + f"?jaar={YEAR}"
    client.force_login(coordinator)
    with django_assert_max_num_queries(30):
        response = client.get(url)
    page = response.content.decode()
    assert "Nog nodig" in page and "Transfermechanisme" in page
    _complete(bk_cast, coordinator)
    client.force_login(bk_cast.insurer_user)
    with django_assert_max_num_queries(30):
        response = client.get(url)
    page = response.content.decode()
    assert "Alles is compleet" in page
    assert "Verzekeraar Twee" in page
    assert "bevestigen" not in page  # confirmed already: no button


def test_R_NW_7_a_partner_user_sees_a_confirm_button_for_its_own_organisation(
    client, bk_cast, coordinator
):
    contract_document_upload(
        network=bk_cast.network, soort=ContractDocument.PLAN, document=pdf(), user=coordinator
    )
    url = reverse("bekostiging:contractering", args=[bk_cast.network.slug])
    client.force_login(bk_cast.gemeente_user)
    assert "Versie 1 bevestigen" in client.get(url).content.decode()
    client.force_login(coordinator)  # acts for no partner
    assert "Versie 1 bevestigen" not in client.get(url).content.decode()


def test_R_NW_7_a_download_gives_the_version_file(client, bk_cast, coordinator):
    versie = contract_document_upload(
        network=bk_cast.network, soort=ContractDocument.PLAN, document=pdf(), user=coordinator
    )
    client.force_login(bk_cast.gemeente_user)
    response = client.get(reverse("bekostiging:contractering_download", args=[versie.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_R_NW_7_the_demo_checklist_is_half_done(db):
    from bekostiging import demo, demo_contractering
    from networks import demo as networks_demo
    from verkennend_gesprek import demo as vg_demo

    networks_demo.seed_demo()
    vg_demo.seed_demo()
    demo.seed_demo()
    demo_contractering.seed_demo()
    demo_contractering.seed_demo()  # idempotent
    from django.utils import timezone

    from networks.models import Network

    network = Network.objects.get(slug="veenland")
    year = timezone.localdate().year
    checklist = contracting_checklist(network, year)
    docs = {d.soort: d for d in checklist.documents}
    assert docs[ContractDocument.SAMENWERKINGSOVEREENKOMST].latest.number == 1
    assert docs[ContractDocument.SAMENWERKINGSOVEREENKOMST].pending == []
    assert docs[ContractDocument.BEGROTING].confirmed and docs[ContractDocument.BEGROTING].pending
    assert docs[ContractDocument.PLAN].latest is None
    assert docs[ContractDocument.PARTIJEN].latest is None
    assert len(checklist.missing) == 3
    next_year = contracting_checklist(network, year + 1).missing
    assert any("Domeinoverstijgend casusoverleg" in m for m in next_year)
    assert ContractDocumentVersie.objects.filter(network=network).count() == 2


def test_R_NW_7_the_index_lists_the_networks_the_user_takes_part_in(
    client, bk_cast, cast, coordinator
):
    url = reverse("bekostiging:contractering_index")
    for user in (coordinator, bk_cast.insurer_user, bk_cast.gemeente_user):
        client.force_login(user)
        assert "MGN Noord" in client.get(url).content.decode()
    client.force_login(bk_cast.other_insurer_user)
    response = client.get(url)
    assert response.status_code == 200 and "MGN Noord" not in response.content.decode()
    client.force_login(cast[Role.HUISARTS])
    assert client.get(url).status_code == 403
