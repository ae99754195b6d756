"""Users, with their role groups; randomness is seeded in tests/conftest.py."""

import factory
from factory.django import DjangoModelFactory

from mgn.accounts.models import User, role_group

PASSWORD = "wachtwoord-test-123"


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"gebruiker{n}@test.mgn.nl")
    # Not a Faker name: a person's Faker family name inside a user's name would read as a
    # leak in the tests that look for persons' names on pages (a coincidence of test order).
    full_name = factory.Sequence(lambda n: f"Medewerker {n}")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or []:
            self.groups.add(role_group(role))
