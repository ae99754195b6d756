"""Export becomes a generated-file job of mgn.jobs (mgn.jobs.models.GeneratedFile).

The data stays: ``job_status`` is renamed to ``status`` and ``created_by`` to
``requested_by`` (so existing exports keep their state and their requester); the job's
new fields (attempts, started_at, finished_at) start empty, and a finished export gets its
creation time as ``finished_at``.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import F


def finished_at_from_created_at(apps, schema_editor):
    Export = apps.get_model("bekostiging", "Export")
    Export.objects.filter(status="klaar", finished_at__isnull=True).update(
        finished_at=F("created_at")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("bekostiging", "0003_declared_codes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name="export", old_name="job_status", new_name="status"),
        migrations.RenameField(model_name="export", old_name="created_by", new_name="requested_by"),
        migrations.AlterField(
            model_name="export",
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
        migrations.AlterField(
            model_name="export",
            name="requested_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="export",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="pogingen"),
        ),
        migrations.AddField(
            model_name="export",
            name="started_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="export",
            name="finished_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="export",
            name="checksum",
            field=models.CharField(blank=True, max_length=64, verbose_name="SHA-256"),
        ),
        migrations.AlterField(
            model_name="export",
            name="error",
            field=models.TextField(blank=True, verbose_name="foutmelding"),
        ),
        migrations.AlterField(
            model_name="export",
            name="progress",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="voortgang (%)"),
        ),
        migrations.RunPython(finished_at_from_created_at, migrations.RunPython.noop),
    ]
