"""Prestatiecodes kept as versioned data (see bekostiging/services/reference.py)."""

from django.db import migrations

from bekostiging.services.reference import prestaties_seed


def forward(apps, schema_editor):
    prestaties_seed(apps.get_model("bekostiging", "Prestatie"))


class Migration(migrations.Migration):
    dependencies = [("bekostiging", "0001_initial")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
