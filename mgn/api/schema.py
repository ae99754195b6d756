"""The OpenAPI schema tells the truth about errors.

Every error is sent as ``application/problem+json`` (``mgn.api.errors``), so every 4xx in
the schema is documented with that media type and ``ProblemSerializer``. Each operation
lists the errors it can answer, derived from what the view does, unless a view documents
the code itself (with a more precise description):

- 400 always: for a body or a filter (a query or header parameter) field by field, and for
  any request the server refuses to read (a NUL character, text that is not UTF-8);
- 401 when it needs a logged-in caller (a token or a session);
- 403 for writes: a session without a CSRF token is refused;
- 404 for a path with a key (a detail route), and for a page or cursor that does not exist;
- 413 and 415 for a body: too large, or a media type no parser reads;
- 429 when a throttle applies (``Retry-After`` says when to try again).

Success responses keep the renderers' media type, ``application/json``.
"""

from django.utils.translation import gettext_lazy as _

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import permissions

from mgn.api.errors import ProblemSerializer

PROBLEM_JSON = "application/problem+json"
BODY_METHODS = {"POST", "PUT", "PATCH"}
PAGINATION_PARAMETERS = {"page", "page_size", "cursor"}

INVALID_REQUEST = _("Ongeldig verzoek, bijvoorbeeld een NUL-teken of geen UTF-8")
DESCRIPTIONS = {
    400: _("Ongeldige invoer; `errors` noemt elke fout per veld"),
    401: _("Niet ingelogd of ongeldige API-sleutel"),
    403: _("Geen toegang (een sessie zonder CSRF-token)"),
    404: _("Niet gevonden of geen toegang, of een pagina die niet bestaat"),
    413: _("De inhoud is te groot"),
    415: _("Mediatype niet ondersteund"),
    429: _("Te veel verzoeken; probeer het na `Retry-After` seconden opnieuw"),
}


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's AutoSchema with the house errors (problem details) on every operation."""

    def _get_response_for_code(
        self, serializer, status_code, media_types=None, direction="response"
    ):
        if str(status_code) >= "400" and not media_types:
            media_types = [PROBLEM_JSON]
        return super()._get_response_for_code(serializer, status_code, media_types, direction)

    def get_operation(self, path, path_regex, path_prefix, method, registry):
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses = operation["responses"]
        for code, description in self.error_codes(operation).items():
            if str(code) not in responses:
                response = OpenApiResponse(ProblemSerializer, description=description)
                responses[str(code)] = self._get_response_for_code(response, str(code))
        if "429" in responses:
            responses["429"].setdefault("headers", {})["Retry-After"] = {
                "schema": {"type": "integer"},
                "description": str(_("Seconden tot een nieuw verzoek weer mag.")),
            }
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def error_codes(self, operation) -> dict[int, str]:
        """The error statuses this operation can answer, from what its view does, each with
        its description."""
        parameters = operation.get("parameters", [])
        has_body = self.method in BODY_METHODS
        filters = [
            p
            for p in parameters
            if p["in"] in ("query", "header") and p["name"] not in PAGINATION_PARAMETERS
        ]
        codes = [400]
        if self._needs_login():
            codes.append(401)
        if has_body:
            codes.append(403)
        paginated = self._is_list_view() and self._get_paginator() is not None
        if any(p["in"] == "path" for p in parameters) or paginated:
            codes.append(404)
        if has_body:
            codes += [413, 415]
        if self.view.get_throttles():
            codes.append(429)
        descriptions = {code: DESCRIPTIONS[code] for code in codes}
        if not (has_body or filters):
            descriptions[400] = INVALID_REQUEST
        return descriptions

    def _needs_login(self) -> bool:
        return bool(self.view.get_authenticators()) and not all(
            isinstance(p, permissions.AllowAny) for p in self.view.get_permissions()
        )
