"""Every web route of function II (the transfer table, R-TR-5/R-TR-4)."""

from django.urls import path

from transfer.views import effect, overleg, steekproef, tafels, voorstel, werklijst

app_name = "transfer"

urlpatterns = [
    path("", tafels.tafel_list, name="tafel_list"),
    path("netwerk/<slug:slug>/nieuw/", tafels.tafel_create, name="tafel_create"),
    path("<int:pk>/", tafels.tafel_detail, name="tafel_detail"),
    path("<int:pk>/bewerken/", tafels.tafel_edit, name="tafel_edit"),
    path("<int:pk>/leden/nieuw/", tafels.lid_add, name="lid_add"),
    path("<int:pk>/leden/<int:lid>/verwijderen/", tafels.lid_remove, name="lid_remove"),
    path("overleg/<int:pk>/", overleg.overleg_detail, name="overleg_detail"),
    path("overleg/<int:pk>/bewerken/", overleg.overleg_edit, name="overleg_edit"),
    path("<int:pk>/steekproeven/", steekproef.steekproef_list, name="steekproef_list"),
    path("steekproeven/", steekproef.mijn_steekproeven, name="mijn_steekproeven"),
    path(
        "steekproeven/<int:pk>/",
        steekproef.steekproef_controleren,
        name="steekproef_controleren",
    ),
    path("overleg/<int:pk>/vraagbeeld/", voorstel.vraagbeeld, name="vraagbeeld"),
    path("overleg/<int:pk>/voorstellen/", voorstel.voorstel_list, name="voorstel_list"),
    path(
        "overleg/<int:pk>/voorstellen/maken/", voorstel.voorstellen_maken, name="voorstellen_maken"
    ),
    path("overleg/<int:pk>/voorstellen/nieuw/", voorstel.voorstel_create, name="voorstel_create"),
    path("voorstel/<int:pk>/aantal/", voorstel.voorstel_aantal, name="voorstel_aantal"),
    path("voorstel/<int:pk>/besluit/", voorstel.voorstel_besluit, name="voorstel_besluit"),
    path("werklijsten/", werklijst.mijn_werklijsten, name="mijn_werklijsten"),
    path("werklijsten/<int:pk>/", werklijst.werklijst, name="werklijst"),
    path("werklijsten/<int:pk>/zoeken/", werklijst.werklijst_zoeken, name="werklijst_zoeken"),
    path(
        "werklijsten/<int:pk>/plek/<int:plek>/",
        werklijst.antwoord_vastleggen,
        name="antwoord_vastleggen",
    ),
    path("uitkomst/<int:pk>/overdracht/", werklijst.overdracht, name="overdracht"),
    # R-TR-7: the effect of the table and a meeting's report (PDF).
    path("<int:pk>/effect/", effect.effect, name="effect"),
    path("<int:pk>/effect.csv", effect.effect_csv, name="effect_csv"),
    path("overleg/<int:pk>/verslag/", effect.verslag, name="verslag"),
    path("overleg/<int:pk>/verslag/download/", effect.verslag_download, name="verslag_download"),
]
