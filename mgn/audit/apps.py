from django.apps import AppConfig
from django.db.models.signals import post_migrate


class AuditConfig(AppConfig):
    name = "mgn.audit"
    label = "audit"
    verbose_name = "Toegangslog (NEN 7513)"

    def ready(self):
        from .roles import grant_after_migrate

        # Once per `migrate`, after every app's tables exist (PostgreSQL only).
        post_migrate.connect(grant_after_migrate, sender=self, dispatch_uid="audit-grants")
