"""Request parsers with a size cap, for the APIs that take large bodies (a waiting list of
50,000 rows, a return message of 100,000 lines).

DRF's own JSONParser reads ``request.body``, which Django refuses above
DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB). These read the stream up to ``max_bytes`` and answer
413 (``PayloadTooLarge``) beyond it. An API sets its cap and wording by subclassing::

    class LeveringJsonParser(CappedJSONParser):
        max_bytes = MAX_UPLOAD_BYTES

    class RetourXmlParser(CappedXMLParser):
        max_bytes = 20 * 1024 * 1024
        too_large = gettext_lazy("Het bericht is groter dan %d MB.")

``check_content_length(request, max_bytes)`` refuses early on a declared length.

Every JSON body, whatever its size, goes through ``json_loads``: a control character
(NUL above all, which PostgreSQL cannot store) in any string or key, or nesting
deeper than ``MAX_JSON_DEPTH``, is a ParseError (400) before the decoder recurses.
``JSONParser`` is the API's default parser: DRF's, with that guard and a 2 MB cap.
"""

import json
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rest_framework import exceptions, status
from rest_framework.parsers import BaseParser, get_encoding

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MEGABYTE = 1024 * 1024
TOO_LARGE = gettext_lazy("Het bestand is groter dan %d MB.")
MAX_JSON_DEPTH = 64

# A JSON escape for a C0 control character other than tab, line feed and carriage return,
# preceded by an even number of backslashes (so ``\\u0000``, an escaped backslash and
# the text "u0000", passes). Raw control characters inside strings are refused by the
# decoder itself (strict mode).
_CONTROL_ESCAPE = re.compile(r"(?<!\\)(?:\\\\)*\\u00(?:0[0-8bcef]|1[0-9a-f])", re.IGNORECASE)
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = gettext_lazy("Het bestand is te groot.")
    default_code = "too_large"


def read_capped(stream, max_bytes: int, message=TOO_LARGE) -> bytes:
    """The stream's bytes, at most ``max_bytes``; more raises PayloadTooLarge with
    ``message`` (``%d`` is the cap in MB)."""
    if stream is None:
        return b""
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise PayloadTooLarge(str(message) % (max_bytes // MEGABYTE))
    return data


def check_content_length(request, max_bytes: int) -> None:
    """Refuse a request whose declared Content-Length is over the cap, before reading it."""
    if int(request.META.get("CONTENT_LENGTH") or 0) > max_bytes:
        raise PayloadTooLarge()


def _nesting_depth(text: str) -> int:
    """How deep arrays and objects nest, counted outside string literals."""
    depth = deepest = 0
    for bracket in _BRACKET.findall(_STRING.sub("", text)):
        if bracket in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def _refuse_constant(name: str):
    raise ValueError(_("%s is geen geldig JSON-getal") % name)


def json_loads(text: str, max_depth: int = MAX_JSON_DEPTH):
    """``json.loads`` for untrusted text: ParseError on a control character in a string or
    key, on nesting deeper than ``max_depth`` and on invalid JSON."""
    if _CONTROL_ESCAPE.search(text):
        raise exceptions.ParseError(
            _("Ongeldige JSON: een tekst bevat een stuurteken (zoals NUL).")
        )
    if text.count("[") + text.count("{") > max_depth and _nesting_depth(text) > max_depth:
        raise exceptions.ParseError(_("Ongeldige JSON: dieper genest dan %d niveaus.") % max_depth)
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except RecursionError:
        raise exceptions.ParseError(_("Ongeldige JSON: te diep genest.")) from None
    except ValueError as error:
        raise exceptions.ParseError(_("Ongeldige JSON: %s") % error) from None


class CappedParser(BaseParser):
    """Hands the body on as bytes (the service reads the encoding), up to ``max_bytes``."""

    max_bytes = DEFAULT_MAX_BYTES
    too_large = TOO_LARGE

    def read(self, stream) -> bytes:
        return read_capped(stream, self.max_bytes, self.too_large)

    def parse(self, stream, media_type=None, parser_context=None):
        return self.read(stream)


class CappedJSONParser(CappedParser):
    media_type = "application/json"

    def parse(self, stream, media_type=None, parser_context=None):
        encoding = get_encoding(parser_context or {})
        try:
            text = self.read(stream).decode(encoding)
        except ValueError as error:  # UnicodeDecodeError, an unknown encoding
            raise exceptions.ParseError(_("Ongeldige JSON: %s") % error) from None
        return json_loads(text)


class JSONParser(CappedJSONParser):
    """The API's default JSON parser (REST_FRAMEWORK's DEFAULT_PARSER_CLASSES): bodies up to
    2 MB; APIs that take more subclass CappedJSONParser with their own cap."""

    max_bytes = 2 * MEGABYTE
    too_large = gettext_lazy("Het verzoek is groter dan %d MB.")


class CappedCSVParser(CappedParser):
    """A raw ``text/csv`` body as bytes (UTF-8, with or without BOM: the service decodes)."""

    media_type = "text/csv"


class CappedXMLParser(CappedParser):
    """An XML message as bytes (its parser reads the declared encoding)."""

    media_type = "application/xml"


class CappedTextXMLParser(CappedXMLParser):
    media_type = "text/xml"
