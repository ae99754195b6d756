from django.apps import AppConfig


class MgnConfig(AppConfig):
    name = "mgn"
    verbose_name = "MGN Coördinatie"
