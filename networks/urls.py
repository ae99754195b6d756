"""Every page of the networks app (its API routes are in networks/api/urls.py)."""

from django.urls import path

from networks.views import bord, netwerken, organisaties, programma

app_name = "networks"

urlpatterns = [
    path("", netwerken.network_list, name="network_list"),
    path("organisaties/", organisaties.organisation_list, name="organisation_list"),
    path("organisaties/<int:pk>/", organisaties.organisation_detail, name="organisation_detail"),
    # Before "<slug:slug>/": "programma" and "indicatorborden" are not networks.
    path("programma/", programma.programma, name="programma"),
    path("programma/indicatoren.csv", programma.programma_csv, name="programma_csv"),
    path("indicatorborden/", bord.bord_index, name="bord_index"),
    path("<slug:slug>/", netwerken.network_detail, name="network_detail"),
    path("<slug:slug>/indicatorbord/", bord.bord, name="bord"),
    path("<slug:slug>/indicatorbord.csv", bord.bord_csv, name="bord_csv"),
    path("<slug:slug>/indicatorbord/doelen/", bord.doelen, name="doelen"),
    path("<slug:slug>/indicatorbord/doelen/<int:pk>/", bord.doel_edit, name="doel_edit"),
    path(
        "<slug:slug>/indicatorbord/doelen/<int:pk>/verwijderen/",
        bord.doel_delete,
        name="doel_delete",
    ),
    path("<slug:slug>/indicatorbord/pdf/", bord.bord_pdf, name="bord_pdf"),
    path(
        "<slug:slug>/indicatorbord/pdf/<int:pk>/",
        bord.bord_pdf_download,
        name="bord_pdf_download",
    ),
]
