"""The keyed pseudonym that replaces a BSN the moment a waiting list arrives (R-WT-1).

HMAC-SHA256 with a per-region key. The region's key is derived from PSEUDONYM_SECRET
(an environment secret, never in the database) and the region's code, so the same
person gets the same pseudonym on every provider's list in a region — which is what
deduplicates them — while a database dump alone cannot be turned back into BSNs.
"""

import hashlib
import hmac
import re

from django.conf import settings

PSEUDONYM_PATTERN = re.compile(r"[0-9a-f]{64}")


def region_key(region_code: str) -> bytes:
    secret = settings.PSEUDONYM_SECRET.encode()
    return hmac.new(secret, f"mgn-region:{region_code}".encode(), hashlib.sha256).digest()


def pseudonymise(bsn: str, *, region_code: str, key: bytes | None = None) -> str:
    """64 hex characters. Pass ``key`` (from region_key) when pseudonymising many rows."""
    key = key if key is not None else region_key(region_code)
    return hmac.new(key, bsn.encode(), hashlib.sha256).hexdigest()


def is_pseudonym(value: str) -> bool:
    return bool(PSEUDONYM_PATTERN.fullmatch(value))


def region_pseudonyms(bsn: str) -> list[str]:
    """The person's pseudonym in every region: how "wie zag mijn gegevens" finds the
    waiting-list and transfer entries of the access log from a BSN (the hook of
    ``settings.AUDIT_PERSON_IDENTIFIERS``)."""
    from networks.models import Region

    return [
        pseudonymise(bsn, region_code=code)
        for code in Region.objects.values_list("code", flat=True)
    ]
