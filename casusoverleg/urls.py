"""Every web route of function IV (the domeinoverstijgend casusoverleg, R-DOC-1 … R-DOC-4)."""

from django.urls import path

from casusoverleg.views import afspraak, casussen, notulen, overleg, reeksen, signalen

app_name = "casusoverleg"

urlpatterns = [
    path("", reeksen.index, name="index"),
    # R-DOC-1: the network's AVG agreement first.
    path("netwerk/<slug:slug>/afspraak/", afspraak.afspraak, name="afspraak"),
    path("afspraak/<int:pk>/document/", afspraak.afspraak_document, name="afspraak_document"),
    # R-DOC-1: series with their fixed composition.
    path("netwerk/<slug:slug>/nieuw/", reeksen.reeks_create, name="reeks_create"),
    path("reeks/<int:pk>/", reeksen.reeks_detail, name="reeks_detail"),
    path("reeks/<int:pk>/bewerken/", reeksen.reeks_edit, name="reeks_edit"),
    path("reeks/<int:pk>/leden/nieuw/", reeksen.lid_add, name="lid_add"),
    path("reeks/<int:pk>/leden/<int:lid>/verlaten/", reeksen.lid_remove, name="lid_remove"),
    path(
        "reeks/<int:pk>/leden/<int:lid>/voorzitter/",
        reeksen.voorzitter_set,
        name="voorzitter_set",
    ),
    # R-DOC-2, R-DOC-3: a member registers an anonymous case.
    path("reeks/<int:pk>/aanmelden/", casussen.casus_register, name="casus_register"),
    # Meetings, their agenda and outcomes (R-DOC-4).
    path("overleg/<int:pk>/", overleg.overleg_detail, name="overleg_detail"),
    path("overleg/<int:pk>/vastleggen/", overleg.overleg_record, name="overleg_record"),
    path("overleg/<int:pk>/annuleren/", overleg.overleg_cancel, name="overleg_cancel"),
    path("overleg/<int:pk>/uitnodiging.ics", overleg.overleg_ics, name="overleg_ics"),
    path("overleg/<int:pk>/casus/<int:casus>/uitkomst/", overleg.uitkomst, name="uitkomst"),
    # R-DOC-4: a meeting's minutes as a PDF (mgn.jobs), for the series' members.
    path("overleg/<int:pk>/notulen/", notulen.notulen, name="notulen"),
    path(
        "overleg/<int:pk>/notulen/<int:job_pk>/download/",
        notulen.notulen_download,
        name="notulen_download",
    ),
    path("casus/<int:pk>/", casussen.casus_detail, name="casus_detail"),
    path("casus/<int:pk>/sluiten/", casussen.casus_close, name="casus_close"),
    path("casus/<int:pk>/heropenen/", casussen.casus_reopen, name="casus_reopen"),
    # R-DOC-5: bottleneck signals.
    path("casus/<int:pk>/signaal/", signalen.signaal_new, name="signaal_new"),
    path("signalen/", signalen.signalen, name="signalen"),
    path("signalen.csv", signalen.signalen_csv, name="signalen_csv"),
    path("signalen/<int:pk>/ontbrekend-aanbod/", signalen.signaal_link, name="signaal_link"),
]
