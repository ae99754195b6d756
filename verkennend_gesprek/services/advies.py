"""The joint advies (R-VG-6): autosaved concept, finalisation, correction."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mgn.formats import weeks_words
from mgn.jobs.outbox import enqueue_on_commit
from verkennend_gesprek.constants import ROUTE_FIELDS, AdviesStatus, Status
from verkennend_gesprek.models import Advies, AdviesBrief, Afspraak, VerkennendGesprek
from wachttijden.models import Aanbod
from wachttijden.selectors.aanbod import aanbod_for_user, with_wait_weeks

ADVIES_FIELDS = (
    "summary",
    "overbrugging",
    "regie",
    "contact_point",
    "agreed_with_person",
    *ROUTE_FIELDS.values(),
)
AFSPRAAK_FIELDS = ("who", "what", "where", "when", "offer", "provider", "waiting_time")


def _linked_offers(*, vg: VerkennendGesprek, user, advies: Advies, rows: list[dict]) -> dict:
    """The offers (sociale kaart) the agreements link, by id: an active offer the user sees
    in the request's region, or one this concept already linked. Raises for any other."""
    wanted = {row["aanbod"] for row in rows if row.get("aanbod")}
    if not wanted:
        return {}
    kept = advies.afspraken.filter(aanbod__isnull=False).values("aanbod") if advies.pk else []
    visible = aanbod_for_user(user).filter(is_active=True, region__in=vg.network.regions.all())
    offers = {
        a.pk: a
        for a in with_wait_weeks(
            Aanbod.objects.filter(Q(pk__in=visible.values("pk")) | Q(pk__in=kept))
        )
        .filter(pk__in=wanted)
        .select_related("provider")
    }
    bad = [i for i, row in enumerate(rows, 1) if row.get("aanbod") and row["aanbod"] not in offers]
    if bad:
        raise ValidationError(
            {
                "afspraken": [
                    _("Afspraak %(n)s: dit aanbod staat niet op de sociale kaart van uw regio.")
                    % {"n": n}
                    for n in bad
                ]
            }
        )
    return offers


def _afspraak(*, advies: Advies, order: int, row: dict, offers: dict) -> Afspraak:
    """One agreement; a linked offer fills offer, provider and waiting time left empty."""
    texts = {k: (row.get(k) or "").strip() for k in AFSPRAAK_FIELDS}
    aanbod = offers.get(row.get("aanbod"))
    if aanbod is not None:
        texts["offer"] = texts["offer"] or aanbod.name[:200]
        texts["provider"] = texts["provider"] or aanbod.provider.name[:200]
        texts["waiting_time"] = texts["waiting_time"] or weeks_words(aanbod.wait_weeks)
    return Afspraak(advies=advies, order=order, aanbod=aanbod, **texts)


def _concept(vg: VerkennendGesprek) -> Advies | None:
    return vg.adviezen.filter(status=AdviesStatus.CONCEPT).first()


@transaction.atomic
def advies_save_draft(
    *, vg: VerkennendGesprek, user, data: dict, afspraken: list[dict] | None = None
) -> Advies:
    """Autosave: create or update the concept advies (R-VG-6). A definitive advies is
    locked; change it with advies_correct, which opens a new version."""
    vg = VerkennendGesprek.objects.select_for_update().get(pk=vg.pk)
    if not vg.gesprekken.filter(held=True).exists():
        raise ValidationError(_("Leg eerst vast wie aan het gesprek deelnam."))
    advies = _concept(vg)
    if advies is None:
        if vg.adviezen.filter(status=AdviesStatus.DEFINITIEF).exists():
            raise ValidationError(
                _("Het advies is definitief. Maak een correctie om het te wijzigen."), code="locked"
            )
        advies = Advies(verkennend_gesprek=vg, version=1)
    for name in ADVIES_FIELDS:
        if name in data:
            setattr(advies, name, data[name])
    if afspraken is not None:
        afspraken = [
            row
            for row in afspraken
            if row.get("aanbod") or any((row.get(k) or "").strip() for k in AFSPRAAK_FIELDS)
        ]
        offers = _linked_offers(vg=vg, user=user, advies=advies, rows=afspraken)
    advies.updated_by = user
    advies.save()
    if afspraken is not None:
        advies.afspraken.all().delete()
        Afspraak.objects.bulk_create(
            [
                _afspraak(advies=advies, order=i, row=row, offers=offers)
                for i, row in enumerate(afspraken)
            ]
        )
    return advies


@transaction.atomic
def advies_finalise(*, advies: Advies, user) -> Advies:
    """Lock the advies, replace an earlier version, and start the advice letter."""
    advies = Advies.objects.select_for_update().get(pk=advies.pk)
    if advies.status != AdviesStatus.CONCEPT:
        raise ValidationError(_("Dit advies is al definitief."), code="locked")
    errors = {}
    if not advies.summary.strip():
        errors["summary"] = [_("Vat het gesprek samen.")]
    if not advies.routes:
        errors["routes"] = [_("Kies minstens één vervolgroute (R-VG-8).")]
    afspraken = list(advies.afspraken.all())
    if not afspraken:
        errors["afspraken"] = [
            _("Leg minstens één concrete afspraak vast: wie doet wat, waar en wanneer.")
        ]
    for index, afspraak in enumerate(afspraken, start=1):
        if not afspraak.who or not afspraak.what:
            errors.setdefault("afspraken", []).append(
                _("Afspraak %(n)s: vul in wie wat doet.") % {"n": index}
            )
    if not advies.contact_point.strip():
        errors["contact_point"] = [_("Vermeld waar de persoon met vragen terecht kan.")]
    if not advies.agreed_with_person:
        errors["agreed_with_person"] = [
            _("Bespreek het advies met de persoon en vink aan dat die akkoord is.")
        ]
    if errors:
        raise ValidationError(errors)
    vg = advies.verkennend_gesprek
    vg.adviezen.filter(status=AdviesStatus.DEFINITIEF).update(status=AdviesStatus.VERVANGEN)
    advies.status = AdviesStatus.DEFINITIEF
    advies.finalised_at, advies.finalised_by = timezone.now(), user
    advies.save()
    if vg.status in (Status.GEPLAND, Status.GEHOUDEN):
        vg.status = Status.ADVIES
        vg.save(update_fields=["status"])
    brief = AdviesBrief.objects.create(advies=advies, requested_by=user)
    from verkennend_gesprek import tasks

    enqueue_on_commit(tasks.render_letter, brief.pk)
    return advies


@transaction.atomic
def advies_correct(*, advies: Advies, user, reason: str) -> Advies:
    """Open a new concept version from a definitive advies; the old one stays in history."""
    if advies.status != AdviesStatus.DEFINITIEF:
        raise ValidationError(_("Alleen een definitief advies kan worden gecorrigeerd."))
    if not reason.strip():
        raise ValidationError(
            {"correction_reason": [_("Vermeld waarom het advies wordt gecorrigeerd.")]}
        )
    vg = advies.verkennend_gesprek
    if _concept(vg):
        raise ValidationError(_("Er is al een correctie in bewerking."))
    new = Advies.objects.create(
        verkennend_gesprek=vg,
        version=advies.version + 1,
        correction_reason=reason.strip(),
        updated_by=user,
        **{name: getattr(advies, name) for name in ADVIES_FIELDS},
    )
    Afspraak.objects.bulk_create(
        [
            Afspraak(
                advies=new,
                order=a.order,
                aanbod_id=a.aanbod_id,
                **{k: getattr(a, k) for k in AFSPRAAK_FIELDS},
            )
            for a in advies.afspraken.all()
        ]
    )
    return new
