"""`seed_demo` prints the address `make run` serves on (the Makefile's RUNSERVER_ADDR)."""

import io
import re
from pathlib import Path

from django.core.management import call_command

import pytest

from networks.management.commands.seed_demo import DEFAULT_ADDR, browse_url

MAKEFILE = Path(__file__).resolve().parents[2] / "Makefile"


def _seed_output(**options) -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


@pytest.mark.parametrize(
    ("addr", "url"),
    [
        ("127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("0.0.0.0:8123", "http://127.0.0.1:8123"),
        ("9000", "http://127.0.0.1:9000"),
        ("localhost:8080", "http://localhost:8080"),
        ("[::]:8001", "http://[::1]:8001"),
    ],
)
def test_browse_url_is_what_a_browser_opens_for_a_runserver_address(addr, url):
    assert browse_url(addr) == url


def test_seed_demo_prints_the_address_it_is_given(db, settings):
    settings.DEMO_SEEDERS = []
    output = _seed_output(addr="0.0.0.0:8123")
    assert "Open http://127.0.0.1:8123/netwerken/veenland/" in output
    assert ":8000" not in output


def test_seed_demo_reads_runserver_addr_from_the_environment(db, settings, monkeypatch):
    settings.DEMO_SEEDERS = []
    monkeypatch.setenv("RUNSERVER_ADDR", "127.0.0.1:8765")
    assert "Open http://127.0.0.1:8765/netwerken/veenland/" in _seed_output()


def test_make_seed_passes_the_address_make_run_serves_on():
    makefile = MAKEFILE.read_text()
    default = re.search(r"^RUNSERVER_ADDR \?= (\S+)$", makefile, re.M).group(1)
    assert default == DEFAULT_ADDR
    run = re.search(r"^run: (.*)\n((?:\t.*\n)+)", makefile, re.M)
    assert "seed" in run.group(1).split()
    assert "runserver $(RUNSERVER_ADDR)" in run.group(2)
    seed = re.search(r"^seed: .*\n((?:\t.*\n)+)", makefile, re.M).group(1)
    assert "seed_demo --addr $(RUNSERVER_ADDR)" in seed
