"""The package's imports run one way: each module imports only modules on lower layers (or, on its
own layer, without a cycle). Imports inside functions count. The layer table lives here; a new
module must be placed in it.

    cli → refgraph.open → demo → api, view → (paths, reconnect, advice, plots, triage) → reads, ties
        → (store, strength) → (results, output, samples, sources) → (identity, dates, records)
        → files → errors
"""
from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "refgraph"

# module (or package prefix) → layer; a longer prefix wins
LAYERS = {
    "refgraph.__main__": 11,
    "refgraph.cli": 10,
    "refgraph": 9,                  # the package itself (refgraph.open): this name alone, not a prefix
    "refgraph.demo": 8,
    "refgraph.api": 7,
    "refgraph.referral_api": 7,
    "refgraph.import_api": 7,
    "refgraph.team_api": 7,
    "refgraph.view": 7,
    "refgraph.paths": 6,
    "refgraph.reconnect": 6,
    "refgraph.advice": 6,
    "refgraph.plots": 6,
    "refgraph.triage": 6,
    "refgraph.changes": 6,
    "refgraph.intros": 6,
    "refgraph.reciprocity": 6,
    "refgraph.outcomes": 6,
    "refgraph.ask": 6,
    "refgraph.duplicates": 7,
    "refgraph.reads": 5,
    "refgraph.ties": 5,
    "refgraph.tie_reads": 5,
    "refgraph.store_graph": 5,
    "refgraph.store": 4,
    "refgraph.strength": 4,
    "refgraph.results": 3,
    "refgraph.output": 3,
    "refgraph.samples": 3,
    "refgraph.sources": 3,
    "refgraph.identity": 2,
    "refgraph.dates": 2,
    "refgraph.records": 2,
    "refgraph.files": 1,
    "refgraph.errors": 0,
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def _layer(module: str) -> int:
    best = max((prefix for prefix in LAYERS
                if module == prefix or (prefix != "refgraph" and module.startswith(prefix + "."))), key=len, default=None)
    assert best is not None, f"{module} is in no layer: add it to LAYERS in {Path(__file__).name}"
    return LAYERS[best]


def _imports(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that *module* imports, anywhere in it."""
    is_package = path.name == "__init__.py"
    here = module.split(".") if is_package else module.split(".")[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = here[:len(here) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            names = [f"{target}.{alias.name}" if f"{target}.{alias.name}" in modules else target
                     for alias in node.names]
        else:
            continue
        for name in names:
            while name and name not in modules:
                name = name.rpartition(".")[0]
            if name.startswith("refgraph") and name != module:
                found.add(name)
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {m: _imports(m, p, modules) for m, p in modules.items()}


def test_every_module_has_a_layer():
    for module in _modules():
        _layer(module)


def test_no_module_imports_one_above_it():
    upward = sorted(f"{a} ({_layer(a)}) imports {b} ({_layer(b)})"
                    for a, targets in _graph().items() for b in targets
                    if _layer(b) > _layer(a) and not (a == "refgraph" or b.startswith(a + ".")))
    assert upward == []


def test_no_import_cycle():
    graph = _graph()
    # a package's __init__ may re-export its own modules: that is not a cycle of the design
    graph = {a: {b for b in targets if not (b.startswith(a + ".") and a != "refgraph")} for a, targets in graph.items()}
    graph["refgraph"] = set()   # refgraph.open imports api lazily; everyone may import errors via the package
    cycles, state = [], {}

    def visit(node, stack):
        state[node] = "open"
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == "open":
                cycles.append(" → ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, stack)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node, [])
    assert cycles == []


def test_the_search_and_the_plans_reach_the_store_only_through_reads():
    """paths, reconnect, advice, plots and triage take a read interface (the seam a second engine plugs
    into): none of them imports the store, the api or the sources."""
    graph = _graph()
    middle = ("refgraph.paths", "refgraph.reconnect", "refgraph.advice", "refgraph.plots", "refgraph.triage",
              "refgraph.changes",
              "refgraph.reciprocity", "refgraph.intros", "refgraph.outcomes", "refgraph.ask")
    reaching = sorted(f"{a} imports {b}" for a in middle for b in graph[a]
                      if b.startswith(("refgraph.store", "refgraph.api", "refgraph.sources")))
    assert reaching == []
