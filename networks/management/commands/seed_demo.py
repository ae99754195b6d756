from django.core.management.base import BaseCommand

from networks.demo import DEMO_PASSWORD, LOGINS, seed_demo


class Command(BaseCommand):
    help = "Create or refresh the fictional demo region (idempotent) and print the demo logins."

    def handle(self, *args, **options):
        network = seed_demo()
        self.stdout.write(
            self.style.SUCCESS(f"Demo network ready: {network} (/netwerken/{network.slug}/)")
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for login in LOGINS:
            self.stdout.write(f"  {login.role:<20} {login.email}")
