from django.urls import path

from . import views

app_name = "networks"

urlpatterns = [
    path("", views.network_list, name="network_list"),
    path("organisaties/", views.organisation_list, name="organisation_list"),
    path("organisaties/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("<slug:slug>/", views.network_detail, name="network_detail"),
]
