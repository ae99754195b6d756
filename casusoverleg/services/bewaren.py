"""Retention: a closed case is removed once the retention term of the network's AVG
agreement has passed since it was closed (R-DOC-1, R-PR-2). Its signals stay (they keep
the case code), and the count of removed cases stays in ``CasusTelling`` so the figures
per period do not change. Run nightly by beat (``tasks.purge_closed_cases``); idempotent.

The term is that of the agreement in force (or, when none is, the last one recorded); a
network that never recorded one has no cases."""

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from dateutil.relativedelta import relativedelta

from casusoverleg.constants import CasusStatus
from casusoverleg.models import Casus, CasusTelling, Verwerkingsafspraak
from casusoverleg.services.afspraak import current_afspraak


def _month(moment: datetime):
    return timezone.localtime(moment).date().replace(day=1)


def retention_months(network) -> int | None:
    afspraak = current_afspraak(network) or (
        Verwerkingsafspraak.objects.filter(network=network).order_by("-signed_on", "-pk").first()
    )
    return afspraak.retention_months if afspraak is not None else None


@transaction.atomic
def casussen_purge_network(network, *, now: datetime | None = None) -> int:
    months = retention_months(network)
    if months is None:
        return 0
    now = now or timezone.now()
    due = Casus.objects.select_for_update().filter(
        reeks__network=network,
        status=CasusStatus.GESLOTEN,
        closed_at__lt=now - relativedelta(months=months),
    )
    removed = 0
    for casus in due.only("pk", "reeks_id", "registered_at", "closed_at", "reden"):
        telling, _created = CasusTelling.objects.get_or_create(
            reeks_id=casus.reeks_id,
            registered_month=_month(casus.registered_at),
            closed_month=_month(casus.closed_at),
            reden=casus.reden,
        )
        CasusTelling.objects.filter(pk=telling.pk).update(aantal=F("aantal") + 1)
        casus.delete()  # outcomes go with it; signals keep their code (SET_NULL)
        removed += 1
    return removed


def casussen_purge(*, now: datetime | None = None) -> int:
    from networks.models import Network

    removed = 0
    for network in Network.objects.filter(casusreeksen__isnull=False).distinct():
        removed += casussen_purge_network(network, now=now)
    return removed
