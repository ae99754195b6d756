"""The matcher of a transfer table (R-TR-1, R-TR-7): proposes moves of *groups* of waiting
persons from one offer to another with room and a shorter expected wait, from the anonymous
demand picture (``transfer.selectors.vraagbeeld``) alone. A pure function: no database, no
pseudonyms, the same picture always gives the same proposals.

A proposal reads "n persons of zorgvraagtype X waiting more than w weeks at offer A → offer B,
which has room for m in the coming k weeks and an expected wait of v weeks".

**Groups.** A ggz group is the persons of one zorgvraagtype at one ggz offer; a receiving
offer is another active ggz offer of the same category that treats that zorgvraagtype
(entries without a zorgvraagtype are never moved). An SD group is the persons of one
woongemeente at one SD offer; a receiving offer is another SD offer of the same category
that serves that gemeente (gemeenten do not take over each other's residents; entries whose
woongemeente the list does not give are never moved). Huisarts offers are not matched.
Only persons in a band from ``min_waiting_weeks`` on are taken (``WAIT_BANDS``); urgency is
counted in the picture but left to the table's judgement.

**Room and waits.** B's room is the sum of its published free places in the picture's
coming weeks; A's and B's expected waits are the picture's (the overview's prospective wait,
else the declared wait). An offer without an expected wait is never part of a proposal; B's
must be strictly shorter than A's.

**Allocation.** Every (group, B) pair is a candidate worth ``wait(A) − wait(B)`` weeks per
person; candidates are taken greedily from the largest gain down (ties: the group with the
longest waiters, then the ids, so the result is deterministic), each moving as many persons
as the group still has and B still has room for, the longest waiters first. A group's
persons and B's room are consumed as they go, so no person is proposed twice from one
group and no offer is booked beyond its room by several proposals. The proposals are then
ranked by total waiting weeks saved, n × (wait(A) − wait(B)) (R-TR-7).

A person on two lists may be in a group at each offer; the picture cannot tell (it keeps no
pseudonyms), and the holding providers find out when they ask the person (R-TR-3).

Each proposal carries the figures it was made from (waits and their sources, room, the
picture's date), so a proposal stored later keeps its weeks saved when the overview moves.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from transfer.selectors.vraagbeeld import BAND_BY_KEY, WAIT_BANDS, OfferCapacity, Vraagbeeld
from wachttijden.constants import AanbodDomain

BAND_ORDER = {band.key: index for index, band in enumerate(WAIT_BANDS)}


@dataclass(frozen=True)
class Proposal:
    """n persons of one group at offer A (``from_``) → offer B (``to_``)."""

    domain: str  # ggz or sd, A's and B's
    from_aanbod_id: int
    from_offer: str
    from_provider: str
    to_aanbod_id: int
    to_offer: str
    to_provider: str
    zorgvraagtype_id: int | None  # ggz: the group's, which B treats; SD: None
    gemeente_id: int | None  # SD: the persons' woongemeente, which B serves; ggz: None
    persons: int  # n
    waiting_more_than_weeks: int  # w: the lowest band the moved persons come from
    bands: tuple[tuple[str, int], ...]  # persons moved per band key, longest waiters first
    room: int  # m: B's free places left for this proposal when it was made
    capacity: int  # B's free places in the coming weeks, before any proposal
    weeks: int  # k
    wait_from_weeks: Decimal  # expected wait at A
    wait_from_source: str
    wait_to_weeks: Decimal  # v: expected wait at B
    wait_to_source: str
    picture_on: date
    weeks_saved: Decimal  # n × (wait at A − wait at B)


@dataclass
class _Group:
    offer: OfferCapacity
    zorgvraagtype_id: int | None
    gemeente_id: int | None
    left: dict[str, int]  # persons per band key, still to place

    @property
    def key(self) -> tuple:
        return (self.offer.aanbod_id, self.zorgvraagtype_id or 0, self.gemeente_id or 0)

    @property
    def longest_band(self) -> int:
        return max((BAND_ORDER[b] for b, n in self.left.items() if n), default=-1)


def _groups(picture: Vraagbeeld, min_waiting_weeks: int) -> list[_Group]:
    offers = {o.aanbod_id: o for o in picture.offers}
    bands = {b.key for b in WAIT_BANDS if b.after_weeks >= min_waiting_weeks}
    groups: dict[tuple, _Group] = {}
    for cell in picture.cells:
        offer = offers.get(cell.aanbod_id)
        if offer is None or offer.expected_wait_weeks is None or cell.band not in bands:
            continue
        if offer.domain == AanbodDomain.GGZ and cell.zorgvraagtype_id is not None:
            key = (offer.aanbod_id, cell.zorgvraagtype_id, None)
        elif offer.domain == AanbodDomain.SD and cell.gemeente_id is not None:
            key = (offer.aanbod_id, None, cell.gemeente_id)
        else:
            continue
        group = groups.get(key)
        if group is None:
            group = groups[key] = _Group(offer, key[1], key[2], defaultdict(int))
        group.left[cell.band] += cell.persons
    return list(groups.values())


def _fits(group: _Group, target: OfferCapacity) -> bool:
    """Whether ``target`` may receive the group (see the module docstring)."""
    origin = group.offer
    if (
        target.aanbod_id == origin.aanbod_id
        or target.domain != origin.domain
        or target.category != origin.category
        or target.expected_wait_weeks is None
        or target.expected_wait_weeks >= origin.expected_wait_weeks
        or target.free_places <= 0
    ):
        return False
    if origin.domain == AanbodDomain.GGZ:
        return group.zorgvraagtype_id in target.zorgvraagtype_ids
    return group.gemeente_id in target.gemeenten_served


def propose_transfers(picture: Vraagbeeld, *, min_waiting_weeks: int = 0) -> tuple[Proposal, ...]:
    """Group proposals for the picture, ranked by total waiting weeks saved (see the module
    docstring). ``min_waiting_weeks`` leaves out the bands below it (4: only those waiting
    longer than the Treeknorm's aanmelding)."""
    groups = _groups(picture, min_waiting_weeks)
    # Only offers of the group's own domain and category can fit: weigh those alone.
    receivers: dict[tuple[str, str], list[OfferCapacity]] = defaultdict(list)
    for target in picture.offers:
        if target.domain in (AanbodDomain.GGZ, AanbodDomain.SD):
            receivers[(target.domain, target.category)].append(target)
    candidates = [
        (group, target)
        for group in groups
        for target in receivers.get((group.offer.domain, group.offer.category), ())
        if _fits(group, target)
    ]
    longest = {id(group): group.longest_band for group in groups}
    candidates.sort(
        key=lambda pair: (
            -(pair[0].offer.expected_wait_weeks - pair[1].expected_wait_weeks),
            -longest[id(pair[0])],
            pair[0].key,
            pair[1].aanbod_id,
        )
    )
    room = {o.aanbod_id: o.free_places for o in picture.offers}
    proposals = []
    for group, target in candidates:
        n = min(sum(group.left.values()), room[target.aanbod_id])
        if n <= 0:
            continue
        moved = []
        wanted = n
        for band in reversed(WAIT_BANDS):  # the longest waiters first
            take = min(group.left.get(band.key, 0), wanted)
            if take:
                moved.append((band.key, take))
                group.left[band.key] -= take
                wanted -= take
        origin = group.offer
        gain = origin.expected_wait_weeks - target.expected_wait_weeks
        proposals.append(
            Proposal(
                domain=origin.domain,
                from_aanbod_id=origin.aanbod_id,
                from_offer=origin.label,
                from_provider=origin.provider,
                to_aanbod_id=target.aanbod_id,
                to_offer=target.label,
                to_provider=target.provider,
                zorgvraagtype_id=group.zorgvraagtype_id,
                gemeente_id=group.gemeente_id,
                persons=n,
                waiting_more_than_weeks=min(BAND_BY_KEY[key].after_weeks for key, _n in moved),
                bands=tuple(moved),
                room=room[target.aanbod_id],
                capacity=target.free_places,
                weeks=picture.weeks,
                wait_from_weeks=origin.expected_wait_weeks,
                wait_from_source=origin.expected_wait_source,
                wait_to_weeks=target.expected_wait_weeks,
                wait_to_source=target.expected_wait_source,
                picture_on=picture.on,
                weeks_saved=n * gain,
            )
        )
        room[target.aanbod_id] -= n
    proposals.sort(
        key=lambda p: (
            -p.weeks_saved,
            p.from_aanbod_id,
            p.zorgvraagtype_id or 0,
            p.gemeente_id or 0,
            p.to_aanbod_id,
        )
    )
    return tuple(proposals)


def transfer_refusal(
    picture: Vraagbeeld,
    *,
    from_aanbod_id: int,
    to_aanbod_id: int,
    zorgvraagtype_id: int | None,
    gemeente_id: int | None,
    persons: int,
    min_waiting_weeks: int = 0,
    booked: int = 0,
) -> str | None:
    """Why a proposal made by hand may not be made, in Dutch, or None: the matcher's own
    rules (``_groups`` and ``_fits``), with ``booked`` places of B already taken by other
    proposals of the meeting."""
    origin = picture.offer(from_aanbod_id)
    target = picture.offer(to_aanbod_id)
    if origin is None or target is None:
        return "Dit aanbod hoort niet bij het vraagbeeld van deze tafel."
    if origin.domain not in (AanbodDomain.GGZ, AanbodDomain.SD):
        return "Alleen ggz- en sociaal-domeinaanbod kan in een voorstel staan."
    if origin.domain == AanbodDomain.GGZ and zorgvraagtype_id is None:
        return "Kies het zorgvraagtype van de groep."
    if origin.domain == AanbodDomain.SD and gemeente_id is None:
        return "Kies de woongemeente van de groep."
    if origin.expected_wait_weeks is None:
        return "Het aanbod van herkomst heeft geen verwachte wachttijd."
    group = next(
        (
            g
            for g in _groups(picture, min_waiting_weeks)
            if g.key == (from_aanbod_id, zorgvraagtype_id or 0, gemeente_id or 0)
        ),
        None,
    )
    waiting = sum(group.left.values()) if group else 0
    if persons > waiting:
        return f"Bij het aanbod van herkomst wachten maar {waiting} personen van deze groep."
    if target.domain != origin.domain or target.category != origin.category:
        return "Het andere aanbod hoort niet bij hetzelfde domein en dezelfde categorie."
    if origin.domain == AanbodDomain.GGZ and zorgvraagtype_id not in target.zorgvraagtype_ids:
        return "Het andere aanbod behandelt dit zorgvraagtype niet."
    if origin.domain == AanbodDomain.SD and gemeente_id not in target.gemeenten_served:
        return "Het andere aanbod bedient de woongemeente van deze groep niet."
    if (
        target.expected_wait_weeks is None
        or target.expected_wait_weeks >= origin.expected_wait_weeks
    ):
        return "Het andere aanbod heeft geen kortere verwachte wachttijd."
    room = target.free_places - booked
    if persons > room:
        return f"Het andere aanbod heeft ruimte voor {max(room, 0)} personen in de komende weken."
    if not _fits(_Group(origin, zorgvraagtype_id, gemeente_id, {}), target):  # pragma: no cover
        return "Dit voorstel past niet bij de regels van de matcher."
    return None
