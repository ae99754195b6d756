from django.urls import path

from .views import aanvraag, advies, brief, indicatoren, persoon, planning, vervolg

app_name = "verkennend_gesprek"

urlpatterns = [
    path("", aanvraag.overview, name="list"),
    path("nieuw/", aanvraag.request_create, name="request"),
    path("<int:pk>/", aanvraag.detail, name="detail"),
    path("<int:pk>/persoon/", persoon.correct, name="persoon"),
    path("planning/", planning.queue, name="planning"),
    path("<int:pk>/plannen/", planning.schedule, name="schedule"),
    path("<int:pk>/achteraf/", planning.record_afterwards, name="record_afterwards"),
    path("<int:pk>/gesprek/<int:number>/verplaatsen/", planning.reschedule, name="reschedule"),
    path("<int:pk>/gesprek/<int:number>/aanwezigheid/", planning.attendance, name="attendance"),
    path("<int:pk>/annuleren/", planning.cancel, name="cancel"),
    path("<int:pk>/advies/", advies.edit, name="advies"),
    path("<int:pk>/advies/definitief/", advies.finalise, name="advies_finalise"),
    path("<int:pk>/advies/corrigeren/", advies.correct, name="advies_correct"),
    path("<int:pk>/brief/", brief.status, name="brief"),
    path("<int:pk>/brief/download/", brief.download, name="brief_download"),
    path("<int:pk>/brief/opnieuw/", brief.restart, name="brief_restart"),
    path("vervolg/", vervolg.open_list, name="vervolg_list"),
    path("<int:pk>/vervolg/", vervolg.record, name="vervolg"),
    path("indicatoren/<slug:slug>/", indicatoren.page, name="indicatoren"),
]
