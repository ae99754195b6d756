"""Reference lists kept as data (DOMAIN.md): HoNOS+ zorgvraagtypen and hoofddiagnosegroepen.

Seeded by migration 0002 and editable in the admin; `seed()` is idempotent so tests that
flush the database (transactional tests) can put them back.
"""

# 20 types numbered 1–21 without 9, in three clusters.
CLUSTERS = [
    (range(1, 9), "non-psychotisch"),
    (range(10, 18), "psychotisch"),
    (range(18, 22), "organisch"),
]

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


def seed(zorgvraagtype_model=None, hoofddiagnosegroep_model=None) -> None:
    """Create the lists where missing; names already present (maybe edited) are kept."""
    if zorgvraagtype_model is None:
        from wachttijden.models import Hoofddiagnosegroep, Zorgvraagtype

        zorgvraagtype_model, hoofddiagnosegroep_model = Zorgvraagtype, Hoofddiagnosegroep
    for numbers, cluster in CLUSTERS:
        for number in numbers:
            zorgvraagtype_model.objects.get_or_create(
                number=number, defaults={"name": f"Zorgvraagtype {number}", "cluster": cluster}
            )
    for order, (code, name) in enumerate(HOOFDDIAGNOSEGROEPEN):
        hoofddiagnosegroep_model.objects.get_or_create(
            code=code, defaults={"name": name, "order": order}
        )
