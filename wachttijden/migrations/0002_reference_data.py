"""Reference lists kept as data (DOMAIN.md): HoNOS+ zorgvraagtypen and hoofddiagnosegroepen.
Names can be corrected in the admin without a code change."""

from django.db import migrations

CLUSTERS = [(range(1, 9), "non-psychotisch"), (range(10, 18), "psychotisch"),
            (range(18, 22), "organisch")]

HOOFDDIAGNOSEGROEPEN = [
    ("angst", "Angststoornissen"),
    ("depressie", "Depressieve stemmingsstoornissen"),
    ("bipolair", "Bipolaire stemmingsstoornissen"),
    ("psychotisch", "Schizofreniespectrum- en andere psychotische stoornissen"),
    ("persoonlijkheid", "Persoonlijkheidsstoornissen"),
    ("verslaving", "Middelgerelateerde en verslavingsstoornissen"),
    ("trauma", "Trauma- en stressorgerelateerde stoornissen"),
    ("obsessief-compulsief", "Obsessieve-compulsieve en verwante stoornissen"),
    ("eetstoornis", "Voedings- en eetstoornissen"),
    ("adhd", "Aandachtstekort-/hyperactiviteitsstoornis (ADHD)"),
    ("autisme", "Autismespectrumstoornis"),
    ("somatisch-symptoom", "Somatisch-symptoomstoornis en verwante stoornissen"),
    ("neurocognitief", "Neurocognitieve stoornissen"),
    ("overig", "Overige stoornissen"),
    ("nog-geen-diagnose", "Nog geen diagnose"),
]


def forward(apps, schema_editor):
    Zorgvraagtype = apps.get_model("wachttijden", "Zorgvraagtype")
    Hoofddiagnosegroep = apps.get_model("wachttijden", "Hoofddiagnosegroep")
    for numbers, cluster in CLUSTERS:
        for number in numbers:
            Zorgvraagtype.objects.update_or_create(
                number=number, defaults={"name": f"Zorgvraagtype {number}", "cluster": cluster})
    for order, (code, name) in enumerate(HOOFDDIAGNOSEGROEPEN):
        Hoofddiagnosegroep.objects.update_or_create(code=code, defaults={"name": name, "order": order})


class Migration(migrations.Migration):
    dependencies = [("wachttijden", "0001_initial")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
