"""The advice letter becomes a generated-file job (mgn.jobs.GeneratedFile): ``rendered_at``
is renamed ``finished_at`` (values kept), ``created_at``, ``started_at`` and
``requested_by`` are added; a letter made before gets the moment its advies was made
definitive as ``created_at``."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models
from django.db.models import F, OuterRef, Subquery
from django.db.models.functions import Coalesce


def created_from_advies(apps, schema_editor):
    AdviesBrief = apps.get_model("verkennend_gesprek", "AdviesBrief")
    Advies = apps.get_model("verkennend_gesprek", "Advies")
    finalised = Advies.objects.filter(pk=OuterRef("advies_id")).values("finalised_at")[:1]
    AdviesBrief.objects.update(created_at=Coalesce(Subquery(finalised), F("updated_at")))


class Migration(migrations.Migration):
    dependencies = [
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
        ("verkennend_gesprek", "0003_afspraak_aanbod"),
    ]

    operations = [
        migrations.RenameField(
            model_name="adviesbrief", old_name="rendered_at", new_name="finished_at"
        ),
        migrations.AddField(
            model_name="adviesbrief",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="adviesbrief",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="adviesbrief",
            name="requested_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="adviesbrief",
            name="status",
            field=models.CharField(
                choices=[
                    ("wachtrij", "In de wachtrij"),
                    ("bezig", "Bezig"),
                    ("klaar", "Klaar"),
                    ("mislukt", "Mislukt"),
                ],
                default="wachtrij",
                max_length=10,
                verbose_name="status",
            ),
        ),
        migrations.RunPython(created_from_advies, migrations.RunPython.noop),
    ]
