"""The README is the manual: every environment variable the settings read is documented."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_environment_variable_is_in_the_readme():
    names = set()
    for path in (ROOT / "mgn" / "settings").glob("*.py"):
        names |= set(re.findall(r"env\.\w+\(\s*\"([A-Z_]+)\"", path.read_text()))
    readme = (ROOT / "README.md").read_text()
    missing = sorted(n for n in names if f"`{n}`" not in readme)
    assert names and not missing, f"Document these in README.md: {missing}"


def test_the_readme_opens_with_the_two_commands():
    lines = [ln.strip() for ln in (ROOT / "README.md").read_text().splitlines()[:25]]
    commands = [ln.split("#")[0].strip() for ln in lines if ln.startswith("make ")]
    assert commands[:2] == ["make run", "make test"]


def test_ci_calls_the_readme_test_command():
    assert "make test" in (ROOT / ".ci" / "run").read_text()
