"""Every API route of the networks app (under /api/v1/)."""

from django.urls import path

from rest_framework.routers import SimpleRouter

from networks.api import bord, views

router = SimpleRouter()
router.register("networks", views.NetworkViewSet, basename="network")
router.register("organisations", views.OrganisationViewSet, basename="organisation")

urlpatterns = [
    *router.urls,
    path(
        "netwerken/<slug:slug>/indicatoren/",
        bord.NetworkIndicatorenView.as_view(),
        name="netwerk-indicatoren",
    ),
    path(
        "programma/indicatoren/",
        bord.ProgrammaIndicatorenView.as_view(),
        name="programma-indicatoren",
    ),
]
