"""The steekproef (R-TR-6): the platform chooses n random entries of a provider's current
waiting list in the table's network (or subregion) with a recorded seed; the provider
records per entry what its own records say.

The choice is ``random.Random(seed).sample`` over the list's primary keys in ascending
order, so anyone with the seed and the same list gets the same entries
(``steekproef_kies``)."""

import random
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from networks.models import Organisation
from transfer.constants import SteekproefUitkomst
from transfer.models import Steekproef, SteekproefRegel, Transfertafel
from transfer.selectors.steekproef import steekproef_lijst
from transfer.selectors.tafels import can_manage

SEED_BITS = 62  # fits a signed BIGINT


def steekproef_kies(pks: list[int], n: int, seed: int) -> list[int]:
    """The n chosen primary keys, reproducible from ``seed`` over the same list."""
    return random.Random(seed).sample(sorted(pks), n)  # noqa: S311 - a sample, not a secret


def steekproef_bestellen(
    tafel: Transfertafel, provider: Organisation, n: int, user, *, seed: int | None = None
) -> Steekproef:
    """Order a steekproef of ``n`` entries of ``provider``'s current list (R-TR-6). Only
    the table's managers (the network's coordinators, the regievoerder) order."""
    if not can_manage(user, tafel):
        raise ValidationError(
            _("Alleen de regievoerder of de coördinatoren bestellen een steekproef.")
        )
    with transaction.atomic():
        pks = list(steekproef_lijst(tafel, provider).values_list("pk", flat=True))
        if not pks:
            raise ValidationError(
                {"provider": _("Deze aanbieder heeft geen wachtenden in het gebied van de tafel.")}
            )
        if n is None or n < 1:
            raise ValidationError({"n": _("Kies ten minste één wachtplek.")})
        if n > len(pks):
            raise ValidationError(
                {
                    "n": _(
                        "De lijst van deze aanbieder telt %(size)d wachtplekken; kies er "
                        "hoogstens zoveel."
                    )
                    % {"size": len(pks)}
                }
            )
        if seed is None:
            seed = secrets.randbits(SEED_BITS)
        chosen = steekproef_kies(pks, n, seed)
        steekproef = Steekproef.objects.create(
            tafel=tafel, provider=provider, ordered_by=user, n=n, seed=seed, list_size=len(pks)
        )
        entries = {
            e["pk"]: e
            for e in steekproef_lijst(tafel, provider)
            .filter(pk__in=chosen)
            .values("pk", "aanbod_id", "registered_on")
        }
        SteekproefRegel.objects.bulk_create(
            SteekproefRegel(
                steekproef=steekproef,
                wachtplek_id=pk,
                aanbod_id=entries[pk]["aanbod_id"],
                registered_on=entries[pk]["registered_on"],
            )
            for pk in sorted(chosen)
        )
    return steekproef


def steekproef_resultaat(regel: SteekproefRegel, result: str, user) -> SteekproefRegel:
    """Record what the provider found for one sampled entry. The caller has checked that
    the user acts for the steekproef's provider (``regel_get_for_provider_user``)."""
    if result not in SteekproefUitkomst.values:
        raise ValidationError({"result": _("Kies nog wachtend, al geholpen of vertrokken.")})
    regel.result = result
    if result:
        regel.checked_by, regel.checked_at = user, timezone.now()
    else:
        regel.checked_by, regel.checked_at = None, None
    regel.save(update_fields=["result", "checked_by", "checked_at"])
    return regel
