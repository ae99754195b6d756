"""What providers deliver: waiting lists (R-WT-1), intake slots (R-WT-5) and monthly figures
(R-WT-8). All or nothing, every bad row reported, and no BSN left anywhere after an upload."""

import logging
import time
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection

import pytest
from stdnum.nl import bsn as stdnum_bsn

from networks.services.organisaties import organisation_grant
from tests.accounts.factories import UserFactory
from tests.networks.factories import OrganisationFactory
from tests.wachttijden.factories import BSN_A, BSN_B, AanbodFactory, elfproef_bsns
from wachttijden.constants import EntryStatus, UploadSource, Urgency
from wachttijden.models import IntakeSlots, WachtlijstUpload, Wachtplek, WachttijdOpgave
from wachttijden.selectors.levering import upload_status_counts
from wachttijden.services import (
    levering_intakeplekken,
    levering_opgaven,
    levering_wachtlijst,
    pseudonym,
)

TODAY = date(2025, 11, 19)  # a Wednesday
HEADER = (
    "bsn;pseudoniem;aanmelddatum;intakedatum;startdatum_behandeling;urgentie;zorgvraagtype;"
    "hoofddiagnosegroep;woongemeente;status"
)


BSN_C = elfproef_bsns(1)[0]


def test_r_pr_3_the_test_bsns_are_rvig_test_numbers_that_pass_the_elfproef():
    bsns = elfproef_bsns()
    assert len(bsns) == 9091 == len(set(bsns))
    assert all(b.startswith("9999") and stdnum_bsn.is_valid(b) for b in bsns)
    assert elfproef_bsns(3) == bsns[:3]
    assert stdnum_bsn.is_valid(BSN_A) and stdnum_bsn.is_valid(BSN_B)


def csv_text(*rows: str, header: str = HEADER) -> str:
    return "\n".join([header, *rows]) + "\n"


def upload(wt_cast, text, aanbod=None, **kwargs):
    return levering_wachtlijst.wachtlijst_upload(
        aanbod=aanbod or wt_cast.aanbod,
        user=wt_cast.provider_user,
        rows=text,
        filename="wachtlijst.csv",
        today=kwargs.pop("today", TODAY),
        **kwargs,
    )


GOOD = csv_text(
    f"{BSN_A};;2025-09-01;;;normaal;3;depressie;GM9001;",
    f"{BSN_B};;15-08-2025;2025-09-20;;hoog;5;angst;;",
    f";{'a' * 64};2025-06-01;2025-07-01;2025-08-01;crisis;12;;;",
)


@pytest.fixture
def gemeente(wt_cast):
    g = wt_cast.gemeenten[0]
    g.cbs_code = "GM9001"
    g.save()
    return g


# Waiting lists ------------------------------------------------------------------------
def test_r_wt_1_an_upload_stores_pseudonyms_and_derives_the_status(wt_cast, gemeente):
    result = upload(wt_cast, GOOD)

    assert result.accepted, result.errors
    assert result.rows_total == 3
    assert result.status_counts == {"aanmelding": 1, "intake": 1, "behandeling": 1}
    rows = {w.pseudonym: w for w in Wachtplek.objects.filter(aanbod=wt_cast.aanbod)}
    key = pseudonym.region_key(wt_cast.region.code)
    a = rows[pseudonym.pseudonymise(BSN_A, region_code="", key=key)]
    assert (a.status, a.urgency, a.gemeente, a.zorgvraagtype.number) == (
        EntryStatus.AANMELDING,
        Urgency.NORMAAL,
        gemeente,
        3,
    )
    assert a.hoofddiagnosegroep.code == "depressie"
    assert (a.provider, a.region, a.upload) == (wt_cast.provider, wt_cast.region, result)
    b = rows[pseudonym.pseudonymise(BSN_B, region_code=wt_cast.region.code)]
    assert (b.registered_on, b.intake_on, b.status) == (
        date(2025, 8, 15),
        date(2025, 9, 20),
        EntryStatus.INTAKE,
    )
    assert rows["a" * 64].status == EntryStatus.BEHANDELING
    assert upload_status_counts(result) == result.status_counts


def test_r_wt_1_the_same_person_gets_the_same_pseudonym_on_every_providers_list(wt_cast):
    upload(wt_cast, csv_text(f"{BSN_A};;2025-09-01;;;normaal;3;;;"))
    levering_wachtlijst.wachtlijst_upload(
        aanbod=wt_cast.other_aanbod,
        user=wt_cast.other_provider_user,
        rows=csv_text(f"{BSN_A};;2025-10-01;;;hoog;4;;;"),
        today=TODAY,
    )
    assert Wachtplek.objects.values("pseudonym").distinct().count() == 1
    assert Wachtplek.objects.count() == 2


def test_r_wt_1_an_upload_replaces_only_this_offers_list(wt_cast):
    upload(wt_cast, GOOD)
    other = levering_wachtlijst.wachtlijst_upload(
        aanbod=wt_cast.other_aanbod,
        user=wt_cast.other_provider_user,
        rows=csv_text(f"{BSN_C};;2025-10-01;;;hoog;4;;;"),
        today=TODAY,
    )
    second = upload(wt_cast, csv_text(f"{BSN_C};;2025-10-02;;;normaal;3;;;"))

    assert second.accepted
    assert Wachtplek.objects.filter(aanbod=wt_cast.aanbod).count() == 1
    assert Wachtplek.objects.get(aanbod=wt_cast.aanbod).upload == second
    assert Wachtplek.objects.get(aanbod=wt_cast.other_aanbod).upload == other


def _text_columns():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'public' "
            "AND data_type IN ('character varying', 'text', 'character', 'json', 'jsonb')"
        )
        return cursor.fetchall()


def _tables_holding(value: str) -> list[str]:
    found = []
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table, column in _text_columns():
            cursor.execute(
                f"SELECT 1 FROM {quote(table)} WHERE {quote(column)}::text LIKE %s LIMIT 1",
                [f"%{value}%"],
            )
            if cursor.fetchone():
                found.append(f"{table}.{column}")
    return found


class _Records(logging.Handler):
    """Every log record at any level (works with or without pytest's logging plugin)."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record):
        self.lines.append(self.format(record))


@pytest.fixture
def all_logs():
    handler = _Records()
    root = logging.getLogger()
    previous = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield handler.lines
    root.removeHandler(handler)
    root.setLevel(previous)


def test_r_wt_1_no_bsn_appears_in_the_database_or_logs_after_an_upload(wt_cast, gemeente, all_logs):
    bsns = elfproef_bsns(40)
    good = csv_text(*(f"{b};;2025-09-01;;;normaal;3;;GM9001;" for b in bsns[:30]))
    accepted = upload(wt_cast, good)
    # A refused file: a BSN twice, a BSN in the date column, both bsn and pseudonym.
    bad = csv_text(
        f"{bsns[30]};;2025-09-01;;;normaal;3;;;",
        f"{bsns[30]};;2025-09-02;;;normaal;3;;;",
        f"{bsns[31]};;{bsns[32]};;;normaal;3;;;",
        f"{bsns[33]};{'b' * 64};2025-09-01;;;normaal;3;;;",
        f"{bsns[34]};;2025-09-01;;;{bsns[35]};3;;{bsns[36]};{bsns[37]}",
    )
    refused = upload(wt_cast, bad)
    # The same through the API's dict rows, with numbers as JSON numbers.
    records = upload(
        wt_cast,
        [
            {
                "bsn": int(bsns[38]),
                "aanmelddatum": "2025-09-01",
                "urgentie": "hoog",
                "zorgvraagtype": 2,
            },
            {"bsn": bsns[39], "aanmelddatum": bsns[39], "urgentie": "hoog", "zorgvraagtype": 2},
        ],
        source=UploadSource.API,
    )

    assert accepted.accepted and not refused.accepted and not records.accepted
    assert Wachtplek.objects.count() == 30
    assert len(refused.errors) >= 5
    for bsn in bsns:
        assert _tables_holding(bsn) == [], f"a BSN is stored in {_tables_holding(bsn)}"
        assert not [line for line in all_logs if bsn in line]
    assert any("Waiting list" in line for line in all_logs)  # the handler did capture


def test_r_wt_1_a_bad_csv_changes_nothing_and_reports_each_bad_row(wt_cast, gemeente):
    before = upload(wt_cast, GOOD)
    bad = csv_text(
        f"{BSN_C};;2025-09-01;;;normaal;3;;;",  # line 2: fine
        "123456789;;2025-09-01;;;normaal;3;;;",  # 3: elfproef fails
        f"{BSN_A};;2025-13-01;;;normaal;3;;;",  # 4: no such date
        f"{BSN_B};;2025-09-01;2025-08-01;;hoog;3;;;",  # 5: intake before registration
        f";{'c' * 64};2025-09-01;;;dringend;3;;;",  # 6: unknown urgency
        f";{'d' * 64};2025-09-01;;;normaal;9;;;",  # 7: zorgvraagtype 9 does not exist
        f";{'e' * 64};2025-09-01;;;normaal;3;;GM12;",  # 8: not a CBS code
        f"{BSN_C};;2025-09-03;;;normaal;3;;;",  # 9: same person as line 2
        f";{'f' * 64};2025-12-01;;;normaal;3;;;",  # 10: in the future
        f";{'0' * 64};2025-09-01;;2025-10-01;normaal;3;;;",  # 11: start without intake
        f";{'1' * 64};2025-09-01;;;normaal;3;onbekend;;",  # 12: unknown hoofddiagnosegroep
        f";{'2' * 64};2025-09-01;;;normaal;3;;;wachtend",  # 13: unknown status
        f";{'3' * 64};2025-09-01;2025-09-10;;normaal;3;;;aanmelding",  # 14: status vs dates
        ";xyz;2025-09-01;;;normaal;3;;;",  # 15: not a pseudonym
        ";;2025-09-01;;;normaal;3;;;",  # 16: nobody
        f";{'4' * 64};;;;;3;;;",  # 17: registration and urgency missing
        f";{'5' * 64};2025-09-01;;;normaal;3;;",  # 18: one field short
    )
    result = upload(wt_cast, bad)

    assert not result.accepted
    assert result.rows_total == 17
    found = {(e["line"], e["field"]) for e in result.errors}
    assert found == {
        (3, "bsn"),
        (4, "aanmelddatum"),
        (5, "intakedatum"),
        (6, "urgentie"),
        (7, "zorgvraagtype"),
        (8, "woongemeente"),
        (9, "bsn"),
        (10, "aanmelddatum"),
        (11, "startdatum_behandeling"),
        (12, "hoofddiagnosegroep"),
        (13, "status"),
        (14, "status"),
        (15, "pseudoniem"),
        (16, "bsn"),
        (17, "aanmelddatum"),
        (17, "urgentie"),
        (18, ""),
    }
    assert all(e["reason"] for e in result.errors)
    duplicate = next(e for e in result.errors if e["line"] == 9)
    assert "regel 2" in duplicate["reason"]
    # Nothing changed: the previous list is still there, from the previous upload.
    assert set(Wachtplek.objects.values_list("upload", flat=True)) == {before.pk}
    assert Wachtplek.objects.count() == 3
    assert WachtlijstUpload.objects.filter(accepted=False).get() == result


def test_a_semicolon_or_comma_file_with_or_without_bom_is_read(wt_cast):
    comma = "\ufeffBSN,Aanmelddatum,Urgentie,Zorgvraagtype\r\n" + f"{BSN_A},01-09-2025,Hoog,3\r\n"
    assert upload(wt_cast, comma.encode()).accepted
    semicolon = f"bsn;aanmelddatum;urgentie;zorgvraagtype\n{BSN_A};2025-09-01;normaal;3\n\n"
    result = upload(wt_cast, semicolon.encode("utf-8-sig"))
    assert result.accepted and result.rows_total == 1
    assert Wachtplek.objects.get().urgency == Urgency.NORMAAL


def test_a_file_that_is_not_utf8_is_reported_on_its_line(wt_cast):
    data = f"bsn;aanmelddatum;urgentie;zorgvraagtype;woongemeente\n{BSN_A};2025-09-01;hoog;3;\n"
    data += f"{BSN_B};2025-09-01;hoog;3;Súdwest\n".encode("latin-1").decode("utf-8", "replace")
    result = upload(wt_cast, data.encode("utf-8").replace("\ufffd".encode(), b"\xfa"))
    assert not result.accepted
    assert [(e["line"], e["field"]) for e in result.errors] == [(3, "")]


def test_the_header_is_checked_first(wt_cast):
    result = upload(wt_cast, "bsn;aanmeld_datum;urgentie;urgentie\n1;2;3;4\n")
    assert {(e["line"], e["field"]) for e in result.errors} == {
        (1, "urgentie"),  # twice
        (1, "aanmeld_datum"),  # unknown
        (1, "aanmelddatum"),  # missing
        (1, "zorgvraagtype"),  # missing, and needed for a ggz offer
    }
    no_person = upload(wt_cast, "aanmelddatum;urgentie;zorgvraagtype\n2025-09-01;hoog;3\n")
    assert [(e["line"], e["field"]) for e in no_person.errors] == [(1, "bsn")]
    assert upload(wt_cast, "").errors[0]["line"] == 1
    assert "geen regels" in upload(wt_cast, HEADER + "\n").errors[0]["reason"]


def test_r_wt_1_a_file_without_header_does_not_echo_a_bsn(wt_cast):
    result = upload(wt_cast, f"{BSN_A};2025-09-01;hoog;3\n{BSN_B};2025-09-01;hoog;3\n")
    assert not result.accepted
    assert "kolom 1" in {e["field"] for e in result.errors}
    assert BSN_A not in str(result.errors)
    records = upload(wt_cast, [{BSN_A: "x", "aanmelddatum": "2025-09-01", "urgentie": "hoog"}])
    assert records.errors[0]["field"] == "kolom 1"
    assert BSN_A not in str(records.errors)


def test_a_broken_csv_is_reported_not_raised(wt_cast):
    text = f'bsn;aanmelddatum;urgentie;zorgvraagtype\n{BSN_A};2025-09-01;hoog;3\n"{BSN_B};x\n'
    result = upload(wt_cast, text + "y" * 140_000)
    assert not result.accepted
    assert [e["field"] for e in result.errors] == [""]
    assert "geen geldige CSV" in result.errors[0]["reason"]
    assert not Wachtplek.objects.exists()


def test_zorgvraagtype_is_required_for_ggz_offers_only(wt_cast):
    sd = AanbodFactory(sd=True, provider=wt_cast.provider, region=wt_cast.region)
    text = f"bsn;aanmelddatum;urgentie\n{BSN_A};2025-09-01;normaal\n"
    assert upload(wt_cast, text, aanbod=sd).accepted
    refused = upload(wt_cast, text)
    assert [(e["line"], e["field"]) for e in refused.errors] == [(1, "zorgvraagtype")]
    empty = upload(wt_cast, csv_text(f"{BSN_A};;2025-09-01;;;normaal;;;;"))
    assert [(e["line"], e["field"]) for e in empty.errors] == [(2, "zorgvraagtype")]


def test_dict_rows_are_checked_like_csv_rows(wt_cast):
    result = upload(
        wt_cast,
        [
            {"bsn": BSN_A, "aanmelddatum": "2025-09-01", "urgentie": "hoog", "zorgvraagtype": 3},
            {"pseudoniem": "A" * 64, "aanmelddatum": "2025-09-01", "urgentie": "x"},
            {"bsn": BSN_B, "aanmelddatum": "2025-09-01", "urgentie": "hoog", "kleur": "rood"},
            "not a row",
        ],
        source=UploadSource.API,
    )
    assert {(e["line"], e["field"]) for e in result.errors} == {
        (2, "urgentie"),
        (2, "zorgvraagtype"),
        (3, "kleur"),
        (3, "zorgvraagtype"),
        (4, ""),
    }
    good = upload(
        wt_cast,
        [
            {
                "pseudoniem": "A" * 64,
                "aanmelddatum": "2025-09-01",
                "urgentie": "hoog",
                "zorgvraagtype": 1,
            }
        ],
        source=UploadSource.API,
    )
    assert good.accepted and good.source == UploadSource.API
    assert Wachtplek.objects.get().pseudonym == "a" * 64


def test_r_wt_1_fifty_thousand_rows_are_accepted_quickly(wt_cast, capsys):
    bsns = elfproef_bsns()
    lines = []
    for n in range(50_000):
        person = f"{bsns[n]};" if n < len(bsns) else f";{n:064x}"
        registered = TODAY - timedelta(days=30 + n % 300)
        intake = registered + timedelta(days=20) if n % 3 == 0 else None
        lines.append(
            f"{person};{registered:%Y-%m-%d};{intake or ''};;"
            f"{('crisis', 'hoog', 'normaal')[n % 3]};{(n % 8) + 1};;;"
        )
    data = ("\n".join([HEADER, *lines]) + "\n").encode()
    upload(wt_cast, csv_text(f"{BSN_A};;2025-09-01;;;normaal;3;;;"))  # replaced below

    started = time.perf_counter()
    result = upload(wt_cast, data)
    seconds = time.perf_counter() - started

    assert result.accepted, result.errors[:5]
    assert Wachtplek.objects.filter(aanbod=wt_cast.aanbod).count() == 50_000
    assert Wachtplek.objects.filter(upload=result).count() == 50_000
    with capsys.disabled():
        print(
            f"\ningestion: 50,000 rows ({len(bsns)} with a BSN, {len(data) / 1e6:.1f} MB) "
            f"in {seconds:.2f} s = {50_000 / seconds:,.0f} rows/s"
        )
    assert seconds < 20


# Intake slots (R-WT-5) ----------------------------------------------------------------
def test_r_wt_5_intake_slots_are_published_per_week_and_withdrawn(wt_cast):
    monday = date(2025, 11, 17)
    weeks = levering_intakeplekken.slot_weeks(TODAY)
    assert weeks[0] == monday and len(weeks) == 12 and all(w.weekday() == 0 for w in weeks)

    levering_intakeplekken.intake_slots_publish(
        aanbod=wt_cast.aanbod, weeks={monday: 3, monday + timedelta(weeks=1): 0}, today=TODAY
    )
    levering_intakeplekken.intake_slots_publish(
        aanbod=wt_cast.aanbod,
        weeks={monday: 5, monday + timedelta(weeks=1): None, monday + timedelta(weeks=2): 2},
        today=TODAY,
    )
    published = dict(IntakeSlots.objects.values_list("week_start", "available"))
    assert published == {monday: 5, monday + timedelta(weeks=2): 2}

    levering_intakeplekken.intake_slots_publish(
        aanbod=wt_cast.aanbod, weeks={monday + timedelta(weeks=3): 1}, replace=True, today=TODAY
    )
    assert dict(IntakeSlots.objects.values_list("week_start", "available")) == {
        monday + timedelta(weeks=3): 1
    }


def test_r_wt_5_a_week_starts_on_monday_and_lies_ahead(wt_cast):
    with pytest.raises(ValidationError) as error:
        levering_intakeplekken.intake_slots_publish(
            aanbod=wt_cast.aanbod,
            weeks={
                date(2025, 11, 18): 1,  # a Tuesday
                date(2025, 11, 10): 1,  # last week
                date(2025, 11, 24): -1,
                date(2025, 12, 1): 40_000,
            },
            today=TODAY,
        )
    assert set(error.value.message_dict) == {
        "2025-11-18",
        "2025-11-10",
        "2025-11-24",
        "2025-12-01",
    }
    assert not IntakeSlots.objects.exists()


# Monthly figures (R-WT-8) -------------------------------------------------------------
OPGAVE_HEADER = (
    "aanbieder_agb;vestiging;vestiging_agb;maand;hoofddiagnosegroep;aanmeldingswachttijd_weken;"
    "behandelingswachttijd_weken;wachtenden_binnen_treeknorm;wachtenden_buiten_treeknorm"
)


def opgave(wt_cast, *rows, user=None):
    return levering_opgaven.opgave_import(
        user=user or wt_cast.provider_user,
        rows=csv_text(*rows, header=OPGAVE_HEADER),
        today=TODAY,
    )


def test_r_wt_8_monthly_figures_are_imported_and_updated(wt_cast):
    agb = wt_cast.provider.agb_code
    first = opgave(
        wt_cast,
        f"{agb};Hoofdvestiging;{agb};2025-10;depressie;5;9,5;120;30",
        f"{agb};Hoofdvestiging;;2025-10;;3.25;6;;",  # basis-ggz: not split
    )
    assert first.accepted, first.errors
    assert (first.rows, first.created, first.updated) == (2, 2, 0)
    split = WachttijdOpgave.objects.get(hoofddiagnosegroep__code="depressie")
    assert (split.region, split.month, split.aanmeld_weeks, split.behandel_weeks) == (
        wt_cast.region,
        date(2025, 10, 1),
        Decimal("5.0"),
        Decimal("9.5"),
    )
    assert (split.within_norm, split.outside_norm, split.location_agb) == (120, 30, agb)
    basis = WachttijdOpgave.objects.get(hoofddiagnosegroep=None)
    assert basis.aanmeld_weeks == Decimal("3.3")

    again = opgave(wt_cast, f"{agb};Hoofdvestiging;;2025-10;;4;7;;")
    assert (again.created, again.updated) == (0, 1)
    basis.refresh_from_db()
    assert (basis.aanmeld_weeks, basis.behandel_weeks) == (Decimal("4.0"), Decimal("7.0"))
    assert WachttijdOpgave.objects.count() == 2


def test_r_wt_8_rows_of_another_provider_are_refused_and_nothing_changes(wt_cast):
    agb, other_agb = wt_cast.provider.agb_code, wt_cast.other_provider.agb_code
    result = opgave(
        wt_cast,
        f"{agb};Hoofdvestiging;;2025-10;;4;7;;",
        f"{other_agb};Hoofdvestiging;;2025-10;;4;7;;",  # line 3: not theirs
        "12345678;Hoofdvestiging;;2025-10;;4;7;;",  # 4: unknown, same answer
        f"{agb};Hoofdvestiging;;2026-01;;4;7;;",  # 5: future month
        f"{agb};Hoofdvestiging;;2025-10;angst;veel;-1;x;",  # 6: three bad numbers
        f"{agb};Hoofdvestiging;;2025-10;;4;7;;",  # 7: same as line 2
        f"{agb};;1234;2025/10;zzz;4;7;;",  # 8: location, AGB, month, hdg
    )
    assert not result.accepted
    assert {(e["line"], e["field"]) for e in result.errors} == {
        (3, "aanbieder_agb"),
        (4, "aanbieder_agb"),
        (5, "maand"),
        (6, "aanmeldingswachttijd_weken"),
        (6, "behandelingswachttijd_weken"),
        (6, "wachtenden_binnen_treeknorm"),
        (7, "maand"),
        (8, "vestiging"),
        (8, "vestiging_agb"),
        (8, "maand"),
        (8, "hoofddiagnosegroep"),
    }
    line3, line4 = (next(e for e in result.errors if e["line"] == n) for n in (3, 4))
    assert line3["reason"].replace(other_agb, "X") == line4["reason"].replace("12345678", "X")
    assert not WachttijdOpgave.objects.exists()


def test_r_wt_8_the_region_follows_the_providers_offers(wt_cast):
    agb = wt_cast.provider.agb_code
    # A second region where the provider has an offer at another location.
    from tests.networks.factories import RegionFactory

    elsewhere = RegionFactory()
    AanbodFactory(provider=wt_cast.provider, region=elsewhere, location_name="Zuidvestiging")
    result = opgave(
        wt_cast,
        f"{agb};Zuidvestiging;;2025-10;;4;7;;",
        f"{agb};hoofdvestiging;;2025-10;;4;7;;",
        f"{agb};Nergens;;2025-10;;4;7;;",  # offers in two regions, no match: refused
    )
    assert [(e["line"], e["field"]) for e in result.errors] == [(4, "vestiging")]
    ok = opgave(wt_cast, f"{agb};Zuidvestiging;;2025-10;;4;7;;")
    assert ok.accepted
    assert WachttijdOpgave.objects.get().region == elsewhere


def test_r_wt_8_a_user_acting_for_nobody_imports_nothing(wt_cast):
    stranger = UserFactory()
    agb = wt_cast.provider.agb_code
    result = opgave(wt_cast, f"{agb};Hoofdvestiging;;2025-10;;4;7;;", user=stranger)
    assert [(e["line"], e["field"]) for e in result.errors] == [(2, "aanbieder_agb")]
    # Acting for a provider without offers: its own gemeente gives the region.
    org = OrganisationFactory(ggz_aanbieder=True, gemeente_id=wt_cast.gemeenten[2].pk)
    organisation_grant(organisation=org, user=stranger)
    own = opgave(wt_cast, f"{org.agb_code};Praktijk;;2025-10;;4;7;;", user=stranger)
    assert own.accepted, own.errors
    assert WachttijdOpgave.objects.get().region == wt_cast.region
