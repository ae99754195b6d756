"""The person decides (R-TR-3); data moves only on handover (R-TR-2).

After the table accepted a proposal, the holding provider asks each person of the group in
its own environment and records the answer per entry (``uitkomst_vastleggen``): accepted,
declined (the person stays where they were, on the preferred list), or no answer. At most
the proposal's number of persons can accept: that is the room the receiving offer gave.

For an accepted person the holding provider confirms the warm handover
(``overdracht_bevestigen``): the platform records who handed over to whom, when and for which
proposal, marks the entry overgedragen at once (so no count sees the person twice) and
writes ``Event.TRANSFER`` to the access log twice, for the holding and for the receiving
provider, with the person's pseudonym; "wie zag mijn gegevens" finds both from the BSN. The
person's data itself never passes through the table: the providers hand over between them.

When the holding provider's next upload still lists a handed-over person (registered before
the handover), the entry stays overgedragen (``handed_over_pseudonyms``, the waiting-list
upload's hook).

Who may call these is the views' and API's check (``werklijst_get_for_provider_user``).
"""

from collections.abc import Iterable
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from mgn.audit.constants import Event, IdentifierType
from mgn.audit.services import PersonRef, log_access, log_access_identifiers
from mgn.validators import validate_bsn
from transfer.constants import Antwoord, VoorstelStatus
from transfer.models import Transfervoorstel, Uitkomst
from transfer.selectors.werklijst import accepted_count, entry_key, group_entries
from wachttijden.constants import EntryStatus
from wachttijden.models import Wachtplek
from wachttijden.services.pseudonym import pseudonymise

# A re-uploaded entry is kept overgedragen for handovers this recent (a person registering
# again after that is a new registration).
HANDOVER_MEMORY_DAYS = 365


def _person(entry: Wachtplek) -> PersonRef:
    return PersonRef(IdentifierType.PSEUDONYM, entry.pseudonym)


def log_entries_shown(request, entries, *, detail: str) -> None:
    """One READ per entry shown to its provider (worklist, handover page, steekproef;
    R-PR-1), with the pseudonym, in one statement; ``None`` entries are skipped."""
    entries = [e for e in entries if e is not None]
    log_access_identifiers(
        request,
        event=Event.READ,
        identifier_type=IdentifierType.PSEUDONYM,
        identifiers=[e.pseudonym for e in entries],
        object_type=Wachtplek._meta.label,
        object_ids=[e.pk for e in entries],
        detail=detail,
    )


@transaction.atomic
def uitkomst_vastleggen(
    *, voorstel: Transfervoorstel, wachtplek: Wachtplek, antwoord: str, user, request=None
) -> Uitkomst:
    """Record (or change) the person's answer for one entry of the group."""
    locked = Transfervoorstel.objects.select_for_update().filter(pk=voorstel.pk).first()
    if locked is None or locked.status != VoorstelStatus.AANVAARD:
        raise ValidationError("De tafel heeft dit voorstel niet aanvaard.")
    if antwoord not in (Antwoord.AANVAARD, Antwoord.AFGEWEZEN, Antwoord.GEEN_ANTWOORD):
        raise ValidationError({"antwoord": "Kies aanvaard, afgewezen of geen antwoord."})
    if not group_entries(voorstel).filter(pk=wachtplek.pk).exists():
        raise ValidationError("Deze wachtplek hoort niet (meer) bij de groep van dit voorstel.")
    key = entry_key(wachtplek.pseudonym)
    uitkomst = Uitkomst.objects.filter(voorstel=voorstel, entry_key=key).first()
    if uitkomst is not None and uitkomst.is_handed_over:
        raise ValidationError("Deze persoon is al overgedragen; het antwoord ligt vast.")
    if (
        antwoord == Antwoord.AANVAARD
        and accepted_count(voorstel, excluding=key) >= voorstel.persons
    ):
        raise ValidationError(
            {
                "antwoord": (
                    f"Er hebben al {voorstel.persons} personen aanvaard: meer is er bij "
                    f"{voorstel.to_aanbod} niet afgesproken."
                )
            }
        )
    now = timezone.now()
    if uitkomst is None:
        uitkomst = Uitkomst(voorstel=voorstel, provider_id=wachtplek.provider_id, entry_key=key)
    uitkomst.wachtplek = wachtplek
    uitkomst.registered_on = wachtplek.registered_on
    uitkomst.antwoord = antwoord
    uitkomst.answered_by = user
    uitkomst.answered_at = now
    uitkomst.save()
    log_access(
        request,
        user=user,
        event=Event.UPDATE,
        subject=_person(wachtplek),
        obj=uitkomst,
        detail=f"transfervoorstel {voorstel.pk}: antwoord {Antwoord(antwoord).label.lower()}",
    )
    return uitkomst


@transaction.atomic
def overdracht_bevestigen(*, uitkomst: Uitkomst, user, request=None) -> Uitkomst:
    """The holding provider confirms the warm handover of an accepted person (once)."""
    uitkomst = (
        Uitkomst.objects.select_for_update()
        .select_related(
            "voorstel__from_aanbod__provider", "voorstel__to_aanbod__provider", "voorstel__overleg"
        )
        .get(pk=uitkomst.pk)
    )
    if uitkomst.is_handed_over:
        raise ValidationError("Deze persoon is al overgedragen.")
    if uitkomst.antwoord != Antwoord.AANVAARD:
        raise ValidationError("Alleen een persoon die aanvaard heeft, wordt overgedragen.")
    voorstel = uitkomst.voorstel
    entry = (
        group_entries(voorstel)
        .select_for_update(of=("self",))
        .filter(pk=uitkomst.wachtplek_id)
        .first()
        if uitkomst.wachtplek_id
        else None
    )
    if entry is None:
        raise ValidationError(
            "Deze wachtplek staat niet meer wachtend op uw lijst; vraag het opnieuw na en "
            "leg het antwoord opnieuw vast."
        )
    now = timezone.now()
    uitkomst.handed_over_at = now
    uitkomst.handed_over_by = user
    uitkomst.save(update_fields=["handed_over_at", "handed_over_by"])
    Wachtplek.objects.filter(pk=entry.pk).update(status=EntryStatus.OVERGEDRAGEN)
    holding, receiving = voorstel.from_aanbod.provider, voorstel.to_aanbod.provider
    about = f"transfervoorstel {voorstel.pk}, overleg van {voorstel.overleg.starts_at:%Y-%m-%d}"
    # Once for each provider: the access log of each shows the handover (R-TR-2).
    for organisation, detail in (
        (holding, f"warm overgedragen door {holding} aan {receiving}"),
        (receiving, f"warm overgedragen aan {receiving} door {holding}"),
    ):
        log_access(
            request,
            user=user,
            event=Event.TRANSFER,
            subject=_person(entry),
            obj=uitkomst,
            detail=f"{detail} ({about})",
            organisation=str(organisation),
        )
    return uitkomst


class BsnNotInGroup(ValidationError):
    pass


@sensitive_variables("bsn", "compact")
def entry_by_bsn(*, voorstel: Transfervoorstel, bsn: str, user, request=None) -> Wachtplek:
    """The group's entry of the person with this BSN, found through the region's pseudonym;
    the BSN is not stored. The search is logged (with the pseudonym), found or not."""
    compact = validate_bsn(bsn)
    region_code = voorstel.from_aanbod.region.code
    pseudonym = pseudonymise(compact, region_code=region_code)
    entry = group_entries(voorstel).filter(pseudonym=pseudonym).first()
    log_access(
        request,
        user=user,
        event=Event.SEARCH,
        subject=PersonRef(IdentifierType.PSEUDONYM, pseudonym),
        obj=voorstel,
        detail=f"werklijst transfervoorstel {voorstel.pk}: {'gevonden' if entry else 'niet in de groep'}",
    )
    if entry is None:
        raise BsnNotInGroup(
            "Deze persoon staat niet wachtend in de groep van dit voorstel op uw lijst."
        )
    return entry


def handed_over_pseudonyms(aanbod_id: int, people: Iterable[tuple[str, date]]) -> set[str]:
    """Of an upload's (pseudonym, registration date) pairs for an offer, those handed over from
    it (registered before a handover of the last year): they stay overgedragen. The hook
    of ``settings.WACHTLIJST_HANDED_OVER``."""
    since = timezone.now() - timedelta(days=HANDOVER_MEMORY_DAYS)
    handed = {
        key: timezone.localdate(at)
        for key, at in Uitkomst.objects.filter(
            voorstel__from_aanbod_id=aanbod_id, handed_over_at__gte=since
        ).values_list("entry_key", "handed_over_at")
    }
    if not handed:
        return set()
    found = set()
    for pseudonym, registered_on in people:
        at = handed.get(entry_key(pseudonym))
        if at is not None and registered_on <= at:
            found.add(pseudonym)
    return found


__all__ = [
    "BsnNotInGroup",
    "entry_by_bsn",
    "handed_over_pseudonyms",
    "overdracht_bevestigen",
    "uitkomst_vastleggen",
]
