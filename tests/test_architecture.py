"""The shape of game/: no import cycles, and the frame pipeline (game/frame/) a layer below the scenes.

The import graph is built from the source with ``ast`` (nothing is imported). Two kinds of edge:
- module level: what runs when the module is imported (including inside ``try``/``if`` at the top),
  but not ``if TYPE_CHECKING:`` blocks, which never run;
- deferred: imports inside functions and methods. Those are how a cycle gets hidden (it still runs,
  only later), so they are counted too: a cycle is a cycle whichever kind of edge closes it. A few
  deferred imports are kept on purpose to make start-up cheaper (a lesson kind's scene loaded when
  first played); they point down the layers and close no cycle, so they do not show here.
"""

from __future__ import annotations

import ast
from pathlib import Path

GAME = Path(__file__).resolve().parent.parent / "game"


def module_name(path: Path) -> str:
    parts = list(path.relative_to(GAME.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def all_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(GAME.rglob("*.py"))}


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.Module) -> tuple[list[ast.stmt], list[ast.stmt]]:
    """The module's import statements: (run at import, deferred into functions)."""
    top: list[ast.stmt] = []
    deferred: list[ast.stmt] = []

    def visit(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                for stmt in child.orelse:  # the else branch runs
                    visit_stmt(stmt, in_function)
                continue
            visit_stmt(child, in_function)

    def visit_stmt(child: ast.AST, in_function: bool) -> None:
        if isinstance(child, (ast.Import, ast.ImportFrom)):
            (deferred if in_function else top).append(child)
        visit(child, in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)))

    visit(tree, False)
    return top, deferred


def _targets(stmt: ast.stmt, importer: str, is_package: bool, modules: dict[str, Path]) -> set[str]:
    """The game modules an import statement runs."""
    names: list[str] = []
    if isinstance(stmt, ast.Import):
        names = [alias.name for alias in stmt.names]
    else:
        assert isinstance(stmt, ast.ImportFrom)
        if stmt.level:
            package = importer.split(".") if is_package else importer.split(".")[:-1]
            package = package[:len(package) - (stmt.level - 1)]
            base = ".".join(package + ([stmt.module] if stmt.module else []))
        else:
            base = stmt.module or ""
        names = [base] + [f"{base}.{alias.name}" for alias in stmt.names]
    # A module's own packages are being imported already when it runs (Python imports a package before
    # its modules), so ``from .sibling import x`` runs the sibling, not the package again.
    own = {".".join(importer.split(".")[:end]) for end in range(1, importer.count(".") + 2)}
    found = set()
    for name in names:
        parts = name.split(".")
        for end in range(1, len(parts) + 1):  # importing a.b.c runs a, a.b and a.b.c
            candidate = ".".join(parts[:end])
            if candidate in modules and candidate not in own:
                found.add(candidate)
    return found


def import_graph(deferred_too: bool) -> dict[str, set[str]]:
    modules = all_modules()
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        top, deferred = _imports(ast.parse(path.read_text(encoding="utf-8"), str(path)))
        statements = top + deferred if deferred_too else top
        is_package = path.name == "__init__.py"
        graph[name] = set().union(*(_targets(stmt, name, is_package, modules) for stmt in statements))
    return graph


def tangles(graph: dict[str, set[str]]) -> list[set[str]]:
    """Every strongly connected group of more than one module (Tarjan): each module in one reaches every other."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []
    counter = [0]

    def connect(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph.get(node, ())):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(group)

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return groups


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle through each tangle of modules (a shortest, from its first module), to name it."""
    return [_one_cycle(graph, group) for group in tangles(graph)]


def _one_cycle(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """A shortest path from the group's first module back to itself, inside the group."""
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        following = []
        for node in frontier:
            for other in sorted(graph[node] & group):
                if other == start:
                    return paths[node] + [start]
                if other not in paths:
                    paths[other] = paths[node] + [other]
                    following.append(other)
        frontier = following
    return sorted(group)


def _describe(found: list[list[str]]) -> str:
    return "; ".join(" -> ".join(cycle) for cycle in found)


def test_the_graph_is_read_from_every_module() -> None:
    graph = import_graph(deferred_too=False)
    assert "game.engine.app" in graph and "game.frame.compose" in graph and "game.scenes.base" in graph
    assert "game.frame.redraw" in graph["game.scenes.base"]  # an edge is found, relative import and all


def test_no_import_cycle_at_module_level() -> None:
    found = cycles(import_graph(deferred_too=False))
    assert not found, f"import cycles in game/: {_describe(found)}"


# Cycles closed only by imports inside functions: none. Screens that open one another do it by name
# (game/scenes/screens.py, game/scenes/teacher/__init__.py), not by importing each other.
KNOWN_DEFERRED_CYCLES: list[set[str]] = []


def test_no_new_import_cycle_hidden_in_a_function() -> None:
    """An import moved into a function still runs, only later: counted, a cycle is a cycle. No cycle but
    the known ones (above), which must still be there as they are (a broken one is struck off the list)."""
    graph = import_graph(deferred_too=True)
    found = tangles(graph)
    new = [_one_cycle(graph, group) for group in found if group not in KNOWN_DEFERRED_CYCLES]
    assert not new, (f"import cycles in game/ once imports inside functions count: {_describe(new)} "
                     "(moving an import into a function hides a cycle, it does not break it)")
    gone = [group for group in KNOWN_DEFERRED_CYCLES if group not in found]
    assert not gone, f"no longer a cycle, strike it off KNOWN_DEFERRED_CYCLES: {gone}"


def test_the_frame_pipeline_knows_no_scene() -> None:
    """game/frame/ is the layer scenes and widgets are drawn by: it reaches them only through the contract
    in game/frame/__init__.py, never by importing them (not even for type hints)."""
    offending = []
    for name, path in all_modules().items():
        if not name.startswith("game.frame"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and "scenes" in node.module.split("."):
                offending.append(f"{name} imports {node.module}")
    assert not offending, "; ".join(offending)


def test_a_cycle_is_found_and_named() -> None:
    graph = {"game.a": {"game.b"}, "game.b": {"game.c"}, "game.c": {"game.a"}, "game.d": {"game.a"}}
    assert cycles(graph) == [["game.a", "game.b", "game.c", "game.a"]]
    assert cycles({"game.a": {"game.b"}, "game.b": set()}) == []
