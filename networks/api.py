from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets

from mgn.api.errors import ProblemSerializer

from . import selectors
from .models import Network, Organisation, Partnership

ERRORS = {
    401: OpenApiResponse(ProblemSerializer, description="Niet ingelogd"),
    404: OpenApiResponse(ProblemSerializer, description="Niet gevonden of geen toegang"),
}


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "kind",
            "agb_code",
            "uzovi",
            "vrijgevestigd",
            "gemeente",
            "address",
            "email",
            "phone",
            "website",
        ]


class PartnershipSerializer(serializers.ModelSerializer):
    organisation = serializers.PrimaryKeyRelatedField(read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    roles = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Partnership
        fields = ["organisation", "organisation_name", "ring", "roles"]


class NetworkSerializer(serializers.ModelSerializer):
    regions = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)

    class Meta:
        model = Network
        fields = [
            "id",
            "slug",
            "name",
            "description",
            "regions",
            "regievoerder",
            "preferente_zorgverzekeraar",
            "offers_verkennend_gesprek",
            "offers_transfer",
            "offers_wachttijden",
            "offers_casusoverleg",
        ]


class NetworkDetailSerializer(NetworkSerializer):
    partnerships = PartnershipSerializer(many=True, read_only=True)

    class Meta(NetworkSerializer.Meta):
        fields = [*NetworkSerializer.Meta.fields, "partnerships"]


@extend_schema_view(
    list=extend_schema(
        summary="Netwerken die u mag inzien", responses={200: NetworkSerializer, **ERRORS}
    ),
    retrieve=extend_schema(
        summary="Eén netwerk met partners en rollen",
        responses={200: NetworkDetailSerializer, **ERRORS},
    ),
)
class NetworkViewSet(viewsets.ReadOnlyModelViewSet):
    """Networks, scoped to those the caller may see; others answer 404."""

    lookup_field = "slug"

    def get_queryset(self):
        qs = selectors.network_list_for_user(self.request.user)
        if self.action == "retrieve":
            qs = qs.prefetch_related("partnerships__organisation")
        return qs

    def get_serializer_class(self):
        return NetworkDetailSerializer if self.action == "retrieve" else NetworkSerializer


@extend_schema_view(
    list=extend_schema(
        summary="Organisaties in uw netwerken", responses={200: OrganisationSerializer, **ERRORS}
    ),
    retrieve=extend_schema(
        summary="Eén organisatie", responses={200: OrganisationSerializer, **ERRORS}
    ),
)
class OrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Organisations partnering in the caller's networks, or granted to the caller directly."""

    serializer_class = OrganisationSerializer

    def get_queryset(self):
        return selectors.organisations_for_user(self.request.user).order_by("name", "pk")
