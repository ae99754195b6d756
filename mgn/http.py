"""Small request helpers shared by the core and the apps."""

import ipaddress

from django.conf import settings


def _address(value: str) -> str:
    """``value`` as a normalised IP address, or "" when it is none."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return ""


def client_ip(request) -> str:
    """The client's address, as far as the configured trusted proxies vouch for it.

    Every trusted proxy appends the address it received the request from to
    ``X-Forwarded-For``; with ``TRUSTED_PROXY_COUNT`` proxies the client is therefore the
    count-th entry from the right: the rightmost one no trusted proxy is. Entries further
    left came from the client and are ignored (anyone can send ``X-Forwarded-For: 1.2.3.4``).
    Without trusted proxies the header is ignored and the connection's address is used.
    Login throttling, the password-reset limit and the access log all use this address.
    """
    remote = _address(request.META.get("REMOTE_ADDR", "") or "")
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    entries = [e for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if e.strip()]
    if not entries:
        return remote
    # Fewer entries than proxies: every entry was still written by a trusted proxy.
    return _address(entries[-count] if len(entries) >= count else entries[0]) or remote
