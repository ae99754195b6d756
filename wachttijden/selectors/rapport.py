"""Which waiting-time reports a user may open: those of the regions they coordinate."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from wachttijden.models import ReportJob
from wachttijden.selectors.regions import region_ids_for_user, regions_for_user


def report_get_for_user(user, pk: int) -> ReportJob:
    """The report, for a coordinator of its region; 403 for a non-coordinator, else 404."""
    if not regions_for_user(user, coordinate=True).exists():
        raise PermissionDenied
    job = (
        ReportJob.objects.select_related("region")
        .filter(pk=pk, region__in=region_ids_for_user(user, coordinate=True))
        .first()
    )
    if job is None:
        raise Http404(_("Rapport niet gevonden."))
    return job
