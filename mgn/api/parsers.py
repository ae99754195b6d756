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
"""

import json

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rest_framework import exceptions, status
from rest_framework.parsers import BaseParser, get_encoding

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MEGABYTE = 1024 * 1024
TOO_LARGE = gettext_lazy("Het bestand is groter dan %d MB.")


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
            return json.loads(self.read(stream).decode(encoding))
        except ValueError as error:  # also UnicodeDecodeError
            raise exceptions.ParseError(_("Ongeldige JSON: %s") % error) from None


class CappedCSVParser(CappedParser):
    """A raw ``text/csv`` body as bytes (UTF-8, with or without BOM: the service decodes)."""

    media_type = "text/csv"


class CappedXMLParser(CappedParser):
    """An XML message as bytes (its parser reads the declared encoding)."""

    media_type = "application/xml"


class CappedTextXMLParser(CappedXMLParser):
    media_type = "text/xml"
