import os

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.module_loading import import_string

from networks.demo import DEMO_PASSWORD, LOGINS

# The Makefile's default RUNSERVER_ADDR; `make seed` passes the one `make run` serves on.
DEFAULT_ADDR = "127.0.0.1:8000"


def browse_url(addr: str) -> str:
    """The address a browser opens for a ``runserver`` address: "8000" and "0.0.0.0:8000"
    are served on every interface, so the browser goes to 127.0.0.1 (and "[::]" to [::1])."""
    host, sep, port = addr.strip().rpartition(":")
    if not sep:  # only a port ("8000")
        host, port = "", addr.strip()
    if host in ("", "0", "0.0.0.0"):  # noqa: S104 - only compared, never bound
        host = "127.0.0.1"
    elif host in ("[::]", "::"):
        host = "[::1]"
    return f"http://{host}:{port}"


class Command(BaseCommand):
    help = "Create or refresh the fictional demo region (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument(
            "--addr",
            default=os.environ.get("RUNSERVER_ADDR") or DEFAULT_ADDR,
            help="The address runserver serves on, for the link printed at the end "
            f"(default: $RUNSERVER_ADDR, else {DEFAULT_ADDR}; `make seed` passes its own).",
        )

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
        url = browse_url(options["addr"])
        self.stdout.write(f"Open {url}/netwerken/veenland/ after logging in.")
