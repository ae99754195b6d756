"""mgn.api.parsers: bodies up to the cap are parsed, larger ones refused with 413."""

import io

from django.test import RequestFactory
from django.utils.translation import gettext_lazy

import pytest
from rest_framework import exceptions

from mgn.api.parsers import (
    CappedCSVParser,
    CappedJSONParser,
    CappedTextXMLParser,
    CappedXMLParser,
    PayloadTooLarge,
    check_content_length,
    read_capped,
)

MB = 1024 * 1024


class SmallJson(CappedJSONParser):
    max_bytes = 2 * MB


class SmallXml(CappedXMLParser):
    max_bytes = 1 * MB
    too_large = gettext_lazy("Het bericht is groter dan %d MB.")


def test_json_up_to_the_cap_is_parsed():
    body = b'{"rows": [1, 2, 3]}'
    assert SmallJson().parse(io.BytesIO(body)) == {"rows": [1, 2, 3]}


def test_json_over_the_cap_is_refused_with_413():
    body = b'"' + b"x" * (2 * MB) + b'"'
    with pytest.raises(PayloadTooLarge) as raised:
        SmallJson().parse(io.BytesIO(body))
    assert raised.value.status_code == 413
    assert raised.value.default_code == "too_large"
    assert str(raised.value.detail) == "Het bestand is groter dan 2 MB."


def test_invalid_json_is_a_parse_error():
    with pytest.raises(exceptions.ParseError, match="Ongeldige JSON"):
        CappedJSONParser().parse(io.BytesIO(b"{nee"))
    with pytest.raises(exceptions.ParseError):
        CappedJSONParser().parse(io.BytesIO(b"\xff\xfe"))


def test_csv_and_xml_are_handed_on_as_bytes():
    assert CappedCSVParser().parse(io.BytesIO(b"\xef\xbb\xbfa;b\n")) == b"\xef\xbb\xbfa;b\n"
    assert CappedXMLParser.media_type == "application/xml"
    assert CappedTextXMLParser.media_type == "text/xml"
    assert CappedTextXMLParser().parse(io.BytesIO(b"<a/>")) == b"<a/>"
    assert CappedCSVParser().parse(None) == b""


def test_the_wording_of_the_refusal_is_the_apis():
    with pytest.raises(PayloadTooLarge) as raised:
        SmallXml().parse(io.BytesIO(b"x" * (MB + 1)))
    assert str(raised.value.detail) == "Het bericht is groter dan 1 MB."


def test_exactly_the_cap_is_accepted():
    assert len(read_capped(io.BytesIO(b"x" * MB), MB)) == MB


def test_a_declared_length_over_the_cap_is_refused_before_reading():
    request = RequestFactory().post("/", data=b"x", content_type="text/csv")
    request.META["CONTENT_LENGTH"] = str(3 * MB)
    with pytest.raises(PayloadTooLarge) as raised:
        check_content_length(request, 2 * MB)
    assert str(raised.value.detail) == "Het bestand is te groot."
    request.META["CONTENT_LENGTH"] = str(2 * MB)
    check_content_length(request, 2 * MB)
