"""Every page of the networks app (its API routes are in networks/api/urls.py)."""

from django.urls import path

from networks.views import netwerken, organisaties, principes

app_name = "networks"

urlpatterns = [
    path("", netwerken.network_list, name="network_list"),
    path("organisaties/", organisaties.organisation_list, name="organisation_list"),
    path("organisaties/<int:pk>/", organisaties.organisation_detail, name="organisation_detail"),
    path("<slug:slug>/", netwerken.network_detail, name="network_detail"),
    path("<slug:slug>/principes/", principes.principes, name="principes"),
    path("<slug:slug>/principes/<int:pk>/", principes.principe_edit, name="principe_edit"),
    path(
        "<slug:slug>/principes/<int:pk>/verwijderen/",
        principes.principe_delete,
        name="principe_delete",
    ),
    path(
        "<slug:slug>/principes/<int:pk>/verplaatsen/",
        principes.principe_move,
        name="principe_move",
    ),
]
