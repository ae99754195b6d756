"""Small request helpers shared by the core and the apps."""

from django.conf import settings


def client_ip(request) -> str:
    """The client's address; behind a proxy the first hop of CLIENT_IP_HEADER."""
    if settings.CLIENT_IP_HEADER:
        header = "HTTP_" + settings.CLIENT_IP_HEADER.upper().replace("-", "_")
        forwarded = request.META.get(header, "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "") or ""
