"""The national programme view: every network's indicators for a quarter
side by side, filterable by region, and its CSV. The programme role and the beheerder only
(403 for everyone else); small counts suppressed, no person data (``selectors.programma``)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.http import urlencode

from mgn.exports import csv_chunks, csv_response, csv_value
from networks.selectors import programma as selectors
from networks.selectors.bord import period_choices, period_chosen


def _table(request):
    if not selectors.can_see_programma(request.user):
        raise PermissionDenied
    regions = selectors.programma_regions()
    asked = request.GET.get("regio", "")
    region = next((r for r in regions if r.code == asked), None)
    period = period_chosen(request.GET.get("periode"))
    return regions, selectors.programma_table(period, region)


@login_required
def programma(request):
    regions, table = _table(request)
    query = {"periode": table.period.key}
    if table.region:
        query["regio"] = table.region.code
    return render(
        request,
        "networks/bord/programma.html",
        {
            "table": table,
            "regions": regions,
            "choices": period_choices(),
            "csv_query": urlencode(query),
        },
    )


def programma_csv_rows(table):
    yield ["netwerk", "regio's", *(c.indicator.key for c in table.columns)]
    for row in table.rows:
        cells = [
            cell.text if cell.value is None or cell.suppressed else cell.value.value
            for cell in row.cells
        ]
        yield [csv_value(v) for v in (row.network.name, row.network.region_names, *cells)]


@login_required
def programma_csv(request):
    _regions, table = _table(request)
    suffix = f"-{table.region.code}" if table.region else ""
    return csv_response(
        csv_chunks(programma_csv_rows(table)),
        filename=f"programma-indicatoren-{table.period.key}{suffix}.csv",
    )
