from django.core.management.base import BaseCommand, CommandError

from mgn.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "Issue an API token for a user (e.g. a practice's HIS); prints the secret once."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="API")

    def handle(self, *args, email, name, **options):
        try:
            user = User.objects.get(email__iexact=email)
        except User.DoesNotExist:
            raise CommandError(f"No user with e-mail {email}.") from None
        _token, key = ApiToken.issue(user=user, name=name)
        self.stdout.write(key)
