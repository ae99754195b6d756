"""The sociale kaart (R-WT-7): everyone who may see a network in the offer's region sees
its active offers; a provider's users also see their own inactive ones. Coordinators see
the missing-offer notes of their networks. Offers hold no person data."""

from decimal import Decimal

from django.db.models import F, FloatField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Cast, Coalesce
from django.http import Http404
from django.utils.translation import gettext as _

from networks.models import Gemeente
from networks.selectors.netwerken import network_ids_for_user
from wachttijden.constants import Dimension
from wachttijden.models import Aanbod, OntbrekendAanbod, SnapshotFigure
from wachttijden.selectors.levering import provider_aanbod_for_user, provider_ids_for_user
from wachttijden.selectors.regions import region_ids_for_user


def aanbod_for_user(user) -> QuerySet[Aanbod]:
    """The sociale kaart as this user may see it: active offers in their regions, plus
    every offer of a provider they act for (also inactive ones)."""
    return Aanbod.objects.filter(
        Q(region__in=region_ids_for_user(user), is_active=True)
        | Q(provider__in=provider_ids_for_user(user))
    )


def aanbod_get_for_user(user, pk: int) -> Aanbod:
    aanbod = (
        aanbod_for_user(user).select_related("provider", "region", "gemeente").filter(pk=pk).first()
    )
    if aanbod is None:
        raise Http404(_("Aanbod niet gevonden."))
    return aanbod


def can_edit_aanbod(user, aanbod: Aanbod) -> bool:
    """Whether the user maintains the offer (acts for its provider)."""
    return provider_ids_for_user(user).filter(pk=aanbod.provider_id).exists()


def kaart_gemeenten_for_user(user) -> QuerySet[Gemeente]:
    """Gemeenten to filter the kaart on: those of the regions whose offers the user may see."""
    return Gemeente.objects.filter(
        Q(region__in=region_ids_for_user(user))
        | Q(region__in=provider_aanbod_for_user(user).values("region"))
    ).order_by("name")


def ontbrekend_for_user(user) -> QuerySet[OntbrekendAanbod]:
    """Missing-offer notes of the networks the user coordinates."""
    return (
        OntbrekendAanbod.objects.filter(network__in=network_ids_for_user(user, coordinate=True))
        .select_related("network")
        .prefetch_related("gemeenten")
    )


def with_wait_weeks(qs: QuerySet[Aanbod]) -> QuerySet[Aanbod]:
    """Annotate ``wait_weeks``: the prospective figure of the latest overview (R-WT-3) where
    one exists, else the provider's declared figure. ``overview_weeks`` and ``overview_date``
    say whether (and from which day) the overview gave it."""
    latest = SnapshotFigure.objects.filter(
        dimension=Dimension.AANBOD, aanbod=OuterRef("pk")
    ).order_by("-snapshot_date", "-pk")
    return qs.annotate(
        overview_weeks=Subquery(latest.values("prospective_weeks")[:1], output_field=FloatField()),
        overview_date=Subquery(latest.values("snapshot_date")[:1]),
        wait_weeks=Coalesce(
            F("overview_weeks"),
            Cast("declared_wait_weeks", FloatField()),
            output_field=FloatField(),
        ),
    )


def aanbod_search(
    qs: QuerySet[Aanbod],
    *,
    q: str = "",
    category: str = "",
    domain: str = "",
    gemeente: Gemeente | None = None,
    max_weeks: Decimal | None = None,
    low_threshold: bool = False,
) -> QuerySet[Aanbod]:
    """Filter the sociale kaart. ``max_weeks`` compares with the waiting time shown
    (``with_wait_weeks``); an offer without a known waiting time falls outside it."""
    q = q.strip()
    if q:
        qs = qs.filter(
            Q(name__icontains=q) | Q(description__icontains=q) | Q(provider__name__icontains=q)
        )
    if category:
        qs = qs.filter(category=category)
    if domain:
        qs = qs.filter(domain=domain)
    if gemeente is not None:
        served = Aanbod.gemeenten_served.through.objects.filter(gemeente=gemeente).values(
            "aanbod_id"
        )
        qs = qs.filter(Q(pk__in=served) | Q(gemeente=gemeente))
    if low_threshold:
        qs = qs.filter(low_threshold=True)
    if max_weeks is not None:
        if "wait_weeks" not in qs.query.annotations:
            qs = with_wait_weeks(qs)
        qs = qs.filter(wait_weeks__lte=float(max_weeks))
    return qs


def aanbod_wait(aanbod: Aanbod) -> dict:
    """The waiting time shown for one offer, as ``wait_weeks``, ``overview_weeks`` and
    ``overview_date`` (see ``with_wait_weeks``)."""
    return (
        with_wait_weeks(Aanbod.objects.filter(pk=aanbod.pk))
        .values("wait_weeks", "overview_weeks", "overview_date")
        .get()
    )
