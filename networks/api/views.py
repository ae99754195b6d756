from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import viewsets

from mgn.api.errors import ProblemSerializer
from mgn.api.pagination import CountInPagePagination
from networks.api.serializers import (
    NetworkDetailSerializer,
    NetworkSerializer,
    OrganisationSerializer,
)
from networks.selectors.netwerken import network_list_for_user
from networks.selectors.organisaties import organisations_for_user

ERRORS = {
    401: OpenApiResponse(ProblemSerializer, description="Niet ingelogd"),
    404: OpenApiResponse(ProblemSerializer, description="Niet gevonden of geen toegang"),
}


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
    pagination_class = CountInPagePagination

    def get_queryset(self):
        qs = network_list_for_user(self.request.user)
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
    pagination_class = CountInPagePagination

    def get_queryset(self):
        return organisations_for_user(self.request.user).order_by("name", "pk")
