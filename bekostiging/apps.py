from django.apps import AppConfig


class BekostigingConfig(AppConfig):
    name = "bekostiging"
    verbose_name = "Bekostiging"
