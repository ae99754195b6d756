"""The API for insurers' systems (R-BK-4, R-BK-5): the declaration lines addressed to the
insurer the caller acts for, page by page with a cursor, and the insurer's verdict per line
or for a whole return message (JSON, or a 574-style XML message).

Thin, like the views: ``services.retour.verdicts_apply`` checks and applies every verdict (all or
nothing), the selectors decide which lines a caller sees. Only a user (or a system with an
API key) granted ``act_for_organisation`` on an insurer uses these endpoints; anyone else
logged in gets 403, anonymous callers 401. A line of another insurer or network answers
404, exactly like a reference that does not exist. Every page and every answer with a
person's data is logged (R-PR-1).
"""

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, permissions, serializers, status
from rest_framework.exceptions import ErrorDetail
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from bekostiging.api.serializers import (
    DeclaratieFilterSerializer,
    DeclaratieSerializer,
    OordeelSerializer,
    RetourberichtSerializer,
    RetourSerializer,
)
from bekostiging.models import Declaratieregel
from bekostiging.selectors.declaraties import (
    insurers_for_user,
    regel_get_for_insurer_user,
    regels_for_insurer,
)
from bekostiging.services.retour import (
    NO_REASON,
    STATE_CODES,
    UNKNOWN,
    Verdict,
    VerdictsRefused,
    parse_574,
    verdicts_apply,
)
from mgn.api.errors import ProblemSerializer
from mgn.api.pagination import StableCursorPagination
from mgn.api.parsers import CappedJSONParser, CappedTextXMLParser, CappedXMLParser
from mgn.audit.constants import Event
from mgn.audit.services import log_access, log_access_many
from mgn.formats import count
from networks.models import Network, Organisation
from networks.selectors.netwerken import networks_for_user

MAX_BODY_BYTES = 20 * 1024 * 1024  # a return message of ~100,000 lines
MAX_VERDICTS = 100_000

ERRORS = {
    401: OpenApiResponse(ProblemSerializer, description="Niet ingelogd of ongeldige API-sleutel"),
    403: OpenApiResponse(
        ProblemSerializer, description="U handelt niet namens een zorgverzekeraar"
    ),
}
NOT_FOUND = {
    404: OpenApiResponse(
        ProblemSerializer,
        description="Geen regel aan een zorgverzekeraar namens wie u handelt (of hij bestaat niet)",
    ),
}
UZOVI_PARAMETER = OpenApiParameter(
    "uzovi",
    OpenApiTypes.STR,
    description="UZOVI van de zorgverzekeraar namens wie u handelt; verplicht als u namens "
    "meer zorgverzekeraars handelt.",
)
NETWERK_PARAMETER = OpenApiParameter(
    "netwerk",
    OpenApiTypes.STR,
    description="Korte naam (slug) van het netwerk; verplicht als u meer netwerken ziet.",
)


# Who may call ------------------------------------------------------------------------
class ActsForInsurer(permissions.IsAuthenticated):
    """Who may use /declaraties/: users or systems granted ``act_for_organisation`` on an
    insurer (``insurers_for_user``). Others logged in get 403 (the endpoints
    are not theirs; no line is named, so nothing is revealed), anonymous callers 401."""

    message = gettext_lazy(
        "Alleen een zorgverzekeraar, of een systeem dat namens een zorgverzekeraar handelt, "
        "gebruikt de declaraties."
    )

    def has_permission(self, request, view) -> bool:
        if not super().has_permission(request, view):
            return False
        if getattr(view, "swagger_fake_view", False):
            return True
        view.insurers = list(insurers_for_user(request.user))
        return bool(view.insurers)


def chosen_insurer(insurers: list[Organisation], uzovi: str | None) -> Organisation:
    """The insurer the caller names with ?uzovi=, or its only one; 404 for another's."""
    if uzovi:
        for insurer in insurers:
            if insurer.uzovi == uzovi:
                return insurer
        raise Http404(_("Zorgverzekeraar niet gevonden."))
    if len(insurers) == 1:
        return insurers[0]
    raise serializers.ValidationError(
        {
            "uzovi": [
                _("U handelt namens meer zorgverzekeraars: kies er één met ?uzovi=<UZOVI-code>.")
            ]
        }
    )


def chosen_network(user, slug: str | None) -> Network:
    """The network the caller names with ?netwerk=, or the only one it sees; 404 otherwise."""
    networks = networks_for_user(user)
    if slug:
        network = networks.filter(slug=slug).first()
        if network is None:
            raise Http404(_("Netwerk niet gevonden."))
        return network
    found = list(networks.order_by("pk")[:2])
    if len(found) == 1:
        return found[0]
    raise serializers.ValidationError(
        {"netwerk": [_("Geef het netwerk op met ?netwerk=<korte naam>.")]}
    )


# Bodies ------------------------------------------------------------------------------
class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("De regel kan dit oordeel niet (meer) krijgen.")
    default_code = "conflict"


TOO_LARGE = gettext_lazy("Het bericht is groter dan %d MB.")


class JsonParser(CappedJSONParser):
    """JSON up to MAX_BODY_BYTES (DRF's own reads request.body, capped by Django at 2.5 MB)."""

    max_bytes = MAX_BODY_BYTES
    too_large = TOO_LARGE


class XmlParser(CappedXMLParser):
    """A 574-style return message, handed on as bytes (the parser reads the encoding)."""

    max_bytes = MAX_BODY_BYTES
    too_large = TOO_LARGE


class TextXmlParser(CappedTextXMLParser):
    max_bytes = MAX_BODY_BYTES
    too_large = TOO_LARGE


# Lines -------------------------------------------------------------------------------
class DeclaratiePagination(StableCursorPagination):
    """Oldest first, like the exports: a system can page on from where it stopped."""

    ordering = "id"


class DeclaratieListView(GenericAPIView):
    """R-BK-4: the lines addressed to one insurer the caller acts for."""

    permission_classes = [ActsForInsurer]
    pagination_class = DeclaratiePagination
    serializer_class = DeclaratieSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Declaratieregel.objects.none()
        filters = DeclaratieFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        wanted = filters.validated_data
        insurer = chosen_insurer(self.insurers, wanted.get("uzovi"))
        qs = regels_for_insurer(self.request.user, insurer).select_related(
            "network", "insurer", "provider"
        )
        if "netwerk" in wanted:
            qs = qs.filter(network__slug=wanted["netwerk"])
        if "van" in wanted:
            qs = qs.filter(service_date__gte=wanted["van"])
        if "tot" in wanted:
            qs = qs.filter(service_date__lte=wanted["tot"])
        if "status" in wanted:
            qs = qs.filter(status=wanted["status"])
        if "soort" in wanted:
            qs = qs.filter(soort=wanted["soort"])
        return qs

    @extend_schema(
        summary="Declaratieregels aan uw zorgverzekeraar",
        description=(
            "Alleen regels aan de zorgverzekeraar (UZOVI) namens wie u handelt (R-BK-4), "
            "en pas vanaf status klaar: conceptregels ziet u niet (R-PR-2), "
            "oudste eerst, per pagina met een cursor (`next` en `previous`; geen totaal). "
            "Dezelfde velden als de CSV-export (docs/declaratie-export.md), plus status, reden "
            "van afwijzing, soort, functie en einddatum van de periode. Een creditregel heeft "
            "een negatief bedrag en de referentie van de gecrediteerde regel. Elke opgevraagde "
            "pagina wordt per persoon in het toegangslog vastgelegd."
        ),
        parameters=[
            UZOVI_PARAMETER,
            OpenApiParameter(
                "netwerk", OpenApiTypes.STR, description="Alleen regels van dit netwerk (slug)."
            ),
            OpenApiParameter(
                "van", OpenApiTypes.DATE, description="Datum prestatie vanaf (JJJJ-MM-DD)."
            ),
            OpenApiParameter(
                "tot", OpenApiTypes.DATE, description="Datum prestatie tot en met (JJJJ-MM-DD)."
            ),
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=DeclaratieFilterSerializer().fields["status"].choices,
                description="Alleen regels met deze status.",
            ),
            OpenApiParameter(
                "soort",
                OpenApiTypes.STR,
                enum=DeclaratieFilterSerializer().fields["soort"].choices,
                description="vg: verkennend gesprek; lumpsum: lumpsumtermijn.",
            ),
        ],
        responses={
            200: DeclaratieSerializer(many=True),
            400: OpenApiResponse(ProblemSerializer, description="Ongeldige filter"),
            **ERRORS,
            **NOT_FOUND,
        },
    )
    def get(self, request):
        page = self.paginate_queryset(self.get_queryset())
        persons = [regel for regel in page if regel.bsn]  # a lumpsum term has no person
        if persons:
            log_access_many(request, event=Event.READ, subjects=persons, detail="API: declaraties")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


# Verdicts ----------------------------------------------------------------------------
class DeclaratieOordeelView(GenericAPIView):
    """The insurer's verdict on one line."""

    permission_classes = [ActsForInsurer]
    parser_classes = [JsonParser]
    serializer_class = OordeelSerializer
    pagination_class = None

    @extend_schema(
        summary="Eén declaratieregel accepteren of afwijzen",
        description=(
            "Een geëxporteerde regel aan uw zorgverzekeraar accepteren, of afwijzen met een "
            "reden. Hetzelfde oordeel nog eens verandert niets en geeft 200 (veilig opnieuw "
            "te proberen); een ander oordeel over een al beoordeelde regel, of een oordeel "
            "over een regel die nog niet is verzonden, geeft 409."
        ),
        request=OordeelSerializer,
        responses={
            200: OpenApiResponse(DeclaratieSerializer, description="De regel met zijn status"),
            400: OpenApiResponse(
                ProblemSerializer, description="Ongeldige invoer, bijvoorbeeld geen reden"
            ),
            409: OpenApiResponse(
                ProblemSerializer,
                description="De regel is al anders beoordeeld of nog niet verzonden",
            ),
            **ERRORS,
            **NOT_FOUND,
        },
    )
    def post(self, request, reference: str):
        regel = regel_get_for_insurer_user(request.user, reference, insurers=self.insurers)
        body = OordeelSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        verdict = Verdict(
            reference=regel.reference,
            accepted=body.validated_data["geaccepteerd"],
            reason=body.validated_data["reden"],
            line=1,
        )
        try:
            with transaction.atomic():
                bericht = verdicts_apply(
                    user=request.user,
                    network=regel.network,
                    insurer=regel.insurer,
                    verdicts=[verdict],
                    # Per line, so that the same verdict again stores nothing new.
                    source_reference=f"API-{regel.reference}",
                    request=request,
                )
                if not bericht.changed and regel.bsn:
                    log_access(request, event=Event.READ, subject=regel, obj=regel, detail="API")
        except VerdictsRefused as refused:
            problem = refused.report[0]
            if problem["code"] == UNKNOWN:
                raise Http404(_("Declaratieregel niet gevonden.")) from None
            if problem["code"] in STATE_CODES:
                raise Conflict(problem["problem"], code=problem["code"]) from None
            raise serializers.ValidationError(
                {"reden": [ErrorDetail(problem["problem"], code=problem["code"])]}
            ) from None
        regel.refresh_from_db(fields=["status", "rejection_reason", "status_changed_at"])
        return Response(DeclaratieSerializer(regel).data)


class DeclaratieRetourView(GenericAPIView):
    """A return message: verdicts on many lines at once, all or nothing."""

    permission_classes = [ActsForInsurer]
    parser_classes = [JsonParser, XmlParser, TextXmlParser]
    serializer_class = RetourSerializer
    pagination_class = None

    @extend_schema(
        summary="Een retourbericht verwerken: oordelen over veel regels tegelijk",
        description=(
            'Als JSON `{"referentie": ..., "regels": [{"referentie", "geaccepteerd", '
            '"reden"}]}`, of als 574-retourbericht in XML (`Content-Type: application/xml`, '
            "de indeling van docs/declaratie-export.md). Alles of niets: bij één fout "
            "verandert er niets en noemt `errors` elke fout per regel "
            "(`regels[<index>].<veld>` bij JSON, vanaf 0; `regel[<nummer>].<veld>` bij XML, "
            "vanaf 1). Een referentie van een regel aan een andere zorgverzekeraar of in een "
            "ander netwerk heet onbekend. Een herhaald bericht met dezelfde referentie "
            "verandert niets en geeft het eerder verwerkte bericht terug."
        ),
        parameters=[UZOVI_PARAMETER, NETWERK_PARAMETER],
        request={
            "application/json": RetourSerializer,
            "application/xml": OpenApiTypes.STR,
        },
        responses={
            200: OpenApiResponse(RetourberichtSerializer, description="Verwerkt"),
            400: OpenApiResponse(
                ProblemSerializer,
                description="Niet verwerkt; `errors` noemt elke fout per regel",
                examples=[
                    OpenApiExample(
                        "Twee fouten",
                        value={
                            "type": "https://mgn.example/problems/400",
                            "title": "Ongeldige invoer",
                            "status": 400,
                            "detail": "Niet verwerkt: 2 fouten; er is niets veranderd.",
                            "errors": {
                                "regels[0].referentie": [
                                    {
                                        "code": "unknown",
                                        "message": "Onbekende referentie: geen "
                                        "declaratieregel aan u met deze referentie.",
                                    }
                                ],
                                "regels[3].reden": [
                                    {"code": "no_reason", "message": "Geef de reden van afwijzing."}
                                ],
                            },
                        },
                    )
                ],
            ),
            413: OpenApiResponse(ProblemSerializer, description="Het bericht is te groot"),
            415: OpenApiResponse(ProblemSerializer, description="Geen JSON of XML"),
            **ERRORS,
            404: OpenApiResponse(
                ProblemSerializer,
                description="Geen zorgverzekeraar of netwerk van u met deze UZOVI of naam",
            ),
        },
    )
    def post(self, request):
        insurer = chosen_insurer(self.insurers, request.query_params.get("uzovi"))
        network = chosen_network(request.user, request.query_params.get("netwerk"))
        data = request.data
        if isinstance(data, bytes):
            # Refuses a message sent by another UZOVI than the insurer it is posted for.
            reference, verdicts = parse_574(data, uzovi=insurer.uzovi)

            def key(problem):
                return f"regel[{problem['line']}]"

        else:
            body = RetourSerializer(data=data)
            body.is_valid(raise_exception=True)
            rows = body.validated_data["regels"]
            if len(rows) > MAX_VERDICTS:
                raise serializers.ValidationError(
                    {"regels": [_("Hooguit %d regels per bericht.") % MAX_VERDICTS]}
                )
            reference = body.validated_data["referentie"]
            verdicts = [
                Verdict(row["referentie"], row["geaccepteerd"], row["reden"], line=index)
                for index, row in enumerate(rows, start=1)
            ]

            def key(problem):
                return f"regels[{problem['line'] - 1}]"

        try:
            bericht = verdicts_apply(
                user=request.user,
                network=network,
                insurer=insurer,
                verdicts=verdicts,
                source_reference=reference,
                request=request,
            )
        except VerdictsRefused as refused:
            errors: dict[str, list] = {}
            for problem in refused.report:
                field = "reden" if problem["code"] == NO_REASON else "referentie"
                errors.setdefault(f"{key(problem)}.{field}", []).append(
                    ErrorDetail(problem["problem"], code=problem["code"])
                )
            response = self.handle_exception(exceptions.ValidationError(errors))
            response.data["detail"] = _("Niet verwerkt: %(count)s; er is niets veranderd.") % {
                "count": count(len(refused.report), _("fout"), _("fouten"))
            }
            return response
        return Response(RetourberichtSerializer(bericht).data)
