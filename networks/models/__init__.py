"""Every model of the networks app (Django finds them here)."""

from .area import Gemeente, Region
from .bord import BordRapport, Doel, DoelKind, IndicatorStand
from .network import LeidendPrincipe, Network, Partnership
from .organisation import Organisation
from .permissions import (
    NetworkGroupObjectPermission,
    NetworkUserObjectPermission,
    OrganisationGroupObjectPermission,
    OrganisationUserObjectPermission,
)
from .plan import (
    Aandachtspunt,
    Besluit,
    Instemming,
    PlanBeoordelaar,
    PlanVersie,
    Transformatiemiddel,
    Transformatieplan,
)
from .professional import Professional

__all__ = [
    "Aandachtspunt",
    "Besluit",
    "Instemming",
    "PlanBeoordelaar",
    "PlanVersie",
    "Transformatiemiddel",
    "Transformatieplan",
    "BordRapport",
    "Doel",
    "DoelKind",
    "IndicatorStand",
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
