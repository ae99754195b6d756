from django.urls import path

from casusoverleg.views import signalen

app_name = "casusoverleg"

urlpatterns = [
    # R-DOC-5: bottleneck signals
    path("casus/<int:pk>/signaal/", signalen.signaal_new, name="signaal_new"),
    path("signalen/", signalen.signalen, name="signalen"),
    path("signalen.csv", signalen.signalen_csv, name="signalen_csv"),
    path("signalen/<int:pk>/ontbrekend-aanbod/", signalen.signaal_link, name="signaal_link"),
]
