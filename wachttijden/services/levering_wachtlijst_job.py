"""Large waiting lists off the request (R-WT-1): above ``WACHTLIJST_ASYNC_BYTES`` an upload
(the page's file or the API's body) becomes a ``WachtlijstJob``. The file is stored
privately (the default storage, never served) and a Celery task applies it with
``levering_wachtlijst.wachtlijst_upload``, the same all-or-nothing check and line report as
a small list, showing progress as it reads. Applying the list and finishing the job commit
in one transaction (``mgn.jobs.runner.job_consumed``), so a task delivered twice, retried or
sent again by the sweeper applies the list once; the file is deleted once applied, and when
the job fails for good.
"""

import hashlib
import io
import json
import logging

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from mgn.jobs.outbox import enqueue_on_commit
from mgn.jobs.runner import Progress, job_consume, job_consumed
from wachttijden.constants import UploadSource
from wachttijden.models import Aanbod, WachtlijstJob
from wachttijden.services import levering_wachtlijst

logger = logging.getLogger(__name__)

READ_SHARE = 80  # progress while reading and checking; the rest is writing


def is_large(size: int) -> bool:
    """Whether an upload of ``size`` bytes goes to a background job."""
    return size > settings.WACHTLIJST_ASYNC_BYTES


@sensitive_variables("content")
def wachtlijst_job_request(
    *, aanbod: Aanbod, user, content: bytes, source: str = UploadSource.CSV, filename: str = ""
) -> WachtlijstJob:
    """Store the upload privately as a queued job and send its task after the commit.
    ``content`` is the file's bytes (a CSV) or, for the API's JSON, ``{"rows": [...]}``
    encoded as JSON."""
    from wachttijden.tasks import process_wachtlijst  # tasks import this module

    with transaction.atomic():
        job = WachtlijstJob(
            aanbod=aanbod,
            requested_by=user,
            source=source,
            filename=levering_wachtlijst.safe_filename(filename),
            size=len(content),
            checksum=hashlib.sha256(content).hexdigest(),
        )
        job.file.save("upload", ContentFile(content), save=False)
        job.save()
    enqueue_on_commit(process_wachtlijst, job_id=job.pk)
    logger.info(
        "Waiting list for aanbod %s queued as job %s (%d bytes)", aanbod.pk, job.pk, job.size
    )
    return job


class _CountingReader(io.RawIOBase):
    """A binary file that reports how far it has been read (for the job's progress)."""

    def __init__(self, handle, size: int, progress: Progress):
        self.handle, self.size, self.progress = handle, max(size, 1), progress
        self.read_bytes = 0
        self.shown = -1

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.handle.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.read_bytes += n
        percent = 5 + (READ_SHARE - 5) * self.read_bytes // self.size
        if percent > self.shown:
            self.shown = percent
            self.progress(percent)
        return n


@sensitive_variables("rows", "handle")
def _process(job: WachtlijstJob, progress: Progress) -> None:
    if job.upload_id is not None:  # applied by an earlier run that committed
        job_consumed(job)
        return

    def finish(upload) -> None:
        WachtlijstJob.objects.filter(pk=job.pk).update(upload=upload)
        job.upload = upload
        job_consumed(job)

    storage = job.file.storage
    with storage.open(job.file.name, "rb") as handle:
        if job.source == UploadSource.API:
            rows = json.load(handle)["rows"]
            progress(READ_SHARE // 2)
        else:
            rows = io.BufferedReader(_CountingReader(handle, job.size, progress))
        levering_wachtlijst.wachtlijst_upload(
            aanbod=job.aanbod,
            user=job.requested_by,
            rows=rows,
            source=job.source,
            filename=job.filename,
            today=timezone.localdate(job.created_at),
            finish=finish,
        )


def wachtlijst_job_process(*, job_id: int) -> WachtlijstJob:
    """Apply a queued waiting list once (``mgn.jobs.runner.job_consume``)."""
    job = WachtlijstJob.objects.select_related("aanbod__region", "requested_by").get(pk=job_id)
    return job_consume(job, process=_process)
