"""Monthly waiting-time figures that providers already deliver to Vektis/NZa (R-WT-8),
imported from a CSV file: all or nothing, each problem reported by line and column
(layout in docs/wachtlijst-csv.md)."""

import logging
import re
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from networks.models import Organisation
from wachttijden.models import Aanbod, Hoofddiagnosegroep, WachttijdOpgave
from wachttijden.selectors.levering import provider_ids_for_user
from wachttijden.services.levering_table import Table, parse_decimal, row_error, shown

logger = logging.getLogger(__name__)

INSERT_BATCH = 5000

# The monthly figures layout (docs/wachtlijst-csv.md).
OPGAVE_COLUMNS = (
    "aanbieder_agb",
    "vestiging",
    "vestiging_agb",
    "maand",
    "hoofddiagnosegroep",
    "aanmeldingswachttijd_weken",
    "behandelingswachttijd_weken",
    "wachtenden_binnen_treeknorm",
    "wachtenden_buiten_treeknorm",
)
OPGAVE_REQUIRED = (
    "aanbieder_agb",
    "vestiging",
    "maand",
    "aanmeldingswachttijd_weken",
    "behandelingswachttijd_weken",
)

_MONTH = re.compile(r"([0-9]{4})-([0-9]{1,2})")
_AGB = re.compile(r"[0-9]{8}")


@dataclass
class OpgaveImportResult:
    rows: int = 0
    created: int = 0
    updated: int = 0
    errors: list[dict] = field(default_factory=list)

    @property
    def accepted(self) -> bool:
        return not self.errors


class _OpgaveChecker:
    def __init__(self, *, user, today: date):
        providers = Organisation.objects.filter(
            pk__in=provider_ids_for_user(user), agb_code__isnull=False
        ).select_related("gemeente")
        self.providers = {org.agb_code: org for org in providers}
        self.regions_at: dict[tuple[int, str], set[int]] = {}
        self.regions_of: dict[int, set[int]] = {}
        for provider_id, location, region_id in Aanbod.objects.filter(
            provider__in=self.providers.values()
        ).values_list("provider_id", "location_name", "region_id"):
            key = (provider_id, location.strip().lower())
            self.regions_at.setdefault(key, set()).add(region_id)
            self.regions_of.setdefault(provider_id, set()).add(region_id)
        self.hdg = {
            code.lower(): pk for pk, code in Hoofddiagnosegroep.objects.values_list("pk", "code")
        }
        self.this_month = today.replace(day=1)
        self.seen: dict[tuple, int] = {}
        self.errors: list[dict] = []

    def check(self, line: int, row: dict[str, str]) -> dict | None:
        before = len(self.errors)
        provider = self._provider(line, row.get("aanbieder_agb", ""))
        location = row.get("vestiging", "")
        max_location = WachttijdOpgave._meta.get_field("location").max_length
        if not location:
            self._fail(line, "vestiging", _("Verplicht."))
        elif len(location) > max_location:
            self._fail(line, "vestiging", _("Hooguit %d tekens.") % max_location)
        location_agb = row.get("vestiging_agb", "")
        if location_agb and (not _AGB.fullmatch(location_agb) or location_agb == "00000000"):
            self._fail(line, "vestiging_agb", _("Een AGB-code bestaat uit precies 8 cijfers."))
        month = self._month(line, row.get("maand", ""))
        hdg = None
        if row.get("hoofddiagnosegroep"):
            hdg = self.hdg.get(row["hoofddiagnosegroep"].lower())
            if hdg is None:
                self._fail(
                    line,
                    "hoofddiagnosegroep",
                    _("Onbekende code %s.") % shown(row["hoofddiagnosegroep"]),
                )
        aanmeld = self._weeks(line, row, "aanmeldingswachttijd_weken")
        behandel = self._weeks(line, row, "behandelingswachttijd_weken")
        within = self._count(line, row, "wachtenden_binnen_treeknorm")
        outside = self._count(line, row, "wachtenden_buiten_treeknorm")
        region = self._region(line, provider, location) if provider and location else None
        if len(self.errors) > before:
            return None
        key = (provider.pk, location, month, hdg)
        first = self.seen.setdefault(key, line)
        if first != line:
            self._fail(
                line,
                "maand",
                _("Deze vestiging, maand en hoofddiagnosegroep staan al op regel %d.") % first,
            )
            return None
        return {
            "provider_id": provider.pk,
            "region_id": region,
            "location": location,
            "location_agb": location_agb,
            "month": month,
            "hoofddiagnosegroep_id": hdg,
            "aanmeld_weeks": aanmeld,
            "behandel_weeks": behandel,
            "within_norm": within,
            "outside_norm": outside,
        }

    def _fail(self, line: int, column: str, reason: str) -> None:
        self.errors.append(row_error(line, column, reason))

    def _provider(self, line: int, agb: str) -> Organisation | None:
        provider = self.providers.get(agb)
        if provider is None:
            # The same answer for an unknown code and another provider's: existence is
            # not revealed.
            self._fail(
                line,
                "aanbieder_agb",
                _("U handelt niet namens een aanbieder met AGB-code %s.")
                % (f"'{agb}'" if _AGB.fullmatch(agb) else shown(agb))
                if agb
                else _("Verplicht."),
            )
        return provider

    def _month(self, line: int, value: str) -> date | None:
        match = _MONTH.fullmatch(value)
        month = None
        if match:
            year, number = (int(part) for part in match.groups())
            if year >= 2000 and 1 <= number <= 12:
                month = date(year, number, 1)
        if month is None:
            self._fail(line, "maand", _("Een maand als JJJJ-MM, bijvoorbeeld 2025-10."))
        elif month > self.this_month:
            self._fail(line, "maand", _("Deze maand ligt in de toekomst."))
            return None
        return month

    def _weeks(self, line: int, row: dict, column: str) -> Decimal | None:
        value = row.get(column, "")
        number = parse_decimal(value) if value else None
        if number is None or not 0 <= number < 1000:
            self._fail(
                line,
                column,
                _("Verplicht: een aantal weken van 0 tot 1000, zoals 4 of 4,5.")
                if not value or number is None
                else _("Een aantal weken van 0 tot 1000."),
            )
            return None
        return number.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    def _count(self, line: int, row: dict, column: str) -> int | None:
        value = row.get(column, "")
        if not value:
            return None
        if not value.isdigit() or int(value) > 2_000_000_000:
            self._fail(line, column, _("Een geheel aantal van 0 of meer."))
            return None
        return int(value)

    def _region(self, line: int, provider: Organisation, location: str) -> int | None:
        """The region of the provider's offers at this location, else of all its offers
        when that is one region, else of its own gemeente."""
        for regions in (
            self.regions_at.get((provider.pk, location.lower())),
            self.regions_of.get(provider.pk),
        ):
            if regions and len(regions) == 1:
                return next(iter(regions))
            if regions:
                break
        else:
            if provider.gemeente_id:
                return provider.gemeente.region_id
        self._fail(
            line,
            "vestiging",
            _(
                "Bij deze vestiging is de IZA-regio niet te bepalen: gebruik dezelfde "
                "vestigingsnaam als bij uw aanbod op de sociale kaart."
            ),
        )
        return None


def opgave_import(*, user, rows, today: date | None = None) -> OpgaveImportResult:
    """Import a provider's monthly waiting-time figures as delivered to Vektis/NZa (R-WT-8).

    ``rows`` as for ``wachtlijst_upload``. Only providers the user acts for; all or
    nothing; each (provider, location, month, hoofddiagnosegroep) is created or updated.
    """
    today = today or timezone.localdate()
    table = Table(rows, known=OPGAVE_COLUMNS, required=OPGAVE_REQUIRED)
    checker = _OpgaveChecker(user=user, today=today)
    figures = [f for line, row in table.rows() if (f := checker.check(line, row)) is not None]
    result = OpgaveImportResult(rows=table.rows_total)
    result.errors = sorted(table.errors + checker.errors, key=lambda e: e["line"])
    if not table.rows_total and not result.errors:
        result.errors.append(row_error(1, "", _("Het bestand bevat geen regels onder de kop.")))
    if result.errors:
        return result
    with transaction.atomic():
        existing = {
            (o.provider_id, o.location, o.month, o.hoofddiagnosegroep_id): o
            for o in WachttijdOpgave.objects.select_for_update().filter(
                provider_id__in={f["provider_id"] for f in figures},
                month__in={f["month"] for f in figures},
            )
        }
        new, changed = [], []
        for figure in figures:
            key = (
                figure["provider_id"],
                figure["location"],
                figure["month"],
                figure["hoofddiagnosegroep_id"],
            )
            opgave = existing.get(key)
            if opgave is None:
                new.append(WachttijdOpgave(**figure))
                continue
            for name, value in figure.items():
                setattr(opgave, name, value)
            opgave.imported_at = timezone.now()
            changed.append(opgave)
        WachttijdOpgave.objects.bulk_create(new, batch_size=INSERT_BATCH)
        WachttijdOpgave.objects.bulk_update(
            changed,
            [
                "region",
                "location_agb",
                "aanmeld_weeks",
                "behandel_weeks",
                "within_norm",
                "outside_norm",
                "imported_at",
            ],
            batch_size=1000,
        )
    result.created, result.updated = len(new), len(changed)
    logger.info(
        "Monthly waiting times imported by user %s: %d new, %d updated",
        user.pk,
        result.created,
        result.updated,
    )
    return result
