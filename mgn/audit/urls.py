from django.urls import path

from . import views

app_name = "audit"

urlpatterns = [
    path("persoon/", views.person_log, name="person_log"),
]
