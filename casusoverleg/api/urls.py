"""Every API route of function IV (the domeinoverstijgend casusoverleg); included under
/api/v1/ in mgn/urls.py."""

from django.urls import path

from casusoverleg.api import views

urlpatterns = [
    path("casusoverleg/reeksen/", views.ReeksListView.as_view(), name="casusoverleg-reeks-list"),
    path(
        "casusoverleg/reeksen/<int:pk>/overleggen/",
        views.OverlegListView.as_view(),
        name="casusoverleg-overleg-list",
    ),
    path(
        "casusoverleg/reeksen/<int:pk>/casussen/",
        views.CasusRegisterView.as_view(),
        name="casusoverleg-casus-create",
    ),
    path(
        "casusoverleg/overleggen/<int:pk>/",
        views.OverlegDetailView.as_view(),
        name="casusoverleg-overleg-detail",
    ),
    path("casusoverleg/casussen/", views.CasusListView.as_view(), name="casusoverleg-casus-list"),
    path(
        "casusoverleg/casussen/<int:pk>/",
        views.CasusDetailView.as_view(),
        name="casusoverleg-casus-detail",
    ),
    path(
        "casusoverleg/casussen/<int:pk>/uitkomsten/",
        views.UitkomstView.as_view(),
        name="casusoverleg-uitkomst-create",
    ),
    path(
        "casusoverleg/casussen/<int:pk>/sluiten/",
        views.CasusSluitenView.as_view(),
        name="casusoverleg-casus-sluiten",
    ),
    path(
        "casusoverleg/casussen/<int:pk>/signalen/",
        views.SignaalRaiseView.as_view(),
        name="casusoverleg-signaal-create",
    ),
    path(
        "casusoverleg/signalen/", views.SignaalListView.as_view(), name="casusoverleg-signaal-list"
    ),
]
