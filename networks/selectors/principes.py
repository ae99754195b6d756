"""R-NW-5: a network's leidende principes and which of the five national ones they do not
yet address."""

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from networks.constants import NationalPrinciple
from networks.models import LeidendPrincipe, Network


def principes_for_network(network: Network) -> QuerySet[LeidendPrincipe]:
    return LeidendPrincipe.objects.filter(network=network).order_by("order", "pk")


def unaddressed_national_principles(
    network: Network, principes: list[LeidendPrincipe] | None = None
) -> list[NationalPrinciple]:
    """The national principles none of the network's own principles addresses, in the order
    of NationalPrinciple. Pass the principes already loaded to save the query."""
    if principes is None:
        principes = list(principes_for_network(network).only("national_principles"))
    addressed = {code for p in principes for code in (p.national_principles or [])}
    return [NationalPrinciple(code) for code in NationalPrinciple.values if code not in addressed]


def principe_get_for_network(network: Network, pk: int) -> LeidendPrincipe:
    """A principle of this network, or 404 (another network's principle is not found)."""
    principe = LeidendPrincipe.objects.filter(network=network, pk=pk).first()
    if principe is None:
        raise Http404(_("Leidend principe niet gevonden."))
    return principe
