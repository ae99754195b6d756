"""Every API route of function III; included under /api/v1/ in mgn/urls.py."""

from django.urls import path

from rest_framework.routers import SimpleRouter

from wachttijden.api import views

router = SimpleRouter()
router.register("aanbod", views.AanbodViewSet, basename="aanbod")

urlpatterns = [
    *router.urls,
    path(
        "wachttijden/vestigingen/",
        views.VestigingWachttijdenView.as_view(),
        name="wachttijden-vestigingen",
    ),
    path(
        "aanbod/<int:pk>/wachtlijst/",
        views.WachtlijstView.as_view(),
        name="aanbod-wachtlijst",
    ),
    path(
        "aanbod/<int:pk>/wachtlijst/verwerking/<int:job>/",
        views.WachtlijstJobView.as_view(),
        name="aanbod-wachtlijst-verwerking",
    ),
    path(
        "aanbod/<int:pk>/intakeplekken/",
        views.IntakeSlotsView.as_view(),
        name="aanbod-intakeplekken",
    ),
]
