"""The import contract: which part of the project may import which, every arrow pointing down.

Data flows one way: files become ``Document`` records (``indexer.documents``),
records become an index (``indexer.build`` has ``indexer.engine`` write it,
``indexer.store`` keeps its generations), the ``indexer.archive`` facade
answers requests from it, ``indexer.citations`` cites and finds what it holds,
and the command line (``indexer.cli``) and the web app (``webapp``) sit on
top. Below everything is the model: the records, the facet table, the query
language, countries, dates and configuration, the top-level modules of
``indexer`` that work on finished records and know no reader, engine or store.

Each rule names a layer and the layers it may import; a layer may always
import itself. The test parses every module's imports (module level and
inside functions alike), so a rule broken anywhere fails here with the line.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]

# Layers of ``indexer`` named by their package or module; every other top-level module of
# ``indexer`` is the model.
MODEL = "indexer (model)"
# Who may import whom, besides itself and the model (which everyone may import).
ALLOWED: dict[str, set[str]] = {
    MODEL: set(),
    "indexer.documents": set(),
    "indexer.store": set(),
    "indexer.engine": {"indexer.store"},
    "indexer.archive": {"indexer.engine", "indexer.store"},
    "indexer.citations": {"indexer.archive"},
    "indexer.build": {"indexer.documents", "indexer.engine", "indexer.store", "indexer.archive"},
    "indexer.cli": {"indexer.documents", "indexer.engine", "indexer.store", "indexer.archive",
                    "indexer.citations", "indexer.build"},
    "webapp": {"indexer.archive", "indexer.citations", "indexer.build", "indexer.cli",
               "indexer.store"},
}
LAYERS = tuple(name for name in ALLOWED if name != MODEL)
# Modules beside a layer's own that belong to it: the `refsearch` commands split over files.
MEMBERS = {"indexer.cli_check": "indexer.cli", "indexer.cli_options": "indexer.cli"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PROJECT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def layer_of(module: str) -> str | None:
    """The layer a project module belongs to, or None for bench, tests and other packages."""
    if module in MEMBERS:
        return MEMBERS[module]
    for name in LAYERS:
        if module == name or module.startswith(name + "."):
            return name
    if module == "indexer" or module.startswith("indexer."):
        return MODEL
    return None


def imports_of(path: Path) -> list[tuple[int, str]]:
    """Every module ``path`` imports, absolute, with its line."""
    module = module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[:len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            found.append((node.lineno, target))
            found += [(node.lineno, f"{target}.{alias.name}") for alias in node.names]
    return found


def project_modules() -> list[Path]:
    return sorted(p for folder in ("indexer", "webapp") for p in (PROJECT / folder).rglob("*.py"))


def broken_rules() -> list[str]:
    known = {module_name(p) for p in project_modules()}
    broken = []
    for path in project_modules():
        source = layer_of(module_name(path))
        for line, target in imports_of(path):
            if target not in known:
                continue  # a name inside a module, or another package
            layer = layer_of(target)
            if layer in (None, source, MODEL) or layer in ALLOWED[source or MODEL]:
                continue
            broken.append(f"{path.relative_to(PROJECT)}:{line}: {source} imports {target} ({layer})")
    return sorted(set(broken))


def test_every_import_points_down_the_layers():
    assert broken_rules() == []


@pytest.mark.parametrize("module, layer", [
    ("indexer.records", MODEL), ("indexer.documents.reader", "indexer.documents"),
    ("indexer.engine.archive", "indexer.engine"), ("indexer.archive", "indexer.archive"),
    ("webapp.views", "webapp"), ("bench.speed.run", None),
])
def test_modules_are_placed_in_their_layer(module, layer):
    assert layer_of(module) == layer


def test_the_contract_sees_imports_inside_functions(tmp_path):
    # The walk above would pass vacuously if it missed the imports a function makes.
    source = PROJECT / "indexer" / "cli.py"
    assert any(target.startswith("indexer.build") for _, target in imports_of(source))
