"""R-BK-1: one live VG line per conversation, whoever declares it, and one held-back row per
conversation (replacing the keys per conversation and organisation). The rows that would
violate them were carried over by 0007."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("bekostiging", "0007_one_vg_line_per_gesprek_data"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="declaratieregel",
            name="regel_one_live_vg_line",
        ),
        migrations.RemoveConstraint(
            model_name="tegengehoudendeclaratie",
            name="tegengehouden_unique",
        ),
        migrations.AddConstraint(
            model_name="declaratieregel",
            constraint=models.UniqueConstraint(
                condition=models.Q(
                    ("credit_of__isnull", True), ("credited", False), ("soort", "vg")
                ),
                fields=("gesprek",),
                name="regel_one_live_vg_line",
            ),
        ),
        migrations.AddConstraint(
            model_name="tegengehoudendeclaratie",
            constraint=models.UniqueConstraint(
                fields=("gesprek",), name="tegengehouden_one_per_gesprek"
            ),
        ),
    ]
