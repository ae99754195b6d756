"""The project's URLs, plus the bare baseline views under /bench/ (bench settings only)."""

from django.urls import include, path

from bench import baseline

urlpatterns = [
    path("bench/bare/networks/", baseline.network_list_page, name="bench-bare-network-list"),
    path("bench/bare/api/networks/", baseline.network_list_json, name="bench-bare-network-api"),
    path(
        "bench/bare/api/verkennende-gesprekken/",
        baseline.BareRequestCreate.as_view(),
        name="bench-bare-vg-create",
    ),
    path(
        "bench/bare/wachttijden/dashboard/",
        baseline.wachttijden_dashboard_page,
        name="bench-bare-wt-dashboard",
    ),
    path("", include("mgn.urls")),
]
