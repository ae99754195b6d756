from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "mgn.audit"
    label = "audit"
    verbose_name = "Toegangslog (NEN 7513)"
