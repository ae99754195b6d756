"""Every page of the networks app (its API routes are in networks/api/urls.py)."""

from django.urls import path

from networks.views import bord, netwerken, organisaties, principes, programma
from networks.views import plan as plan_views

PLAN = "<slug:slug>/transformatieplan/<int:pk>/"

app_name = "networks"

urlpatterns = [
    path("", netwerken.network_list, name="network_list"),
    path("organisaties/", organisaties.organisation_list, name="organisation_list"),
    path("organisaties/<int:pk>/", organisaties.organisation_detail, name="organisation_detail"),
    # Before "<slug:slug>/": these pages are not networks (validators.RESERVED_NETWORK_SLUGS).
    path("programma/", programma.programma, name="programma"),
    path("programma/indicatoren.csv", programma.programma_csv, name="programma_csv"),
    path("indicatorborden/", bord.bord_index, name="bord_index"),
    path("beoordelingen/", plan_views.mijn_beoordelingen, name="mijn_beoordelingen"),
    path("<slug:slug>/transformatieplan/", plan_views.plan_index, name="plan_index"),
    path(PLAN, plan_views.plan_detail, name="plan_detail"),
    path(PLAN + "versie/", plan_views.plan_versie, name="plan_versie"),
    path(
        PLAN + "versie/<int:versie>/instemming/",
        plan_views.plan_instemming,
        name="plan_instemming",
    ),
    path(PLAN + "versie/<int:versie>/delen/", plan_views.plan_delen, name="plan_delen"),
    path(
        PLAN + "versie/<int:versie>/document/",
        plan_views.plan_versie_document,
        name="plan_versie_document",
    ),
    path(PLAN + "indienen/", plan_views.plan_indienen, name="plan_indienen"),
    path(PLAN + "beoordelaar/", plan_views.plan_beoordelaar, name="plan_beoordelaar"),
    path(PLAN + "besluit/", plan_views.plan_besluit, name="plan_besluit"),
    path(PLAN + "besluit/<int:besluit>/brief/", plan_views.plan_brief, name="plan_brief"),
    path(PLAN + "aandachtspunt/", plan_views.plan_aandachtspunt, name="plan_aandachtspunt"),
    path(
        PLAN + "aandachtspunt/<int:punt>/afhandelen/",
        plan_views.plan_afhandelen,
        name="plan_afhandelen",
    ),
    path(PLAN + "middelen/", plan_views.plan_middel, name="plan_middel"),
    path(PLAN + "overleg/<str:besluit>.ics", plan_views.plan_ics, name="plan_ics"),
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
