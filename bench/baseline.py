"""Bare Django views: the least a logged-in page can do to show the same rows.

Each figure is compared with one of these, measured in the same run through the same
middleware and test client, so the ratio says what the real view adds (the
permission filter, pagination, prefetching, the layout and its context processors,
DRF) over plain Django on the same machine at the same moment.

The rows are named in the query string (``?ids=3,17,42``), computed before timing
with the same selector the real view uses, so both sides show exactly the same rows.
"""

from django.contrib.auth.decorators import login_required
from django.contrib.postgres.aggregates import ArrayAgg
from django.http import HttpResponse, JsonResponse
from django.template import engines

from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from networks.models import Network
from verkennend_gesprek.models import VerkennendGesprek

_PAGE = engines["django"].from_string(
    """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Netwerken</title></head><body>
<h1>Netwerken</h1>
<table>
{% for network in networks %}<tr>
<td><a href="{{ network.get_absolute_url }}">{{ network.name }}</a></td>
<td>{{ network.regievoerder.name }}</td>
<td>{{ network.preferente_zorgverzekeraar.name|default:"" }}</td>
</tr>
{% endfor %}</table>
</body></html>"""
)


def _ids(request) -> list[int]:
    raw = request.GET.get("ids", "")
    return [int(part) for part in raw.split(",") if part]


@login_required
def network_list_page(request):
    """One query for the rows (by primary key) into a minimal inline template."""
    networks = (
        Network.objects.filter(pk__in=_ids(request))
        .select_related("regievoerder", "preferente_zorgverzekeraar")
        .order_by("name")
    )
    return HttpResponse(_PAGE.render({"networks": networks}))


@login_required
def network_list_json(request):
    """The API list's fields for the same rows, from one query with ``values()``."""
    rows = list(
        Network.objects.filter(pk__in=_ids(request))
        .order_by("name")
        .values(
            "id",
            "slug",
            "name",
            "description",
            "regievoerder",
            "preferente_zorgverzekeraar",
            "offers_verkennend_gesprek",
            "offers_transfer",
            "offers_wachttijden",
            "offers_casusoverleg",
        )
        .annotate(region_codes=ArrayAgg("regions__code", default=[]))
    )
    for row in rows:
        row["regions"] = row.pop("region_codes")
    return JsonResponse({"count": len(rows), "next": None, "previous": None, "results": rows})


class _MinimalRequestSerializer(serializers.Serializer):
    hulpvraag = serializers.CharField()
    life_domains = serializers.ListField(child=serializers.CharField())
    consent = serializers.BooleanField()


class BareRequestCreate(APIView):
    """POST: the least DRF does to store a request for a verkennend gesprek.

    The same authentication (API token), throttle and JSON parser as the real endpoint; a
    minimal serializer over the same body, then one ``objects.create`` of the same row. The
    network, person, practice and huisarts come as ids in the query string, resolved before
    timing, so none of the real endpoint's lookups, rules, audit entry or answer is here.
    """

    def post(self, request):
        serializer = _MinimalRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        ids = {k: int(request.query_params[k]) for k in ("network", "persoon", "huisarts")}
        vg = VerkennendGesprek.objects.create(
            network_id=ids["network"],
            persoon_id=ids["persoon"],
            practice_id=int(request.query_params["practice"]),
            huisarts_id=ids["huisarts"],
            huisarts_agb=request.data["huisarts_agb"],
            requested_by=request.user,
            idempotency_key=request.headers.get("Idempotency-Key"),
            **serializer.validated_data,
        )
        return Response({"id": vg.pk}, status=status.HTTP_201_CREATED)
