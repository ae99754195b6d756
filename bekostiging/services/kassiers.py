"""Regie and kassier per function (R-NW-3, R-NW-4) and the regional amount per network,
function and year (R-BK-2): who declares a lumpsum function, and what."""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from bekostiging.constants import KASSIER_ROUTE, OFFERED_BY, Function, Route, TermLength
from bekostiging.models import FunctieKassier, RegionaalBedrag
from mgn.periods import periods_overlap
from networks.models import Network, Organisation, Partnership


def _period(start: date, end: date | None) -> str:
    until = f"{end:%d-%m-%Y}" if end else _("onbepaalde tijd")
    return _("%(start)s t/m %(end)s") % {"start": f"{start:%d-%m-%Y}", "end": until}


def _function_errors(network: Network, function: str) -> list[str]:
    if function == Function.VERKENNEND_GESPREK or function not in Function.values:
        return [_("Kies een lumpsumfunctie; het verkennend gesprek heeft geen kassier.")]
    if function in OFFERED_BY and not getattr(network, OFFERED_BY[function]):
        return [
            _("%(network)s biedt de functie %(function)s niet aan (R-NW-4).")
            % {"network": network.name, "function": Function(function).label}
        ]
    return []


def route_for(organisation: Organisation) -> str:
    """R-BK-2: the kassier's kind decides the route: an RHO declares through O&I, a ggz
    provider through PGGAZ."""
    return KASSIER_ROUTE.get(organisation.kind, Route.PGGAZ)


@transaction.atomic
def functie_kassier_create(
    *,
    network: Network,
    function: str,
    organisation: Organisation,
    starts_on: date,
    ends_on: date | None = None,
    user=None,
) -> FunctieKassier:
    """R-NW-3/R-NW-4: record which partner has regie over a lumpsum function and is its
    kassier in a period. It must be a partner of the network of a kind that declares a
    lumpsum (an RHO or a ggz provider), for a function the network offers; the periods of
    one function never overlap (checked under a lock on the network)."""
    Network.objects.select_for_update().filter(pk=network.pk).first()
    errors: dict[str, list[str]] = {}
    function_errors = _function_errors(network, function)
    if function_errors:
        errors["function"] = function_errors
    if organisation.kind not in KASSIER_ROUTE:
        errors["organisation"] = [
            _(
                "%(org)s kan geen kassier zijn: alleen een RHO of een ggz-aanbieder "
                "declareert een lumpsum (R-NW-4)."
            )
            % {"org": organisation.name}
        ]
    elif not Partnership.objects.filter(network=network, organisation=organisation).exists():
        errors["organisation"] = [
            _("%(org)s is geen partner van %(network)s.")
            % {"org": organisation.name, "network": network.name}
        ]
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = [_("De einddatum ligt vóór de begindatum.")]
    if not errors:
        for other in FunctieKassier.objects.filter(
            network=network, function=function
        ).select_related("organisation"):
            if periods_overlap(starts_on, ends_on, other.starts_on, other.ends_on):
                errors["starts_on"] = [
                    _(
                        "Voor %(function)s is %(org)s al kassier van %(period)s; per functie "
                        "is er één kassier tegelijk (R-NW-4). Beëindig die periode eerst."
                    )
                    % {
                        "function": Function(function).label,
                        "org": other.organisation.name,
                        "period": _period(other.starts_on, other.ends_on),
                    }
                ]
                break
    if errors:
        raise ValidationError(errors)
    kassier = FunctieKassier(
        network=network,
        function=function,
        organisation=organisation,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by=user,
    )
    kassier.full_clean()
    kassier.save()
    return kassier


@transaction.atomic
def functie_kassier_end(*, kassier: FunctieKassier, ends_on: date) -> FunctieKassier:
    """End a kassier's period (so another party can take the function over)."""
    Network.objects.select_for_update().filter(pk=kassier.network_id).first()
    if ends_on < kassier.starts_on:
        raise ValidationError({"ends_on": [_("De einddatum ligt vóór de begindatum.")]})
    kassier.ends_on = ends_on
    kassier.save(update_fields=["ends_on"])
    return kassier


def kassiers_covering(network: Network, function: str, starts_on: date, ends_on: date):
    """The kassier rows of a function that overlap a period, in order."""
    return [
        k
        for k in FunctieKassier.objects.filter(network=network, function=function)
        .select_related("organisation")
        .order_by("starts_on")
        if periods_overlap(starts_on, ends_on, k.starts_on, k.ends_on)
    ]


def kassier_check(
    *, network: Network, function: str, provider: Organisation, starts_on: date, ends_on: date
) -> str:
    """R-NW-4: '' when `provider` is the function's kassier for the whole period, else the
    reason (Dutch) it is not."""
    label = Function(function).label
    rows = kassiers_covering(network, function, starts_on, ends_on)
    for row in rows:
        if row.organisation_id != provider.pk:
            return _(
                "Voor %(function)s is %(org)s kassier in deze periode; een lumpsumcontract "
                "is met de kassier (R-NW-4)."
            ) % {"function": label, "org": row.organisation.name}
    day = starts_on
    for row in rows:
        if row.starts_on > day:
            break
        if row.ends_on is None or row.ends_on >= ends_on:
            return ""
        day = max(day, row.ends_on + timedelta(days=1))
    if not rows:
        return _(
            "Voor %(function)s is in deze periode nog geen kassier vastgelegd; leg eerst "
            "regie en kassier vast (R-NW-4)."
        ) % {"function": label}
    return _(
        "%(org)s is niet de hele contractperiode kassier van %(function)s; een "
        "lumpsumcontract is met de kassier (R-NW-4)."
    ) % {"function": label, "org": provider.name}


@transaction.atomic
def regionaal_bedrag_set(
    *,
    network: Network,
    function: str,
    year: int,
    amount: Decimal,
    term_length: str = TermLength.MAAND,
    user=None,
) -> RegionaalBedrag:
    """R-BK-2: the one regional amount of a function in a year (set again: replaced)."""
    errors: dict[str, list[str]] = {}
    function_errors = _function_errors(network, function)
    if function_errors:
        errors["function"] = function_errors
    if amount is None or amount <= 0:
        errors["amount"] = [_("Het bedrag moet groter dan € 0 zijn.")]
    elif amount != amount.quantize(Decimal("0.01")):
        errors["amount"] = [_("Een bedrag heeft hooguit twee decimalen.")]
    if term_length not in TermLength.values:
        errors["term_length"] = [_("Kies per maand of per kwartaal.")]
    if errors:
        raise ValidationError(errors)
    bedrag, _created = RegionaalBedrag.objects.update_or_create(
        network=network,
        function=function,
        year=year,
        defaults={"amount": amount, "term_length": term_length, "set_by": user},
    )
    return bedrag
