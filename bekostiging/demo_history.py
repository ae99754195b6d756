"""Last year's money in the demo region Veenland, for the network's board (issue 15: a
trend over the last four quarters reaches into last year). Runs after ``bekostiging.demo``.

Last year the lumpsum functions ran as this year (R-BK-2): the same kassiers (from
``bekostiging.demo``, in office since 1 January of last year), lumpsum contracts of last
year with the same insurers, the regional amounts a tenth lower, declared in their terms by
last year's verdeelsleutel; and a begroting for last year with those amounts split by that
key. The VG and the gemeenten's SD part are not seeded for last year (the function I demo
holds its conversations this year).

Idempotent: contracts, amounts and budget lines are found again by their keys, the
generation makes only what is missing. When the generation refuses last year (a
prestatiecode not valid then), nothing of last year is kept and the result says so."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from bekostiging import demo
from bekostiging.models import Begrotingspost, RegionaalBedrag
from bekostiging.services import kassiers
from bekostiging.services import lumpsum as lumpsum_services
from mgn.accounts.models import User
from networks.models import Network, Organisation

LAST_YEAR_FACTOR = Decimal("0.9")


def _amount(amount: Decimal) -> Decimal:
    return (amount * LAST_YEAR_FACTOR).quantize(Decimal("0.01"))


def _seed(network: Network, year: int, coordinator: User) -> tuple[int, int]:
    insurers = {o.uzovi: o for o in Organisation.objects.filter(uzovi__in=demo.VERDEELSLEUTEL)}
    posts = 0
    for function, provider_name, amount, terms, uzovis in demo.LUMPSUM_CONTRACTS:
        provider = Organisation.objects.get(name=provider_name)
        for uzovi in uzovis:
            demo.lumpsum_year_contract(network, insurers[uzovi], provider, function, year)
        if not RegionaalBedrag.objects.filter(
            network=network, function=function, year=year
        ).exists():
            kassiers.regionaal_bedrag_set(
                network=network,
                function=function,
                year=year,
                amount=_amount(amount),
                term_length=terms,
                user=coordinator,
            )
        shares = {insurers[u]: demo.VERDEELSLEUTEL_LAST_YEAR[u] for u in uzovis}
        for part in lumpsum_services.split_exact(_amount(amount), shares):
            _post, created = Begrotingspost.objects.get_or_create(
                network=network,
                year=year,
                function=function,
                funder=part.key,
                defaults={"amount": part.amount},
            )
            posts += created
    made = lumpsum_services.lumpsum_generate(network=network, year=year, user=coordinator).created
    return made, posts


def seed_demo() -> str:
    network = Network.objects.filter(slug=demo.NETWORK).first()
    coordinator = User.objects.filter(email=demo.COORDINATOR).first()
    if network is None or coordinator is None:
        return "geen demonetwerk"
    year = timezone.localdate().year - 1
    try:
        with transaction.atomic():
            made, posts = _seed(network, year, coordinator)
    except ValidationError as error:
        return f"{year}: niet gezaaid ({'; '.join(error.messages)})"
    return f"{year}: {made} lumpsumregels en {posts} begrotingsposten nieuw"
