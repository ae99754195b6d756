from django.apps import AppConfig


class CasusoverlegConfig(AppConfig):
    name = "casusoverleg"
    verbose_name = "Domeinoverstijgend casusoverleg"
