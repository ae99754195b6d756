"""Retention: a closed case is removed once the retention term of the network's AVG
agreement has passed since it was closed (R-DOC-1, R-PR-2). Its signals stay (they keep
the case code), and the count of removed cases stays in ``CasusTelling`` so the figures
per period do not change. Run nightly by beat (``tasks.purge_closed_cases``); idempotent.

The minutes (PDF) of a meeting that held a removed case go too: they quote its question and
outcome. They can be made again from what stays (``services.notulen``).

The term is that of the agreement in force (or, when none is, the last one recorded); a
network that never recorded one has no cases."""

from datetime import datetime

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from dateutil.relativedelta import relativedelta

from casusoverleg.constants import CasusStatus
from casusoverleg.models import Casus, CasusTelling, CasusUitkomst, NotulenJob, Verwerkingsafspraak
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
    overleg_ids: set[int] = set()
    for casus in due.only("pk", "reeks_id", "overleg_id", "registered_at", "closed_at", "reden"):
        overleg_ids.add(casus.overleg_id)
        overleg_ids.update(
            CasusUitkomst.objects.filter(casus_id=casus.pk).values_list("overleg_id", flat=True)
        )
        telling, _created = CasusTelling.objects.get_or_create(
            reeks_id=casus.reeks_id,
            registered_month=_month(casus.registered_at),
            closed_month=_month(casus.closed_at),
            reden=casus.reden,
        )
        CasusTelling.objects.filter(pk=telling.pk).update(aantal=F("aantal") + 1)
        casus.delete()  # outcomes go with it; signals keep their code (SET_NULL)
        removed += 1
    if overleg_ids:
        _notulen_remove(overleg_ids)
    return removed


def _notulen_remove(overleg_ids) -> None:
    """Remove the minutes of these meetings: their rows now, their files once committed."""
    jobs = NotulenJob.objects.filter(overleg_id__in=overleg_ids)
    names = [name for name in jobs.values_list("file", flat=True) if name]
    jobs.delete()
    if names:
        storage = NotulenJob._meta.get_field("file").storage

        def delete_files():
            for name in names:
                storage.delete(name)

        transaction.on_commit(delete_files)


def casussen_purge(*, now: datetime | None = None) -> int:
    from networks.models import Network

    removed = 0
    for network in Network.objects.filter(casusreeksen__isnull=False).distinct():
        removed += casussen_purge_network(network, now=now)
    return removed
