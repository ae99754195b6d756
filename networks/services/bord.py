"""Writes of the indicator board: the network's targets and its quarterly PDF.

- ``doel_save`` / ``doel_delete``: a coordinator keeps the network's targets (the view
  checks who); a target names an indicator of a function the network offers.
- ``bordrapport_request``: the board of a network and quarter as a PDF, through ``mgn.jobs``
  (queue "pdf"); one row per network and quarter, made again on request.
- ``quarterly_reports_make``: the beat task's work: every network's previous quarter, once.
"""

import logging
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from mgn import indicators
from mgn.indicators import Period
from mgn.jobs.constants import JobStatus
from mgn.jobs.outbox import enqueue_on_commit
from mgn.jobs.runner import job_reset, job_run
from mgn.pdf import render_pdf
from networks.models import BordRapport, Doel, Network
from networks.selectors.bord import board_build, last_complete_quarter

logger = logging.getLogger(__name__)

TEMPLATE = "pdf/networks_indicatorbord.html"


# Targets ---------------------------------------------------------------------------------
@transaction.atomic
def doel_save(
    *,
    network: Network,
    indicator_key: str,
    kind: str,
    value,
    baseline_year: int | None = None,
    note: str = "",
    doel: Doel | None = None,
) -> Doel:
    """Create (``doel`` None) or change a target; ``ValidationError`` when it does not hold."""
    offered = {i.key for p in indicators.providers_for(network) for i in p.indicators}
    if indicator_key not in offered:
        raise ValidationError(
            {
                "indicator_key": _("Dit netwerk heeft geen indicator %(key)s.")
                % {"key": indicator_key}
            }
        )
    doel = doel or Doel(network=network)
    if doel.network_id != network.pk:
        raise ValidationError(_("Dit doel hoort bij een ander netwerk."))
    doel.indicator_key = indicator_key
    doel.kind = kind
    doel.value = value
    doel.baseline_year = baseline_year
    doel.note = note
    doel.full_clean()
    doel.save()
    return doel


@transaction.atomic
def doel_delete(*, doel: Doel) -> None:
    doel.delete()


# The PDF ---------------------------------------------------------------------------------
def bordrapport_filename(rapport: BordRapport) -> str:
    return f"indicatorbord-{rapport.network.slug}-{rapport.period}.pdf"


@transaction.atomic
def bordrapport_request(*, network: Network, period: Period, user=None) -> BordRapport:
    """Ask for the board of the quarter as a PDF; made by ``networks.tasks.render_bordrapport``.
    The row of the network and quarter is reused: made again unless it is being made."""
    from networks.tasks import render_bordrapport  # the task module imports this one

    rapport, created = BordRapport.objects.select_for_update().get_or_create(
        network=network, period=period.key, defaults={"requested_by": user}
    )
    if not created:
        if rapport.is_active and not rapport.is_stale:
            return rapport
        rapport.requested_by = user
        rapport.save(update_fields=["requested_by"])
        job_reset(rapport)
    enqueue_on_commit(render_bordrapport, rapport.pk)
    return rapport


def _render(rapport: BordRapport, progress) -> tuple[str, bytes]:
    period = indicators.period_from_key(rapport.period)
    board = board_build(rapport.network, period)
    progress(40)
    with translation.override("nl"):
        pdf = render_pdf(TEMPLATE, {"board": board, "network": rapport.network}).pdf
    progress(80)
    return bordrapport_filename(rapport), pdf


def bordrapport_render(*, rapport_id: int) -> BordRapport:
    """Render and store the PDF privately with its SHA-256; safe to call again."""
    rapport = BordRapport.objects.select_related("network").get(pk=rapport_id)
    rapport = job_run(rapport, render=_render)
    logger.info("Indicatorbord %s of network %s rendered", rapport.pk, rapport.network_id)
    return rapport


def quarterly_reports_make(*, today: date | None = None) -> int:
    """Every network's board of the previous quarter as a PDF, once: a network and quarter
    that has its row already is left alone (idempotent, keyed by network and quarter).
    Returns how many were asked for."""
    from networks.tasks import render_bordrapport

    period = last_complete_quarter(today)
    done = set(BordRapport.objects.filter(period=period.key).values_list("network_id", flat=True))
    made = 0
    for network_id in Network.objects.exclude(pk__in=done).values_list("pk", flat=True):
        try:
            with transaction.atomic():
                rapport = BordRapport.objects.create(
                    network_id=network_id, period=period.key, status=JobStatus.WACHTRIJ
                )
                enqueue_on_commit(render_bordrapport, rapport.pk)
        except IntegrityError:  # made meanwhile by a person or another run
            continue
        made += 1
    return made
