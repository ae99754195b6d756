"""R-BK-3: a gemeente's agreement for the SD part of the VG is funded from SPUK-IZA or SPUK
transformatiemiddelen only, and the gemeente decides on the VGs held beyond the agreed
number (OverschrijdingBesluit, with who, for which organisation and when).

Existing agreements with another source (Wmo, brede SPUK, overig): which allowed source
the gemeente will use cannot be guessed, so nothing is changed. The check constraint is
added NOT VALID — every new or changed agreement must use an allowed source, the existing
ones keep theirs — and the funding page flags them ("bron niet toegestaan, kies SPUK-IZA of
transformatiemiddelen") until a coordinator picks one. This migration lists them. Nothing
is lost; the constraint can be validated (ALTER TABLE … VALIDATE CONSTRAINT) once none is
left. There were no decisions on over-runs before: every existing over-run is open
("ter beslissing door de gemeente"), none is due until the gemeente accepts it.
"""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

ALLOWED = ("spuk-iza", "transformatiemiddelen")


SOURCE_CHECK = "gemeenteafspraak_vg_sd_funding_source"
ALLOWED = ("spuk-iza", "transformatiemiddelen")


def _check(apps):
    return models.CheckConstraint(
        condition=models.Q(funding_source__in=ALLOWED), name=SOURCE_CHECK
    )


def add_source_check(apps, schema_editor):
    """PostgreSQL: NOT VALID, so existing agreements keep their source. SQLite (the embedded
    default) cannot add a constraint NOT VALID; it rebuilds the table with the check, so it
    is added only when no existing agreement breaks it (the model still refuses new ones)."""
    GemeenteAfspraak = apps.get_model("bekostiging", "GemeenteAfspraak")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE bekostiging_gemeenteafspraak "
            f"ADD CONSTRAINT {SOURCE_CHECK} "
            "CHECK (funding_source IN ('spuk-iza', 'transformatiemiddelen')) NOT VALID"
        )
    elif not GemeenteAfspraak.objects.exclude(funding_source__in=ALLOWED).exists():
        schema_editor.add_constraint(GemeenteAfspraak, _check(apps))


def drop_source_check(apps, schema_editor):
    GemeenteAfspraak = apps.get_model("bekostiging", "GemeenteAfspraak")
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE bekostiging_gemeenteafspraak DROP CONSTRAINT IF EXISTS {SOURCE_CHECK}"
        )
    else:
        schema_editor.remove_constraint(GemeenteAfspraak, _check(apps))


def list_disallowed_sources(apps, schema_editor):
    """Print the agreements the funding page will flag (kept as they are)."""
    GemeenteAfspraak = apps.get_model("bekostiging", "GemeenteAfspraak")
    flagged = (
        GemeenteAfspraak.objects.exclude(funding_source__in=ALLOWED)
        .select_related("network", "gemeente")
        .order_by("network__name", "year", "gemeente__name")
    )
    for afspraak in flagged:
        print(  # noqa: T201 - the operator's list of agreements to fix
            f"\n  R-BK-3: afspraak {afspraak.pk} ({afspraak.network.name}, "
            f"{afspraak.gemeente.name} {afspraak.year}) heeft bron {afspraak.funding_source!r}: "
            "kies SPUK-IZA of transformatiemiddelen",
            end="",
        )


class Migration(migrations.Migration):
    dependencies = [
        ("bekostiging", "0008_one_vg_line_per_gesprek"),
        ("networks", "0004_regievoerder_any_formal_partner"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="OverschrijdingBesluit",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("accepted", models.BooleanField(verbose_name="geaccepteerd")),
                (
                    "over_run_count",
                    models.PositiveIntegerField(verbose_name="aantal VG's boven de afspraak"),
                ),
                (
                    "rate",
                    models.DecimalField(
                        decimal_places=2,
                        max_digits=9,
                        verbose_name="tarief op het moment van het besluit (€)",
                    ),
                ),
                ("note", models.CharField(blank=True, max_length=500, verbose_name="toelichting")),
                (
                    "decided_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="besloten op"
                    ),
                ),
            ],
            options={
                "verbose_name": "besluit over overschrijding",
                "verbose_name_plural": "besluiten over overschrijdingen",
                "ordering": ["decided_at", "pk"],
            },
        ),
        migrations.RunPython(list_disallowed_sources, migrations.RunPython.noop),
        migrations.SeparateDatabaseAndState(
            # NOT VALID: new and changed agreements are checked, existing ones kept as made.
            database_operations=[
                migrations.RunPython(add_source_check, drop_source_check),
            ],
            state_operations=[
                migrations.AddConstraint(
                    model_name="gemeenteafspraak",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("funding_source__in", ["spuk-iza", "transformatiemiddelen"])
                        ),
                        name="gemeenteafspraak_vg_sd_funding_source",
                        violation_error_message="Het sociaal-domeindeel van het verkennend gesprek wordt betaald uit SPUK-IZA of SPUK transformatiemiddelen. Wmo (gemeentefonds) en brede SPUK zijn voor de vervolgondersteuning na het gesprek; kies SPUK-IZA of SPUK transformatiemiddelen.",
                    ),
                ),
            ],
        ),
        migrations.AddField(
            model_name="overschrijdingbesluit",
            name="afspraak",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="besluiten",
                to="bekostiging.gemeenteafspraak",
                verbose_name="afspraak",
            ),
        ),
        migrations.AddField(
            model_name="overschrijdingbesluit",
            name="decided_by",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="besloten door",
            ),
        ),
        migrations.AddField(
            model_name="overschrijdingbesluit",
            name="decided_for",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="networks.organisation",
                verbose_name="namens",
            ),
        ),
        migrations.AddConstraint(
            model_name="overschrijdingbesluit",
            constraint=models.CheckConstraint(
                condition=models.Q(("over_run_count__gt", 0)),
                name="overschrijdingbesluit_count_positive",
            ),
        ),
    ]
