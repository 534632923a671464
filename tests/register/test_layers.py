"""No import cycle inside the register: tasks call services, and the services that queue tasks
(recourse) are not the ones the tasks run (recourse_followup)."""

import pytest


def test_no_import_cycle_inside_the_app():
    grimp = pytest.importorskip("grimp")
    graph = grimp.build_graph("register", cache_dir=None)
    modules = {m for m in graph.modules if m.startswith("register.")}
    for module in modules:
        for imported in graph.find_modules_directly_imported_by(module) & modules:
            assert not graph.chain_exists(importer=imported, imported=module), (module, imported)
