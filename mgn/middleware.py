"""Request guards and response headers that hold for every path.

``CraftedInputMiddleware`` refuses control characters (NUL above all: PostgreSQL cannot
store it, and XML cannot hold the others) in the path, the query string and form fields
with a 400 before any view, selector or query sees them. The 400 itself is answered by
``handler400`` (``mgn.views.bad_request``): problem+json under ``/api/``, a page elsewhere.
JSON bodies are guarded by the API's parsers (``mgn.api.parsers``).

``PermissionsPolicyMiddleware`` and ``NoStoreMiddleware`` add the Permissions-Policy and,
for every response to a signed-in user or API client, ``Cache-Control: no-store``.
"""

import logging
import re

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import QueryDict
from django.urls import get_resolver
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

# C0 control characters and DEL, except tab, line feed and carriage return (which a
# textarea sends).
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A path has no text lines: every C0 control character and DEL.
PATH_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")
FORM_URLENCODED = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"

logger = logging.getLogger("django.security.CraftedInput")


class CraftedInput(BadRequest):
    """A request with characters no person types; its message is safe to show."""


def has_control_characters(value: str) -> bool:
    return CONTROL_CHARACTERS.search(value) is not None


def _check_query_dict(data: QueryDict, where: str) -> None:
    for key, values in data.lists():
        if has_control_characters(key) or any(has_control_characters(v) for v in values):
            raise CraftedInput(
                _("%(where)s bevat een ongeldig teken (een stuurteken zoals NUL).")
                % {"where": where}
            )


def refuse(request, exc: CraftedInput):
    """The 400 answer of ``handler400`` (problem+json under /api/, the page elsewhere),
    returned here rather than raised, so it is the same with DEBUG on (where Django would
    show its technical page instead)."""
    logger.warning(
        "Refused %s %s: %s", request.method, request.path.encode("unicode_escape").decode(), exc
    )
    return get_resolver().resolve_error_handler(400)(request, exception=exc)


class CraftedInputMiddleware:
    """400 for a control character in the path, a query parameter or a form field.

    Urlencoded bodies are checked from ``request.body`` (which leaves upload handlers
    settable); multipart bodies in ``process_view``, where the CSRF check parses them
    anyway. Views exempt from CSRF parse their own uploads (DRF, streaming uploads with
    their own handlers) and are left to do so: their fields go through form or serializer
    fields, which refuse NUL.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            if PATH_CONTROL_CHARACTERS.search(request.path):
                raise CraftedInput(_("Het adres bevat een ongeldig teken."))
            _check_query_dict(request.GET, _("De zoekopdracht in het adres"))
            if request.content_type == FORM_URLENCODED and request.method not in {"GET", "HEAD"}:
                _check_query_dict(
                    QueryDict(request.body, encoding=request.encoding), _("Het formulier")
                )
        except CraftedInput as exc:
            return refuse(request, exc)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if (
            request.method == "POST"
            and request.content_type == MULTIPART
            and not getattr(view_func, "csrf_exempt", False)
        ):
            try:
                _check_query_dict(request.POST, _("Het formulier"))
                names = [f.name or "" for files in request.FILES.lists() for f in files[1]]
                if any(has_control_characters(name) for name in names):
                    raise CraftedInput(_("Een bestandsnaam bevat een ongeldig teken."))
            except CraftedInput as exc:
                return refuse(request, exc)
        return None


class PermissionsPolicyMiddleware:
    """Adds ``Permissions-Policy`` from the PERMISSIONS_POLICY setting (feature → allowlist;
    an empty list switches the feature off)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(allow)})"
            for feature, allow in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        if self.header and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.header
        return response


class NoStoreMiddleware:
    """``Cache-Control: no-store`` (and ``private``) on every response to a signed-in user
    or an API client: pages, fragments, JSON, CSV and PDF may hold person data, and no
    browser or proxy cache may keep them. Static files are served before this runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if "HTTP_AUTHORIZATION" in request.META or (user is not None and user.is_authenticated):
            patch_cache_control(response, private=True, no_store=True)
        return response
