"""R-BK-5: the treating professional's AGB and name are copied into the line as declared,
like the UZOVI and the declarant's AGB, so a 573 made again after a correction of the
professional's code or name gives the same bytes. Existing lines get the professional's
current code and name (the best known; it was what a 573 of them showed until now)."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill(apps, schema_editor):
    Declaratieregel = apps.get_model("bekostiging", "Declaratieregel")
    Professional = apps.get_model("networks", "Professional")
    professional = Professional.objects.filter(pk=OuterRef("professional_id"))
    Declaratieregel.objects.filter(professional__isnull=False).update(
        professional_agb=Subquery(professional.values("agb_code")[:1]),
        professional_name=Subquery(professional.values("name")[:1]),
    )


class Migration(migrations.Migration):

    dependencies = [
        ("bekostiging", "0005_export_heartbeat_at"),
    ]

    operations = [
        migrations.AddField(
            model_name="declaratieregel",
            name="professional_agb",
            field=models.CharField(blank=True, max_length=8, verbose_name="AGB-code behandelaar"),
        ),
        migrations.AddField(
            model_name="declaratieregel",
            name="professional_name",
            field=models.CharField(blank=True, max_length=200, verbose_name="naam behandelaar"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=True),
    ]
