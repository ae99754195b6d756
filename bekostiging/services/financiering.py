"""Gemeente funding agreements (R-BK-3): how many VGs a gemeente funds in a year, at
what rate and from which source (SPUK-IZA or transformatiemiddelen only), and the
gemeente's decision on the VGs held beyond the agreed number."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bekostiging.constants import (
    VG_SD_FUNDING_SOURCE_MESSAGE,
    VG_SD_FUNDING_SOURCES,
    FundingSource,
)
from bekostiging.models import GemeenteAfspraak, OverschrijdingBesluit
from bekostiging.selectors.financiering import deciding_organisation, realised_counts
from networks.models import Gemeente, Network

FIRST_YEAR = 2020  # before the IZA (2023) nobody agreed VGs; older years are typing errors
YEARS_AHEAD = 5


def year_problem(year: int | None) -> str:
    """Why a budget or agreement year is refused ("" when it is fine)."""
    last = timezone.localdate().year + YEARS_AHEAD
    if year is None or not FIRST_YEAR <= year <= last:
        return _("Kies een jaar van %(first)s tot en met %(last)s.") % {
            "first": FIRST_YEAR,
            "last": last,
        }
    return ""


def _validate(
    *, network: Network, gemeente: Gemeente, year: int, agreed_count: int, rate, funding_source
) -> None:
    errors: dict[str, list[str]] = {}
    if problem := year_problem(year):
        errors["year"] = [problem]
    if agreed_count is None or agreed_count < 0:
        errors["agreed_count"] = [_("Het afgesproken aantal is 0 of meer.")]
    if rate is None or rate < 0:
        errors["rate"] = [_("Het tarief is € 0 of meer.")]
    if funding_source not in FundingSource.values:
        errors["funding_source"] = [_("Kies een financieringsbron.")]
    elif funding_source not in VG_SD_FUNDING_SOURCES:
        errors["funding_source"] = [str(VG_SD_FUNDING_SOURCE_MESSAGE)]
    if gemeente is None or not network.gemeenten.filter(pk=gemeente.pk).exists():
        errors["gemeente"] = [_("Deze gemeente hoort niet bij het werkgebied van het netwerk.")]
    if errors:
        raise ValidationError(errors)


def _duplicate_error(gemeente: Gemeente, year: int) -> ValidationError:
    message = _(
        "Voor %(gemeente)s is er voor %(year)s al een afspraak in dit netwerk; "
        "pas die afspraak aan."
    ) % {"gemeente": gemeente.name, "year": year}
    return ValidationError({"year": [message]}, code="unique")


@transaction.atomic
def afspraak_create(
    *,
    network: Network,
    gemeente: Gemeente,
    year: int,
    agreed_count: int,
    rate: Decimal,
    funding_source: str,
) -> GemeenteAfspraak:
    """R-BK-3: a gemeente agrees to fund `agreed_count` VGs of its residents in a year."""
    _validate(
        network=network,
        gemeente=gemeente,
        year=year,
        agreed_count=agreed_count,
        rate=rate,
        funding_source=funding_source,
    )
    if GemeenteAfspraak.objects.filter(network=network, gemeente=gemeente, year=year).exists():
        raise _duplicate_error(gemeente, year)
    try:
        with transaction.atomic():
            return GemeenteAfspraak.objects.create(
                network=network,
                gemeente=gemeente,
                year=year,
                agreed_count=agreed_count,
                rate=rate,
                funding_source=funding_source,
            )
    except IntegrityError:  # a concurrent request made it first
        raise _duplicate_error(gemeente, year) from None


@transaction.atomic
def afspraak_update(
    *,
    afspraak: GemeenteAfspraak,
    gemeente: Gemeente,
    year: int,
    agreed_count: int,
    rate: Decimal,
    funding_source: str,
) -> GemeenteAfspraak:
    """Change an agreement (the network stays)."""
    _validate(
        network=afspraak.network,
        gemeente=gemeente,
        year=year,
        agreed_count=agreed_count,
        rate=rate,
        funding_source=funding_source,
    )
    if (
        GemeenteAfspraak.objects.filter(network=afspraak.network_id, gemeente=gemeente, year=year)
        .exclude(pk=afspraak.pk)
        .exists()
    ):
        raise _duplicate_error(gemeente, year)
    afspraak.gemeente = gemeente
    afspraak.year = year
    afspraak.agreed_count = agreed_count
    afspraak.rate = rate
    afspraak.funding_source = funding_source
    try:
        with transaction.atomic():
            afspraak.save()
    except IntegrityError:
        raise _duplicate_error(gemeente, year) from None
    return afspraak


NOTE_MAX = 500


@transaction.atomic
def overschrijding_besluit(
    *, afspraak: GemeenteAfspraak, user, accepted: bool, note: str = ""
) -> OverschrijdingBesluit:
    """R-BK-3: the gemeente (a user acting for it, or for its region's mandaatgemeente)
    decides on the VGs of its residents held beyond the agreed number in the agreement's
    year: accepted, the over-run is due; declined, it is not. The decision covers the
    over-run as it is now and is kept with who took it, for whom and when; a later
    decision replaces it (the earlier ones stay)."""
    organisation = deciding_organisation(user, afspraak)
    if organisation is None:
        raise PermissionDenied(
            _("Alleen de gemeente zelf of haar mandaatgemeente beslist over de overschrijding.")
        )
    afspraak = GemeenteAfspraak.objects.select_for_update().get(pk=afspraak.pk)
    realised = realised_counts([afspraak.network_id], afspraak.year, [afspraak.gemeente_id]).get(
        (afspraak.network_id, afspraak.gemeente_id), 0
    )
    over_run = max(realised - afspraak.agreed_count, 0)
    if not over_run:
        raise ValidationError(
            _(
                "In %(year)s zijn voor %(gemeente)s niet meer gesprekken gehouden dan "
                "afgesproken: er is niets te beslissen."
            )
            % {"year": afspraak.year, "gemeente": afspraak.gemeente.name}
        )
    note = (note or "").strip()
    if len(note) > NOTE_MAX:
        raise ValidationError(
            {"note": [_("De toelichting is ten hoogste %(max)s tekens.") % {"max": NOTE_MAX}]}
        )
    latest = afspraak.besluiten.order_by("-decided_at", "-pk").first()
    if latest is not None and (latest.accepted, latest.over_run_count) == (accepted, over_run):
        raise ValidationError(
            _("Dit besluit over de %(count)s gesprekken boven de afspraak is al vastgelegd.")
            % {"count": over_run}
        )
    return OverschrijdingBesluit.objects.create(
        afspraak=afspraak,
        accepted=accepted,
        over_run_count=over_run,
        rate=afspraak.rate,
        note=note,
        decided_by=user,
        decided_for=organisation,
    )
