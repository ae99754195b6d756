from django.apps import AppConfig


class WachttijdenConfig(AppConfig):
    name = "wachttijden"
    verbose_name = "Wachttijden en aanbod"
