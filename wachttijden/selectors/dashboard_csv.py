"""The overview of one snapshot as CSV rows: every dimension, one line per snapshot row
(the columns are explained in ``views.dashboard.csv_download``)."""

from collections.abc import Iterator
from datetime import date

from mgn.exports import csv_value
from networks.models import Region
from wachttijden.constants import Urgency
from wachttijden.models import SnapshotFigure

CSV_COLUMNS = [
    ("peildatum", "snapshot_date"),
    ("regio", "region__name"),
    ("dimensie", "dimension"),
    ("gemeente", "gemeente__name"),
    ("aanbieder", "provider__name"),
    ("aanbod", "aanbod__name"),
    ("zorgvraagtype_nummer", "zorgvraagtype__number"),
    ("zorgvraagtype", "zorgvraagtype__name"),
    ("urgentie", "urgency"),
    ("vestiging", "location"),
    ("hoofddiagnosegroep", "hoofddiagnosegroep__name"),
    ("personen", "persons"),
    ("wachtplekken", "wachtplekken"),
    ("aanmeldingen_2_maanden", "referrals"),
    ("aanmeldingswachttijd_gemiddeld_dagen", "aanmeld_avg"),
    ("aanmeldingswachttijd_mediaan_dagen", "aanmeld_median"),
    ("aanmeldingswachttijd_p80_dagen", "aanmeld_p80"),
    ("behandelingswachttijd_gemiddeld_dagen", "behandel_avg"),
    ("behandelingswachttijd_mediaan_dagen", "behandel_median"),
    ("behandelingswachttijd_p80_dagen", "behandel_p80"),
    ("samen_aanmelding_tot_behandeling_gemiddeld_dagen", "total_avg"),
    ("actuele_wachttijd_weken", "prospective_weeks"),
    ("bron_actuele_wachttijd", "prospective_source"),
    ("actuele_behandelingswachttijd_weken", "prospective_behandel_weeks"),
    ("bron_actuele_behandelingswachttijd", "prospective_behandel_source"),
    ("geschatte_wachttijd_weken", "estimate_weeks"),
    ("boven_treeknorm_aanmelding", "breaches_aanmeld"),
    ("boven_treeknorm_behandeling", "breaches_behandel"),
    ("boven_treeknorm_totaal", "breaches_total"),
    ("intakeplekken_4_weken", "intake_slots"),
]


def csv_rows(region: Region, snapshot_date: date) -> Iterator[list[str]]:
    """The header and then every snapshot row of the region on the date (see CSV_COLUMNS and
    views.dashboard.csv_download for the meaning of each column; ``mgn.exports.csv_value`` guards text against formulas). Streams from the
    database in chunks, so memory stays flat however many rows the snapshot has."""
    yield [header for header, _field in CSV_COLUMNS]
    rows = (
        SnapshotFigure.objects.filter(region=region, snapshot_date=snapshot_date)
        .order_by("dimension", "pk")
        .values_list(*[name for _header, name in CSV_COLUMNS])
    )
    urgency = dict(Urgency.choices)
    dimension_index = CSV_COLUMNS.index(("dimensie", "dimension"))
    urgency_index = CSV_COLUMNS.index(("urgentie", "urgency"))
    for values in rows.iterator(chunk_size=2000):
        out = [csv_value(v) for v in values]
        out[urgency_index] = str(urgency.get(values[urgency_index], values[urgency_index] or ""))
        out[dimension_index] = values[dimension_index]
        yield out
