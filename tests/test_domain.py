"""docs/domain.md defines every rule id the repository names, and the repository stands alone.

A rule id (`R-VG-4`) in a docstring, template, test name (`test_r_vg_4_…`) or document
must resolve in docs/domain.md, the one place a reader of a clone can look it up; and no
file may point outside the repository to find it.
"""

import re
import subprocess
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = ROOT / "docs" / "domain.md"

RULE_ID = re.compile(r"\bR-[A-Z]{2,3}-\d+\b")
TEST_NAME_ID = re.compile(r"\btest_r_([a-z]{2,3})_(\d+)")
DEFINITION = re.compile(r"^- \*\*(R-[A-Z]{2,3}-\d+)\*\*", re.MULTILINE)
# Built in two pieces so that this file does not match itself.
OUTSIDE_REFERENCE = re.compile(r"\.\./" + "shared")

# Where ids may be named: the apps, the core, tests, benchmark, templates, documents.
SCANNED = [
    "mgn",
    "networks",
    "wachttijden",
    "verkennend_gesprek",
    "transfer",
    "casusoverleg",
    "bekostiging",
    "tests",
    "bench",
    "templates",
    "docs",
]
SKIPPED_DIRS = {".git", ".venv", "var", "__pycache__", "node_modules", "staticfiles", "results"}
TEXT_SUFFIXES = {
    ".py",
    ".html",
    ".txt",
    ".md",
    ".yaml",
    ".yml",
    ".toml",
    ".json",
    ".csv",
    ".xml",
    ".xsd",
    ".js",
    ".css",
    ".cfg",
    ".ini",
    ".sh",
}


def defined_ids(text: str) -> list[str]:
    return DEFINITION.findall(text)


def named_ids(text: str) -> set[str]:
    ids = set(RULE_ID.findall(text))
    ids |= {f"R-{area.upper()}-{n}" for area, n in TEST_NAME_ID.findall(text)}
    return ids


def _walk(base: Path):
    for path in sorted(base.rglob("*")):
        if any(part in SKIPPED_DIRS for part in path.relative_to(ROOT).parts):
            continue
        if path.is_file():
            yield path


def scanned_files():
    for name in SCANNED:
        yield from (p for p in _walk(ROOT / name) if p.suffix in TEXT_SUFFIXES)
    yield from sorted(ROOT.glob("*.md"))


def repository_files():
    """Tracked files when this is a git checkout, else every file outside the skipped dirs."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        yield from _walk(ROOT)
        return
    for name in listed.decode().split("\0"):
        path = ROOT / name
        if name and path.is_file() and not set(Path(name).parts) & SKIPPED_DIRS:
            yield path


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return ""


def _name(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def undefined_ids(files, defined: set[str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for path in files:
        for rule in sorted(named_ids(_read(path)) - defined):
            found.setdefault(rule, []).append(_name(path))
    return found


def test_docs_domain_defines_each_rule_once():
    ids = defined_ids(DOMAIN.read_text(encoding="utf-8"))
    twice = sorted(rule for rule, count in Counter(ids).items() if count > 1)
    assert ids and not twice, f"docs/domain.md defines these more than once: {twice}"


def test_docs_domain_numbers_each_area_without_gaps():
    numbers: dict[str, set[int]] = {}
    for rule in defined_ids(DOMAIN.read_text(encoding="utf-8")):
        _r, area, n = rule.split("-")
        numbers.setdefault(area, set()).add(int(n))
    gaps = {area: sorted(set(range(1, max(ns) + 1)) - ns) for area, ns in numbers.items()}
    assert not {area: g for area, g in gaps.items() if g}
    assert set(numbers) >= {"NW", "VG", "TR", "WT", "DOC", "BK", "PR"}


def test_every_rule_id_named_in_the_repository_is_defined_in_docs_domain():
    defined = set(defined_ids(DOMAIN.read_text(encoding="utf-8")))
    undefined = undefined_ids(scanned_files(), defined)
    assert not undefined, f"Define these in docs/domain.md (or fix the id): {undefined}"


def test_the_id_check_catches_an_undefined_id(tmp_path):
    planted = tmp_path / "planted.py"
    # Built in pieces so that this file itself names no undefined id.
    planted.write_text("def test_r_" + 'zz_1_x():\n    """Keeps R-' + 'QQ-2 and R-NW-1."""\n')
    assert set(undefined_ids([planted], {"R-NW-1"})) == {"R-" + "ZZ-1", "R-" + "QQ-2"}


def test_the_definition_parser_sees_a_duplicate():
    text = "- **R-NW-1** one\n- **R-NW-2** two\n- **R-NW-1** again\n"
    assert [r for r, c in Counter(defined_ids(text)).items() if c > 1] == ["R-NW-1"]


def test_no_file_points_outside_the_repository():
    """A clone has no sibling folder: documents and code refer to docs/ instead."""
    offenders = sorted(
        str(path.relative_to(ROOT))
        for path in repository_files()
        if OUTSIDE_REFERENCE.search(_read(path))
    )
    assert not offenders, f"Point these at docs/domain.md or docs/architecture.md: {offenders}"
