from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from networks.demo import DEMO_PASSWORD, LOGINS


class Command(BaseCommand):
    help = "Create or refresh the fictional demo region (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        # Each app seeds its own part (settings.DEMO_SEEDERS), so networks imports no
        # function app; together in one transaction, so a failure leaves nothing half-done.
        with transaction.atomic():
            for path in settings.DEMO_SEEDERS:
                result = import_string(path)()
                if result is not None:
                    self.stdout.write(self.style.SUCCESS(f"{path}: {result}"))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for login in LOGINS:
            self.stdout.write(f"  {login.role:<20} {login.email}")
        self.stdout.write("Open http://127.0.0.1:8000/netwerken/veenland/ after logging in.")
