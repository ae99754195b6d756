"""R-BK-4: insurer exports — CSV (streamed), XLSX (Celery task), marking, re-download."""

from datetime import date

import pytest

from bekostiging import exports, services
from bekostiging.constants import RegelStatus, Soort
from bekostiging.models import Declaratieregel

pytestmark = pytest.mark.django_db

TODAY = date.today()


def make_lines(bk, *, insurer=None, n=1, status=RegelStatus.KLAAR, **overrides):
    """n VG lines to ``insurer`` (default Verzekeraar Noord), copied from one generated
    line with another BSN each: quick in bulk and real in every column. Copies share the
    template's conversation, so they are saved as ``credited`` (one live line per
    conversation); the exports do not look at that flag."""
    insurer = insurer or bk.insurer
    bk.held_vg(insurer=insurer)
    services.declaraties_genereren(network=bk.network)
    template = Declaratieregel.objects.filter(insurer=insurer, soort=Soort.VG).latest("pk")
    skip = {"id"}
    base = {
        f.attname: getattr(template, f.attname)
        for f in Declaratieregel._meta.concrete_fields
        if f.attname not in skip
    }
    lines = [
        Declaratieregel(
            **{**base, "bsn": f"9999{i:05d}", "status": status, "credited": True, **overrides}
        )
        for i in range(n)
    ]
    Declaratieregel.objects.bulk_create(lines)
    Declaratieregel.objects.filter(pk=template.pk).update(status=status)
    return Declaratieregel.objects.filter(insurer=insurer).order_by("pk")


def test_csv_paths_give_the_same_bytes(bk_cast):
    make_lines(bk_cast, n=5)
    make_lines(bk_cast, n=2, policy_number="=HYPERLINK(1);x", prestatiecode='a"b')
    export = exports.export_create(
        user=bk_cast.insurer_user,
        network=bk_cast.network,
        insurer=bk_cast.insurer,
        period_start=date(2025, 1, 1),
        period_end=TODAY,
        statuses=["klaar"],
        format="csv",
    )
    copy = b"".join(exports.stream_csv(export, use_copy=True))
    python = b"".join(exports.stream_csv(export, use_copy=False))
    print(copy.decode())
    assert copy == python
