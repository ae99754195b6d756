"""Every API route of function II (the transfer table); included under /api/v1/ in
mgn/urls.py."""

from django.urls import path

from transfer.api import views

urlpatterns = [
    path("transfer/overleggen/", views.OverlegListView.as_view(), name="transfer-overleg-list"),
    path(
        "transfer/overleggen/<int:pk>/vraagbeeld/",
        views.VraagbeeldView.as_view(),
        name="transfer-vraagbeeld",
    ),
    path(
        "transfer/overleggen/<int:pk>/voorstellen/",
        views.VoorstelListView.as_view(),
        name="transfer-voorstel-list",
    ),
    path(
        "transfer/werklijsten/", views.WerklijstListView.as_view(), name="transfer-werklijst-list"
    ),
    path(
        "transfer/werklijsten/<int:pk>/",
        views.WerklijstDetailView.as_view(),
        name="transfer-werklijst-detail",
    ),
    path(
        "transfer/werklijsten/<int:pk>/uitkomsten/",
        views.UitkomstView.as_view(),
        name="transfer-uitkomst-create",
    ),
    path(
        "transfer/uitkomsten/<int:pk>/overdracht/",
        views.OverdrachtView.as_view(),
        name="transfer-overdracht",
    ),
]
