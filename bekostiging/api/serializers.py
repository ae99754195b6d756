"""What the insurers' API reads and answers (bekostiging/api/views.py). Field names are Dutch,
like the CSV export's columns (docs/declaratie-export.md) and the verdict bodies."""

from django.utils.translation import gettext_lazy as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from bekostiging.constants import INSURER_STATUSES, Function, RegelStatus, Soort
from bekostiging.models import Declaratieregel, reference_for
from bekostiging.services.retour import ACCEPTED, REASON_MAX, REJECTED, SOURCE_REFERENCE_MAX
from mgn.validators import validate_period_date


@extend_schema_field(OpenApiTypes.STR)
class ReferenceField(serializers.Field):
    """A line's reference (MGN + 9 digits) from the id of a related line; null without one."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return getattr(instance, self.source)

    def to_representation(self, value):
        return reference_for(value) if value is not None else None


class DeclaratieSerializer(serializers.ModelSerializer):
    """One declaration line as the insurer receives it (R-BK-4)."""

    referentie = serializers.CharField(
        source="reference", help_text="Unieke, vaste referentie van de regel (MGN + 9 cijfers)."
    )
    netwerk = serializers.SlugRelatedField(
        source="network", slug_field="slug", read_only=True, help_text="Korte naam van het netwerk."
    )
    uzovi = serializers.CharField(help_text="UZOVI van de zorgverzekeraar, zoals gedeclareerd.")
    agb_declarant = serializers.CharField(
        source="provider_agb", help_text="AGB-code van de declarant, zoals gedeclareerd."
    )
    soort = serializers.ChoiceField(choices=Soort.choices)
    functie = serializers.ChoiceField(source="function", choices=Function.choices)
    bsn = serializers.CharField(help_text="BSN zoals gedeclareerd; leeg bij een lumpsumtermijn.")
    polisnummer = serializers.CharField(source="policy_number")
    geboortedatum = serializers.DateField(source="date_of_birth", allow_null=True)
    prestatiecode = serializers.CharField()
    datum = serializers.DateField(
        source="service_date", help_text="Datum van het gesprek of begin van de termijn."
    )
    einddatum_periode = serializers.DateField(
        source="period_end", help_text="Einde van de termijn; bij een gesprek gelijk aan datum."
    )
    tarief = serializers.DecimalField(source="tariff", max_digits=12, decimal_places=2)
    bedrag = serializers.DecimalField(
        source="amount",
        max_digits=12,
        decimal_places=2,
        help_text="Negatief bij een creditregel.",
    )
    creditreferentie = ReferenceField(
        source="credit_of_id",
        help_text="Bij een creditregel: de referentie van de gecrediteerde regel.",
    )
    vervangt_referentie = ReferenceField(
        source="replaces_id", help_text="Bij een correctie: de referentie van de vervangen regel."
    )
    gecrediteerd = serializers.BooleanField(
        source="credited", help_text="Deze regel is met een creditregel teruggedraaid."
    )
    status = serializers.ChoiceField(choices=RegelStatus.choices)
    reden_afwijzing = serializers.CharField(source="rejection_reason")
    status_gewijzigd = serializers.DateTimeField(source="status_changed_at")

    class Meta:
        model = Declaratieregel
        fields = [
            "referentie",
            "netwerk",
            "uzovi",
            "agb_declarant",
            "soort",
            "functie",
            "bsn",
            "polisnummer",
            "geboortedatum",
            "prestatiecode",
            "datum",
            "einddatum_periode",
            "tarief",
            "bedrag",
            "creditreferentie",
            "vervangt_referentie",
            "gecrediteerd",
            "status",
            "reden_afwijzing",
            "status_gewijzigd",
        ]
        read_only_fields = fields


class DeclaratieFilterSerializer(serializers.Serializer):
    """The list's query parameters."""

    uzovi = serializers.RegexField(r"^[0-9]{4}$", required=False)
    netwerk = serializers.SlugField(required=False)
    van = serializers.DateField(required=False, validators=[validate_period_date])
    tot = serializers.DateField(required=False, validators=[validate_period_date])
    # An insurer never sees a concept line (R-PR-2), so it cannot ask for one either.
    status = serializers.ChoiceField(
        choices=[(s.value, s.label) for s in INSURER_STATUSES], required=False
    )
    soort = serializers.ChoiceField(choices=Soort.choices, required=False)

    def validate(self, attrs):
        if "van" in attrs and "tot" in attrs and attrs["tot"] < attrs["van"]:
            raise serializers.ValidationError({"tot": [_("'tot' ligt vóór 'van'.")]})
        return attrs


class OordeelSerializer(serializers.Serializer):
    """The insurer's verdict on one line."""

    geaccepteerd = serializers.BooleanField(help_text="true: geaccepteerd; false: afgewezen.")
    reden = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=REASON_MAX,
        help_text="Verplicht bij afwijzing.",
    )


class RetourRegelSerializer(OordeelSerializer):
    referentie = serializers.CharField(max_length=40, help_text="Referentie van de regel.")

    class Meta:
        fields = ["referentie", "geaccepteerd", "reden"]


class RetourSerializer(serializers.Serializer):
    """A return message as JSON: the verdicts on many lines at once."""

    referentie = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        max_length=SOURCE_REFERENCE_MAX,
        help_text="Uw berichtreferentie; een herhaald bericht met dezelfde referentie "
        "verandert niets.",
    )
    regels = RetourRegelSerializer(many=True, allow_empty=False)


class RetourUitkomstSerializer(serializers.Serializer):
    """One line of a processed return message."""

    regel = serializers.IntegerField(source="line", help_text="Plaats in het bericht (vanaf 1).")
    referentie = serializers.CharField(source="reference")
    oordeel = serializers.ChoiceField(source="result", choices=[ACCEPTED, REJECTED])
    reden = serializers.CharField(source="reason")
    gewijzigd = serializers.BooleanField(
        source="changed", help_text="false: de regel had dit oordeel al (herhaling)."
    )


class RetourberichtSerializer(serializers.Serializer):
    """A processed return message: its counts and the outcome per line."""

    id = serializers.IntegerField()
    referentie = serializers.CharField(source="reference")
    netwerk = serializers.CharField(source="network.slug")
    uzovi = serializers.CharField(source="insurer.uzovi")
    ontvangen = serializers.DateTimeField(source="uploaded_at")
    geaccepteerd = serializers.IntegerField(source="accepted")
    afgewezen = serializers.IntegerField(source="rejected")
    regels = RetourUitkomstSerializer(source="report", many=True)
