"""Budget lines (begrotingsposten): one per network, year, function and funder."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from bekostiging.constants import BUDGET_FUNCTIONS, SD_DEELNAME
from bekostiging.models import Begrotingspost
from bekostiging.selectors.begroting import budget_funders
from bekostiging.services.financiering import year_problem
from networks.constants import OrganisationKind
from networks.models import Network, Organisation

FUNCTION_LABELS = dict(BUDGET_FUNCTIONS)


@transaction.atomic
def begrotingspost_create(
    *, network: Network, year: int, function: str, funder: Organisation, amount: Decimal
) -> Begrotingspost:
    """One budget line per network, year, function and funder."""
    errors: dict[str, list[str]] = {}
    if problem := year_problem(year):
        errors["year"] = [problem]
    if function not in FUNCTION_LABELS:
        errors["function"] = [_("Kies een functie.")]
    if amount is None or amount < 0:
        errors["amount"] = [_("Het begrote bedrag is € 0 of meer.")]
    if funder is None or not budget_funders(network).filter(pk=funder.pk).exists():
        errors["funder"] = [
            _("Kies een zorgverzekeraar of gemeente die partner is in dit netwerk.")
        ]
    elif function == SD_DEELNAME and funder.kind != OrganisationKind.GEMEENTE:
        errors["funder"] = [
            _("De deelname van het sociaal domein wordt door een gemeente betaald (R-BK-3).")
        ]
    if errors:
        raise ValidationError(errors)
    duplicate = ValidationError(
        {
            "function": [
                _("%(funder)s heeft voor %(year)s al een begrotingspost voor deze functie.")
                % {"funder": funder.name, "year": year}
            ]
        },
        code="unique",
    )
    if Begrotingspost.objects.filter(
        network=network, year=year, function=function, funder=funder
    ).exists():
        raise duplicate
    try:
        with transaction.atomic():
            return Begrotingspost.objects.create(
                network=network, year=year, function=function, funder=funder, amount=amount
            )
    except IntegrityError:  # a concurrent request made it first
        raise duplicate from None


def begrotingspost_update(*, post: Begrotingspost, amount: Decimal) -> Begrotingspost:
    """A budget line's amount; its year, function and funder stay (make another line)."""
    if amount is None or amount < 0:
        raise ValidationError({"amount": [_("Het begrote bedrag is € 0 of meer.")]})
    post.amount = amount
    post.save(update_fields=["amount"])
    return post
