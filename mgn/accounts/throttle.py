"""Failed-login guard: counts failures per e-mail address and per client address in the cache.

Uses the shared cache (Redis in production) so every web process sees the same counts.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def _key(kind: str, value: str) -> str:
    digest = hashlib.sha256(value.strip().lower().encode()).hexdigest()[:32]
    return f"login-failures:{kind}:{digest}"


def _keys(email: str, ip: str) -> list[str]:
    return [_key("email", email), _key("ip", ip)]


def is_blocked(*, email: str, ip: str) -> bool:
    counts = cache.get_many(_keys(email, ip))
    return any(count >= settings.LOGIN_FAILURE_LIMIT for count in counts.values())


def record_failure(*, email: str, ip: str) -> None:
    for key in _keys(email, ip):
        # add() starts the window; incr() keeps its original expiry.
        if not cache.add(key, 1, settings.LOGIN_FAILURE_WINDOW_SECONDS):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.set(key, 1, settings.LOGIN_FAILURE_WINDOW_SECONDS)


def reset(*, email: str) -> None:
    cache.delete(_key("email", email))
