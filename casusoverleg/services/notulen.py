"""The minutes of a casusoverleg meeting as a PDF (R-DOC-4): ``notulen_request`` stores the
job and sends the Celery task after the commit; ``notulen_render`` is what the task calls
(``mgn.jobs``' runner: once, idempotent, with its SHA-256).

The minutes hold the meeting's series, date and attendees (professionals with their
organisation and whether they were present), the cases on its agenda or given an outcome in
it — by case code with the reason, age band, gemeente and the question to the meeting —
with what the members agreed (solution, next step, the organisation that takes the case
and by when), and the signals raised from those cases. There is no person in them: a case
is its code, an age band and a gemeente (R-DOC-2).

The content depends on the meeting's records only, never on "now", so rendering the same
records again writes the same bytes. Who may ask for the minutes is the view's check: the
active members of the series only, since the minutes hold case texts (R-PR-2).
"""

import logging
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Prefetch, Q
from django.utils import timezone, translation

from casusoverleg.models import (
    Casus,
    CasusAanwezigheid,
    CasusOverleg,
    CasusUitkomst,
    NotulenJob,
    Signaal,
)
from mgn.jobs.outbox import enqueue_on_commit
from mgn.jobs.runner import job_run
from mgn.pdf import render_pdf
from networks.models import Gemeente

logger = logging.getLogger(__name__)

TEMPLATE = "pdf/casusoverleg_notulen.html"


@dataclass(frozen=True)
class NotulenCasus:
    casus: Casus
    uitkomst: CasusUitkomst | None  # what this meeting agreed for the case
    signalen: list[Signaal]


@dataclass(frozen=True)
class NotulenData:
    overleg: CasusOverleg
    attendance: list[CasusAanwezigheid]
    casussen: list[NotulenCasus]

    @property
    def filename(self) -> str:
        return notulen_filename(self.overleg)

    @property
    def signalen(self) -> list[Signaal]:
        return [s for row in self.casussen for s in row.signalen]


def notulen_filename(overleg: CasusOverleg) -> str:
    """The file's name: the series, the meeting's (local) date and the meeting's number."""
    day = timezone.localtime(overleg.starts_at)
    return f"notulen-casusoverleg-{overleg.reeks_id}-{day:%Y%m%d}-{overleg.pk}.pdf"


@transaction.atomic
def notulen_request(*, overleg: CasusOverleg, user) -> NotulenJob:
    """Ask for the meeting's minutes; the PDF is made by ``tasks.render_notulen``."""
    from casusoverleg.tasks import render_notulen  # the task module imports this one

    job = NotulenJob.objects.create(overleg=overleg, requested_by=user)
    enqueue_on_commit(render_notulen, job.pk)
    return job


def notulen_data(overleg: CasusOverleg) -> NotulenData:
    """The meeting's records for its minutes, in a fixed order (by case code)."""
    attendance = list(
        overleg.aanwezigheid.select_related(
            "lid__organisation", "lid__professional", "lid__user"
        ).order_by("lid__domain", "lid__organisation__name", "pk")
    )
    cases = (
        Casus.objects.filter(Q(overleg=overleg) | Q(uitkomsten__overleg=overleg))
        .distinct()
        .select_related("gemeente", "organisation")
        .prefetch_related(
            Prefetch(
                "uitkomsten",
                queryset=CasusUitkomst.objects.filter(overleg=overleg).select_related("eigenaar"),
                to_attr="notulen_uitkomsten",
            ),
            Prefetch(
                "signalen",
                queryset=Signaal.objects.select_related("organisation")
                .prefetch_related(
                    Prefetch("gemeenten", queryset=Gemeente.objects.order_by("name", "pk"))
                )
                .order_by("created_at", "pk"),
                to_attr="notulen_signalen",
            ),
        )
        .order_by("code")
    )
    rows = [
        NotulenCasus(
            casus=casus,
            uitkomst=next(iter(casus.notulen_uitkomsten), None),
            signalen=list(casus.notulen_signalen),
        )
        for casus in cases
    ]
    return NotulenData(overleg, attendance, rows)


def notulen_render_pdf(data: NotulenData) -> bytes:
    with translation.override("nl"):
        return render_pdf(TEMPLATE, {"notulen": data, "overleg": data.overleg}).pdf


def _render(job: NotulenJob, progress) -> tuple[str, bytes]:
    data = notulen_data(job.overleg)
    progress(40)
    pdf = notulen_render_pdf(data)
    progress(80)
    return data.filename, pdf


def notulen_render(*, notulen_id: int) -> NotulenJob:
    """Render and store the minutes privately with their SHA-256; safe to call again."""
    job = NotulenJob.objects.select_related("overleg__reeks__network").get(pk=notulen_id)
    job = job_run(job, render=_render)
    logger.info("Notulen %s of casusoverleg %s rendered", job.pk, job.overleg_id)
    return job
