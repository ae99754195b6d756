from rest_framework import serializers

from networks.models import Network, Organisation, Partnership
from networks.selectors.netwerken import REGION_SEPARATOR


class OrganisationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = [
            "id",
            "name",
            "kind",
            "agb_code",
            "uzovi",
            "vrijgevestigd",
            "gemeente",
            "address",
            "email",
            "phone",
            "website",
        ]


class PartnershipSerializer(serializers.ModelSerializer):
    organisation = serializers.PrimaryKeyRelatedField(read_only=True)
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    roles = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Partnership
        fields = ["organisation", "organisation_name", "ring", "roles"]


class RegionCodesField(serializers.ListField):
    """The network's region codes, ordered by region name, from the ``region_list``
    annotation of ``network_list_for_user`` (no query per network)."""

    child = serializers.CharField()

    def get_attribute(self, instance):
        codes = instance.region_list
        return codes.split(REGION_SEPARATOR) if codes else []


class NetworkSerializer(serializers.ModelSerializer):
    regions = RegionCodesField(read_only=True)

    class Meta:
        model = Network
        fields = [
            "id",
            "slug",
            "name",
            "description",
            "regions",
            "regievoerder",
            "preferente_zorgverzekeraar",
            "offers_verkennend_gesprek",
            "offers_transfer",
            "offers_wachttijden",
            "offers_casusoverleg",
        ]


class NetworkDetailSerializer(NetworkSerializer):
    partnerships = PartnershipSerializer(many=True, read_only=True)

    class Meta(NetworkSerializer.Meta):
        fields = [*NetworkSerializer.Meta.fields, "partnerships"]
