"""Prestatiecodes kept as versioned data (see bekostiging/reference.py)."""

from django.db import migrations

from bekostiging.reference import seed


def forward(apps, schema_editor):
    seed(apps.get_model("bekostiging", "Prestatie"))


class Migration(migrations.Migration):
    dependencies = [("bekostiging", "0001_initial")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
