"""The insurers' API (R-BK-4, R-BK-5); included under /api/v1/ in mgn/urls.py."""

from django.urls import path

from bekostiging.api import views as api

urlpatterns = [
    path("declaraties/", api.DeclaratieListView.as_view(), name="declaratie-list"),
    path(
        "declaraties/retour/",
        api.DeclaratieRetourView.as_view(),
        name="declaratie-retour",
    ),
    path(
        "declaraties/<str:reference>/oordeel/",
        api.DeclaratieOordeelView.as_view(),
        name="declaratie-verdict",
    ),
]
