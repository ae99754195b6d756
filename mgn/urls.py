from django.conf import settings
from django.contrib import admin
from django.shortcuts import redirect
from django.urls import include, path
from django.views.decorators.csp import csp_override

from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from mgn import views
from mgn.accounts.forms import ThrottledAdminLoginForm

admin.site.site_header = "MGN Coördinatie – beheer"
admin.site.site_title = "MGN Coördinatie"
# The admin's login under the same failed-login limits as the site's (django-axes).
admin.site.login_form = ThrottledAdminLoginForm

api_v1 = [
    path("", include("networks.api.urls")),
    path("", include("verkennend_gesprek.api.urls")),
    path("", include("wachttijden.api.urls")),
    path("", include("bekostiging.api.urls")),
    path("", include("transfer.api.urls")),
    path("", include("casusoverleg.api.urls")),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("account/", include("mgn.accounts.urls")),
    path("netwerken/", include("networks.urls")),
    path("verkennend-gesprek/", include("verkennend_gesprek.urls")),
    path("wachttijden/", include("wachttijden.urls")),
    path("transfer/", include("transfer.urls")),
    path("casusoverleg/", include("casusoverleg.urls")),
    path("bekostiging/", include("bekostiging.urls")),
    path("toegangslog/", include("mgn.audit.urls")),
    path("beheer/", admin.site.urls),
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # The documentation pages load their script from a URL, not inline; their own styles
    # need the relaxed API_DOCS_CSP (mgn/settings/security.py).
    path(
        "api/docs/",
        csp_override(settings.API_DOCS_CSP)(
            SpectacularSwaggerSplitView.as_view(url_name="api-schema")
        ),
        name="api-docs",
    ),
    path(
        "api/redoc/",
        csp_override(settings.API_DOCS_CSP)(
            SpectacularRedocView.as_view(url_name="api-schema", template_name="api/redoc.html")
        ),
        name="api-redoc",
    ),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", lambda request: redirect("/static/mgn/favicon.svg", permanent=True)),
]

handler400 = "mgn.views.bad_request"
handler403 = "mgn.views.permission_denied"
handler404 = "mgn.views.page_not_found"
handler500 = "mgn.views.server_error"
