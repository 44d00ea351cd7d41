"""The core's import graph follows the layer order written in ``docs/architecture.md``, has no cycle,
and no module dodges the rule with a dynamic import.

An edge is an explicit import of a tyxq module, at module level or inside a
function, not under ``if TYPE_CHECKING:``. Importing a submodule
(``from .kernels.plan import x``, ``from .kernels import plan``) is an edge
to that submodule only, not to its package's ``__init__``. The layers are
read from the code block under "The layers of the core" in the architecture
page: each line starting at the left margin is one layer (bottom first), its
entries separated by commas, ``name.py`` a module and ``name/`` a package with
every module in it.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import tyxq

ROOT = Path(tyxq.__file__).parent
PACKAGE = "tyxq"
ARCHITECTURE = Path(__file__).resolve().parents[2] / "docs" / "architecture.md"
LAYERS_HEADING = "## The layers of the core"


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in ROOT.rglob("*.py")}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    """Every import statement, skipping the bodies of ``if TYPE_CHECKING:`` blocks."""
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def _resolve(module: str, path: Path, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    package = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
    base = package[: len(package) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        for node in _imports(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = _resolve(name, path, node)
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base for alias in node.names
                ]
            for target in targets:
                if target == PACKAGE or target.startswith(PACKAGE + "."):
                    while target not in modules:  # `import tyxq.kernels.plan.x`: the deepest module named
                        target = target.rsplit(".", 1)[0]
                    if target != name:
                        graph[name].add(target)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                return [*stack[stack.index(target) :], target]
            if target not in state:
                found = visit(target)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state:
            found = visit(node)
            if found:
                return found
    return None


def documented_layers(text: str) -> list[list[str]]:
    """The layers of the architecture page, bottom first, each a list of entries (``"gates/"``, ``"api.py"``)."""
    section = text[text.index(LAYERS_HEADING) :]
    start = section.index("```\n") + 4
    block = section[start : section.index("```", start)]
    layers = []
    for line in block.splitlines():
        if line and not line[0].isspace():
            entries = line.split("  ")[0]  # the description follows after two or more spaces
            layers.append([entry.strip() for entry in entries.split(",") if entry.strip()])
    return layers


def layer_of(layers: list[list[str]], module: str) -> int | None:
    """The index of the layer that places ``module`` (a dotted name under ``tyxq``), ``None`` if none does."""
    relative = module.split(".")[1:]
    for index, entries in enumerate(layers):
        for entry in entries:
            if entry.endswith("/") and relative[:1] == [entry[:-1]]:
                return index
            if entry == "__init__.py" and not relative:
                return index
            if entry.endswith(".py") and relative == [entry[:-3]]:
                return index
    return None


def layer_violations(graph: dict[str, set[str]], layers: list[list[str]]) -> list[str]:
    """Every import of a higher layer, as ``"importer (layer i) -> imported (layer j)"``."""
    found = []
    for name, targets in sorted(graph.items()):
        own = layer_of(layers, name)
        for target in sorted(targets):
            theirs = layer_of(layers, target)
            if own is not None and theirs is not None and theirs > own:
                found.append(f"{name} (layer {own}: {layers[own]}) -> {target} (layer {theirs}: {layers[theirs]})")
    return found


def test_every_module_has_a_documented_layer() -> None:
    layers = documented_layers(ARCHITECTURE.read_text())
    assert len(layers) > 15  # the block was read
    unplaced = [name for name in sorted(_modules()) if layer_of(layers, name) is None]
    assert unplaced == [], f"add these modules to the layer list of docs/architecture.md: {unplaced}"


def test_every_import_follows_the_documented_layer_order() -> None:
    layers = documented_layers(ARCHITECTURE.read_text())
    violations = layer_violations(import_graph(), layers)
    assert violations == [], "imports of a higher layer than the importer's:\n" + "\n".join(violations)


def test_the_layer_check_finds_a_planted_upward_import() -> None:
    layers = documented_layers(ARCHITECTURE.read_text())
    graph = import_graph()
    graph["tyxq.operations"].add("tyxq.kernels.plan")  # the operation table importing the kernels above it
    assert any(v.startswith("tyxq.operations ") for v in layer_violations(graph, layers))


def test_the_layer_order_is_the_documented_one() -> None:
    layers = documented_layers(ARCHITECTURE.read_text())
    order = [entry for layer in layers for entry in layer]
    assert order.index("errors.py") < order.index("operations.py") < order.index("circuit.py") < order.index("api.py")
    assert order.index("kernels/") < order.index("execution/") < order.index("gradients/")


def test_the_core_import_graph_has_no_cycle() -> None:
    graph = import_graph()
    assert sum(len(targets) for targets in graph.values()) > 100  # the graph was read, not empty
    cycle = find_cycle(graph)
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])


def test_the_cycle_finder_finds_a_planted_cycle() -> None:
    graph = import_graph()
    graph["tyxq.errors"].add("tyxq.api")  # the lowest layer importing the highest
    assert find_cycle(graph) is not None


def test_kernels_never_read_the_selection() -> None:
    graph = import_graph()
    readers = [name for name, targets in graph.items() if name.startswith("tyxq.kernels") and "tyxq.context" in targets]
    assert readers == []


def test_the_circuit_imports_only_the_layers_that_define_operations() -> None:
    allowed = {
        "tyxq.errors",
        "tyxq.kinds",
        "tyxq.gates",
        "tyxq.channels",
        "tyxq.operations",
        "tyxq.validation",
        "tyxq.arguments",
        "tyxq.transforms",
        "tyxq.circuit_methods",
    }
    assert import_graph()["tyxq.circuit"] <= allowed


@pytest.mark.parametrize("name", sorted(_modules()))
def test_no_module_imports_tyxq_dynamically(name: str) -> None:
    tree = ast.parse(_modules()[name].read_text())
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        if called not in ("import_module", "__import__"):
            continue
        target = node.args[0] if node.args else None
        literal = target.value if isinstance(target, ast.Constant) and isinstance(target.value, str) else None
        assert literal is None or not (literal.startswith(("tyxq", "."))), (
            f"{name} imports {literal!r} dynamically; import it explicitly so the layering test sees the edge"
        )
    strings = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    factories = [s for s in strings if s.startswith("tyxq.") and ":" in s and " " not in s]
    assert factories == [], f"{name} names tyxq objects as 'module:attribute' text, a dynamic import: {factories}"
