"""Serializers of function III's API: the sociale kaart's offers and their filters, and what
providers deliver (waiting lists, intake slots)."""

from django.utils.translation import gettext_lazy as _

from rest_framework import serializers

from networks.models import Gemeente
from wachttijden.constants import AanbodDomain, Category, EntryStatus, UploadSource
from wachttijden.models import Aanbod, WachtlijstUpload
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
        choices=EntryStatus.values,
        required=False,
        allow_blank=True,
        help_text="Leeg: volgt uit de datums.",
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
        help_text="Vrije intakeplekken; null trekt de week in.",
    )
