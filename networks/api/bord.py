"""The indicator board and the programme view in the API.

- ``GET /api/v1/netwerken/<slug>/indicatoren/?periode=2026-K3``: the board of one network
  (its coordinators and users acting for a partner with role B or M; others 404).
- ``GET /api/v1/programma/indicatoren/?periode=&regio=``: every network's figures for the
  quarter, small counts suppressed (the programme role and the beheerder; others 403).
No person data in either.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.exceptions import PermissionDenied
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from mgn.api.errors import ProblemSerializer
from networks.selectors import programma as programma_selectors
from networks.selectors.bord import board_build, board_network_get_for_user, period_chosen

ERRORS = {401: OpenApiResponse(ProblemSerializer, description="Niet ingelogd")}
PERIODE = OpenApiParameter(
    "periode",
    OpenApiTypes.STR,
    description="Kwartaal als `2026-K3`, een van de laatste acht volledige kwartalen; "
    "zonder (of onbekend): het laatste volledige kwartaal.",
)


def _number(value):
    return None if value is None else float(value)


class TrendPointSerializer(serializers.Serializer):
    periode = serializers.CharField(help_text="Kwartaal, bijvoorbeeld 2026-K3.")
    waarde = serializers.FloatField(allow_null=True, help_text="Leeg: geen gegevens.")
    basis = serializers.IntegerField(
        allow_null=True, help_text="Aantal personen of casussen waarop het cijfer rust."
    )
    tekst = serializers.CharField(help_text="Zoals op het bord getoond.")


class DoelSerializer(serializers.Serializer):
    soort = serializers.CharField(help_text="absoluut of relatief.")
    waarde = serializers.FloatField(help_text="Absoluut: de waarde; relatief: verandering in %.")
    basisjaar = serializers.IntegerField(allow_null=True)
    omschrijving = serializers.CharField()
    doelwaarde = serializers.FloatField(
        allow_null=True, help_text="De waarde die het kwartaal moet halen."
    )
    gehaald = serializers.BooleanField(
        allow_null=True, help_text="Leeg: niet te beoordelen (geen cijfer of basisjaar)."
    )


class BoardIndicatorSerializer(serializers.Serializer):
    sectie = serializers.CharField()
    key = serializers.CharField()
    label = serializers.CharField()
    eenheid = serializers.CharField()
    regel = serializers.CharField(help_text="Regel-id, bijvoorbeeld R-VG-3.")
    definitie = serializers.CharField()
    hoger_is_beter = serializers.BooleanField(allow_null=True)
    trend = TrendPointSerializer(many=True, help_text="Vier kwartalen, het gekozen als laatste.")
    doel = DoelSerializer(allow_null=True)


class BoardSerializer(serializers.Serializer):
    netwerk = serializers.CharField(help_text="Korte naam (slug) van het netwerk.")
    periode = serializers.CharField()
    indicatoren = BoardIndicatorSerializer(many=True)


def board_data(board) -> dict:
    rows = []
    for section in board.sections:
        for row in section.rows:
            doel = None
            if row.doel is not None:
                doel = {
                    "soort": row.doel.kind,
                    "waarde": float(row.doel.value),
                    "basisjaar": row.doel.baseline_year,
                    "omschrijving": row.doel_text,
                    "doelwaarde": _number(row.stand.target),
                    "gehaald": row.stand.met,
                }
            item = row.indicator
            rows.append(
                {
                    "sectie": section.title,
                    "key": item.key,
                    "label": item.label,
                    "eenheid": item.unit,
                    "regel": item.rule,
                    "definitie": item.definition,
                    "hoger_is_beter": item.higher_is_better,
                    "trend": [
                        {
                            "periode": p.period.key,
                            "waarde": _number(p.value.value),
                            "basis": p.value.basis,
                            "tekst": p.text,
                        }
                        for p in row.trend
                    ],
                    "doel": doel,
                }
            )
    return {"netwerk": board.network.slug, "periode": board.period.key, "indicatoren": rows}


class NetworkIndicatorenView(GenericAPIView):
    serializer_class = BoardSerializer
    pagination_class = None

    @extend_schema(
        summary="Het indicatorbord van een netwerk",
        description=(
            "Per indicator van de functies die het netwerk biedt: sleutel, naam, eenheid, "
            "regel, definitie, de waarden van de laatste vier kwartalen (het gekozen als "
            "laatste) en het eigen doel van het netwerk met of het gehaald is. Voor de "
            "netwerkcoördinatoren en wie handelt namens een partner met rol B of M; anders "
            "404. Alleen totalen, geen persoonsgegevens."
        ),
        parameters=[PERIODE],
        responses={
            200: BoardSerializer,
            **ERRORS,
            404: OpenApiResponse(ProblemSerializer, description="Niet gevonden of geen toegang"),
        },
    )
    def get(self, request, slug: str):
        network = board_network_get_for_user(request.user, slug)
        board = board_build(network, period_chosen(request.query_params.get("periode")))
        return Response(self.get_serializer(board_data(board)).data)


class CellSerializer(serializers.Serializer):
    key = serializers.CharField()
    waarde = serializers.FloatField(
        allow_null=True, help_text="Leeg: geen gegevens, onderdrukt of functie niet geboden."
    )
    tekst = serializers.CharField(help_text='Zoals getoond: "< 10" bij 1 tot 9, "n.v.t.".')
    onderdrukt = serializers.BooleanField(help_text="Rust op 1 tot 9 personen of casussen.")
    geboden = serializers.BooleanField(help_text="Het netwerk biedt deze functie.")


class ProgrammaRowSerializer(serializers.Serializer):
    netwerk = serializers.CharField()
    naam = serializers.CharField()
    regios = serializers.CharField()
    indicatoren = CellSerializer(many=True)


class ProgrammaSerializer(serializers.Serializer):
    periode = serializers.CharField()
    regio = serializers.CharField(allow_null=True)
    netwerken = ProgrammaRowSerializer(many=True)


def programma_data(table) -> dict:
    return {
        "periode": table.period.key,
        "regio": table.region.code if table.region else None,
        "netwerken": [
            {
                "netwerk": row.network.slug,
                "naam": row.network.name,
                "regios": row.network.region_names or "",
                "indicatoren": [
                    {
                        "key": column.indicator.key,
                        "waarde": (
                            None
                            if cell.value is None or cell.suppressed
                            else _number(cell.value.value)
                        ),
                        "tekst": cell.text,
                        "onderdrukt": cell.suppressed,
                        "geboden": cell.value is not None,
                    }
                    for column, cell in zip(table.columns, row.cells, strict=True)
                ],
            }
            for row in table.rows
        ],
    }


class ProgrammaIndicatorenView(GenericAPIView):
    serializer_class = ProgrammaSerializer
    pagination_class = None

    @extend_schema(
        summary="Indicatoren van alle netwerken (landelijk programma)",
        description=(
            "Per netwerk de indicatoren van het kwartaal, naast elkaar; te filteren op "
            "IZA-regio. Een telling die rust op 1 tot 9 personen of casussen wordt "
            'onderdrukt (`waarde` leeg, `tekst` "< 10"). Voor de rol programma en de '
            "beheerder; anders 403. Geen persoonsgegevens."
        ),
        parameters=[
            PERIODE,
            OpenApiParameter("regio", OpenApiTypes.STR, description="Code van de IZA-regio."),
        ],
        responses={
            200: ProgrammaSerializer,
            **ERRORS,
            403: OpenApiResponse(ProblemSerializer, description="Geen rol programma"),
        },
    )
    def get(self, request):
        if not programma_selectors.can_see_programma(request.user):
            raise PermissionDenied
        region = None
        asked = request.query_params.get("regio")
        if asked:
            region = next(
                (r for r in programma_selectors.programma_regions() if r.code == asked), None
            )
        period = period_chosen(request.query_params.get("periode"))
        table = programma_selectors.programma_table(period, region)
        return Response(self.get_serializer(programma_data(table)).data)
