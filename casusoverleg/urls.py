"""Every web route of function IV (the domeinoverstijgend casusoverleg, R-DOC-1 … R-DOC-4)."""

from django.urls import path

from casusoverleg.views import notulen

app_name = "casusoverleg"

urlpatterns = [
    # R-DOC-4: a meeting's minutes as a PDF (mgn.jobs), for the series' members.
    path("overleg/<int:pk>/notulen/", notulen.notulen, name="notulen"),
    path(
        "overleg/<int:pk>/notulen/<int:job_pk>/download/",
        notulen.notulen_download,
        name="notulen_download",
    ),
]
