"""Function III's API.

The sociale kaart (R-WT-7), read-only: the offers a caller may see, with the same search
and filters as the page. Offers hold no person data (no access log).

For providers' systems: deliver the waiting list of an offer (R-WT-1) and publish its free
intake places per week (R-WT-5). Thin, like the views: the service checks every row, the
selector decides which offers a caller maintains.

Errors use the house problem details (mgn/api/errors.py). A refused waiting list names
each problem in ``errors`` by row: ``rows[<index>].<field>`` for a JSON body (index from
0) and ``line[<line>].<field>`` for a CSV body (the file's line, the header is line 1);
a problem with the whole row has no ``.<field>``. See docs/wachtlijst-csv.md.
"""

import json

from django.core.exceptions import ValidationError as DjangoValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, permissions, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from mgn.api.errors import ProblemSerializer
from mgn.api.pagination import StableCursorPagination
from mgn.api.parsers import CappedCSVParser, CappedJSONParser, JSONParser, check_content_length
from mgn.formats import count
from wachttijden.api.serializers import (
    AanbodFilterSerializer,
    AanbodSerializer,
    IntakeSlotSerializer,
    UploadSerializer,
    VestigingWachttijdSerializer,
    WachtlijstJobSerializer,
    WachtlijstResultSerializer,
    WachtlijstRowsSerializer,
    upload_error_key,
)
from wachttijden.constants import AanbodDomain, Category, EntryStatus, UploadSource
from wachttijden.models import IntakeSlots, SnapshotFigure, WachtlijstUpload
from wachttijden.selectors.aanbod import aanbod_for_user, aanbod_search, with_wait_weeks
from wachttijden.selectors.dashboard import location_rows
from wachttijden.selectors.levering import provider_aanbod_get_for_user, wachtlijst_job_get
from wachttijden.selectors.regions import region_get_for_user, regions_for_user
from wachttijden.services import (
    levering_intakeplekken,
    levering_wachtlijst,
    levering_wachtlijst_job,
)

AANBOD_ERRORS = {
    401: OpenApiResponse(ProblemSerializer, description="Niet ingelogd of ongeldige API-sleutel"),
}
BAD_FILTER = {400: OpenApiResponse(ProblemSerializer, description="Ongeldig filter")}
NOT_FOUND = {404: OpenApiResponse(ProblemSerializer, description="Niet gevonden of geen toegang")}


FILTER_PARAMETERS = [
    OpenApiParameter("q", OpenApiTypes.STR, description="Zoek in naam, omschrijving, aanbieder."),
    OpenApiParameter("category", OpenApiTypes.STR, enum=Category.values, description="Categorie."),
    OpenApiParameter("domain", OpenApiTypes.STR, enum=AanbodDomain.values, description="Domein."),
    OpenApiParameter(
        "gemeente",
        OpenApiTypes.STR,
        description="CBS-code (GM + 4 cijfers): aanbod voor inwoners van of gevestigd in "
        "deze gemeente.",
    ),
]


@extend_schema_view(
    list=extend_schema(
        summary="Aanbod op de sociale kaart",
        description="Actief aanbod in de regio's van de netwerken die u mag inzien, plus al het "
        "aanbod (ook niet-actief) van de aanbieders namens wie u handelt (R-WT-7).",
        parameters=FILTER_PARAMETERS,
        responses={200: AanbodSerializer, **BAD_FILTER, **AANBOD_ERRORS},
    ),
    retrieve=extend_schema(
        summary="Eén aanbod",
        description="Aanbod dat u niet mag inzien (een andere regio, of niet actief en niet "
        "van uw organisatie) geeft 404.",
        responses={200: AanbodSerializer, **AANBOD_ERRORS, **NOT_FOUND},
    ),
)
class AanbodViewSet(viewsets.ReadOnlyModelViewSet):
    """Offers, scoped by ``selectors.aanbod.aanbod_for_user``: an offer the caller may not see
    answers 404, never 403."""

    serializer_class = AanbodSerializer

    def get_queryset(self):
        qs = with_wait_weeks(aanbod_for_user(self.request.user))
        if self.action == "list":
            params = AanbodFilterSerializer(data=self.request.query_params)
            if not params.is_valid():
                raise ValidationError(params.errors)
            qs = aanbod_search(qs, **params.validated_data)
        return (
            qs.select_related("provider", "region", "gemeente")
            .prefetch_related("gemeenten_served", "zorgvraagtypes")
            .order_by("name", "pk")
        )


# Deliveries -------------------------------------------------------------------------
LEVERING_ERRORS = {
    401: OpenApiResponse(ProblemSerializer, description="Niet ingelogd of ongeldige API-sleutel"),
    404: OpenApiResponse(
        ProblemSerializer,
        description="Geen aanbod van een aanbieder namens wie u handelt (of het bestaat niet)",
    ),
}


class LeveringParserMixin:
    """The waiting list's cap (``levering_wachtlijst.MAX_UPLOAD_BYTES``), read when parsing."""

    @property
    def max_bytes(self) -> int:
        return levering_wachtlijst.MAX_UPLOAD_BYTES


class LeveringCsvParser(LeveringParserMixin, CappedCSVParser):
    """A raw ``text/csv`` body, handed to the service as bytes (UTF-8, with or without BOM)."""


class LeveringJsonParser(LeveringParserMixin, CappedJSONParser):
    """JSON up to the waiting list's cap: 50,000 rows are ~10 MB, above Django's
    DATA_UPLOAD_MAX_MEMORY_SIZE, which DRF's own JSONParser would hit."""


class ActsForOfferProvider(permissions.IsAuthenticated):
    """Who may use /aanbod/<pk>/wachtlijst/ and /aanbod/<pk>/intakeplekken/.

    Users (or systems with an API key) granted ``act_for_organisation`` on the offer's
    provider (``selectors.levering.provider_aanbod_get_for_user``). Anyone else gets 404, also for an offer
    that exists: its existence is not revealed. Anonymous callers get 401.
    """

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        if getattr(view, "swagger_fake_view", False):
            return True
        view.aanbod = provider_aanbod_get_for_user(request.user, view.kwargs["pk"])
        return True


class WachtlijstView(GenericAPIView):
    """The waiting list of one offer: its deliveries, and a new one."""

    permission_classes = [ActsForOfferProvider]
    parser_classes = [LeveringJsonParser, LeveringCsvParser]
    pagination_class = StableCursorPagination
    serializer_class = UploadSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return WachtlijstUpload.objects.none()
        return WachtlijstUpload.objects.filter(aanbod=self.aanbod).defer("errors")

    @extend_schema(
        summary="Leveringen van de wachtlijst van een aanbod",
        description="Nieuwste eerst, zonder inhoud: alleen wanneer, hoe en of ze verwerkt zijn.",
        responses={200: UploadSerializer(many=True), **LEVERING_ERRORS},
    )
    def get(self, request, pk: int):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(
        summary="De wachtlijst van een aanbod vervangen",
        description=(
            "Stuur de hele wachtlijst: als CSV (`Content-Type: text/csv`, de indeling van "
            'docs/wachtlijst-csv.md) of als JSON `{"rows": [...]}` met dezelfde velden. '
            "Alles of niets: bij één fout verandert er niets en noemt `errors` elke fout per "
            "regel (`rows[<index>].<veld>` bij JSON, vanaf 0; `line[<regel>].<veld>` bij CSV, "
            "de kopregel is regel 1). Een BSN wordt direct een pseudoniem en nooit bewaard. "
            "Een lijst groter dan WACHTLIJST_ASYNC_BYTES (standaard 1 MB) wordt op de "
            "achtergrond verwerkt: het antwoord is dan 202 met een `status_url`, die na de "
            "verwerking het resultaat geeft (dezelfde `errors` bij een weigering)."
        ),
        request={"application/json": WachtlijstRowsSerializer, "text/csv": OpenApiTypes.STR},
        responses={
            201: OpenApiResponse(WachtlijstResultSerializer, description="Verwerkt"),
            202: OpenApiResponse(
                WachtlijstJobSerializer,
                description="Groot bestand: wordt op de achtergrond verwerkt; volg `status_url` "
                "(ook in de Location-header)",
            ),
            400: OpenApiResponse(
                ProblemSerializer,
                description="Niet verwerkt; `errors` noemt elke fout per regel en veld",
                examples=[
                    OpenApiExample(
                        "Twee fouten",
                        value={
                            "type": "https://mgn.example/problems/400",
                            "title": "Ongeldige invoer",
                            "status": 400,
                            "detail": "Niet verwerkt: 2 fouten in 2 regels; er is niets veranderd.",
                            "errors": {
                                "rows[3].bsn": [
                                    {
                                        "code": "invalid",
                                        "message": "Geen geldig BSN (9 cijfers die de "
                                        "elfproef doorstaan).",
                                    }
                                ],
                                "rows[7].aanmelddatum": [
                                    {
                                        "code": "invalid",
                                        "message": "Deze datum ligt in de toekomst.",
                                    }
                                ],
                            },
                        },
                    )
                ],
            ),
            413: OpenApiResponse(ProblemSerializer, description="Het bestand is te groot"),
            415: OpenApiResponse(ProblemSerializer, description="Geen text/csv of JSON"),
            **LEVERING_ERRORS,
        },
    )
    def post(self, request, pk: int):
        check_content_length(request, levering_wachtlijst.MAX_UPLOAD_BYTES)
        data = request.data
        if isinstance(data, bytes):
            rows, source = data, UploadSource.CSV
        elif isinstance(data, dict) and isinstance(data.get("rows"), list):
            rows, source = data["rows"], UploadSource.API
        else:
            raise serializers.ValidationError(
                {"rows": [_("Stuur een CSV-bestand of JSON met een lijst 'rows'.")]}
            )
        content = rows if source == UploadSource.CSV else json.dumps({"rows": rows}).encode()
        if levering_wachtlijst_job.is_large(len(content)):
            job = levering_wachtlijst_job.wachtlijst_job_request(
                aanbod=self.aanbod, user=request.user, content=content, source=source
            )
            url = reverse("aanbod-wachtlijst-verwerking", args=[self.aanbod.pk, job.pk])
            body = WachtlijstJobSerializer(job, context={"request": request}).data
            return Response(
                body,
                status=status.HTTP_202_ACCEPTED,
                headers={"Location": request.build_absolute_uri(url)},
            )
        upload = levering_wachtlijst.wachtlijst_upload(
            aanbod=self.aanbod, user=request.user, rows=rows, source=source
        )
        if not upload.accepted:
            errors: dict[str, list] = {}
            for error in upload.errors:
                errors.setdefault(upload_error_key(source, error), []).append(
                    exceptions.ErrorDetail(error["reason"], code="invalid")
                )
            lines = len({e["line"] for e in upload.errors})
            exc = exceptions.ValidationError(errors)
            response = self.handle_exception(exc)
            response.data["detail"] = _(
                "Niet verwerkt: %(errors)s in %(lines)s; er is niets veranderd."
            ) % {
                "errors": count(len(upload.errors), _("fout"), _("fouten")),
                "lines": count(lines, _("regel"), _("regels")),
            }
            return response
        counts = upload.status_counts
        waiting = sum(counts.get(s, 0) for s in (EntryStatus.AANMELDING, EntryStatus.INTAKE))
        body = {
            "upload": upload.pk,
            "rows": upload.rows_total,
            "persons": upload.rows_total,  # a person is on an offer's list once
            "waiting": waiting,
            "by_status": counts,
        }
        return Response(WachtlijstResultSerializer(body).data, status=status.HTTP_201_CREATED)


# Intake slots ------------------------------------------------------------------------
class IntakeSlotsView(GenericAPIView):
    """Free intake places per week of one offer, from the current week on."""

    permission_classes = [ActsForOfferProvider]
    parser_classes = [JSONParser]
    serializer_class = IntakeSlotSerializer
    pagination_class = None

    def _published(self) -> Response:
        first = levering_intakeplekken.slot_weeks(count=1)[0]
        rows = (
            IntakeSlots.objects.filter(aanbod=self.aanbod, week_start__gte=first)
            .order_by("week_start")
            .values("week_start", "available")
        )
        return Response(IntakeSlotSerializer(rows, many=True).data)

    @extend_schema(
        summary="Gepubliceerde vrije intakeplekken van een aanbod",
        description="Per week (maandag), vanaf de huidige week.",
        responses={200: IntakeSlotSerializer(many=True), **LEVERING_ERRORS},
    )
    def get(self, request, pk: int):
        return self._published()

    @extend_schema(
        summary="Vrije intakeplekken van een aanbod publiceren",
        description=(
            "Vervangt de gepubliceerde weken vanaf de huidige week: weken die niet in de "
            "lijst staan vervallen. Een week begint op maandag en ligt hooguit een jaar "
            "vooruit (R-WT-5). Voor aanbod in het sociaal domein zijn het de vrije plekken "
            "voor inwoners van de gemeenten die het aanbod bedient (R-TR-1)."
        ),
        request=IntakeSlotSerializer(many=True),
        responses={
            200: IntakeSlotSerializer(many=True),
            400: OpenApiResponse(
                ProblemSerializer, description="Ongeldige invoer, per week in `errors`"
            ),
            **LEVERING_ERRORS,
        },
    )
    def put(self, request, pk: int):
        serializer = IntakeSlotSerializer(data=request.data, many=True)
        serializer.is_valid(raise_exception=True)
        weeks: dict = {}
        index_of: dict[str, int] = {}
        errors: dict[str, list] = {}
        for index, item in enumerate(serializer.validated_data):
            week = item["week_start"]
            if week in weeks:
                errors[f"{index}.week_start"] = [_("Deze week staat al eerder in de lijst.")]
            weeks[week] = item["available"]
            index_of.setdefault(week.isoformat(), index)
        if errors:
            raise serializers.ValidationError(errors)
        try:
            levering_intakeplekken.intake_slots_publish(
                aanbod=self.aanbod, weeks=weeks, replace=True
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(
                {
                    f"{index_of[key]}.week_start": messages
                    for key, messages in error.message_dict.items()
                }
            ) from None
        return self._published()


# Waiting times per location (R-WT-3) -----------------------------------------------------
@extend_schema_view(
    get=extend_schema(
        summary="Wachttijden per vestiging en hoofddiagnosegroep",
        description=(
            "Uit het laatste overzicht van de regio (R-WT-3): per vestiging en "
            "hoofddiagnosegroep de gerealiseerde (laatste twee maanden) en de actuele "
            "(prospectieve) aanmeldings- en behandelingswachttijd in weken, en de "
            "overschrijdingen van de Treeknorm. Voor netwerkcoördinatoren van de regio; "
            "zonder `regio` de eerste van hun regio's. Alleen totalen, geen persoonsgegevens."
        ),
        parameters=[
            OpenApiParameter("regio", OpenApiTypes.STR, description="Code van de IZA-regio.")
        ],
        responses={
            200: VestigingWachttijdSerializer(many=True),
            403: OpenApiResponse(ProblemSerializer, description="Geen netwerkcoördinator"),
            **AANBOD_ERRORS,
            **NOT_FOUND,
        },
    )
)
class VestigingWachttijdenView(GenericAPIView):
    serializer_class = VestigingWachttijdSerializer
    pagination_class = StableCursorPagination

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return SnapshotFigure.objects.none()
        if not regions_for_user(self.request.user, coordinate=True).exists():
            raise exceptions.PermissionDenied
        region = region_get_for_user(self.request.user, self.request.query_params.get("regio"))
        return location_rows(region)

    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class WachtlijstJobView(GenericAPIView):
    """A large waiting list being processed: its status, then its result."""

    permission_classes = [ActsForOfferProvider]
    serializer_class = WachtlijstJobSerializer
    pagination_class = None

    @extend_schema(
        summary="Status van een wachtlijst die op de achtergrond wordt verwerkt",
        description=(
            "`status`: wachtrij, bezig, klaar of mislukt, met `progress` (0–100). Klaar: "
            "`accepted` zegt of de lijst is verwerkt; zo niet, dan noemt `errors` elke fout "
            "per regel zoals bij een directe upload en is er niets veranderd."
        ),
        responses={200: WachtlijstJobSerializer, **LEVERING_ERRORS},
    )
    def get(self, request, pk: int, job: int):
        found = wachtlijst_job_get(self.aanbod, job)
        return Response(self.get_serializer(found).data)
