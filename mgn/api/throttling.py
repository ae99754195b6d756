"""The API's request brake, failing open when its cache is unavailable.

``API_THROTTLE_RATE`` is a brake against a runaway client, not a security control: every
call is authenticated (API token or session) and every permission is checked in the
database. So when the cache that holds the counts (Redis) cannot be reached, the call is
let through and a warning is logged, rather than answering every system with an error
while the site itself keeps working. The default cache (``mgn.cache.RedisCache``)
already answers misses when Redis is down; this class also covers any other cache.
"""

import logging

from rest_framework.throttling import UserRateThrottle

from mgn.http import client_ip

logger = logging.getLogger(__name__)


class UserRateBrake(UserRateThrottle):
    """``UserRateThrottle`` on the trusted client address, failing open without its cache."""

    def get_ident(self, request):
        # Anonymous callers are counted per client address as the trusted proxies give it.
        return client_ip(request) or super().get_ident(request)

    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except Exception as exc:  # any cache backend, any way of being down
            logger.warning(
                "API throttle cache unavailable (%s); request allowed.", type(exc).__name__
            )
            return True
