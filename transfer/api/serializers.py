"""What function II's API answers and reads (transfer/api/views.py). Field names are Dutch,
like the waiting-list upload's (``clientreferentie``, ``aanmelddatum``) and the insurers' API.

Counts only: no serializer here has a field for a BSN, pseudonym, name or birth date (R-TR-1,
R-TR-2). A worklist line names the holding provider's own entry by its id and its own client
reference, nothing else of the person.
"""

from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from transfer.constants import Antwoord, OverlegStatus, VoorstelKind, VoorstelStatus
from transfer.models import TafelOverleg, Transfervoorstel
from wachttijden.constants import AanbodDomain, Category, Urgency

CLIENT_REFERENCE_MAX = 40  # Wachtplek.client_reference
BSN_MAX = 20  # nine digits, perhaps with spaces or dots: validate_bsn compacts


def named_choices(choices, name: str) -> type[serializers.ChoiceField]:
    """A ChoiceField whose enum is a component of its own, ``name``: the API's other fields
    named ``status``, ``soort``, ``domein``, ``categorie`` and ``urgentie`` hold other choice sets (or the
    same under another name), which drf-spectacular can only name with a hash."""
    field = type(f"{name}Field", (serializers.ChoiceField,), {})
    schema = {"type": "string", "enum": [value for value, _label in choices]}
    return extend_schema_field(schema, component_name=name)(field)


@extend_schema_field({"type": "array", "items": {"type": "integer"}})
class SortedIdsField(serializers.Field):
    """A set of ids (a frozenset of the picture), sorted for a stable answer."""

    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return sorted(value)


class Codes:
    """The picture's ids translated to the API's public codes: zorgvraagtype numbers and CBS
    gemeente codes (as in the sociale kaart's API); built once per answer."""

    def __init__(self, zorgvraagtypes: dict[int, int], gemeenten: dict[int, str]):
        self.zorgvraagtypes = zorgvraagtypes
        self.gemeenten = gemeenten


@extend_schema_field({"type": "integer", "nullable": True})
class ZorgvraagtypeNumberField(serializers.Field):
    def __init__(self, **kwargs):
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value):
        return self.context["codes"].zorgvraagtypes.get(value)


@extend_schema_field({"type": "string", "nullable": True})
class GemeenteCodeField(ZorgvraagtypeNumberField):
    def to_representation(self, value):
        return self.context["codes"].gemeenten.get(value)


class ZorgvraagtypeNumbersField(SortedIdsField):
    def to_representation(self, value):
        codes = self.context["codes"].zorgvraagtypes
        return sorted(codes[pk] for pk in value if pk in codes)


@extend_schema_field({"type": "array", "items": {"type": "string"}})
class GemeenteCodesField(SortedIdsField):
    def to_representation(self, value):
        codes = self.context["codes"].gemeenten
        return sorted(codes[pk] for pk in value if pk in codes)


# Meetings ------------------------------------------------------------------------------
class OverlegSerializer(serializers.ModelSerializer):
    tafel_naam = serializers.CharField(source="tafel.name", read_only=True)
    netwerk = serializers.SlugRelatedField(
        source="tafel.network",
        slug_field="slug",
        read_only=True,
        help_text="Korte naam van het netwerk.",
    )
    begint_om = serializers.DateTimeField(source="starts_at", read_only=True)
    duur_minuten = serializers.IntegerField(source="duration_minutes", read_only=True)
    status = named_choices(OverlegStatus.choices, "OverlegStatus")(
        choices=OverlegStatus.choices, read_only=True
    )

    class Meta:
        model = TafelOverleg
        fields = ["id", "tafel", "tafel_naam", "netwerk", "begint_om", "duur_minuten", "status"]
        read_only_fields = fields


# The demand picture ----------------------------------------------------------------------
class AantalSerializer(serializers.Serializer):
    personen = serializers.IntegerField(source="persons", help_text="Elke persoon één keer.")
    wachtplekken = serializers.IntegerField()


class AantalPerTypeSerializer(AantalSerializer):
    zorgvraagtype = ZorgvraagtypeNumberField(
        source="zorgvraagtype_id", help_text="Nummer (1–21 zonder 9); null: niet opgegeven."
    )


class ZorgvraagtypeLabelSerializer(serializers.Serializer):
    nummer = serializers.IntegerField()
    naam = serializers.CharField()


class GemeenteLabelSerializer(serializers.Serializer):
    cbs_code = serializers.CharField()
    naam = serializers.CharField()


class WachttijdbandSerializer(serializers.Serializer):
    code = serializers.CharField(source="key")
    naam = serializers.CharField(source="label")
    meer_dan_weken = serializers.IntegerField(source="after_weeks")
    tot_en_met_weken = serializers.IntegerField(
        source="until_weeks", allow_null=True, help_text="null: geen bovengrens."
    )


class WeekPlekkenSerializer(serializers.Serializer):
    week = serializers.DateField(help_text="De maandag van de week.")
    beschikbaar = serializers.IntegerField(
        source="available", allow_null=True, help_text="null: voor die week niets opgegeven."
    )


class AanbodCapaciteitSerializer(serializers.Serializer):
    aanbod = serializers.IntegerField(source="aanbod_id")
    naam = serializers.CharField(source="label")
    aanbieder = serializers.IntegerField(source="provider_id")
    aanbieder_naam = serializers.CharField(source="provider")
    domein = named_choices(AanbodDomain.choices, "AanbodDomein")(
        source="domain", choices=AanbodDomain.choices
    )
    categorie = named_choices(Category.choices, "AanbodCategorie")(
        source="category", choices=Category.choices
    )
    zorgvraagtypen = ZorgvraagtypeNumbersField(source="zorgvraagtype_ids")
    gemeenten_bediend = GemeenteCodesField(source="gemeenten_served")
    vrije_plekken = WeekPlekkenSerializer(source="places", many=True)
    vrije_plekken_totaal = serializers.IntegerField(source="free_places")
    verwachte_wachttijd_weken = serializers.FloatField(
        source="expected_wait_weeks", allow_null=True
    )
    verwachte_wachttijd_bron = serializers.CharField(
        source="expected_wait_source",
        help_text="'slots' of 'opgave' (regionaal overzicht), 'declared' (opgave bij het "
        "aanbod) of leeg.",
    )
    verwachte_wachttijd_datum = serializers.DateField(
        source="expected_wait_on", allow_null=True, help_text="Datum van het overzicht."
    )


class VraagCelSerializer(serializers.Serializer):
    aanbod = serializers.IntegerField(source="aanbod_id")
    zorgvraagtype = ZorgvraagtypeNumberField(source="zorgvraagtype_id")
    urgentie = named_choices(Urgency.choices, "Urgentieniveau")(
        source="urgency", choices=Urgency.choices
    )
    wachttijdband = serializers.CharField(source="band", help_text="Code van de wachttijdband.")
    gemeente = GemeenteCodeField(
        source="gemeente_id", help_text="Woongemeente (CBS-code); null: niet opgegeven."
    )
    wachtplekken = serializers.IntegerField()
    personen = serializers.IntegerField(source="persons")


class VraagbeeldSerializer(serializers.Serializer):
    """The anonymous demand picture of a meeting (``selectors.vraagbeeld.Vraagbeeld``)."""

    overleg = serializers.IntegerField()
    datum = serializers.DateField(source="on", help_text="De dag van het vraagbeeld.")
    weken = serializers.IntegerField(source="weeks", help_text="Weken vrije plekken vooruit.")
    deelregio = GemeenteCodesField(
        source="subregion", allow_null=True, help_text="null: het hele netwerk."
    )
    totaal = AantalSerializer(source="total")
    per_zorgvraagtype = AantalPerTypeSerializer(source="by_zorgvraagtype", many=True)
    zorgvraagtypen = ZorgvraagtypeLabelSerializer(many=True)
    gemeenten = GemeenteLabelSerializer(many=True)
    wachttijdbanden = WachttijdbandSerializer(many=True)
    aanbod = AanbodCapaciteitSerializer(source="offers", many=True)
    cellen = VraagCelSerializer(source="cells", many=True)


# Proposals --------------------------------------------------------------------------------
class VoorstelSerializer(serializers.ModelSerializer):
    """One proposal with its recorded figures (R-TR-1, R-TR-7)."""

    overleg = serializers.IntegerField(source="overleg_id", read_only=True)
    soort = named_choices(VoorstelKind.choices, "VoorstelSoort")(
        source="kind", choices=VoorstelKind.choices, read_only=True
    )
    code = serializers.CharField(
        read_only=True, help_text="Bij een individueel voorstel: P1, P2 … (nooit een persoon)."
    )
    status = named_choices(VoorstelStatus.choices, "VoorstelStatus")(
        choices=VoorstelStatus.choices, read_only=True
    )
    van_aanbod = serializers.IntegerField(source="from_aanbod_id", read_only=True)
    van_aanbod_naam = serializers.CharField(source="from_aanbod.name", read_only=True)
    van_aanbieder_naam = serializers.CharField(source="from_aanbod.provider.name", read_only=True)
    naar_aanbod = serializers.IntegerField(source="to_aanbod_id", read_only=True)
    naar_aanbod_naam = serializers.CharField(source="to_aanbod.name", read_only=True)
    naar_aanbieder_naam = serializers.CharField(source="to_aanbod.provider.name", read_only=True)
    zorgvraagtype = serializers.SlugRelatedField(
        slug_field="number",
        read_only=True,
        allow_null=True,
        help_text="Nummer van het zorgvraagtype (ggz); null bij een voorstel per gemeente.",
    )
    gemeente = serializers.SlugRelatedField(
        slug_field="cbs_code",
        read_only=True,
        allow_null=True,
        help_text="Woongemeente (CBS-code, sociaal domein); null bij een voorstel per type.",
    )
    wachtend_langer_dan_weken = serializers.IntegerField(source="min_waiting_weeks", read_only=True)
    personen = serializers.IntegerField(source="persons", read_only=True)
    ruimte = serializers.IntegerField(
        source="room", read_only=True, help_text="Vrije plekken bij B bij het vastleggen."
    )
    weken = serializers.IntegerField(
        source="weeks", read_only=True, help_text="De komende weken van die ruimte."
    )
    wachttijd_van_weken = serializers.FloatField(source="wait_from_weeks", read_only=True)
    wachttijd_van_bron = serializers.CharField(source="wait_from_source", read_only=True)
    wachttijd_naar_weken = serializers.FloatField(source="wait_to_weeks", read_only=True)
    wachttijd_naar_bron = serializers.CharField(source="wait_to_source", read_only=True)
    weken_bespaard = serializers.FloatField(
        source="weeks_saved",
        read_only=True,
        help_text="personen × (wachttijd bij A − wachttijd bij B), uit de vastgelegde cijfers.",
    )
    datum_vraagbeeld = serializers.DateField(source="picture_on", read_only=True)
    door_matcher = serializers.BooleanField(source="made_by_matcher", read_only=True)
    besloten_op = serializers.DateTimeField(source="decided_at", read_only=True, allow_null=True)

    class Meta:
        model = Transfervoorstel
        fields = [
            "id",
            "overleg",
            "soort",
            "code",
            "status",
            "van_aanbod",
            "van_aanbod_naam",
            "van_aanbieder_naam",
            "naar_aanbod",
            "naar_aanbod_naam",
            "naar_aanbieder_naam",
            "zorgvraagtype",
            "gemeente",
            "wachtend_langer_dan_weken",
            "personen",
            "ruimte",
            "weken",
            "wachttijd_van_weken",
            "wachttijd_van_bron",
            "wachttijd_naar_weken",
            "wachttijd_naar_bron",
            "weken_bespaard",
            "datum_vraagbeeld",
            "door_matcher",
            "besloten_op",
        ]
        read_only_fields = fields


# The holding provider's worklists -----------------------------------------------------------
class WerklijstAantallenSerializer(serializers.Serializer):
    aanvaard = serializers.IntegerField(source="n_aanvaard")
    afgewezen = serializers.IntegerField(source="n_afgewezen")
    geen_antwoord = serializers.IntegerField(source="n_geen_antwoord")
    overgedragen = serializers.IntegerField(source="n_overgedragen")


class WerklijstSerializer(VoorstelSerializer):
    """An accepted proposal whose group waits at the caller's provider, with its counts."""

    overleg_begint_om = serializers.DateTimeField(source="overleg.starts_at", read_only=True)
    tafel_naam = serializers.CharField(source="overleg.tafel.name", read_only=True)
    aantallen = WerklijstAantallenSerializer(source="*", read_only=True)

    class Meta(VoorstelSerializer.Meta):
        fields = [*VoorstelSerializer.Meta.fields, "overleg_begint_om", "tafel_naam", "aantallen"]
        read_only_fields = fields


class WerklijstRegelSerializer(serializers.Serializer):
    """One line of the worklist (``selectors.werklijst.WerklijstRegel``): the provider's own
    entry, by id and its own client reference, and what was recorded for it."""

    uitkomst = serializers.SerializerMethodField(
        help_text="Nummer van het vastgelegde antwoord (voor de overdracht); null: nog niets."
    )
    wachtplek = serializers.SerializerMethodField(
        help_text=(
            "Nummer van uw wachtplek (ook na de overdracht, tot uw volgende levering); null "
            "als die niet meer op uw lijst staat."
        )
    )
    clientreferentie = serializers.CharField(
        source="client_reference", help_text="Uw eigen cliëntkenmerk uit de wachtlijst."
    )
    aanmelddatum = serializers.DateField(source="registered_on")
    antwoord = serializers.ChoiceField(
        choices=Antwoord.choices, help_text="Leeg: nog niet gevraagd."
    )
    antwoord_label = serializers.CharField()
    overgedragen_op = serializers.SerializerMethodField(
        help_text="Wanneer de warme overdracht is bevestigd; null: (nog) niet."
    )
    kan_overdragen = serializers.BooleanField(source="can_hand_over")

    def get_uitkomst(self, regel) -> int | None:
        return regel.uitkomst.pk if regel.uitkomst else None

    def get_wachtplek(self, regel) -> int | None:
        return regel.entry.pk if regel.entry else None

    @extend_schema_field({"type": "string", "format": "date-time", "nullable": True})
    def get_overgedragen_op(self, regel):
        at = regel.uitkomst.handed_over_at if regel.uitkomst else None
        return serializers.DateTimeField().to_representation(at) if at else None


class WerklijstDetailSerializer(WerklijstSerializer):
    regels = serializers.SerializerMethodField()

    class Meta(WerklijstSerializer.Meta):
        fields = [*WerklijstSerializer.Meta.fields, "regels"]
        read_only_fields = fields

    @extend_schema_field(WerklijstRegelSerializer(many=True))
    def get_regels(self, voorstel):
        return WerklijstRegelSerializer(self.context["regels"], many=True).data


class UitkomstInputSerializer(serializers.Serializer):
    """One answer: the entry by exactly one of ``wachtplek``, ``clientreferentie`` or ``bsn``.
    The BSN is only used to find the entry (through the region's pseudonym): never stored and
    never sent back."""

    antwoord = serializers.ChoiceField(
        choices=[a for a in Antwoord.choices if a[0] != Antwoord.NIET_GEVRAAGD],
        error_messages={"invalid_choice": _("Kies aanvaard, afgewezen of geen_antwoord.")},
    )
    wachtplek = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=2**63 - 1,  # a BigAutoField
        help_text="Nummer van de wachtplek (uit de werklijst).",
    )
    clientreferentie = serializers.CharField(
        required=False,
        max_length=CLIENT_REFERENCE_MAX,
        help_text="Uw eigen cliëntkenmerk; moet in de groep precies één wachtplek aanwijzen.",
    )
    bsn = serializers.CharField(
        required=False,
        max_length=BSN_MAX,
        write_only=True,
        help_text="BSN (elfproef); wordt alleen gebruikt om de wachtplek te vinden.",
    )

    WAYS = ("wachtplek", "clientreferentie", "bsn")

    def validate(self, attrs):
        given = [way for way in self.WAYS if way in attrs]
        if len(given) != 1:
            raise serializers.ValidationError(
                _("Noem de persoon met precies één van wachtplek, clientreferentie of bsn."),
                code="one_way",
            )
        return attrs
