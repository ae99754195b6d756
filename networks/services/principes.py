"""R-NW-5: the network's coordinators record its own leidende principes, each addressing
one or more of the five national ones; they add, change, reorder and delete them."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from networks.constants import NationalPrinciple
from networks.models import LeidendPrincipe, Network


def _ordered(codes) -> list[str]:
    """The chosen codes in NationalPrinciple's order; unknown codes are kept for the
    model's validator to refuse."""
    codes = list(dict.fromkeys(codes))
    known = [c for c in NationalPrinciple.values if c in codes]
    return known + [c for c in codes if c not in NationalPrinciple.values]


def _save(principe: LeidendPrincipe) -> LeidendPrincipe:
    principe.full_clean(exclude=["network"])
    principe.save()
    return principe


@transaction.atomic
def principe_create(
    *, network: Network, title: str, text: str, national_principles
) -> LeidendPrincipe:
    """A new principle, placed last."""
    Network.objects.select_for_update().filter(pk=network.pk).first()
    last = LeidendPrincipe.objects.filter(network=network).aggregate(m=Max("order"))["m"]
    return _save(
        LeidendPrincipe(
            network=network,
            title=title.strip(),
            text=text.strip(),
            national_principles=_ordered(national_principles),
            order=0 if last is None else last + 1,
        )
    )


@transaction.atomic
def principe_update(
    *, principe: LeidendPrincipe, title: str, text: str, national_principles
) -> LeidendPrincipe:
    principe.title = title.strip()
    principe.text = text.strip()
    principe.national_principles = _ordered(national_principles)
    return _save(principe)


@transaction.atomic
def principe_delete(*, principe: LeidendPrincipe) -> None:
    principe.delete()


@transaction.atomic
def principe_move(*, principe: LeidendPrincipe, up: bool) -> None:
    """Swap the principle with its neighbour above (``up``) or below; the network's order is
    renumbered 0, 1, 2 … under a lock on the network."""
    Network.objects.select_for_update().filter(pk=principe.network_id).first()
    principes = list(LeidendPrincipe.objects.filter(network_id=principe.network_id))
    principes.sort(key=lambda p: (p.order, p.pk))
    index = next((i for i, p in enumerate(principes) if p.pk == principe.pk), None)
    if index is None:
        raise ValidationError("Het principe bestaat niet meer.")
    other = index - 1 if up else index + 1
    if 0 <= other < len(principes):
        principes[index], principes[other] = principes[other], principes[index]
    for order, p in enumerate(principes):
        p.order = order
    LeidendPrincipe.objects.bulk_update(principes, ["order"])
