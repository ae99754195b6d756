"""The shape of the code, read from the source (AST), so the layout stays what docs/architecture.md says.

- Floors: ``mgn`` (core) → ``networks`` → ``wachttijden`` → ``verkennend_gesprek`` /
  ``transfer`` / ``casusoverleg`` → ``bekostiging``. A module imports only from its own app or a
  lower floor; apps on one floor do not import each other; nothing imports ``bekostiging``;
  ``mgn`` imports no domain app. Settings and the root URLconf are wiring and may name every app.
- Another app is reached only through its ``selectors``, ``services``, ``models`` or ``constants``.
- ``guardian`` is imported only by the permission layer: selectors, services, models (its
  direct foreign-key permission tables), admin and ``permissions`` modules.
- No app module is over 600 lines.
"""

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FLOORS = {
    "mgn": 0,
    "networks": 1,
    "wachttijden": 2,
    "verkennend_gesprek": 3,
    "transfer": 3,
    "casusoverleg": 3,
    "bekostiging": 4,
}
CROSS_APP_LAYERS = {"selectors", "services", "models", "constants"}
PERMISSION_LAYERS = {"selectors", "services", "models", "admin", "permissions"}
# Wiring: these name every app by design.
WIRING = ("mgn.urls", "mgn.settings")
MAX_LINES = 600


@dataclass(frozen=True)
class Violation:
    module: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.module}:{self.line}: {self.message}"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def app_modules() -> list[Path]:
    paths = []
    for app in FLOORS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.relative_to(ROOT).parts:
                paths.append(path)
    return paths


def imported_modules(tree: ast.AST, module: str, *, is_package: bool) -> list[tuple[str, int]]:
    """Every module an AST imports (also inside functions), as absolute dotted names.

    ``from pkg import name`` yields ``pkg.name``: it may be a submodule, and the layer
    rule must see ``from networks import demo`` as an import of ``networks.demo``.
    """
    package = module if is_package else module.rpartition(".")[0]
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            found.extend((f"{base}.{alias.name}", node.lineno) for alias in node.names)
    return found


def check_source(source: str, module: str, *, is_package: bool = False) -> list[Violation]:
    tree = ast.parse(source)
    app = module.split(".")[0]
    wiring = module.startswith(WIRING)
    layers = set(module.split(".")[1:])
    problems = []
    for target, line in imported_modules(tree, module, is_package=is_package):
        parts = target.split(".")
        other = parts[0]
        if other == "guardian" and not (layers & PERMISSION_LAYERS or wiring):
            problems.append(
                Violation(module, line, f"imports {target}: guardian only in {PERMISSION_LAYERS}")
            )
        if other not in FLOORS or other == app or wiring:
            continue
        if FLOORS[other] >= FLOORS[app]:
            problems.append(
                Violation(
                    module,
                    line,
                    f"imports {target}: {app} (floor {FLOORS[app]}) may not import "
                    f"{other} (floor {FLOORS[other]})",
                )
            )
        elif other != "mgn" and (len(parts) < 2 or parts[1] not in CROSS_APP_LAYERS):
            problems.append(
                Violation(
                    module,
                    line,
                    f"imports {target}: another app is reached only through "
                    f"{sorted(CROSS_APP_LAYERS)}",
                )
            )
    return problems


def test_imports_follow_the_floors_and_the_layers():
    problems = []
    for path in app_modules():
        problems += check_source(
            path.read_text(), module_name(path), is_package=path.name == "__init__.py"
        )
    assert not problems, "\n".join(map(str, problems))


def test_no_app_module_is_over_600_lines():
    too_long = [
        f"{path.relative_to(ROOT)} ({count} lines)"
        for path in app_modules()
        if (count := len(path.read_text().splitlines())) > MAX_LINES
    ]
    assert not too_long, "split by capability: " + ", ".join(too_long)


@pytest.mark.parametrize(
    ("module", "source", "expected"),
    [
        ("networks.services.network", "from bekostiging.models import Contract", "floor"),
        ("mgn.pdf", "from networks.models import Network", "floor"),
        ("transfer.services.tafel", "from verkennend_gesprek.models import Persoon", "floor"),
        ("casusoverleg.views.casus", "import bekostiging.selectors", "floor"),
        ("bekostiging.demo", "from verkennend_gesprek import demo", "reached only through"),
        ("bekostiging.views.x", "from wachttijden.views.aanbod import detail", "reached only"),
        ("wachttijden.views.dashboard", "from guardian.shortcuts import get_perms", "guardian"),
        ("networks.views.network", "def f():\n    from guardian import shortcuts", "guardian"),
    ],
)
def test_the_checker_fails_on_a_planted_forbidden_import(module, source, expected):
    problems = check_source(source, module)
    assert len(problems) == 1
    assert expected in problems[0].message


@pytest.mark.parametrize(
    ("module", "source"),
    [
        ("bekostiging.services.x", "from verkennend_gesprek.selectors.aanvraag import vg_for_user"),
        ("verkennend_gesprek.services.x", "from networks import selectors"),
        ("wachttijden.models.x", "from networks.models import Region"),
        ("networks.selectors.x", "from guardian.shortcuts import get_objects_for_user"),
        ("networks.services.x", "from .models import Network"),
        ("mgn.urls", "from bekostiging.api import urls"),
        ("verkennend_gesprek.views.x", "from mgn.pdf import render_pdf"),
    ],
)
def test_the_checker_allows_what_the_layout_allows(module, source):
    assert check_source(source, module) == []


def test_relative_imports_are_resolved_against_the_package():
    tree = ast.parse("from ..models import Network\nfrom . import network")
    assert imported_modules(tree, "networks.services.network", is_package=False) == [
        ("networks.models.Network", 1),
        ("networks.services.network", 2),
    ]
    tree = ast.parse("from .network import network_create")
    assert imported_modules(tree, "networks.services", is_package=True) == [
        ("networks.services.network.network_create", 1),
    ]
