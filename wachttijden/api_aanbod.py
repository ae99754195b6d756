"""The sociale kaart over the API (R-WT-7), read-only: the offers a caller may see, with
the same search and filters as the page. Offers hold no person data (no access log)."""

from django.utils.translation import gettext_lazy as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError

from mgn.api.errors import ProblemSerializer
from networks.models import Gemeente

from . import selectors
from .constants import AanbodDomain, Category
from .models import Aanbod

ERRORS = {
    401: OpenApiResponse(ProblemSerializer, description="Niet ingelogd of ongeldige API-sleutel"),
}
BAD_FILTER = {400: OpenApiResponse(ProblemSerializer, description="Ongeldig filter")}
NOT_FOUND = {404: OpenApiResponse(ProblemSerializer, description="Niet gevonden of geen toegang")}


class AanbodSerializer(serializers.ModelSerializer):
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    gemeente = serializers.SlugRelatedField(
        slug_field="cbs_code",
        read_only=True,
        allow_null=True,
        help_text="CBS-code van de vestigingsgemeente.",
    )
    gemeenten_served = serializers.SlugRelatedField(
        slug_field="cbs_code",
        many=True,
        read_only=True,
        help_text="CBS-codes van de gemeenten waarvan inwoners hier terecht kunnen.",
    )
    zorgvraagtypes = serializers.SlugRelatedField(
        slug_field="number",
        many=True,
        read_only=True,
        help_text="HoNOS+-zorgvraagtypen (nummers 1–21 zonder 9); alleen bij ggz.",
    )
    wait_weeks = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text="Wachttijd in weken: de actuele wachttijd uit het laatste regio-overzicht, "
        "anders de door de aanbieder opgegeven wachttijd; leeg als die onbekend is.",
    )
    wait_source = serializers.SerializerMethodField(
        help_text="Herkomst van wait_weeks: 'overzicht', 'opgave' of leeg."
    )

    class Meta:
        model = Aanbod
        fields = [
            "id",
            "name",
            "description",
            "provider",
            "provider_name",
            "region",
            "domain",
            "category",
            "zorgvraagtypes",
            "low_threshold",
            "location_name",
            "address",
            "gemeente",
            "gemeenten_served",
            "how_to_apply",
            "contact",
            "website",
            "declared_wait_weeks",
            "wait_weeks",
            "wait_source",
            "is_active",
            "updated_at",
        ]
        read_only_fields = fields

    def get_wait_source(self, obj) -> str:
        if getattr(obj, "overview_weeks", None) is not None:
            return "overzicht"
        return "opgave" if obj.declared_wait_weeks is not None else ""


class AanbodFilterSerializer(serializers.Serializer):
    """The query parameters of the list; an unknown value answers 400."""

    q = serializers.CharField(required=False, allow_blank=True, max_length=100)
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    domain = serializers.ChoiceField(choices=AanbodDomain.choices, required=False)
    gemeente = serializers.SlugRelatedField(
        slug_field="cbs_code",
        queryset=Gemeente.objects.all(),
        required=False,
        error_messages={"does_not_exist": _("Onbekende CBS-gemeentecode {value}.")},
    )


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
        responses={200: AanbodSerializer, **BAD_FILTER, **ERRORS},
    ),
    retrieve=extend_schema(
        summary="Eén aanbod",
        description="Aanbod dat u niet mag inzien (een andere regio, of niet actief en niet "
        "van uw organisatie) geeft 404.",
        responses={200: AanbodSerializer, **ERRORS, **NOT_FOUND},
    ),
)
class AanbodViewSet(viewsets.ReadOnlyModelViewSet):
    """Offers, scoped by ``selectors.aanbod_for_user``: an offer the caller may not see
    answers 404, never 403."""

    serializer_class = AanbodSerializer

    def get_queryset(self):
        qs = selectors.with_wait_weeks(selectors.aanbod_for_user(self.request.user))
        if self.action == "list":
            params = AanbodFilterSerializer(data=self.request.query_params)
            if not params.is_valid():
                raise ValidationError(params.errors)
            qs = selectors.aanbod_search(qs, **params.validated_data)
        return (
            qs.select_related("provider", "region", "gemeente")
            .prefetch_related("gemeenten_served", "zorgvraagtypes")
            .order_by("name", "pk")
        )
