"""Serializers of function III's API: the sociale kaart's offers and their filters, and what
providers deliver (waiting lists, intake slots)."""

from django.utils.translation import gettext_lazy as _

from rest_framework import serializers

from mgn.formats import weeks_from_days
from networks.models import Gemeente
from wachttijden.constants import DELIVERED_STATUSES, AanbodDomain, Category, UploadSource
from wachttijden.models import Aanbod, SnapshotFigure, WachtlijstJob, WachtlijstUpload
from wachttijden.services.levering_intakeplekken import MAX_SLOTS


class BlankAsNullURLField(serializers.URLField):
    """A URL that may be unknown: the model keeps "" (``blank=True``), the API says null."""

    def to_representation(self, value):
        return value or None


class AanbodSerializer(serializers.ModelSerializer):
    provider_name = serializers.CharField(source="provider.name", read_only=True)
    region = serializers.SlugRelatedField(slug_field="code", read_only=True)
    gemeente = serializers.SlugRelatedField(
        slug_field="cbs_code",
        read_only=True,
        allow_null=True,
        help_text="CBS-code van de vestigingsgemeente.",
    )
    gemeenten_served = serializers.SlugRelatedField(
        slug_field="cbs_code",
        many=True,
        read_only=True,
        help_text="CBS-codes van de gemeenten waarvan inwoners hier terecht kunnen.",
    )
    zorgvraagtypes = serializers.SlugRelatedField(
        slug_field="number",
        many=True,
        read_only=True,
        help_text="HoNOS+-zorgvraagtypen (nummers 1–21 zonder 9); alleen bij ggz.",
    )
    website = BlankAsNullURLField(
        read_only=True,
        allow_null=True,
        help_text="Website van het aanbod; null als die onbekend is.",
    )
    wait_weeks = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text="Wachttijd in weken: de actuele wachttijd uit het laatste regio-overzicht, "
        "anders de door de aanbieder opgegeven wachttijd; leeg als die onbekend is.",
    )
    wait_source = serializers.SerializerMethodField(
        help_text="Herkomst van wait_weeks: 'overzicht', 'opgave' of leeg."
    )

    class Meta:
        model = Aanbod
        fields = [
            "id",
            "name",
            "description",
            "provider",
            "provider_name",
            "region",
            "domain",
            "category",
            "zorgvraagtypes",
            "low_threshold",
            "location_name",
            "address",
            "gemeente",
            "gemeenten_served",
            "how_to_apply",
            "contact",
            "website",
            "declared_wait_weeks",
            "wait_weeks",
            "wait_source",
            "is_active",
            "updated_at",
        ]
        read_only_fields = fields

    def get_wait_source(self, obj) -> str:
        if getattr(obj, "overview_weeks", None) is not None:
            return "overzicht"
        return "opgave" if obj.declared_wait_weeks is not None else ""


class AanbodFilterSerializer(serializers.Serializer):
    """The query parameters of the list; an unknown value answers 400."""

    q = serializers.CharField(required=False, allow_blank=True, max_length=100)
    category = serializers.ChoiceField(choices=Category.choices, required=False)
    domain = serializers.ChoiceField(choices=AanbodDomain.choices, required=False)
    gemeente = serializers.SlugRelatedField(
        slug_field="cbs_code",
        queryset=Gemeente.objects.all(),
        required=False,
        error_messages={"does_not_exist": _("Onbekende CBS-gemeentecode {value}.")},
    )


class WachtlijstRowSerializer(serializers.Serializer):
    """One waiting person; the fields of the CSV layout. For the schema: the service
    checks every row itself, so that every problem is reported at once."""

    bsn = serializers.CharField(
        required=False, help_text="BSN (elfproef); leeg als u een pseudoniem geeft."
    )
    pseudoniem = serializers.CharField(
        required=False, help_text="Al gesleuteld pseudoniem: 64 hexadecimale tekens."
    )
    aanmelddatum = serializers.CharField(help_text="JJJJ-MM-DD of DD-MM-JJJJ.")
    intakedatum = serializers.CharField(required=False, allow_blank=True)
    startdatum_behandeling = serializers.CharField(required=False, allow_blank=True)
    urgentie = serializers.ChoiceField(choices=["crisis", "hoog", "normaal"])
    zorgvraagtype = serializers.IntegerField(
        required=False, allow_null=True, help_text="1–21 zonder 9; verplicht bij ggz-behandeling."
    )
    hoofddiagnosegroep = serializers.CharField(
        required=False, allow_blank=True, help_text="Code, bijvoorbeeld depressie."
    )
    woongemeente = serializers.CharField(
        required=False, allow_blank=True, help_text="CBS-code, bijvoorbeeld GM0363."
    )
    status = serializers.ChoiceField(
        choices=[status.value for status in DELIVERED_STATUSES],
        required=False,
        allow_blank=True,
        help_text="Leeg: volgt uit de datums.",
    )
    clientreferentie = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=40,
        help_text=(
            "Uw eigen cliëntkenmerk (hoogstens 40 tekens, geen BSN); alleen zichtbaar voor "
            "uw eigen organisatie."
        ),
    )


class WachtlijstRowsSerializer(serializers.Serializer):
    rows = WachtlijstRowSerializer(many=True)


class WachtlijstResultSerializer(serializers.Serializer):
    upload = serializers.IntegerField(help_text="Nummer van de levering.")
    rows = serializers.IntegerField(help_text="Verwerkte regels.")
    persons = serializers.IntegerField(help_text="Personen (elk één keer per aanbod).")
    waiting = serializers.IntegerField(help_text="Wachtend op intake of op behandeling.")
    by_status = serializers.DictField(child=serializers.IntegerField())


class UploadSerializer(serializers.ModelSerializer):
    source = serializers.ChoiceField(choices=UploadSource.choices)

    class Meta:
        model = WachtlijstUpload
        fields = ["id", "uploaded_at", "source", "filename", "accepted", "rows_total"]


class IntakeSlotSerializer(serializers.Serializer):
    week_start = serializers.DateField(help_text="De maandag van de week (JJJJ-MM-DD).")
    available = serializers.IntegerField(
        min_value=0,
        max_value=MAX_SLOTS,
        allow_null=True,
        help_text=(
            "Vrije intakeplekken (ggz) of vrije plekken (sociaal domein); null trekt de week in."
        ),
    )


class WeeksFromDaysField(serializers.FloatField):
    """A snapshot wait stored in days, shown in weeks (one decimal is up to the client)."""

    def to_representation(self, value):
        return weeks_from_days(value)


class VestigingWachttijdSerializer(serializers.ModelSerializer):
    """One location × hoofddiagnosegroep of the region's latest overview (R-WT-3)."""

    provider = serializers.IntegerField(source="provider_id", allow_null=True, read_only=True)
    provider_name = serializers.CharField(
        source="provider.name", allow_null=True, default=None, read_only=True
    )
    location = serializers.CharField(read_only=True, help_text="De vestiging.")
    hoofddiagnosegroep = serializers.CharField(
        source="hoofddiagnosegroep.code",
        allow_null=True,
        default=None,
        read_only=True,
        help_text="Code van de hoofddiagnosegroep; null: niet gesplitst (basis-ggz).",
    )
    aanmeld_avg_weeks = WeeksFromDaysField(
        source="aanmeld_avg",
        allow_null=True,
        read_only=True,
        help_text="Gerealiseerde aanmeldingswachttijd, gemiddeld over de laatste twee maanden.",
    )
    behandel_avg_weeks = WeeksFromDaysField(
        source="behandel_avg",
        allow_null=True,
        read_only=True,
        help_text="Gerealiseerde behandelingswachttijd, gemiddeld over de laatste twee maanden.",
    )
    prospective_aanmeld_weeks = serializers.FloatField(
        source="prospective_weeks",
        allow_null=True,
        read_only=True,
        help_text="Actuele (prospectieve) aanmeldingswachttijd in weken.",
    )
    prospective_aanmeld_source = serializers.CharField(
        source="prospective_source",
        read_only=True,
        help_text="'slots' (derde vrije intakeplek), 'opgave' (opgave aanbieder) of leeg.",
    )
    prospective_behandel_weeks = serializers.FloatField(
        allow_null=True,
        read_only=True,
        help_text="Actuele (prospectieve) behandelingswachttijd in weken.",
    )
    prospective_behandel_source = serializers.CharField(
        read_only=True, help_text="'opgave' (maandelijkse opgave aanbieder) of leeg."
    )

    class Meta:
        model = SnapshotFigure
        fields = [
            "id",
            "snapshot_date",
            "provider",
            "provider_name",
            "location",
            "hoofddiagnosegroep",
            "persons",
            "wachtplekken",
            "aanmeld_avg_weeks",
            "behandel_avg_weeks",
            "prospective_aanmeld_weeks",
            "prospective_aanmeld_source",
            "prospective_behandel_weeks",
            "prospective_behandel_source",
            "breaches_aanmeld",
            "breaches_behandel",
            "breaches_total",
        ]
        read_only_fields = fields


def upload_error_key(source: str, error: dict) -> str:
    """An error's key in the API: ``rows[<index>].<field>`` for JSON (from 0),
    ``line[<line>].<field>`` for CSV; no ``.<field>`` for a problem with the whole row."""
    line = error["line"]
    key = f"rows[{line - 1}]" if source == UploadSource.API else f"line[{line}]"
    return f"{key}.{error['field']}" if error["field"] else key


class WachtlijstJobSerializer(serializers.ModelSerializer):
    job = serializers.IntegerField(
        source="pk", read_only=True, help_text="Nummer van de verwerking."
    )
    status = serializers.CharField(
        read_only=True, help_text="wachtrij, bezig, klaar of mislukt (mgn.jobs)."
    )
    status_url = serializers.SerializerMethodField(
        help_text="Hier staat de status en het resultaat."
    )
    accepted = serializers.SerializerMethodField(
        help_text="Klaar: of de lijst is verwerkt; anders null."
    )
    rows = serializers.SerializerMethodField(help_text="Klaar: het aantal regels; anders null.")
    errors = serializers.SerializerMethodField(
        help_text="Bij een geweigerde lijst: elke fout per regel en veld, zoals bij een directe upload."
    )

    class Meta:
        model = WachtlijstJob
        fields = ["job", "status", "progress", "status_url", "upload", "accepted", "rows", "errors"]
        read_only_fields = fields

    def get_status_url(self, obj) -> str:
        from django.urls import reverse

        url = reverse("aanbod-wachtlijst-verwerking", args=[obj.aanbod_id, obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(url) if request else url

    def get_accepted(self, obj) -> bool | None:
        return obj.upload.accepted if obj.upload_id else None

    def get_rows(self, obj) -> int | None:
        return obj.upload.rows_total if obj.upload_id else None

    def get_errors(self, obj) -> dict[str, list[dict[str, str]]]:
        if not obj.upload_id:
            return {}
        errors: dict[str, list[str]] = {}
        for error in obj.upload.errors:
            errors.setdefault(upload_error_key(obj.upload.source, error), []).append(
                {"code": "invalid", "message": error["reason"]}
            )
        return errors
