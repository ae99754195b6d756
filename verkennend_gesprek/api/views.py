"""The API of function I for huisartsinformatiesystemen: request a verkennend gesprek and
follow it. Thin, like the views: serializers parse, services decide (R-VG-1/2), the
selector scopes what a caller sees, and every answer with person data is logged (R-PR-1).
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, permissions, serializers, status, viewsets
from rest_framework.response import Response

from mgn.api.errors import ProblemSerializer
from mgn.api.pagination import StableCursorPagination
from mgn.api.parsers import JSONParser
from mgn.audit.constants import Event, Outcome
from mgn.audit.services import PersonRef, log_access, log_access_many
from networks.models import Professional
from verkennend_gesprek.constants import Status
from verkennend_gesprek.models import Advies, Gesprek, VerkennendGesprek
from verkennend_gesprek.selectors.aanvraag import (
    acting_practices_for_user,
    huisarts_records_for_user,
    vg_for_user,
)
from verkennend_gesprek.selectors.inzage import inzage_for
from verkennend_gesprek.services.aanvraag import (
    OpenRequestExists,
    PersoonData,
    gesprek_request,
)

from .serializers import (
    VerkennendGesprekCreateSerializer,
    VerkennendGesprekSerializer,
    api_errors,
)

IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_KEY_MAX = 80  # VerkennendGesprek.idempotency_key

ERRORS = {
    401: OpenApiResponse(ProblemSerializer, description="Niet ingelogd of ongeldige API-sleutel"),
}
NOT_FOUND = {
    404: OpenApiResponse(ProblemSerializer, description="Niet gevonden of geen toegang"),
}


class OpenRequestConflict(exceptions.APIException):
    """One open request per person: the person already has an open request in the network."""

    status_code = status.HTTP_409_CONFLICT
    default_detail = _("Voor deze persoon loopt in dit netwerk al een aanvraag.")
    default_code = "open_request"


# Who may call ------------------------------------------------------------------------
class VerkennendGesprekPermission(permissions.BasePermission):
    """Who may use /verkennende-gesprekken/.

    - list and retrieve: every authenticated caller; the rows are scoped by
      ``vg_for_user``, so a request the caller may not see answers 404, never 403.
    - create (R-VG-1): a huisarts with an active huisarts record at a practice, or a system
      granted ``networks.act_for_organisation`` on a huisartsenpraktijk. Others get 403.
      Whether *this* huisarts at *this* practice in *this* network may request is decided
      per request (serializer and ``gesprek_request``), answering 400.
    """

    message = _(
        "Alleen een huisarts, of een systeem dat namens een huisartsenpraktijk handelt, "
        "kan een verkennend gesprek aanvragen."
    )

    def has_permission(self, request, view) -> bool:
        if view.action != "create":
            return True
        return bool(view.own_huisarts) or acting_practices_for_user(request.user).exists()


# Views -------------------------------------------------------------------------------
PREFETCH = (
    Prefetch("gesprekken", queryset=Gesprek.objects.prefetch_related("deelnemers")),
    Prefetch("adviezen", queryset=Advies.objects.select_related("brief")),
)


@extend_schema_view(
    list=extend_schema(
        summary="Verkennende gesprekken die u mag inzien",
        description="De aanvragen van uw praktijk (of waaraan u deelneemt, of die u als "
        "coördinator plant), nieuwste eerst, per pagina met een cursor. Zonder BSN.",
        parameters=[
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=Status.values,
                description="Alleen aanvragen met deze status.",
            )
        ],
        responses={200: VerkennendGesprekSerializer, **ERRORS},
    ),
    retrieve=extend_schema(
        summary="Eén verkennend gesprek, met BSN en hulpvraag",
        description="Een aanvraag die u mag inzien; anders 404. Met de stand van de "
        "gesprekken, het advies en de adviesbrief.",
        responses={200: VerkennendGesprekSerializer, **ERRORS, **NOT_FOUND},
    ),
    create=extend_schema(
        summary="Een verkennend gesprek aanvragen (huisarts of HIS namens de praktijk)",
        description=(
            "Alleen een huisarts, of een systeem met een API-sleutel dat namens de praktijk "
            "handelt, vraagt aan (R-VG-1). De persoon is 18 jaar of ouder, basisverzekerd en "
            "heeft psychische klachten én problemen op minstens één ander levensgebied "
            "(R-VG-2). Stuur een `Idempotency-Key` mee: een herhaalde aanvraag met dezelfde "
            "sleutel maakt niets nieuws en geeft de eerste aanvraag terug (200). Per persoon "
            "staat in een netwerk één aanvraag tegelijk open (aangevraagd, gepland of "
            "gehouden zonder definitief advies): een nieuwe aanvraag voor een persoon met een "
            "open aanvraag krijgt 409 met alleen die melding en de contactgegevens van de "
            "netwerkcoördinator; de poging wordt vastgelegd voor de planner."
        ),
        request=VerkennendGesprekCreateSerializer,
        parameters=[
            OpenApiParameter(
                IDEMPOTENCY_HEADER,
                OpenApiTypes.STR,
                location=OpenApiParameter.HEADER,
                required=False,
                description="Unieke sleutel per aanvraag (hooguit 80 tekens), bijvoorbeeld een "
                "UUID. Dezelfde sleutel van dezelfde gebruiker geeft de eerder gemaakte "
                "aanvraag terug.",
            )
        ],
        responses={
            201: OpenApiResponse(VerkennendGesprekSerializer, description="Aangevraagd"),
            200: OpenApiResponse(
                VerkennendGesprekSerializer,
                description="Deze Idempotency-Key is al gebruikt: de eerdere aanvraag",
            ),
            400: OpenApiResponse(
                ProblemSerializer, description="Ongeldige invoer, per veld in `errors`"
            ),
            **ERRORS,
            403: OpenApiResponse(
                ProblemSerializer,
                description="U bent geen huisarts en handelt niet namens een praktijk",
            ),
            409: OpenApiResponse(
                ProblemSerializer,
                description="Voor deze persoon staat in het netwerk al een aanvraag open; "
                "`detail` zegt wie u kunt bellen (de netwerkcoördinator)",
            ),
        },
    ),
)
class VerkennendGesprekViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Requests for a verkennend gesprek, scoped by ``vg_for_user``."""

    serializer_class = VerkennendGesprekSerializer
    permission_classes = [permissions.IsAuthenticated, VerkennendGesprekPermission]
    pagination_class = StableCursorPagination
    parser_classes = [JSONParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return VerkennendGesprek.objects.none()
        qs = (
            vg_for_user(self.request.user)
            .select_related("network", "practice", "persoon", "persoon__gemeente")
            .prefetch_related(*PREFETCH)
        )
        wanted = self.request.query_params.get("status")
        if self.action == "list" and wanted:
            if wanted not in Status.values:
                raise serializers.ValidationError(
                    {"status": [_("Onbekende status: kies uit %s.") % ", ".join(Status.values)]}
                )
            qs = qs.filter(status=wanted)
        return qs

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "detail": self.action != "list"}

    @cached_property
    def own_huisarts(self) -> list[Professional]:
        """The caller's own huisarts records: asked once for the permission and the body."""
        return list(huisarts_records_for_user(self.request.user))

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        log_access_many(
            request, event=Event.READ, subjects=page, detail="API: lijst verkennende gesprekken"
        )
        # R-PR-2: what the caller sees of each person, read once for the whole page.
        context = {**self.get_serializer_context(), "inzage": inzage_for(request.user, page)}
        return self.get_paginated_response(
            self.get_serializer(page, many=True, context=context).data
        )

    def retrieve(self, request, *args, **kwargs):
        vg = self.get_object()
        inzage = inzage_for(request.user, [vg])
        log_access(
            request, event=Event.READ, subject=vg, obj=vg, detail=inzage.log_detail(vg, "API")
        )
        context = {**self.get_serializer_context(), "inzage": inzage}
        return Response(self.get_serializer(vg, context=context).data)

    def create(self, request, *args, **kwargs):
        key = request.headers.get(IDEMPOTENCY_HEADER, "").strip() or None
        if key and len(key) > IDEMPOTENCY_KEY_MAX:
            raise serializers.ValidationError(
                {IDEMPOTENCY_HEADER: [_("Hooguit %d tekens.") % IDEMPOTENCY_KEY_MAX]}
            )
        serializer = VerkennendGesprekCreateSerializer(
            data=request.data,
            context={**self.get_serializer_context(), "own_huisarts": self.own_huisarts},
        )
        serializer.is_valid(raise_exception=True)
        data = dict(serializer.validated_data)
        refused = None
        try:
            # The request and its access log entry commit together (and in one commit); a
            # refusal is caught inside, so its record commits too.
            with transaction.atomic():
                persoon = PersoonData(**data.pop("persoon"))
                try:
                    vg, created = gesprek_request(
                        network=data.pop("network"),
                        huisarts=data.pop("huisarts"),
                        requested_by=request.user,
                        persoon=persoon,
                        idempotency_key=key,
                        **{k: v for k, v in data.items() if k != "huisarts_agb"},
                    )
                except OpenRequestExists as error:
                    refused = error
                    log_access(
                        request,
                        event=Event.CREATE,
                        subject=PersonRef("bsn", persoon.bsn),
                        obj=error.attempt,
                        outcome=Outcome.DENIED,
                        detail="API: aanvraag geweigerd, er staat al een aanvraag open",
                    )
                else:
                    if created:
                        log_access(request, event=Event.CREATE, subject=vg, obj=vg, detail="API")
        except DjangoValidationError as error:
            raise serializers.ValidationError(api_errors(error)) from None
        if refused is not None:
            raise OpenRequestConflict(refused.messages[0])
        if created:
            # The service's objects already carry the network, the person and the practice,
            # and a new request has no conversations or adviezen: nothing left to read.
            prefetch_related_objects(
                [vg],
                Prefetch("gesprekken", queryset=Gesprek.objects.none()),
                Prefetch("adviezen", queryset=Advies.objects.none()),
            )
        else:
            vg = self.get_queryset().filter(pk=vg.pk).first()
            if vg is None:  # a replayed key whose request the caller may no longer see
                raise Http404
            log_access(request, event=Event.READ, subject=vg, obj=vg, detail="API")
        location = reverse("verkennend-gesprek-detail", args=[vg.pk])
        return Response(
            self.get_serializer(vg).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
            headers={"Location": request.build_absolute_uri(location)},
        )
