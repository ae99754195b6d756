from django.core.management.base import BaseCommand

from mgn.audit.services import access_log_maintain


class Command(BaseCommand):
    help = (
        "Owner role, monthly: create the access log's partitions for the coming months, "
        "drop the months past the five-year retention and delete older stragglers."
    )

    def handle(self, *args, **options):
        done = access_log_maintain()
        created = ", ".join(f"{m:%Y-%m}" for m in done.created) or "none"
        dropped = ", ".join(f"{m:%Y-%m}" for m in done.dropped) or "none"
        self.stdout.write(f"partitions created: {created}")
        self.stdout.write(f"partitions dropped (past retention): {dropped}")
        self.stdout.write(f"entries deleted (past retention): {done.deleted}")
