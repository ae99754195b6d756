"""The insurer's side (R-BK-4): which exports and networks an insurer user sees, and the
lines and totals of an export."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext as _

from bekostiging.models import Declaratieregel, Export, ExportRegel, Retourbericht
from bekostiging.selectors.declaraties import insurers_for_user
from mgn.accounts.constants import Role
from networks.models import Network, Organisation
from networks.selectors.netwerken import network_ids_for_user
from networks.selectors.organisaties import acting_organisation_ids_for_user


def exports_for_user(user) -> QuerySet[Export]:
    """Exports belong to the insurer that made them."""
    if not user.is_authenticated:
        return Export.objects.none()
    return Export.objects.filter(
        insurer__in=acting_organisation_ids_for_user(user), network__in=network_ids_for_user(user)
    )


def export_get_for_user(user, pk: int) -> Export:
    """One export of an insurer the user acts for, with what its pages show loaded."""
    export = (
        exports_for_user(user)
        .select_related("insurer", "network", "requested_by", "marked_by")
        .filter(pk=pk)
        .first()
    )
    if export is None:
        raise Http404(_("Export niet gevonden."))
    return export


def is_insurer_user(user) -> bool:
    """The menu's insurer page: users with the zorgverzekeraar role. The roles are already
    loaded for the menu, so this costs no query on any page; the page itself answers 403
    to a zorgverzekeraar who acts for no insurer (``insurers_for_user``)."""
    return user.is_authenticated and Role.ZORGVERZEKERAAR in user.roles


def networks_for_insurer(user, insurer: Organisation) -> QuerySet[Network]:
    """Networks the user may see in which the insurer takes part (R-BK-4)."""
    return (
        Network.objects.filter(
            pk__in=network_ids_for_user(user), partnerships__organisation=insurer
        )
        .distinct()
        .order_by("name")
    )


def export_regels(export: Export):
    """The export's lines, by id (the fixed set chosen when it was made)."""
    return Declaratieregel.objects.filter(
        pk__in=ExportRegel.objects.filter(export=export).values("regel_id")
    ).order_by("pk")


def export_totals(queryset) -> dict:
    """Number of lines, sum of debits, sum of credits (negative) and the net total."""
    totals = queryset.aggregate(
        count=Count("pk"),
        debit=Sum("amount", filter=Q(credit_of__isnull=True)),
        credit=Sum("amount", filter=Q(credit_of__isnull=False)),
    )
    debit = totals["debit"] or Decimal("0.00")
    credit = totals["credit"] or Decimal("0.00")
    return {"count": totals["count"], "debit": debit, "credit": credit, "net": debit + credit}


@dataclass(frozen=True)
class InsurerScope:
    """Which insurer and network an insurer's page is about, and what else it may choose."""

    insurers: QuerySet[Organisation]
    insurer: Organisation
    networks: QuerySet[Network]
    network: Network | None
    several_insurers: bool
    several_networks: bool


def insurer_scope_for_user(user, params) -> InsurerScope:
    """The insurer (?verzekeraar=, else the first the user acts for) and network
    (?netwerk=, else the first the insurer takes part in) of an insurer's page: 403 for a
    user acting for no insurer, 404 for an insurer the user does not act for or a network
    it does not see the insurer in."""
    insurers = insurers_for_user(user)
    acting = list(insurers)
    if not acting:
        raise PermissionDenied
    asked = params.get("verzekeraar")
    if asked:
        insurer = next((i for i in acting if str(i.pk) == str(asked)), None)
        if insurer is None:
            raise Http404(_("Zorgverzekeraar niet gevonden."))
    else:
        insurer = acting[0]
    networks = networks_for_insurer(user, insurer)
    visible = list(networks)
    slug = params.get("netwerk")
    network = next((n for n in visible if n.slug == slug), None) if slug else None
    if slug and network is None:
        raise Http404(_("Netwerk niet gevonden."))
    if not slug and visible:
        network = visible[0]
    return InsurerScope(insurers, insurer, networks, network, len(acting) > 1, len(visible) > 1)


def retourberichten_for_insurer(insurer: Organisation, network: Network):
    """The latest return messages of an insurer in a network (the caller checked access)."""
    return (
        Retourbericht.objects.filter(insurer=insurer, network=network)
        .select_related("uploaded_by")
        .order_by("-uploaded_at", "-pk")
    )
