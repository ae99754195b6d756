"""R-BK-5: the GDS-shaped declaration message (573) — valid against our XSD, one message per
receiving UZOVI, a debit and its own credit never in one message, SEPA-safe invoice
numbers — and 574-style return messages that accept or reject lines, refusing malformed
XML, DTDs and entities."""

import hashlib
import importlib
import io
import re
from datetime import date
from xml.etree import ElementTree as ET

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

import pytest
import xmlschema

from bekostiging.constants import ExportFormat, RegelStatus
from bekostiging.models import Declaratieregel, Export, ExportRegel
from bekostiging.services.declaraties import regel_correct, regels_mark_ready
from bekostiging.services.exports import export_render
from bekostiging.services.gds import (
    NS_573,
    SCHEMAS,
    MessageInvalid,
    plan_messages,
    read_messages,
    sepa_safe,
    write_messages,
)
from bekostiging.services.lumpsum import lumpsum_generate
from bekostiging.services.retour import NS_574, parse_574, parse_verdict_csv
from mgn.audit.constants import Event
from mgn.audit.models import AccessLogEntry
from mgn.jobs.constants import JobStatus
from tests.bekostiging.test_exports import START, TODAY, create, real_lines

pytestmark = pytest.mark.django_db

NS = {"m": NS_573}


def messages_of(export) -> dict[str, ET.Element]:
    export.refresh_from_db()
    with export.file.open("rb") as handle:
        raw = read_messages(handle.read())
    return {name: ET.fromstring(data) for name, data in raw.items()}


def refs(message: ET.Element) -> set[str]:
    return {e.text for e in message.iterfind(".//m:Prestatie/m:Referentie", NS)}


def export_of_lines(bk, lines) -> Export:
    """An export holding exactly these lines (also lines of two insurers, which the page
    never makes: to test the message split itself)."""
    export = Export.objects.create(
        network=bk.network,
        insurer=bk.insurer,
        format=ExportFormat.XML,
        period_start=START,
        period_end=TODAY,
        statuses=["klaar", "geexporteerd"],
        line_count=len(lines),
        requested_by=bk.insurer_user,
    )
    ExportRegel.objects.bulk_create(ExportRegel(export=export, regel=r) for r in lines)
    return export


def test_r_bk_5_every_message_is_valid_against_our_xsd(bk_cast):
    real_lines(bk_cast, 3)
    export = create(bk_cast, ExportFormat.XML)
    assert export.status == JobStatus.KLAAR
    messages = messages_of(export)
    assert len(messages) == 1
    schema = xmlschema.XMLSchema10(str(SCHEMAS / "gds573-mgn.xsd"))
    with export.file.open("rb") as handle:
        for data in read_messages(handle.read()).values():
            schema.validate(data.decode())
    (message,) = messages.values()
    assert message.findtext("m:Voorloop/m:Berichtcode", namespaces=NS) == "573"
    assert message.findtext("m:Declarant/m:AgbCode", namespaces=NS) == bk_cast.provider.agb_code
    assert message.findtext("m:Factuur/m:TotaalBedrag", namespaces=NS) == "450.00"
    assert message.findtext("m:Factuur/m:DebetCredit", namespaces=NS) == "D"
    assert message.findtext("m:Sluit/m:AantalVerzekerden", namespaces=NS) == "3"
    prestatie = message.find(".//m:Prestatie", NS)
    assert prestatie.findtext("m:Codelijst", namespaces=NS) == "071"
    assert prestatie.findtext("m:Aantal", namespaces=NS) == "1"
    assert prestatie.findtext("m:Behandelaar/m:Naam", namespaces=NS) == bk_cast.vg_cast.ggz.name


def test_r_bk_5_an_invalid_message_is_never_stored(bk_cast):
    real_lines(bk_cast, 1)
    Declaratieregel.objects.update(bsn="12345")  # not nine digits: breaks the XSD
    export = create(bk_cast, ExportFormat.XML, render=False)
    with pytest.raises(MessageInvalid, match="Bsn"):
        write_messages(export, io.BytesIO())
    # The task's final failure is recorded on the export; no file.
    Declaratieregel.objects.update(provider_agb="")  # declared without the AGB code
    with pytest.raises(MessageInvalid, match="AGB"):
        write_messages(export, io.BytesIO())
    export.refresh_from_db()
    assert not export.file


def test_r_bk_5_one_message_per_receiving_uzovi(bk_cast):
    own = list(real_lines(bk_cast, 2, insurer=bk_cast.insurer))
    two = list(real_lines(bk_cast, 1, insurer=bk_cast.insurer_two))
    export = export_of_lines(bk_cast, own + two)
    plan = plan_messages(export)
    assert sorted(m.uzovi for m in plan) == sorted(
        [bk_cast.insurer.uzovi, bk_cast.insurer_two.uzovi]
    )
    export_render(export_id=export.pk)
    for message in messages_of(export).values():
        receiver = message.findtext("m:Voorloop/m:OntvangerUzovi", namespaces=NS)
        # The receiver's UZOVI equals every insured person's.
        assert {e.text for e in message.iterfind(".//m:Verzekerde/m:Uzovi", NS)} == {receiver}
        expected = own if receiver == bk_cast.insurer.uzovi else two
        assert refs(message) == {r.reference for r in expected}


def test_r_bk_5_a_debit_and_its_own_credit_never_share_a_message(bk_cast):
    lines = list(real_lines(bk_cast, 2, status=RegelStatus.GEEXPORTEERD))
    credit, new = regel_correct(lines[0])
    regels_mark_ready([new])
    export = create(bk_cast, ExportFormat.XML, statuses=["klaar", "geexporteerd"])
    messages = list(messages_of(export).values())
    assert len(messages) == 2
    debit_msg = next(m for m in messages if lines[0].reference in refs(m))
    credit_msg = next(m for m in messages if credit.reference in refs(m))
    assert debit_msg is not credit_msg
    assert credit.reference not in refs(debit_msg)
    assert lines[0].reference not in refs(credit_msg)
    assert refs(debit_msg) == {lines[0].reference, lines[1].reference, new.reference}
    assert credit_msg.findtext("m:Factuur/m:DebetCredit", namespaces=NS) == "C"
    assert credit_msg.findtext("m:Factuur/m:TotaalBedrag", namespaces=NS) == "150.00"
    line = credit_msg.find(".//m:Prestatie", NS)
    assert line.findtext("m:GerelateerdeReferentie", namespaces=NS) == lines[0].reference
    assert line.findtext("m:DebetCredit", namespaces=NS) == "C"
    assert line.findtext("m:Bedrag", namespaces=NS) == "150.00"
    invoices = [m.findtext("m:Factuur/m:Factuurnummer", namespaces=NS) for m in messages]
    assert len(set(invoices)) == 2


def test_r_bk_5_only_person_bound_lines_travel_in_573(bk_cast):
    vg = list(real_lines(bk_cast, 1))
    lumpsum_generate(network=bk_cast.network, year=TODAY.year)
    Declaratieregel.objects.update(status=RegelStatus.KLAAR)
    export = create(bk_cast, ExportFormat.XML, period_end=date(TODAY.year, 12, 31))
    assert export.line_count == 1  # the lumpsum terms are not in it (nor marked by it)
    (message,) = messages_of(export).values()
    assert refs(message) == {vg[0].reference}


SEPA = re.compile(r"[A-Za-z0-9/\-?:().,'+ ]{1,35}")


@pytest.mark.parametrize(
    "text",
    [
        "E000001-01D/noord_veenland",
        "Factuur Zuidoost-Brabant & Peel — 2026/€100",
        "Ærø-Cöördinatie_Netwerk#1 ünïcode 'quote' \"dq\" ; semi * star",
        "x" * 80,
    ],
)
def test_r_bk_5_invoice_numbers_are_sepa_safe(text):
    safe = sepa_safe(text)
    assert SEPA.fullmatch(safe), safe
    assert len(safe) <= 35


def test_r_bk_5_invoice_numbers_of_a_real_export_are_sepa_safe_and_unique(bk_cast):
    bk_cast.network.slug = "noord_veenland_ë"
    bk_cast.network.save(update_fields=["slug"])
    real_lines(bk_cast, 1, status=RegelStatus.GEEXPORTEERD)
    credit, _new = regel_correct(Declaratieregel.objects.get())
    export = create(bk_cast, ExportFormat.XML, statuses=["klaar", "geexporteerd"])
    numbers = [
        m.findtext("m:Factuur/m:Factuurnummer", namespaces=NS) for m in messages_of(export).values()
    ]
    assert len(numbers) == len(set(numbers)) == 2
    assert all(SEPA.fullmatch(n) for n in numbers)
    assert numbers[0].startswith(f"E{export.pk:06d}-01D/noord-veenland-e")


# --- 574 ------------------------------------------------------------------------------------


def return_message(uzovi, verdicts, reference="RET-1") -> bytes:
    lines = "".join(
        f"<Regel><Referentie>{ref}</Referentie><Oordeel>{verdict}</Oordeel>"
        + (f"<Reden>{reason}</Reden>" if reason else "")
        + "</Regel>"
        for ref, verdict, reason in verdicts
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        f'<Retourbericht xmlns="{NS_574}"><Voorloop><Berichtcode>574</Berichtcode>'
        f"<Berichtversie>MGN-1</Berichtversie><Berichtreferentie>{reference}</Berichtreferentie>"
        f"<AfzenderUzovi>{uzovi}</AfzenderUzovi>"
        f"<Aanmaakdatum>{timezone.localdate().isoformat()}</Aanmaakdatum></Voorloop>"
        f"{lines}</Retourbericht>"
    ).encode()


def upload(client, bk, data: bytes, name="retour.xml"):
    return client.post(
        reverse("bekostiging:retour_upload"),
        {
            "verzekeraar": bk.insurer.pk,
            "netwerk": bk.network.slug,
            "bestand": SimpleUploadedFile(name, data),
        },
    )


def test_r_bk_5_574_parses_verdicts_in_message_order(bk_cast):
    data = return_message(
        "1234", [("MGN000000001", "toegekend", ""), ("MGN000000002", "afgewezen", "Dubbel")]
    )
    reference, verdicts = parse_574(data)
    assert reference == "RET-1"
    assert [(v.reference, v.accepted, v.reason, v.line) for v in verdicts] == [
        ("MGN000000001", True, "", 1),
        ("MGN000000002", False, "Dubbel", 2),
    ]
    with pytest.raises(ValidationError, match="UZOVI 1234"):
        parse_574(data, uzovi="9999")


def test_r_bk_5_574_upload_accepts_and_rejects_lines(bk_cast, client):
    one, two = real_lines(bk_cast, 2, status=RegelStatus.GEEXPORTEERD)
    client.force_login(bk_cast.insurer_user)
    data = return_message(
        bk_cast.insurer.uzovi,
        [(one.reference, "toegekend", ""), (two.reference, "afgewezen", "Niet verzekerd")],
    )
    response = upload(client, bk_cast, data)
    assert response.status_code == 200
    assert "1 regel geaccepteerd, 1 afgewezen" in response.content.decode()
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.status == RegelStatus.GEACCEPTEERD
    assert (two.status, two.rejection_reason) == (RegelStatus.AFGEWEZEN, "Niet verzekerd")
    logged = AccessLogEntry.objects.filter(event=Event.UPDATE, user=bk_cast.insurer_user)
    assert sorted(logged.values_list("person_identifier", flat=True)) == sorted([one.bsn, two.bsn])


def test_r_bk_5_574_with_one_bad_line_changes_nothing(bk_cast, client):
    one, two = real_lines(bk_cast, 2, status=RegelStatus.GEEXPORTEERD)
    other = real_lines(bk_cast, 1, insurer=bk_cast.insurer_two, status=RegelStatus.GEEXPORTEERD)
    client.force_login(bk_cast.insurer_user)
    data = return_message(
        bk_cast.insurer.uzovi,
        [
            (one.reference, "toegekend", ""),
            (other[0].reference, "toegekend", ""),  # another insurer's: unknown to us
            (two.reference, "afgewezen", ""),  # no reason
        ],
    )
    response = upload(client, bk_cast, data)
    assert response.status_code == 400
    report = response.context["refused"]
    assert [p["line"] for p in report] == [2, 3]
    page = response.content.decode()
    assert "er is niets veranderd" in page and other[0].reference in page
    assert set(Declaratieregel.objects.values_list("status", flat=True)) == {
        RegelStatus.GEEXPORTEERD
    }


def test_r_bk_5_574_from_another_uzovi_is_refused(bk_cast, client):
    (one,) = real_lines(bk_cast, 1, status=RegelStatus.GEEXPORTEERD)
    client.force_login(bk_cast.insurer_user)
    data = return_message(bk_cast.insurer_two.uzovi, [(one.reference, "toegekend", "")])
    response = upload(client, bk_cast, data)
    assert response.status_code == 400
    one.refresh_from_db()
    assert one.status == RegelStatus.GEEXPORTEERD


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
<Retourbericht xmlns="urn:mgn-coordinatie:gds574:1"><Voorloop><Berichtreferentie>&x;</Berichtreferentie></Voorloop></Retourbericht>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]><r>&lol3;</r>"""
INTERNAL_ENTITY_NO_DOCTYPE_WORD = (
    b"""<?xml version="1.0"?><!doctype r [<!ENTITY a "b">]><r>&a;</r>"""
)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (XXE, "DTD"),
        (LAUGHS, "DTD"),
        (INTERNAL_ENTITY_NO_DOCTYPE_WORD, "DTD"),
        (b"<Retourbericht><Voorloop>", "geen geldige XML"),
        (b"<?xml version='1.0'?><niets/>", "gds574-mgn.xsd"),
        (
            return_message("1234", [("MGN000000001", "misschien", "")]),
            "gds574-mgn.xsd",
        ),
        (b"\xff\xfe<\x00r\x00>\x00", ""),
    ],
)
def test_r_bk_5_malformed_xml_dtds_and_entities_are_refused(data, fragment):
    with pytest.raises(ValidationError) as refused:
        parse_574(data)
    assert fragment in " ".join(refused.value.messages)


def test_r_bk_5_xxe_upload_reads_no_file_and_changes_nothing(bk_cast, client):
    (one,) = real_lines(bk_cast, 1, status=RegelStatus.GEEXPORTEERD)
    client.force_login(bk_cast.insurer_user)
    response = upload(client, bk_cast, XXE)
    assert response.status_code == 400
    page = response.content.decode()
    assert "root:" not in page and "DTD" in page
    one.refresh_from_db()
    assert one.status == RegelStatus.GEEXPORTEERD


# --- CSV verdicts ---------------------------------------------------------------------------


def test_verdict_csv_upload_accepts_and_rejects(bk_cast, client):
    one, two = real_lines(bk_cast, 2, status=RegelStatus.GEEXPORTEERD)
    client.force_login(bk_cast.insurer_user)
    data = (
        "\ufeffreferentie;geaccepteerd;reden\n"
        f"{one.reference};ja;\n"
        f"{two.reference.lower()};nee;Polis beëindigd\n"
    ).encode()
    response = upload(client, bk_cast, data, name="oordelen.csv")
    assert response.status_code == 200, response.context.get("invalid")
    one.refresh_from_db()
    two.refresh_from_db()
    assert one.status == RegelStatus.GEACCEPTEERD
    assert (two.status, two.rejection_reason) == (RegelStatus.AFGEWEZEN, "Polis beëindigd")


def test_verdict_csv_errors_are_reported_per_line(bk_cast):
    with pytest.raises(ValidationError) as refused:
        parse_verdict_csv(b"MGN000000001;misschien;\nMGN000000002\nMGN000000003;ja;\n")
    messages = refused.value.messages
    assert messages[0].startswith("Regel 1:") and messages[1].startswith("Regel 2:")
    with pytest.raises(ValidationError):
        parse_verdict_csv(b"\xff\xfe\x00")
    with pytest.raises(ValidationError):
        parse_verdict_csv(b"referentie;geaccepteerd;reden\n")


def test_R_BK_5_the_573_is_byte_identical_after_an_agb_correction(bk_cast):
    """The treating professional's AGB and name travel as declared, like the UZOVI and the
    declarant's AGB: a message made again after a correction gives the same bytes, and only
    a line made after the correction carries the new code."""
    professional = bk_cast.vg_cast.ggz
    professional.agb_code = "94000001"
    professional.save(update_fields=["agb_code"])
    lines = list(real_lines(bk_cast, 2, status=RegelStatus.GEEXPORTEERD))
    assert {r.professional_agb for r in lines} == {"94000001"}
    export = export_of_lines(bk_cast, lines)
    first = io.BytesIO()
    write_messages(export, first)
    (message,) = [ET.fromstring(d) for d in read_messages(first.getvalue()).values()]
    codes = {e.text for e in message.iterfind(".//m:Behandelaar/m:AgbCode", NS)}
    assert codes == {"94000001"}

    declared_name = professional.name
    professional.agb_code = "94000002"  # the professional's code corrected
    professional.name = "Dr. Gecorrigeerd"  # and their name
    professional.save(update_fields=["agb_code", "name"])
    again = io.BytesIO()
    write_messages(export, again)
    assert again.getvalue() == first.getvalue()
    assert hashlib.sha256(again.getvalue()).digest() == hashlib.sha256(first.getvalue()).digest()

    # A correction: the credit repeats what was declared, the new line carries the new code.
    credit, new = regel_correct(lines[0])
    assert (credit.professional_agb, credit.professional_name) == ("94000001", declared_name)
    assert (new.professional_agb, new.professional_name) == ("94000002", "Dr. Gecorrigeerd")
    regels_mark_ready([new])
    export = export_of_lines(bk_cast, [credit, new])
    out = io.BytesIO()
    write_messages(export, out)
    by_ref = {
        p.findtext("m:Referentie", namespaces=NS): p.findtext(
            "m:Behandelaar/m:AgbCode", namespaces=NS
        )
        for data in read_messages(out.getvalue()).values()
        for p in ET.fromstring(data).iterfind(".//m:Prestatie", NS)
    }
    assert by_ref == {credit.reference: "94000001", new.reference: "94000002"}


def test_R_BK_5_existing_lines_get_the_professionals_current_agb(bk_cast):
    """The data migration fills the copied code of lines made before it from the
    professional's code at that time; lines without a professional keep none."""
    from django.apps import apps

    fill = importlib.import_module(
        "bekostiging.migrations.0006_declaratieregel_professional_as_declared"
    ).fill
    lines = list(real_lines(bk_cast, 2))
    Declaratieregel.objects.update(professional_agb="", professional_name="")
    fill(apps, None)
    assert {
        (r.professional_agb, r.professional_name)
        for r in Declaratieregel.objects.filter(pk__in=[r.pk for r in lines])
    } == {(bk_cast.vg_cast.ggz.agb_code, bk_cast.vg_cast.ggz.name)}
