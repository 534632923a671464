"""Page models hold data and invariants: they import nothing above them, and the app has no cycle."""

import ast
from pathlib import Path

import pytest

import training

APP = Path(training.__file__).parent
ABOVE_MODELS = {"views", "pages", "selectors", "services", "forms", "quiz", "api", "pdf"}


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, including imports made inside functions."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_page_models_import_no_view_selector_or_service():
    imported = imported_modules(APP / "models.py")
    assert not {f"training.{name}" for name in ABOVE_MODELS} & imported


def test_no_import_cycle_inside_the_app():
    grimp = pytest.importorskip("grimp")
    graph = grimp.build_graph("training", cache_dir=None)
    modules = {m for m in graph.modules if m.startswith("training.")}
    for module in modules:
        for imported in graph.find_modules_directly_imported_by(module) & modules:
            assert not graph.chain_exists(importer=imported, imported=module), (module, imported)
