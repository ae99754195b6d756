"""The meeting report as a PDF (R-TR-7, R-TR-5): ``verslag_request`` stores the job and sends
the Celery task after the commit; ``verslag_render`` is what the task calls (``mgn.jobs``'
runner: once, idempotent, with its SHA-256). The report holds the meeting's date, its
attendees (professionals), agenda and minutes, its proposals with status and weeks saved,
and the outcome counts: never a person (R-TR-2).

The content depends on the meeting's records only, never on "now", so rendering the same
records again writes the same bytes. Who may ask for it is the view's check (whoever reads
the meeting, ``selectors.tafels.overleg_get_for_user``).
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone, translation

from mgn.jobs.outbox import enqueue_on_commit
from mgn.jobs.runner import job_run
from mgn.pdf import render_pdf
from transfer.models import Aanwezigheid, TafelOverleg, VerslagJob
from transfer.selectors.effect import Figures, VoorstelEffect, effect_for_overleg

logger = logging.getLogger(__name__)

TEMPLATE = "pdf/transfer_verslag.html"


@dataclass(frozen=True)
class VerslagData:
    overleg: TafelOverleg
    attendance: list[Aanwezigheid]
    voorstellen: list[VoorstelEffect]
    total: Figures

    @property
    def filename(self) -> str:
        return verslag_filename(self.overleg)


def verslag_filename(overleg: TafelOverleg) -> str:
    """The file's name: the table, the meeting's (local) date and the meeting's number."""
    day = timezone.localtime(overleg.starts_at)
    return f"verslag-transfertafel-{overleg.tafel_id}-{day:%Y%m%d}-{overleg.pk}.pdf"


@transaction.atomic
def verslag_request(*, overleg: TafelOverleg, user) -> VerslagJob:
    """Ask for the meeting's report; the PDF is made by ``tasks.render_verslag``."""
    from transfer.tasks import render_verslag  # the task module imports this one

    job = VerslagJob.objects.create(overleg=overleg, requested_by=user)
    enqueue_on_commit(render_verslag, job.pk)
    return job


def verslag_data(overleg: TafelOverleg) -> VerslagData:
    attendance = list(
        overleg.aanwezigheid.select_related("lid__organisation", "lid__professional", "lid__user")
    )
    voorstellen, total = effect_for_overleg(overleg)
    return VerslagData(overleg, attendance, voorstellen, total)


def verslag_render_pdf(data: VerslagData) -> bytes:
    with translation.override("nl"):
        return render_pdf(TEMPLATE, {"verslag": data, "overleg": data.overleg}).pdf


def _render(job: VerslagJob, progress) -> tuple[str, bytes]:
    data = verslag_data(job.overleg)
    progress(40)
    pdf = verslag_render_pdf(data)
    progress(80)
    return data.filename, pdf


def verslag_render(*, verslag_id: int) -> VerslagJob:
    """Render and store the report privately with its SHA-256; safe to call again."""
    job = VerslagJob.objects.select_related("overleg__tafel__network").get(pk=verslag_id)
    job = job_run(job, render=_render)
    logger.info("Verslag %s of overleg %s rendered", job.pk, job.overleg_id)
    return job
