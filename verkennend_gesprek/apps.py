from django.apps import AppConfig


class VerkennendGesprekConfig(AppConfig):
    name = "verkennend_gesprek"
    verbose_name = "Verkennend gesprek"
