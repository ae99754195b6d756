"""What a provider's users see: the providers they act for (an explicit grant,
``networks.services.organisation_grant``), those providers' offers, and what they
delivered for them. Another provider's offer answers 404, so its existence is not revealed.
"""

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext as _

from networks.constants import FINANCIER_ONLY_KINDS, OrganisationKind
from networks.models import Organisation
from networks.selectors.organisaties import (
    acting_kinds_for_user,
    acting_organisation_ids_for_user,
    acts_for_executing_gemeente,
    executing_gemeente_ids,
)
from wachttijden.models import Aanbod, WachtlijstJob, WachtlijstUpload, Wachtplek, WachttijdOpgave


def provider_ids_for_user(user) -> QuerySet:
    """Care and support providers the user may act for (explicit grant). Insurers only
    finance and offer nothing; a gemeente offers (SD offers only) while it executes with its
    own staff, i.e. holds role U in a network (R-NW-1)."""
    return (
        Organisation.objects.filter(pk__in=acting_organisation_ids_for_user(user))
        .exclude(kind__in=FINANCIER_ONLY_KINDS)
        .exclude(Q(kind=OrganisationKind.GEMEENTE) & ~Q(pk__in=executing_gemeente_ids()))
        .values("pk")
    )


def providers_for_user(user) -> QuerySet[Organisation]:
    """The providers the user acts for, by name."""
    return Organisation.objects.filter(pk__in=provider_ids_for_user(user)).order_by("name", "pk")


def is_provider_user(user) -> bool:
    """The menu's "Mijn aanbod": decided by the acting kinds and, for a user acting for a
    gemeente alone, whether that gemeente executes; both read in the menu's one preload
    query."""
    kinds = acting_kinds_for_user(user) - FINANCIER_ONLY_KINDS
    if kinds - {OrganisationKind.GEMEENTE}:
        return True
    return bool(kinds) and acts_for_executing_gemeente(user)


def can_act_for_provider(user, provider: Organisation) -> bool:
    return provider_ids_for_user(user).filter(pk=provider.pk).exists()


def provider_aanbod_for_user(user) -> QuerySet[Aanbod]:
    """Offers the user maintains as (a user acting for) their provider."""
    return Aanbod.objects.filter(provider__in=provider_ids_for_user(user))


def provider_aanbod_get_for_user(user, pk: int) -> Aanbod:
    """An offer the user maintains; 404 for any other (existence not revealed)."""
    aanbod = (
        provider_aanbod_for_user(user).select_related("provider", "region").filter(pk=pk).first()
    )
    if aanbod is None:
        raise Http404(_("Aanbod niet gevonden."))
    return aanbod


def provider_aanbod_overview(user) -> QuerySet[Aanbod]:
    """The provider's home: the offers the user maintains with their last accepted upload."""
    last_accepted = WachtlijstUpload.objects.filter(aanbod=OuterRef("pk"), accepted=True).order_by(
        "-uploaded_at"
    )
    return (
        provider_aanbod_for_user(user)
        .select_related("provider", "region")
        .annotate(
            last_upload_at=Max("uploads__uploaded_at", filter=Q(uploads__accepted=True)),
            last_upload_rows=Subquery(last_accepted.values("rows_total")[:1]),
        )
        .order_by("provider__name", "name", "pk")
    )


def opgaven_for_user(user) -> QuerySet[WachttijdOpgave]:
    """Monthly figures of the providers the user acts for, newest month first."""
    return (
        WachttijdOpgave.objects.filter(provider__in=provider_ids_for_user(user))
        .select_related("provider", "hoofddiagnosegroep")
        .order_by("-month", "provider__name", "location", "hoofddiagnosegroep__order", "pk")
    )


def upload_status_counts(upload: WachtlijstUpload) -> dict[str, int]:
    """How many of an accepted upload's rows are still on the list, per status (one query);
    empty once a later upload replaced them."""
    rows = (
        Wachtplek.objects.filter(upload=upload)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)


def wachtlijst_job_get(aanbod: Aanbod, pk: int) -> WachtlijstJob:
    """A background job of an offer the caller maintains (checked by the caller through
    ``provider_aanbod_get_for_user``); 404 for another offer's."""
    job = (
        WachtlijstJob.objects.filter(aanbod=aanbod, pk=pk)
        .select_related("upload__uploaded_by")
        .first()
    )
    if job is None:
        raise Http404(_("Verwerking niet gevonden."))
    return job
