"""A snapshot row of the overview in words and weeks (``Figure``), the Treeknorm it is held
against, and a point of the trend: what the dashboard, its charts and the PDF report show.

Snapshot waits are in days; the dashboard shows weeks, as the Treeknorm does
(TREEKNORM_AANMELD_WEEKS / _BEHANDEL_WEEKS / _TOTAAL_WEEKS: 4, 10 and 14 weeks).
"""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _

from mgn.formats import day_month, weeks_from_days
from wachttijden.constants import Dimension, Urgency
from wachttijden.models import SnapshotFigure

SOURCES = {"slots": "derde vrije intakeplek", "opgave": "opgave aanbieder"}


@dataclass(frozen=True)
class Norms:
    """The Treeknorm in weeks (R-WT-4)."""

    aanmeld: int
    behandel: int
    totaal: int

    @classmethod
    def current(cls) -> "Norms":
        return cls(
            settings.TREEKNORM_AANMELD_WEEKS,
            settings.TREEKNORM_BEHANDEL_WEEKS,
            settings.TREEKNORM_TOTAAL_WEEKS,
        )


# Figures ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Figure:
    """One snapshot row in words and weeks."""

    dimension: str
    key: object  # the row's key: a primary key, an urgency code, or None ("not recorded")
    label: str
    sublabel: str
    persons: int
    wachtplekken: int
    referrals: int
    intake_slots: int
    aanmeld_avg: float | None  # weeks, here and below
    aanmeld_median: float | None
    aanmeld_p80: float | None
    behandel_avg: float | None
    behandel_median: float | None
    behandel_p80: float | None
    total_avg: float | None  # registration to treatment, of those who started (one cohort)
    prospective_weeks: float | None  # aanmeldingswachttijd ahead
    prospective_source: str
    prospective_behandel_weeks: float | None  # behandelingswachttijd ahead
    prospective_behandel_source: str
    estimate_weeks: float | None
    breaches_aanmeld: int
    breaches_behandel: int
    breaches_total: int
    norms: Norms
    order: tuple = ()  # sorts the rows of a dimension (a zorgvraagtype by its number)

    @property
    def double(self) -> int:
        """Wachtplekken beyond one per person: the double registrations (R-WT-1)."""
        return max(0, self.wachtplekken - self.persons)

    @property
    def double_share(self) -> float | None:
        """(wachtplekken − persons) / wachtplekken."""
        return None if not self.wachtplekken else self.double / self.wachtplekken

    @property
    def double_percent(self) -> int | None:
        share = self.double_share
        return None if share is None else round(share * 100)

    @property
    def breaches(self) -> int:
        """Entries past the norm of the stage they wait in: for an intake longer than 4 weeks,
        or for treatment longer than 10 weeks after the intake. The two never overlap."""
        return self.breaches_aanmeld + self.breaches_behandel

    @property
    def aanmeld_over(self) -> bool:
        return self.aanmeld_avg is not None and self.aanmeld_avg > self.norms.aanmeld

    @property
    def behandel_over(self) -> bool:
        return self.behandel_avg is not None and self.behandel_avg > self.norms.behandel

    @property
    def total_over(self) -> bool:
        return self.total_avg is not None and self.total_avg > self.norms.totaal

    @property
    def prospective_source_label(self) -> str:
        return SOURCES.get(self.prospective_source, "")

    @property
    def prospective_behandel_source_label(self) -> str:
        return SOURCES.get(self.prospective_behandel_source, "")

    @property
    def has_waits(self) -> bool:
        return self.aanmeld_avg is not None or self.behandel_avg is not None

    @property
    def has_data(self) -> bool:
        return bool(self.wachtplekken or self.referrals or self.has_waits)


NOT_RECORDED = _("Niet vastgelegd")


def _label(row: SnapshotFigure) -> tuple[str, str]:
    """(label, sublabel) of a row; the related rows come with select_related."""
    d = row.dimension
    if d == Dimension.REGION:
        return row.region.name, ""
    if d == Dimension.GEMEENTE:
        return (row.gemeente.name if row.gemeente_id else _("Gemeente onbekend")), ""
    if d == Dimension.PROVIDER:
        return (row.provider.name if row.provider_id else NOT_RECORDED), ""
    if d == Dimension.AANBOD:
        if not row.aanbod_id:
            return NOT_RECORDED, ""
        return row.aanbod.name, row.aanbod.provider.name
    if d == Dimension.ZORGVRAAGTYPE:
        return (str(row.zorgvraagtype) if row.zorgvraagtype_id else NOT_RECORDED), ""
    if d == Dimension.URGENCY:
        try:
            return Urgency(row.urgency).label, ""
        except ValueError:
            return row.urgency or NOT_RECORDED, ""
    if d == Dimension.LOCATION_HDG:
        provider = row.provider.name if row.provider_id else NOT_RECORDED
        where = f"{provider}, {row.location}" if row.location else provider
        group = row.hoofddiagnosegroep.name if row.hoofddiagnosegroep_id else _("Niet gesplitst")
        return where, group
    return d, ""


KEY_FIELDS = {
    Dimension.REGION: None,
    Dimension.GEMEENTE: "gemeente_id",
    Dimension.PROVIDER: "provider_id",
    Dimension.AANBOD: "aanbod_id",
    Dimension.ZORGVRAAGTYPE: "zorgvraagtype_id",
    Dimension.URGENCY: "urgency",
    Dimension.LOCATION_HDG: None,
}


def figure(row: SnapshotFigure, norms: Norms) -> Figure:
    label, sublabel = _label(row)
    key_field = KEY_FIELDS.get(row.dimension)
    return Figure(
        dimension=row.dimension,
        key=getattr(row, key_field) if key_field else None,
        label=label,
        sublabel=sublabel,
        persons=row.persons,
        wachtplekken=row.wachtplekken,
        referrals=row.referrals,
        intake_slots=row.intake_slots,
        aanmeld_avg=weeks_from_days(row.aanmeld_avg),
        aanmeld_median=weeks_from_days(row.aanmeld_median),
        aanmeld_p80=weeks_from_days(row.aanmeld_p80),
        behandel_avg=weeks_from_days(row.behandel_avg),
        behandel_median=weeks_from_days(row.behandel_median),
        behandel_p80=weeks_from_days(row.behandel_p80),
        total_avg=weeks_from_days(row.total_avg),
        prospective_weeks=row.prospective_weeks,
        prospective_source=row.prospective_source,
        prospective_behandel_weeks=row.prospective_behandel_weeks,
        prospective_behandel_source=row.prospective_behandel_source,
        estimate_weeks=row.estimate_weeks,
        breaches_aanmeld=row.breaches_aanmeld,
        breaches_behandel=row.breaches_behandel,
        breaches_total=row.breaches_total,
        norms=norms,
        order=(row.zorgvraagtype.number,) if row.zorgvraagtype_id else (label, sublabel),
    )


@dataclass(frozen=True)
class TrendPoint:
    snapshot_date: date
    persons: int
    wachtplekken: int
    breaches: int
    breaches_total: int

    @property
    def label(self) -> str:
        return day_month(self.snapshot_date)
