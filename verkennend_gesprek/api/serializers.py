"""Serializers of the verkennend gesprek API: input parsed for the services, output per request."""

from django.core.exceptions import ObjectDoesNotExist
from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import RegexValidator
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    extend_schema_field,
)
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail

from mgn.jobs.constants import JobStatus
from mgn.validators import (
    TEXT_REQUEST,
    normalise_text,
    validate_bsn,
    validate_date_of_birth,
    validate_line,
    validate_name,
    validate_plain_text,
)
from networks.constants import LifeDomain, OrganisationKind
from networks.models import Gemeente, Network, Organisation
from verkennend_gesprek.constants import (
    AdviesStatus,
    Expertise,
    Mode,
    ParticipantRole,
    Status,
    Urgency,
)
from verkennend_gesprek.models import Advies, Gesprek, Persoon, VerkennendGesprek
from verkennend_gesprek.selectors.aanvraag import huisarts_for_request, offering_networks_for_user
from verkennend_gesprek.selectors.inzage import FIELD_AUDIENCE, inzage_for


# Input -------------------------------------------------------------------------------
@extend_schema_field(OpenApiTypes.STR)
class CodeField(serializers.SlugRelatedField):
    """A related object named by its code (CBS, UZOVI, slug); a plain string in the schema."""


class PersoonInputSerializer(serializers.Serializer):
    bsn = serializers.CharField(
        max_length=11, help_text="Burgerservicenummer: 9 cijfers die de elfproef doorstaan."
    )
    given_name = serializers.CharField(
        max_length=100, validators=[validate_name], help_text="Voornaam."
    )
    family_name_prefix = serializers.CharField(
        max_length=20,
        required=False,
        allow_blank=True,
        default="",
        validators=[validate_name],
        help_text="Tussenvoegsel.",
    )
    family_name = serializers.CharField(
        max_length=150, validators=[validate_name], help_text="Achternaam."
    )
    date_of_birth = serializers.DateField(
        validators=[validate_date_of_birth],
        help_text="Geboortedatum (JJJJ-MM-DD), niet vóór 1900-01-01.",
    )
    gemeente = CodeField(
        slug_field="cbs_code",
        queryset=Gemeente.objects.all(),
        help_text="CBS-code van de woongemeente, bijvoorbeeld GM0363.",
        error_messages={"does_not_exist": _("Onbekende CBS-gemeentecode {value}.")},
    )
    address = serializers.CharField(
        max_length=300,
        required=False,
        allow_blank=True,
        default="",
        validators=[validate_line],
        help_text="Adres.",
    )
    phone = serializers.CharField(
        max_length=30,
        required=False,
        allow_blank=True,
        default="",
        validators=[validate_line],
        help_text="Telefoon.",
    )
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    insurer_uzovi = CodeField(
        slug_field="uzovi",
        source="insurer",
        queryset=Organisation.objects.filter(kind=OrganisationKind.ZORGVERZEKERAAR),
        help_text="UZOVI-code (4 cijfers) van de zorgverzekeraar van de basisverzekering.",
        error_messages={"does_not_exist": _("Geen zorgverzekeraar met UZOVI-code {value}.")},
    )
    policy_number = serializers.CharField(
        max_length=30,
        validators=[validate_line],
        help_text="Polisnummer (nodig voor de declaratie).",
    )

    def validate_bsn(self, value: str) -> str:
        try:
            return validate_bsn(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages, code="invalid_bsn") from None

    def validate_given_name(self, value: str) -> str:
        return normalise_text(value)

    def validate_family_name_prefix(self, value: str) -> str:
        return normalise_text(value)

    def validate_family_name(self, value: str) -> str:
        return normalise_text(value)


class VerkennendGesprekCreateSerializer(serializers.Serializer):
    network = CodeField(
        slug_field="slug",
        queryset=Network.objects.none(),
        help_text="Korte naam (slug) van het netwerk.",
        error_messages={
            "does_not_exist": _(
                "Onbekend netwerk, u heeft er geen toegang toe, of het biedt geen verkennend "
                "gesprek aan."
            )
        },
    )
    huisarts_agb = serializers.CharField(
        validators=[RegexValidator(r"^[0-9]{8}$", _("Een AGB-code bestaat uit 8 cijfers."))],
        help_text="Persoonlijke AGB-code van de aanvragend huisarts.",
    )
    persoon = PersoonInputSerializer()
    hulpvraag = serializers.CharField(
        max_length=TEXT_REQUEST,
        validators=[validate_plain_text],
        help_text="De hulpvraag in de woorden van de persoon (hooguit 4000 tekens).",
    )
    psychische_klachten = serializers.BooleanField(
        help_text="De persoon heeft psychische klachten (R-VG-2)."
    )
    life_domains = serializers.ListField(
        child=serializers.ChoiceField(choices=LifeDomain.choices),
        help_text="Andere levensgebieden met problemen; minstens één (R-VG-2).",
    )
    expertise = serializers.ListField(
        child=serializers.ChoiceField(choices=Expertise.choices),
        required=False,
        default=list,
        help_text="Gewenste specifieke expertise (R-VG-1).",
    )
    naaste_komt = serializers.BooleanField(required=False, default=False)
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.REGULIER)
    consent = serializers.BooleanField(help_text="De persoon geeft toestemming.")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            self.fields["network"].queryset = offering_networks_for_user(request.user)

    def validate(self, attrs):
        huisarts = huisarts_for_request(
            self.context["request"].user,
            attrs["network"],
            attrs["huisarts_agb"],
            self.context["own_huisarts"],
        )
        if huisarts is None:
            raise serializers.ValidationError(
                {
                    "huisarts_agb": [
                        _(
                            "Geen actieve huisarts met deze AGB-code bij een praktijk in dit "
                            "netwerk waarvoor u mag aanvragen."
                        )
                    ]
                },
                code="unknown_huisarts",
            )
        attrs["huisarts"] = huisarts
        return attrs


# The service names fields by its own arguments; the API answers with its own field names.
PERSOON_FIELDS = {name: name for name in PersoonInputSerializer._declared_fields} | {
    "insurer": "insurer_uzovi"
}
TOP_LEVEL_FIELDS = {"huisarts": "huisarts_agb"}


def api_errors(error: DjangoValidationError) -> dict:
    """A service's ValidationError as the API's nested field errors, codes kept."""
    if not hasattr(error, "error_dict"):
        return {"non_field_errors": _details(error.error_list)}
    out: dict = {}
    for field, errors in error.error_dict.items():
        details = _details(errors)
        if field in PERSOON_FIELDS:
            out.setdefault("persoon", {})[PERSOON_FIELDS[field]] = details
        elif field == "__all__":
            out["non_field_errors"] = details
        else:
            out[TOP_LEVEL_FIELDS.get(field, field)] = details
    return out


def _details(errors) -> list[ErrorDetail]:
    return [
        ErrorDetail(message, code=error.code or "invalid")
        for error in errors
        for message in error.messages
    ]


# Output ------------------------------------------------------------------------------
class GemeenteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Gemeente
        fields = ["cbs_code", "name"]


class PracticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["id", "name", "agb_code"]


class PersoonSerializer(serializers.ModelSerializer):
    # What the caller sees of the person (R-PR-2, selectors/inzage.py): name, age and
    # gemeente for every caller who sees the request; the date of birth for the requesting
    # practice, the planners and the declaring organisation; the BSN for those only when
    # one request is asked for. VerkennendGesprekSerializer leaves out what is not visible.

    bsn = serializers.CharField(
        required=False,
        help_text="Alleen bij het opvragen van één aanvraag, en alleen voor de aanvragende "
        "praktijk, de planners en de declarerende ggz-organisatie.",
    )
    date_of_birth = serializers.DateField(
        required=False,
        help_text="Alleen voor de aanvragende praktijk, de planners en de declarerende "
        "ggz-organisatie; andere deelnemers zien de leeftijd.",
    )
    age = serializers.SerializerMethodField(help_text="Leeftijd in jaren, vandaag.")
    gemeente = GemeenteSerializer()

    class Meta:
        model = Persoon
        fields = [
            "bsn",
            "given_name",
            "family_name_prefix",
            "family_name",
            "date_of_birth",
            "age",
            "gemeente",
        ]

    def get_age(self, persoon: Persoon) -> int:
        return persoon.age_on(timezone.localdate())


class ParticipantSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=ParticipantRole.choices)
    present = serializers.BooleanField(allow_null=True, help_text="Leeg zolang niet vastgelegd.")


class GesprekSerializer(serializers.ModelSerializer):
    mode = serializers.ChoiceField(choices=Mode.choices)
    participants = ParticipantSerializer(source="deelnemers", many=True)

    class Meta:
        model = Gesprek
        fields = ["number", "starts_at", "duration_minutes", "mode", "held", "participants"]


class AdviesSummarySerializer(serializers.Serializer):
    version = serializers.IntegerField()
    status = serializers.ChoiceField(choices=AdviesStatus.choices)
    finalised_at = serializers.DateTimeField(allow_null=True)


class LetterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=JobStatus.choices)
    download_url = serializers.URLField(
        allow_null=True,
        help_text="Ingelogd downloaden zodra de brief klaar is; leeg voor wie het BSN niet "
        "ziet (R-PR-2).",
    )


class VerkennendGesprekSerializer(serializers.ModelSerializer):
    # One request. A list shows the same fields except the BSN and the hulpvraag (one
    # component for both, so the schema's enums keep one name each).

    reference = serializers.CharField(help_text="Kenmerk, bijvoorbeeld VG-000123.")
    network = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    status = serializers.ChoiceField(choices=Status.choices)
    urgency = serializers.ChoiceField(choices=Urgency.choices)
    practice = PracticeSerializer()
    persoon = PersoonSerializer()
    life_domains = serializers.ListField(child=serializers.ChoiceField(choices=LifeDomain.choices))
    expertise = serializers.ListField(child=serializers.ChoiceField(choices=Expertise.choices))
    hulpvraag = serializers.CharField(
        required=False, help_text="Alleen bij het opvragen van één aanvraag."
    )
    gesprekken = GesprekSerializer(many=True)
    advies = serializers.SerializerMethodField()
    letter = serializers.SerializerMethodField()

    class Meta:
        model = VerkennendGesprek
        fields = [
            "id",
            "reference",
            "status",
            "requested_at",
            "network",
            "practice",
            "huisarts_agb",
            "persoon",
            "hulpvraag",
            "life_domains",
            "expertise",
            "urgency",
            "naaste_komt",
            "gesprekken",
            "advies",
            "letter",
            "followup_started_on",
            "ggz_takeover_on",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not self.context.get("detail"):
            data.pop("hulpvraag")
            data["persoon"].pop("bsn")
        # R-PR-2: only the person's fields this caller sees (selectors/inzage.py).
        visible = self._inzage(instance).fields(instance)
        for name in list(data["persoon"]):
            if name in FIELD_AUDIENCE and name not in visible:
                data["persoon"].pop(name)
        return data

    def _inzage(self, vg: VerkennendGesprek):
        """The policy's answer for the caller (the list view reads it once per page)."""
        inzage = self.context.get("inzage")
        if inzage is None:
            inzage = self.context["inzage"] = inzage_for(self.context["request"].user, [vg])
        return inzage

    @staticmethod
    def _advies(vg: VerkennendGesprek) -> Advies | None:
        """The definitive advies, else the newest version (adviezen are prefetched)."""
        adviezen = list(vg.adviezen.all())
        definitief = [a for a in adviezen if a.status == AdviesStatus.DEFINITIEF]
        return (definitief or sorted(adviezen, key=lambda a: -a.version) or [None])[0]

    @extend_schema_field(AdviesSummarySerializer(allow_null=True))
    def get_advies(self, vg: VerkennendGesprek):
        advies = self._advies(vg)
        return None if advies is None else AdviesSummarySerializer(advies).data

    @extend_schema_field(LetterSerializer(allow_null=True))
    def get_letter(self, vg: VerkennendGesprek):
        advies = self._advies(vg)
        if advies is None or advies.status != AdviesStatus.DEFINITIEF:
            return None
        try:
            brief = advies.brief
        except ObjectDoesNotExist:
            return None
        url = None
        # R-PR-2: the letter prints the BSN; only who sees it gets the link.
        if brief.status == JobStatus.KLAAR and self._inzage(vg).identifying(vg):
            path = reverse("verkennend_gesprek:brief_download", args=[vg.pk])
            request = self.context.get("request")
            url = request.build_absolute_uri(path) if request is not None else path
        return {"status": brief.status, "download_url": url}
