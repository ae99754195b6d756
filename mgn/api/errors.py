"""One error format for the whole API (RFC 9457 problem details).

Every error answers ``{"type", "title", "status", "detail", "errors"}``; ``errors``
maps a field (or ``non_field_errors``) to a list of ``{"code", "message"}``. Django's
own ``ValidationError``, ``PermissionDenied`` and ``Http404`` raised by services and
selectors are mapped here, so views never translate them by hand. Errors that Django
answers before or outside DRF (an unknown URL, a body over Django's limit, a crafted
request, a crash) get the same body from ``problem_response`` through the project's
``handler400``/``403``/``404``/``500`` (``mgn.views``) for every path under ``/api/``.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _

from rest_framework import exceptions, serializers
from rest_framework.views import exception_handler as drf_exception_handler

TITLES = {
    400: _("Ongeldige invoer"),
    401: _("Niet ingelogd"),
    403: _("Geen toegang"),
    404: _("Niet gevonden"),
    405: _("Methode niet toegestaan"),
    409: _("Conflict"),
    413: _("Verzoek te groot"),
    415: _("Mediatype niet ondersteund"),
    429: _("Te veel verzoeken"),
    500: _("Serverfout"),
}
PROBLEM_CONTENT_TYPE = "application/problem+json"
API_PREFIX = "/api/"


def is_api_request(request) -> bool:
    """Whether the request is for the API, whose every answer is JSON."""
    return request.path_info.startswith(API_PREFIX)


def problem(status: int, detail: str = "", errors: dict | None = None) -> dict:
    """The problem details body (RFC 9457) for ``status``."""
    return {
        "type": f"https://mgn.example/problems/{status}",
        "title": str(TITLES.get(status, _("Fout"))),
        "status": status,
        "detail": str(detail or TITLES.get(status, "")),
        "errors": errors or {},
    }


def problem_response(status: int, detail: str = "", errors: dict | None = None) -> JsonResponse:
    """A problem+json response outside DRF (Django's error handlers, middleware)."""
    return JsonResponse(
        problem(status, detail, errors),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )


def _flatten(detail, prefix="") -> dict[str, list[dict]]:
    if isinstance(detail, dict):
        out: dict[str, list[dict]] = {}
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            out.update(_flatten(value, name))
        return out
    if isinstance(detail, list):
        if detail and all(isinstance(d, exceptions.ErrorDetail | str) for d in detail):
            return {
                prefix or "non_field_errors": [
                    {"code": getattr(d, "code", "invalid"), "message": str(d)} for d in detail
                ]
            }
        out = {}
        for index, value in enumerate(detail):
            out.update(_flatten(value, f"{prefix}[{index}]" if prefix else str(index)))
        return out
    return {
        prefix or "non_field_errors": [
            {"code": getattr(detail, "code", "invalid"), "message": str(detail)}
        ]
    }


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    status = response.status_code
    errors = _flatten(exc.detail) if isinstance(exc, exceptions.ValidationError) else {}
    detail = exc.detail if isinstance(getattr(exc, "detail", None), str) else ""
    response.data = problem(status, detail, errors)
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


class ProblemSerializer(serializers.Serializer):
    """The error body, for the OpenAPI schema."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    errors = serializers.DictField(child=serializers.ListField(child=serializers.DictField()))
