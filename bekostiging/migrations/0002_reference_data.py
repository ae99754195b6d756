"""Prestatiecodes kept as versioned data (see bekostiging/services/reference.py).

Frozen: the rows as they were at this migration (one code per function, O&I still a
function); 0007 adds the routes and the O&I codes per function."""

from datetime import date

from django.db import migrations

ROWS = [
    ("vg", "MGN-VG-GGZ", "Deelname ggz aan verkennend gesprek", date(2025, 1, 1)),
    ("transfer", "MGN-PGGAZ-TM", "PGGAZ transfermechanisme", date(2024, 5, 1)),
    ("wachttijden", "MGN-PGGAZ-WT", "PGGAZ informatievoorziening wachttijden", date(2024, 5, 1)),
    ("casusoverleg", "MGN-PGGAZ-CO", "PGGAZ domeinoverstijgend casusoverleg", date(2024, 5, 1)),
    ("coordinatie", "MGN-PGGAZ-KO", "PGGAZ coördinatie netwerk", date(2024, 5, 1)),
    ("o-en-i", "MGN-OENI-RHO", "O&I via de RHO", date(2024, 5, 1)),
]


def forward(apps, schema_editor):
    prestatie = apps.get_model("bekostiging", "Prestatie")
    for function, code, description, valid_from in ROWS:
        prestatie.objects.get_or_create(
            function=function,
            valid_from=valid_from,
            defaults={"code": code, "description": description},
        )


class Migration(migrations.Migration):
    dependencies = [("bekostiging", "0001_initial")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
