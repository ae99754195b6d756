"""The API of function I for huisartsinformatiesystemen: request a verkennend gesprek and
follow it. Thin, like the views: serializers parse, services decide (R-VG-1/2), the
selector scopes what a caller sees, and every answer with person data is logged (R-PR-1).
"""

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import RegexValidator
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
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import mixins, permissions, serializers, status, viewsets
from rest_framework.exceptions import ErrorDetail
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from mgn.api.errors import ProblemSerializer
from mgn.api.pagination import StableCursorPagination
from mgn.audit.constants import Event
from mgn.audit.services import log_access, log_access_many
from networks.constants import Discipline, OrganisationKind
from networks.models import Gemeente, Network, Organisation, Professional
from networks.selectors.netwerken import networks_for_user

from . import selectors, services
from .constants import (
    AdviesStatus,
    Expertise,
    LetterStatus,
    LifeDomain,
    Mode,
    ParticipantRole,
    Status,
    Urgency,
)
from .models import Advies, Gesprek, Persoon, VerkennendGesprek

IDEMPOTENCY_HEADER = "Idempotency-Key"
IDEMPOTENCY_KEY_MAX = 80  # VerkennendGesprek.idempotency_key

ERRORS = {
    401: OpenApiResponse(ProblemSerializer, description="Niet ingelogd of ongeldige API-sleutel"),
}
NOT_FOUND = {
    404: OpenApiResponse(ProblemSerializer, description="Niet gevonden of geen toegang"),
}


# Who may call ------------------------------------------------------------------------
class VerkennendGesprekPermission(permissions.BasePermission):
    """Who may use /verkennende-gesprekken/.

    - list and retrieve: every authenticated caller; the rows are scoped by
      ``selectors.vg_for_user``, so a request the caller may not see answers 404, never 403.
    - create (R-VG-1): a huisarts with an active huisarts record at a practice, or a system
      granted ``networks.act_for_organisation`` on a huisartsenpraktijk. Others get 403.
      Whether *this* huisarts at *this* practice in *this* network may request is decided
      per request (serializer and ``services.gesprek_request``), answering 400.
    """

    message = _(
        "Alleen een huisarts, of een systeem dat namens een huisartsenpraktijk handelt, "
        "kan een verkennend gesprek aanvragen."
    )

    def has_permission(self, request, view) -> bool:
        if view.action != "create":
            return True
        return bool(view.own_huisarts) or selectors.acting_practices(request.user).exists()


def huisarts_for_request(
    user, network: Network, agb: str, own: list[Professional]
) -> Professional | None:
    """The active huisarts with this personal AGB for whom the caller may request: the
    caller's own huisarts record (``own``, from ``services.practices_for_huisarts``), or a
    huisarts of a practice in the network that the caller acts for as a system. Whether the
    practice takes part in the network the service checks (R-VG-1)."""
    for professional in own:
        if professional.agb_code == agb:
            return professional
    return (
        Professional.objects.filter(
            agb_code=agb,
            discipline=Discipline.HUISARTS,
            is_active=True,
            organisation__in=selectors.acting_practices(user),
            organisation__partnerships__network=network,
        )
        .select_related("organisation")
        .order_by("pk")
        .first()
    )


# Input -------------------------------------------------------------------------------
@extend_schema_field(OpenApiTypes.STR)
class CodeField(serializers.SlugRelatedField):
    """A related object named by its code (CBS, UZOVI, slug); a plain string in the schema."""


class PersoonInputSerializer(serializers.Serializer):
    bsn = serializers.CharField(
        max_length=11, help_text="Burgerservicenummer: 9 cijfers die de elfproef doorstaan."
    )
    given_name = serializers.CharField(max_length=100, help_text="Voornaam.")
    family_name_prefix = serializers.CharField(
        max_length=20, required=False, allow_blank=True, default="", help_text="Tussenvoegsel."
    )
    family_name = serializers.CharField(max_length=150, help_text="Achternaam.")
    date_of_birth = serializers.DateField(help_text="Geboortedatum (JJJJ-MM-DD).")
    gemeente = CodeField(
        slug_field="cbs_code",
        queryset=Gemeente.objects.all(),
        help_text="CBS-code van de woongemeente, bijvoorbeeld GM0363.",
        error_messages={"does_not_exist": _("Onbekende CBS-gemeentecode {value}.")},
    )
    address = serializers.CharField(
        max_length=300, required=False, allow_blank=True, default="", help_text="Adres."
    )
    phone = serializers.CharField(
        max_length=30, required=False, allow_blank=True, default="", help_text="Telefoon."
    )
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    insurer_uzovi = CodeField(
        slug_field="uzovi",
        source="insurer",
        queryset=Organisation.objects.filter(kind=OrganisationKind.ZORGVERZEKERAAR),
        help_text="UZOVI-code (4 cijfers) van de zorgverzekeraar van de basisverzekering.",
        error_messages={"does_not_exist": _("Geen zorgverzekeraar met UZOVI-code {value}.")},
    )
    policy_number = serializers.CharField(
        max_length=30, help_text="Polisnummer (nodig voor de declaratie)."
    )

    def validate_bsn(self, value: str) -> str:
        try:
            return services.validate_bsn(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages, code="invalid_bsn") from None


class VerkennendGesprekCreateSerializer(serializers.Serializer):
    network = CodeField(
        slug_field="slug",
        queryset=Network.objects.none(),
        help_text="Korte naam (slug) van het netwerk.",
        error_messages={
            "does_not_exist": _(
                "Onbekend netwerk, u heeft er geen toegang toe, of het biedt geen verkennend "
                "gesprek aan."
            )
        },
    )
    huisarts_agb = serializers.CharField(
        validators=[RegexValidator(r"^[0-9]{8}$", _("Een AGB-code bestaat uit 8 cijfers."))],
        help_text="Persoonlijke AGB-code van de aanvragend huisarts.",
    )
    persoon = PersoonInputSerializer()
    hulpvraag = serializers.CharField(help_text="De hulpvraag in de woorden van de persoon.")
    psychische_klachten = serializers.BooleanField(
        help_text="De persoon heeft psychische klachten (R-VG-2)."
    )
    life_domains = serializers.ListField(
        child=serializers.ChoiceField(choices=LifeDomain.choices),
        help_text="Andere levensgebieden met problemen; minstens één (R-VG-2).",
    )
    expertise = serializers.ListField(
        child=serializers.ChoiceField(choices=Expertise.choices),
        required=False,
        default=list,
        help_text="Gewenste specifieke expertise (R-VG-1).",
    )
    naaste_komt = serializers.BooleanField(required=False, default=False)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.REGULIER)
    consent = serializers.BooleanField(help_text="De persoon geeft toestemming.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["network"].queryset = networks_for_user(request.user).filter(
                offers_verkennend_gesprek=True
            )

    def validate(self, attrs):
        huisarts = huisarts_for_request(
            self.context["request"].user,
            attrs["network"],
            attrs["huisarts_agb"],
            self.context["own_huisarts"],
        )
        if huisarts is None:
            raise serializers.ValidationError(
                {
                    "huisarts_agb": [
                        _(
                            "Geen actieve huisarts met deze AGB-code bij een praktijk in dit "
                            "netwerk waarvoor u mag aanvragen."
                        )
                    ]
                },
                code="unknown_huisarts",
            )
        attrs["huisarts"] = huisarts
        return attrs


# The service names fields by its own arguments; the API answers with its own field names.
PERSOON_FIELDS = {name: name for name in PersoonInputSerializer._declared_fields} | {
    "insurer": "insurer_uzovi"
}
TOP_LEVEL_FIELDS = {"huisarts": "huisarts_agb"}


def api_errors(error: DjangoValidationError) -> dict:
    """A service's ValidationError as the API's nested field errors, codes kept."""
    if not hasattr(error, "error_dict"):
        return {"non_field_errors": _details(error.error_list)}
    out: dict = {}
    for field, errors in error.error_dict.items():
        details = _details(errors)
        if field in PERSOON_FIELDS:
            out.setdefault("persoon", {})[PERSOON_FIELDS[field]] = details
        elif field == "__all__":
            out["non_field_errors"] = details
        else:
            out[TOP_LEVEL_FIELDS.get(field, field)] = details
    return out


def _details(errors) -> list[ErrorDetail]:
    return [
        ErrorDetail(message, code=error.code or "invalid")
        for error in errors
        for message in error.messages
    ]


# Output ------------------------------------------------------------------------------
class GemeenteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Gemeente
        fields = ["cbs_code", "name"]


class PracticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "agb_code"]


class PersoonSerializer(serializers.ModelSerializer):
    # Name, date of birth and gemeente; the BSN only when one request is asked for.

    bsn = serializers.CharField(
        required=False, help_text="Alleen bij het opvragen van één aanvraag."
    )
    gemeente = GemeenteSerializer()

    class Meta:
        model = Persoon
        fields = [
            "bsn",
            "given_name",
            "family_name_prefix",
            "family_name",
            "date_of_birth",
            "gemeente",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("detail"):
            data.pop("bsn")
        return data


class ParticipantSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=ParticipantRole.choices)
    present = serializers.BooleanField(allow_null=True, help_text="Leeg zolang niet vastgelegd.")


class GesprekSerializer(serializers.ModelSerializer):
    mode = serializers.ChoiceField(choices=Mode.choices)
    participants = ParticipantSerializer(source="deelnemers", many=True)

    class Meta:
        model = Gesprek
        fields = ["number", "starts_at", "duration_minutes", "mode", "held", "participants"]


class AdviesSummarySerializer(serializers.Serializer):
    version = serializers.IntegerField()
    status = serializers.ChoiceField(choices=AdviesStatus.choices)
    finalised_at = serializers.DateTimeField(allow_null=True)


class LetterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=LetterStatus.choices)
    download_url = serializers.URLField(
        allow_null=True, help_text="Ingelogd downloaden zodra de brief klaar is."
    )


class VerkennendGesprekSerializer(serializers.ModelSerializer):
    # One request. A list shows the same fields except the BSN and the hulpvraag (one
    # component for both, so the schema's enums keep one name each).

    reference = serializers.CharField(help_text="Kenmerk, bijvoorbeeld VG-000123.")
    network = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    status = serializers.ChoiceField(choices=Status.choices)
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    practice = PracticeSerializer()
    persoon = PersoonSerializer()
    life_domains = serializers.ListField(child=serializers.ChoiceField(choices=LifeDomain.choices))
    expertise = serializers.ListField(child=serializers.ChoiceField(choices=Expertise.choices))
    hulpvraag = serializers.CharField(
        required=False, help_text="Alleen bij het opvragen van één aanvraag."
    )
    gesprekken = GesprekSerializer(many=True)
    advies = serializers.SerializerMethodField()
    letter = serializers.SerializerMethodField()

    class Meta:
        model = VerkennendGesprek
        fields = [
            "id",
            "reference",
            "status",
            "requested_at",
            "network",
            "practice",
            "huisarts_agb",
            "persoon",
            "hulpvraag",
            "life_domains",
            "expertise",
            "urgency",
            "naaste_komt",
            "gesprekken",
            "advies",
            "letter",
            "followup_started_on",
            "ggz_takeover_on",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("detail"):
            data.pop("hulpvraag")
        return data

    @staticmethod
    def _advies(vg: VerkennendGesprek) -> Advies | None:
        """The definitive advies, else the newest version (adviezen are prefetched)."""
        adviezen = list(vg.adviezen.all())
        definitief = [a for a in adviezen if a.status == AdviesStatus.DEFINITIEF]
        return (definitief or sorted(adviezen, key=lambda a: -a.version) or [None])[0]

    @extend_schema_field(AdviesSummarySerializer(allow_null=True))
    def get_advies(self, vg: VerkennendGesprek):
        advies = self._advies(vg)
        return None if advies is None else AdviesSummarySerializer(advies).data

    @extend_schema_field(LetterSerializer(allow_null=True))
    def get_letter(self, vg: VerkennendGesprek):
        advies = self._advies(vg)
        if advies is None or advies.status != AdviesStatus.DEFINITIEF:
            return None
        try:
            brief = advies.brief
        except ObjectDoesNotExist:
            return None
        url = None
        if brief.status == LetterStatus.KLAAR:
            path = reverse("verkennend_gesprek:letter_download", args=[vg.pk])
            request = self.context.get("request")
            url = request.build_absolute_uri(path) if request is not None else path
        return {"status": brief.status, "download_url": url}


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
            "sleutel maakt niets nieuws en geeft de eerste aanvraag terug (200)."
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
        },
    ),
)
class VerkennendGesprekViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Requests for a verkennend gesprek, scoped by ``selectors.vg_for_user``."""

    serializer_class = VerkennendGesprekSerializer
    permission_classes = [permissions.IsAuthenticated, VerkennendGesprekPermission]
    pagination_class = StableCursorPagination
    parser_classes = [JSONParser]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return VerkennendGesprek.objects.none()
        qs = (
            selectors.vg_for_user(self.request.user)
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
        return services.practices_for_huisarts(self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        log_access_many(
            request, event=Event.READ, subjects=page, detail="API: lijst verkennende gesprekken"
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def retrieve(self, request, *args, **kwargs):
        vg = self.get_object()
        log_access(request, event=Event.READ, subject=vg, obj=vg, detail="API")
        return Response(self.get_serializer(vg).data)

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
        try:
            # The request and its access log entry commit together (and in one commit).
            with transaction.atomic():
                vg, created = services.gesprek_request(
                    network=data.pop("network"),
                    huisarts=data.pop("huisarts"),
                    requested_by=request.user,
                    persoon=services.PersoonData(**data.pop("persoon")),
                    idempotency_key=key,
                    **{k: v for k, v in data.items() if k != "huisarts_agb"},
                )
                if created:
                    log_access(request, event=Event.CREATE, subject=vg, obj=vg, detail="API")
        except DjangoValidationError as error:
            raise serializers.ValidationError(api_errors(error)) from None
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
