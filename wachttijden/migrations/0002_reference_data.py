"""Reference lists kept as data (see wachttijden/services/reference.py)."""

from django.db import migrations

from wachttijden.services.reference import seed


def forward(apps, schema_editor):
    seed(apps.get_model("wachttijden", "Zorgvraagtype"), apps.get_model("wachttijden", "Hoofddiagnosegroep"))


class Migration(migrations.Migration):
    dependencies = [("wachttijden", "0001_initial")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
