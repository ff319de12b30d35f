"""The package layout's import rule (``model/__init__.py``): lower phases never import higher.

Reads every module's source with :mod:`ast` (imports inside functions count too), so a lazy
import that breaks the rule is caught as well as a top-level one.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

pytestmark = pytest.mark.unit

PACKAGE = Path(__file__).resolve().parents[2] / "model"
#: Phase rank; a module may import modules of its own or a lower rank.
RANK = {"errors": 0, "testhook": 0, "atomic": 0, "inputs": 1, "formulation": 2, "solve": 3,
        "outputs": 4, "runner": 5, "stochastic": 5, "sweep": 6, "analysis": 7, "cli": 8}


def _phase(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "model" or len(parts) < 2:
        return None
    return parts[1]


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "model":
                found += [f"model.{a.name}" for a in node.names]
            else:
                found.append(node.module)
    return found


def test_every_module_belongs_to_a_known_phase() -> None:
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        if rel.name == "__init__.py" and len(rel.parts) == 1:
            continue
        assert rel.parts[0].removesuffix(".py") in RANK, f"{rel}: not in a phase of the layout"


def test_lower_phases_never_import_higher_ones() -> None:
    broken = []
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        if len(rel.parts) == 1 and rel.name == "__init__.py":
            continue
        own = RANK[rel.parts[0].removesuffix(".py")]
        for mod in _imports(path):
            phase = _phase(mod)
            if phase is not None and RANK.get(phase, 99) > own:
                broken.append(f"model/{rel} imports {mod}")
    assert not broken, "import rule broken:\n" + "\n".join(broken)
