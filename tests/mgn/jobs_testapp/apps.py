from django.apps import AppConfig


class JobsTestappConfig(AppConfig):
    name = "tests.mgn.jobs_testapp"
    label = "jobs_testapp"
