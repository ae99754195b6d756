"""What function IV's API answers and reads (casusoverleg/api/views.py). Field names are
Dutch, like the other APIs'.

Anonymous (R-DOC-2, R-PR-2): a case is named by its code; it holds an age band, a
gemeente (CBS code) and free texts that passed the identifier guard. Case texts
(``situatie``, ``geprobeerd``, ``vraag``, outcomes) are in the case serializers only, which
the views give to the series' members alone; a signal's serializer has no field of its
case but the code.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from casusoverleg.constants import (
    Betrokkenheid,
    CasusStatus,
    Leeftijdsgroep,
    OverlegStatus,
    Reden,
    SignaalCategorie,
)
from casusoverleg.models import Casus, CasusOverleg, CasusUitkomst, Signaal
from mgn.validators import TEXT_REMARK, TEXT_REQUEST
from networks.constants import Domain, LifeDomain
from networks.models import Gemeente

BIGINT_MAX = 2**63 - 1
ORGANISATION_HELP = "Organisatie: het AGB-nummer (8 cijfers) of het nummer (id) van de organisatie."


def named_choices(choices, name: str) -> type[serializers.ChoiceField]:
    """A ChoiceField whose enum is a component of its own, ``name`` (as in transfer's API)."""
    field = type(f"{name}Field", (serializers.ChoiceField,), {})
    schema = {"type": "string", "enum": [value for value, _label in choices]}
    return extend_schema_field(schema, component_name=name)(field)


OverlegStatusField = named_choices(OverlegStatus.choices, "CasusOverlegStatus")
CasusStatusField = named_choices(CasusStatus.choices, "CasusStatus")
RedenField = named_choices(Reden.choices, "CasusReden")
LeeftijdsgroepField = named_choices(Leeftijdsgroep.choices, "Leeftijdsgroep")
BetrokkenheidField = named_choices(Betrokkenheid.choices, "Betrokkenheid")
LevensdomeinField = named_choices(LifeDomain.choices, "Levensdomein")
SignaalCategorieField = named_choices(SignaalCategorie.choices, "SignaalCategorie")
DomeinField = named_choices(Domain.choices, "ReeksDomein")


class CasusGemeenteSerializer(serializers.Serializer):
    cbs_code = serializers.CharField(help_text="CBS-code, zoals GM0106.")
    naam = serializers.CharField(source="name")


class CasusOrganisatieSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    naam = serializers.CharField(source="name")
    agb_code = serializers.CharField(allow_null=True)


# Series and meetings -----------------------------------------------------------------------
class ReeksLidSerializer(serializers.Serializer):
    naam = serializers.CharField(source="display_name")
    organisatie = CasusOrganisatieSerializer(source="organisation")
    domein = DomeinField(source="domain", choices=Domain.choices)
    voorzitter = serializers.BooleanField(source="is_voorzitter")


class OverlegKortSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    begint_om = serializers.DateTimeField(source="starts_at")
    duur_minuten = serializers.IntegerField(source="duration_minutes")
    status = OverlegStatusField(choices=OverlegStatus.choices)


class CasusreeksSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    naam = serializers.CharField(source="name")
    netwerk = serializers.CharField(source="network.slug", help_text="Korte naam van het netwerk.")
    frequentie = serializers.CharField(source="frequency")
    plaats = serializers.CharField(source="location")
    actief = serializers.BooleanField(source="is_active")
    lid = serializers.BooleanField(
        source="is_lid", help_text="Of u lid bent (alleen leden lezen de casussen)."
    )
    leden = ReeksLidSerializer(source="active_leden", many=True)
    komende_overleggen = OverlegKortSerializer(source="coming", many=True)


class CasusOverlegSerializer(serializers.ModelSerializer):
    reeks = serializers.IntegerField(source="reeks_id", read_only=True)
    begint_om = serializers.DateTimeField(source="starts_at", read_only=True)
    duur_minuten = serializers.IntegerField(source="duration_minutes", read_only=True)
    status = OverlegStatusField(choices=OverlegStatus.choices, read_only=True)
    aantal_casussen = serializers.IntegerField(
        source="n_casussen", read_only=True, help_text="Casussen op de agenda."
    )
    aantal_uitkomsten = serializers.IntegerField(
        source="n_uitkomsten", read_only=True, help_text="Uitkomsten vastgelegd in dit overleg."
    )

    class Meta:
        model = CasusOverleg
        fields = [
            "id",
            "reeks",
            "begint_om",
            "duur_minuten",
            "status",
            "aantal_casussen",
            "aantal_uitkomsten",
        ]
        read_only_fields = fields


# Cases ---------------------------------------------------------------------------------------
class CasusSerializer(serializers.ModelSerializer):
    """A case as its series' members read it on an agenda or in a list."""

    reeks = serializers.IntegerField(source="reeks_id", read_only=True)
    overleg = serializers.IntegerField(
        source="overleg_id",
        read_only=True,
        help_text="Het overleg waar de casus op de agenda staat.",
    )
    reden = RedenField(choices=Reden.choices, read_only=True)
    leeftijdsgroep = LeeftijdsgroepField(choices=Leeftijdsgroep.choices, read_only=True)
    gemeente = CasusGemeenteSerializer(read_only=True)
    levensdomeinen = serializers.ListField(
        child=LevensdomeinField(choices=LifeDomain.choices), read_only=True
    )
    status = CasusStatusField(choices=CasusStatus.choices, read_only=True)
    aangemeld_op = serializers.DateTimeField(source="registered_at", read_only=True)

    class Meta:
        model = Casus
        fields = [
            "id",
            "code",
            "reeks",
            "overleg",
            "reden",
            "leeftijdsgroep",
            "gemeente",
            "levensdomeinen",
            "vraag",
            "status",
            "aangemeld_op",
        ]
        read_only_fields = fields


class CasusUitkomstSerializer(serializers.ModelSerializer):
    overleg = serializers.IntegerField(source="overleg_id", read_only=True)
    overleg_begint_om = serializers.DateTimeField(source="overleg.starts_at", read_only=True)
    eigenaar = CasusOrganisatieSerializer(read_only=True)
    datum = serializers.DateField(read_only=True, help_text="Uiterlijk op.")

    class Meta:
        model = CasusUitkomst
        fields = [
            "id",
            "overleg",
            "overleg_begint_om",
            "oplossing",
            "volgende_stap",
            "eigenaar",
            "datum",
        ]
        read_only_fields = fields


class CasusDetailSerializer(CasusSerializer):
    """A case with its texts and outcomes (R-DOC-4), for its series' members."""

    organisatie = CasusOrganisatieSerializer(source="organisation", read_only=True)
    betrokkenheid = BetrokkenheidField(choices=Betrokkenheid.choices, read_only=True)
    gesloten_op = serializers.DateTimeField(source="closed_at", read_only=True, allow_null=True)
    uitkomsten = serializers.SerializerMethodField()

    class Meta(CasusSerializer.Meta):
        fields = [
            *CasusSerializer.Meta.fields,
            "organisatie",
            "situatie",
            "geprobeerd",
            "betrokkenheid",
            "gesloten_op",
            "uitkomsten",
        ]
        read_only_fields = fields

    @extend_schema_field(CasusUitkomstSerializer(many=True))
    def get_uitkomsten(self, casus):
        return CasusUitkomstSerializer(self.context["uitkomsten"], many=True).data


class CasusOverlegDetailSerializer(CasusOverlegSerializer):
    reeks_naam = serializers.CharField(source="reeks.name", read_only=True)
    netwerk = serializers.CharField(source="reeks.network.slug", read_only=True)
    agenda = serializers.SerializerMethodField(
        help_text="De casussen op de agenda, voor de leden van de reeks; null voor wie de "
        "reeks beheert zonder lid te zijn (die ziet alleen de aantallen)."
    )

    class Meta(CasusOverlegSerializer.Meta):
        fields = [*CasusOverlegSerializer.Meta.fields, "reeks_naam", "netwerk", "agenda"]
        read_only_fields = fields

    @extend_schema_field(CasusSerializer(many=True, allow_null=True))
    def get_agenda(self, overleg):
        agenda = self.context["agenda"]
        return None if agenda is None else CasusSerializer(agenda, many=True).data


# Input ---------------------------------------------------------------------------------------
class OrganisatieField(serializers.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 20)
        kwargs.setdefault("help_text", ORGANISATION_HELP)
        super().__init__(**kwargs)


class CasusRegistratieSerializer(serializers.Serializer):
    """Registering a case (``services.casussen.casus_register``)."""

    organisatie = OrganisatieField(
        required=False,
        help_text=ORGANISATION_HELP + " Alleen nodig als u voor meer dan één organisatie in "
        "de reeks zit.",
    )
    reden = RedenField(choices=Reden.choices)
    situatie = serializers.CharField(max_length=TEXT_REQUEST)
    levensdomeinen = serializers.ListField(
        child=LevensdomeinField(choices=LifeDomain.choices), max_length=len(LifeDomain.choices)
    )
    geprobeerd = serializers.CharField(max_length=TEXT_REQUEST)
    vraag = serializers.CharField(max_length=TEXT_REMARK)
    leeftijdsgroep = LeeftijdsgroepField(choices=Leeftijdsgroep.choices)
    gemeente = serializers.SlugRelatedField(
        slug_field="cbs_code",
        queryset=Gemeente.objects.all(),
        help_text="De woongemeente (CBS-code, zoals GM0106); niets fijners.",
    )
    betrokkenheid = BetrokkenheidField(
        choices=Betrokkenheid.choices,
        help_text="Zonder dat de persoon meedeed of toestemming gaf wordt niets aangemeld "
        "(R-DOC-3).",
    )
    overleg = serializers.IntegerField(
        required=False,
        min_value=1,
        max_value=BIGINT_MAX,
        help_text="Een komend overleg van de reeks; leeg: het eerstvolgende.",
    )


class CasusUitkomstInputSerializer(serializers.Serializer):
    overleg = serializers.IntegerField(min_value=1, max_value=BIGINT_MAX)
    oplossing = serializers.CharField(max_length=TEXT_REQUEST)
    volgende_stap = serializers.CharField(max_length=TEXT_REMARK)
    eigenaar = OrganisatieField(
        help_text="De organisatie die de casus oppakt: "
        + ORGANISATION_HELP[0].lower()
        + ORGANISATION_HELP[1:]
    )
    datum = serializers.DateField(help_text="Uiterlijk op.")


class SignaalInputSerializer(serializers.Serializer):
    organisatie = OrganisatieField(
        required=False,
        help_text=ORGANISATION_HELP + " Alleen nodig als u voor meer dan één organisatie in "
        "de reeks zit.",
    )
    categorie = SignaalCategorieField(choices=SignaalCategorie.choices)
    gemeenten = serializers.SlugRelatedField(
        slug_field="cbs_code",
        queryset=Gemeente.objects.all(),
        many=True,
        help_text="De gemeenten waar het knelpunt speelt (CBS-codes).",
    )
    toelichting = serializers.CharField(max_length=TEXT_REMARK)

    def validate_gemeenten(self, value):
        if len(value) > 100:
            raise serializers.ValidationError(_("Hooguit 100 gemeenten."))
        return value


# Signals -------------------------------------------------------------------------------------
class SignaalSerializer(serializers.ModelSerializer):
    """A signal as the network's coordinators, policy partners and series' members read it:
    never a text of its case (R-PR-2)."""

    netwerk = serializers.CharField(source="network.slug", read_only=True)
    categorie = SignaalCategorieField(
        source="category", choices=SignaalCategorie.choices, read_only=True
    )
    gemeenten = serializers.SerializerMethodField()
    toelichting = serializers.CharField(source="description", read_only=True)
    maand = serializers.SerializerMethodField(help_text="De maand van melden, als JJJJ-MM.")
    casus_code = serializers.CharField(read_only=True)
    ontbrekend_aanbod = serializers.IntegerField(
        source="ontbrekend_aanbod_id",
        read_only=True,
        allow_null=True,
        help_text="Het ontbrekend aanbod van de sociale kaart waaraan het signaal gekoppeld is.",
    )

    class Meta:
        model = Signaal
        fields = [
            "id",
            "netwerk",
            "categorie",
            "gemeenten",
            "toelichting",
            "maand",
            "casus_code",
            "ontbrekend_aanbod",
        ]
        read_only_fields = fields

    @extend_schema_field(CasusGemeenteSerializer(many=True))
    def get_gemeenten(self, signaal):
        gemeenten = sorted(signaal.gemeenten.all(), key=lambda g: g.cbs_code)
        return CasusGemeenteSerializer(gemeenten, many=True).data

    def get_maand(self, signaal) -> str:
        return timezone.localtime(signaal.created_at).strftime("%Y-%m")


class SignaalFilterSerializer(serializers.Serializer):
    network = serializers.SlugField(
        required=False, max_length=50, help_text="Korte naam van het netwerk; leeg: alle."
    )
    van = serializers.DateField(required=False, help_text="Gemeld op of na deze dag.")
    tot = serializers.DateField(required=False, help_text="Gemeld op of vóór deze dag.")

    def validate(self, attrs):
        if "van" in attrs and "tot" in attrs and attrs["tot"] < attrs["van"]:
            raise serializers.ValidationError({"tot": [_("'tot' ligt vóór 'van'.")]})
        return attrs
