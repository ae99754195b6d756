import os
import subprocess
import sys
from pathlib import Path

from django.test import RequestFactory

import pytest

from mgn.http import client_ip


def _request(forwarded=None, remote="10.0.0.2"):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("203.0.113.9", remote="198.51.100.7")) == "198.51.100.7"


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        # One proxy that appends: the forged first entry is ignored.
        (1, "203.0.113.66, 198.51.100.7", "198.51.100.7"),
        # One proxy that overwrites the header.
        (1, "198.51.100.7", "198.51.100.7"),
        # Two proxies: the client is the second entry from the right.
        (2, "203.0.113.66, 198.51.100.7, 10.0.0.3", "198.51.100.7"),
        # Fewer entries than proxies: all written by trusted proxies, take the farthest.
        (2, "198.51.100.7", "198.51.100.7"),
        (1, " 2001:db8::1 ", "2001:db8::1"),
    ],
)
def test_the_client_is_the_rightmost_address_no_trusted_proxy_wrote(
    settings, count, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(_request(forwarded)) == expected


def test_no_header_or_garbage_falls_back_to_the_connection(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request()) == "10.0.0.2"
    assert client_ip(_request("not-an-address")) == "10.0.0.2"


def test_the_replaced_client_ip_header_setting_stops_the_start(tmp_path):
    environment = {
        k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
    }
    environment.update(CLIENT_IP_HEADER="X-Forwarded-For", MGN_VAR_DIR=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=Path(__file__).resolve().parent.parent.parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "TRUSTED_PROXY_COUNT" in result.stderr
