"""Every web route of function III (the API's are in api/urls.py)."""

from django.urls import path

from wachttijden.views import aanbod, centrale_wachtlijst, dashboard, levering, overzicht, rapport

app_name = "wachttijden"

urlpatterns = [
    # Sociale kaart (R-WT-7)
    path("", aanbod.sociale_kaart, name="sociale_kaart"),
    path("aanbod/nieuw/", aanbod.create, name="aanbod_create"),
    path("aanbod/<int:pk>/", aanbod.detail, name="aanbod_detail"),
    path("aanbod/<int:pk>/bewerken/", aanbod.edit, name="aanbod_edit"),
    path("ontbrekend/", aanbod.missing, name="missing"),
    # Provider deliveries (R-WT-1/5/8)
    path("aanbieder/", levering.provider_home, name="provider"),
    path("aanbod/<int:pk>/wachtlijst/", levering.upload, name="levering_wachtlijst"),
    path(
        "aanbod/<int:pk>/wachtlijst/verwerking/<int:job>/",
        levering.upload_job,
        name="levering_job",
    ),
    path("aanbod/<int:pk>/intakeplekken/", levering.slots, name="slots"),
    path("opgaven/", levering.opgave_import, name="opgave_import"),
    # Coordinators (R-WT-1 … R-WT-6)
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("dashboard/csv/", dashboard.csv_download, name="dashboard_csv"),
    path("dashboard/rapport/", rapport.report_create, name="rapport_create"),
    path("rapport/<int:pk>/", rapport.report_status, name="rapport"),
    path("rapport/<int:pk>/download/", rapport.report_download, name="rapport_download"),
    path("overzicht/berekenen/", overzicht.run_overview, name="overzicht_run"),
    path("centrale-wachtlijst/", centrale_wachtlijst.central_list, name="centrale_wachtlijst"),
]
