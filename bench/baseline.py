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
from django.db import connection, transaction
from django.db.models import Max
from django.http import HttpResponse, JsonResponse
from django.template import engines

from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from networks.models import Gemeente, Network, Organisation
from verkennend_gesprek.models import Persoon, VerkennendGesprek

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


class _BarePersoonSerializer(serializers.Serializer):
    bsn = serializers.CharField(max_length=9)
    given_name = serializers.CharField()
    family_name_prefix = serializers.CharField(required=False, allow_blank=True, default="")
    family_name = serializers.CharField()
    date_of_birth = serializers.DateField()
    gemeente = serializers.SlugRelatedField(slug_field="cbs_code", queryset=Gemeente.objects.all())
    address = serializers.CharField(required=False, allow_blank=True, default="")
    phone = serializers.CharField(required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    insurer_uzovi = serializers.SlugRelatedField(
        slug_field="uzovi", queryset=Organisation.objects.all(), source="insurer"
    )
    policy_number = serializers.CharField()


class _BareRequestSerializer(serializers.Serializer):
    network = serializers.SlugRelatedField(slug_field="slug", queryset=Network.objects.all())
    huisarts_agb = serializers.CharField(max_length=8)
    persoon = _BarePersoonSerializer()
    hulpvraag = serializers.CharField()
    psychische_klachten = serializers.BooleanField(default=True)
    life_domains = serializers.ListField(child=serializers.CharField())
    expertise = serializers.ListField(child=serializers.CharField(), default=list)
    naaste_komt = serializers.BooleanField(default=False)
    urgency = serializers.CharField(default="regulier")
    consent = serializers.BooleanField()


class BareRequestCreate(APIView):
    """POST: what plain DRF needs for the same effect as the real endpoint.

    The same authentication (API token), throttle, JSON parser and body: a plain nested
    serializer resolves the network, gemeente and insurer by their codes, then the person is
    stored (update_or_create on network + BSN) and the request row created, in one
    transaction. The huisarts comes as an id in the query string (resolved before timing).
    Not here: the rules (R-VG-1/2, BSN elfproef, area, idempotency), permissions, the access
    log entry and the full answer — the ratio prices exactly those.
    """

    def post(self, request):
        serializer = _BareRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        persoon = dict(data.pop("persoon"))
        network = data.pop("network")
        with transaction.atomic():
            # Each request keeps the person's details as submitted (R-PR-2).
            record = Persoon.objects.create(network=network, **persoon)
            vg = VerkennendGesprek.objects.create(
                network=network,
                persoon=record,
                practice_id=int(request.query_params["practice"]),
                huisarts_id=int(request.query_params["huisarts"]),
                requested_by=request.user,
                idempotency_key=request.headers.get("Idempotency-Key"),
                **data,
            )
        return Response({"id": vg.pk, "status": vg.status}, status=status.HTTP_201_CREATED)


# Function III ---------------------------------------------------------------------------
_DASHBOARD = engines["django"].from_string(
    """<!doctype html>
<html lang="nl"><head><meta charset="utf-8"><title>Wachttijden {{ region.name }}</title></head>
<body><h1>Wachttijden {{ region.name }} op {{ day }}</h1>
<table>
{% for row in rows %}<tr>
<th scope="row">{{ row.get_dimension_display }} {{ row.gemeente.name|default:"" }}
{{ row.provider.name|default:"" }} {{ row.aanbod.name|default:"" }}
{{ row.zorgvraagtype.name|default:"" }} {{ row.urgency }} {{ row.location }}
{{ row.hoofddiagnosegroep.name|default:"" }}</th>
<td>{{ row.persons }}</td><td>{{ row.wachtplekken }}</td><td>{{ row.referrals }}</td>
<td>{{ row.aanmeld_avg|default:"" }}</td><td>{{ row.aanmeld_median|default:"" }}</td>
<td>{{ row.aanmeld_p80|default:"" }}</td><td>{{ row.behandel_avg|default:"" }}</td>
<td>{{ row.prospective_weeks|default:"" }}</td><td>{{ row.breaches_total }}</td>
<td>{{ row.intake_slots }}</td>
</tr>
{% endfor %}</table>
</body></html>"""
)


@login_required
def wachttijden_dashboard_page(request):
    """The region's latest snapshot rows with their names in a table: the latest date (one
    query) and the rows with select_related (one query), no permission check."""
    from networks.models import Region
    from wachttijden.models import SnapshotFigure

    region = Region.objects.get(code=request.GET["regio"])
    day = SnapshotFigure.objects.filter(region=region).aggregate(day=Max("snapshot_date"))["day"]
    rows = SnapshotFigure.objects.filter(region=region, snapshot_date=day).select_related(
        "gemeente", "provider", "aanbod", "zorgvraagtype", "hoofddiagnosegroep"
    )
    return HttpResponse(_DASHBOARD.render({"region": region, "day": day, "rows": rows}))


def wachtlijst_copy(*, aanbod, text: str) -> int:
    """The least a waiting-list upload needs: read the CSV, key each BSN (HMAC-SHA256 with
    the region's key), look up the codes, and replace the offer's rows with COPY in one
    transaction. No checks, no report, no upload record."""
    import csv
    import io
    from datetime import date

    from wachttijden.models import Hoofddiagnosegroep, Wachtplek, Zorgvraagtype
    from wachttijden.services.pseudonym import pseudonymise, region_key

    key = region_key(aanbod.region.code)
    zvts = {str(n): pk for pk, n in Zorgvraagtype.objects.values_list("pk", "number")}
    hdgs = {code: pk for pk, code in Hoofddiagnosegroep.objects.values_list("pk", "code")}
    gemeenten = {code: pk for pk, code in Gemeente.objects.values_list("pk", "cbs_code")}
    urgency = {"crisis": "1-crisis", "hoog": "2-hoog", "normaal": "3-normaal"}

    def day(value: str):
        return date.fromisoformat(value) if value else None

    columns = (
        "aanbod_id, provider_id, region_id, pseudonym, gemeente_id, registered_on, intake_on, "
        "treatment_start_on, urgency, zorgvraagtype_id, hoofddiagnosegroep_id, status, "
        "client_reference"
    )
    fixed = (aanbod.pk, aanbod.provider_id, aanbod.region_id)
    rows = 0
    with transaction.atomic():
        Wachtplek.objects.filter(aanbod=aanbod).delete()
        sql = f"COPY {Wachtplek._meta.db_table} ({columns}) FROM STDIN"
        with connection.cursor() as cursor, cursor.copy(sql) as copy:
            for row in csv.DictReader(io.StringIO(text)):
                person = (
                    pseudonymise(row["bsn"], region_code="", key=key)
                    if row["bsn"]
                    else row["pseudoniem"]
                )
                copy.write_row(
                    fixed
                    + (
                        person,
                        gemeenten.get(row["woongemeente"]),
                        day(row["aanmelddatum"]),
                        day(row["intakedatum"]),
                        day(row["startdatum_behandeling"]),
                        urgency[row["urgentie"]],
                        zvts.get(row["zorgvraagtype"]),
                        hdgs.get(row["hoofddiagnosegroep"]),
                        row["status"],
                        "",
                    )
                )
                rows += 1
    return rows
