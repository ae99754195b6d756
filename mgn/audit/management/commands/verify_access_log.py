from datetime import date

from django.core.management.base import BaseCommand, CommandError

from mgn.audit.seals import access_log_verify
from mgn.audit.services import retention_cutoff


class Command(BaseCommand):
    help = (
        "Hash the sealed days of the access log again and report the first day whose "
        "entries or seal no longer match (exit status 1), else OK."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--since",
            type=date.fromisoformat,
            help="re-hash only the entries of days from this date (YYYY-MM-DD); "
            "the chain of seals is always checked whole",
        )

    def handle(self, *args, since=None, **options):
        result = access_log_verify(retained_from=retention_cutoff(), since=since)
        if not result.ok:
            raise CommandError(
                f"access log FAILED at {result.failed_day:%Y-%m-%d} (UTC): {result.reason}; "
                f"{result.periods} days before it verified"
            )
        self.stdout.write(f"access log OK: {result.periods} sealed days verified")
