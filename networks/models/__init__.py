"""Every model of the networks app (Django finds them here)."""

from .area import Gemeente, Region
from .bord import BordRapport, Doel, DoelKind
from .network import LeidendPrincipe, Network, Partnership
from .organisation import Organisation
from .permissions import (
    NetworkGroupObjectPermission,
    NetworkUserObjectPermission,
    OrganisationGroupObjectPermission,
    OrganisationUserObjectPermission,
)
from .professional import Professional

__all__ = [
    "BordRapport",
    "Doel",
    "DoelKind",
    "Gemeente",
    "LeidendPrincipe",
    "Network",
    "NetworkGroupObjectPermission",
    "NetworkUserObjectPermission",
    "Organisation",
    "OrganisationGroupObjectPermission",
    "OrganisationUserObjectPermission",
    "Partnership",
    "Professional",
    "Region",
]
