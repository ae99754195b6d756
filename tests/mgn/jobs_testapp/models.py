from django.db import models

from mgn.jobs.models import GeneratedFile


class Document(GeneratedFile):
    """A generated file of the tests: a title, and the job's fields."""

    title = models.CharField(max_length=100)
    file = models.FileField(upload_to="jobs-test/", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.title
