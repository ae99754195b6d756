from django.contrib import admin
from django.shortcuts import redirect
from django.urls import include, path

from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from mgn import views

admin.site.site_header = "MGN Coördinatie – beheer"
admin.site.site_title = "MGN Coördinatie"

api_v1 = [
    path("", include("networks.api.urls")),
    path("", include("verkennend_gesprek.api.urls")),
    path("", include("wachttijden.api.urls")),
    path("", include("bekostiging.api.urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("account/", include("mgn.accounts.urls")),
    path("netwerken/", include("networks.urls")),
    path("verkennend-gesprek/", include("verkennend_gesprek.urls")),
    path("wachttijden/", include("wachttijden.urls")),
    path("bekostiging/", include("bekostiging.urls")),
    path("toegangslog/", include("mgn.audit.urls")),
    path("beheer/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", lambda request: redirect("/static/mgn/favicon.svg", permanent=True)),
]

# A URL under /api/ that matches no route answers with problem details, like the API.
handler404 = "mgn.api.handlers.page_not_found"
