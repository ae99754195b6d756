"""The providers' delivery API (R-WT-1, R-WT-5); included under /api/v1/ in mgn/urls.py."""

from django.urls import path

from . import api_levering

urlpatterns = [
    path(
        "aanbod/<int:pk>/wachtlijst/",
        api_levering.WachtlijstView.as_view(),
        name="aanbod-wachtlijst",
    ),
    path(
        "aanbod/<int:pk>/intakeplekken/",
        api_levering.IntakeSlotsView.as_view(),
        name="aanbod-intakeplekken",
    ),
]
