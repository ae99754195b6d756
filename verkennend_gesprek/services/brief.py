"""The advice letter (R-VG-6): from a definitive advies to a private PDF for the huisarts.

``brief_render`` is the service the Celery task calls. It is idempotent: a letter that is
ready and whose file still matches its checksum is left alone. The letter is dated on the
day the advies was made definitive, never "today", so a regenerated letter has the same
bytes and checksum. The template gets a presentation dataclass, not querysets.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime

from django.db.models import Prefetch
from django.utils import timezone, translation

from mgn.audit.constants import Event
from mgn.audit.services import log_access
from mgn.jobs.constants import RestartOutcome
from mgn.jobs.outbox import job_restart
from mgn.jobs.runner import job_run
from mgn.pdf import render_pdf
from verkennend_gesprek.constants import AdviesStatus, Mode, ParticipantRole
from verkennend_gesprek.models import AdviesBrief, Afspraak, Deelnemer, Gesprek

from . import notificaties

logger = logging.getLogger(__name__)

TEMPLATE = "pdf/adviesbrief.html"


@dataclass(frozen=True)
class BriefParticipant:
    name: str
    role: str
    organisation: str


@dataclass(frozen=True)
class BriefConversation:
    number: int
    starts_at: datetime
    duration_minutes: int
    mode: str
    participants: list[BriefParticipant]


@dataclass(frozen=True)
class BriefAgreement:
    who: str
    what: str
    where: str
    when: str
    offer: str
    provider: str
    waiting_time: str


@dataclass(frozen=True)
class BriefData:
    """Everything printed on the advice letter, already in words."""

    network_name: str
    regievoerder_name: str
    regievoerder_address: str
    regievoerder_phone: str
    regievoerder_email: str
    letter_date: date
    reference: str
    version: int
    correction_reason: str
    requested_on: date
    persoon_name: str
    persoon_date_of_birth: date
    persoon_bsn: str
    huisarts_name: str
    huisarts_agb: str
    practice_name: str
    practice_address: str
    hulpvraag: str
    conversations: list[BriefConversation]
    summary: str
    routes: list[str]
    agreements: list[BriefAgreement]
    overbrugging: str
    regie: str
    contact_point: str
    agreed_with_person: bool
    signatories: list[BriefParticipant]

    @property
    def filename(self) -> str:
        return f"adviesbrief-{self.reference}.pdf"


def _brief(brief_id: int) -> AdviesBrief:
    return AdviesBrief.objects.select_related(
        "advies__verkennend_gesprek__persoon",
        "advies__verkennend_gesprek__huisarts__user",
        "advies__verkennend_gesprek__practice",
        "advies__verkennend_gesprek__network__regievoerder",
    ).get(pk=brief_id)


def _participants(gesprek: Gesprek) -> list[BriefParticipant]:
    out = []
    for d in gesprek.deelnemers.all():
        if d.present is False:
            continue
        organisation = d.professional.organisation.name if d.professional_id else ""
        out.append(BriefParticipant(d.display_name, d.get_role_display(), organisation))
    return out


def _agreement(a: Afspraak) -> BriefAgreement:
    """An agreement in words. With an offer from the sociale kaart linked, the provider line
    also says how to reach it, so the huisarts and the person know where to turn."""
    provider = a.provider
    if a.aanbod is not None:
        provider = provider or a.aanbod.provider.name
        contact = a.aanbod.contact
        if contact and contact not in provider and contact not in a.where:
            provider = f"{provider} – contact: {contact}"
    return BriefAgreement(
        who=a.who,
        what=a.what,
        where=a.where,
        when=a.when,
        offer=a.offer or (a.aanbod.name if a.aanbod is not None else ""),
        provider=provider,
        waiting_time=a.waiting_time,
    )


def brief_data(brief: AdviesBrief) -> BriefData:
    """The presentation of one letter; reads the advies version the letter belongs to."""
    advies = brief.advies
    vg = advies.verkennend_gesprek
    network = vg.network
    regievoerder = network.regievoerder
    gesprekken = list(
        vg.gesprekken.filter(held=True)
        .order_by("number")
        .prefetch_related(
            Prefetch(
                "deelnemers",
                queryset=Deelnemer.objects.select_related("professional__organisation"),
            )
        )
    )
    conversations = [
        BriefConversation(
            number=g.number,
            starts_at=timezone.localtime(g.starts_at),
            duration_minutes=g.duration_minutes,
            mode=Mode(g.mode).label,
            participants=_participants(g),
        )
        for g in gesprekken
    ]
    signatories: list[BriefParticipant] = []
    for conversation in conversations:
        for p in conversation.participants:
            if p not in signatories and p.role != ParticipantRole.NAASTE.label:
                signatories.append(p)
    finalised = advies.finalised_at or advies.updated_at
    return BriefData(
        network_name=network.name,
        regievoerder_name=regievoerder.name,
        regievoerder_address=regievoerder.address,
        regievoerder_phone=regievoerder.phone,
        regievoerder_email=regievoerder.email,
        letter_date=timezone.localdate(finalised),
        reference=vg.reference,
        version=advies.version,
        correction_reason=advies.correction_reason,
        requested_on=timezone.localdate(vg.requested_at),
        persoon_name=vg.persoon.full_name,
        persoon_date_of_birth=vg.persoon.date_of_birth,
        persoon_bsn=vg.persoon.bsn,
        huisarts_name=vg.huisarts.name,
        huisarts_agb=vg.huisarts_agb,
        practice_name=vg.practice.name,
        practice_address=vg.practice.address,
        hulpvraag=vg.hulpvraag,
        conversations=conversations,
        summary=advies.summary,
        routes=[route.label for route in advies.routes],
        agreements=[_agreement(a) for a in advies.afspraken.select_related("aanbod__provider")],
        overbrugging=advies.overbrugging,
        regie=advies.regie,
        contact_point=advies.contact_point,
        agreed_with_person=advies.agreed_with_person,
        signatories=signatories,
    )


def brief_render_pdf(data: BriefData) -> bytes:
    with translation.override("nl"):
        return render_pdf(TEMPLATE, {"letter": data}).pdf


def _render(brief: AdviesBrief, progress) -> tuple[str, bytes]:
    """The runner's render step: the letter's data, then its PDF, named per advies version.

    The letter holds the person's name, date of birth and BSN: each render is logged as a
    print, with the user who asked for the letter as actor (R-PR-1)."""
    data = brief_data(brief)
    progress(40)
    pdf = brief_render_pdf(data)
    log_access(
        None,
        event=Event.PRINT,
        subject=brief.advies.verkennend_gesprek,
        obj=brief,
        detail=f"adviesbrief {data.reference} v{data.version} gemaakt (PDF)",
        user=brief.requested_by,
    )
    progress(80)
    return data.filename.replace(".pdf", f"-v{data.version}.pdf"), pdf


def brief_render(*, brief_id: int) -> AdviesBrief:
    """Render, store and announce the advice letter; safe to call again at any point (a
    letter that is ready and whose file still matches its checksum is left alone)."""
    brief = job_run(_brief(brief_id), render=_render)
    _notify(brief)
    return brief


def _notify(brief: AdviesBrief) -> None:
    # A letter of a version that was corrected meanwhile is not announced: its successor is.
    if brief.advies.status != AdviesStatus.VERVANGEN:
        notificaties.brief_ready_notify(brief)


def brief_restart(*, brief: AdviesBrief) -> RestartOutcome:
    """Start the letter again: a failed or finished one, or one that waits or is being made
    without a sign of life (its message or worker was lost). A letter that is queued or
    being made as it should is left alone; the outcome says which (rendering is
    idempotent either way)."""
    from verkennend_gesprek import tasks

    return job_restart(brief, task=tasks.render_letter)
