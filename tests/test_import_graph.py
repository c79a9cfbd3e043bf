"""No import cycle anywhere in src/, deferred imports included.

The graph is built from the source (ast): every ``import`` and ``from … import`` of
every module, at the top or inside a function, is an edge. Imports under
``if TYPE_CHECKING:`` are left out: they never run (mypy reads them, and mypy
handles cycles of annotations). ``from package import name`` is an edge to the
submodule ``package.name`` when there is one, else to the package.
"""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

SRC = ROOT / "src"

#: Cycles known and left for a later change, each with where it is planned. The test
#: fails when one of them is gone as well (then strike it from here).
KNOWN: dict[frozenset[str], str] = {}


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking(test: ast.expr) -> bool:
    """``if TYPE_CHECKING:`` or ``if typing.TYPE_CHECKING:``."""
    name = test.attr if isinstance(test, ast.Attribute) else getattr(test, "id", "")
    return name == "TYPE_CHECKING"


def _imports(tree: ast.AST) -> list[ast.Import | ast.ImportFrom]:
    found: list[ast.Import | ast.ImportFrom] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and _type_checking(node.test):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            found.append(node)
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def import_graph(root: Path) -> dict[str, set[str]]:
    """Module → the modules of ``root`` it imports (anywhere in it)."""
    paths = {module_name(p, root): p for p in sorted(root.rglob("*.py"))}

    def known(name: str) -> str | None:
        while name and name not in paths:
            name = name.rpartition(".")[0]
        return name or None

    graph: dict[str, set[str]] = {name: set() for name in paths}
    for name, path in paths.items():
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            else:
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                    base = ".".join([*up, *([base] if base else [])])
                targets = [
                    f"{base}.{alias.name}" if f"{base}.{alias.name}" in paths else base
                    for alias in node.names
                ]
            for target in targets:
                found = known(target)
                if found is not None and found != name:
                    graph[name].add(found)
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def connect(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in sorted(graph[node]):
            if other not in index:
                connect(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            component = []
            while True:
                other = stack.pop()
                on_stack.discard(other)
                component.append(other)
                if other == node:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            connect(node)
    return sorted(out)


def _explain(component: list[str], graph: dict[str, set[str]]) -> str:
    return "; ".join(f"{m} -> {', '.join(sorted(graph[m] & set(component)))}" for m in component)


def test_the_graph_finds_deferred_and_relative_imports(tmp_path: Path) -> None:
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("def f():\n    from pkg.b import g\n")
    (pkg / "b.py").write_text("from . import a\n")
    (pkg / "c.py").write_text("if TYPE_CHECKING:\n    from pkg import d\nimport pkg.a\n")
    (pkg / "d.py").write_text("import pkg.c\n")
    graph = import_graph(tmp_path)
    assert graph["pkg.a"] == {"pkg.b"} and graph["pkg.b"] == {"pkg.a"}
    assert graph["pkg.c"] == {"pkg.a"}
    assert cycles(graph) == [["pkg.a", "pkg.b"]]


def test_no_import_cycle_in_src() -> None:
    graph = import_graph(SRC)
    assert len(graph) > 30
    found = {frozenset(c): c for c in cycles(graph)}
    new = [_explain(c, graph) for key, c in found.items() if key not in KNOWN]
    assert new == [], "import cycles: " + " | ".join(new)
    gone = [why for key, why in KNOWN.items() if key not in found]
    assert gone == [], f"these cycles are gone: strike them from KNOWN: {gone}"


def test_no_command_imports_another_command() -> None:
    """Each command is loaded alone (what they share lives in common, complete, …):
    ``indicators`` reads the topics without importing ``facts``."""
    from tzcli.commands import COMMANDS

    command_modules = {entry.target.partition(":")[0] for entry in COMMANDS.values()}
    graph = import_graph(SRC)
    assert "tzcli.commands.facts" in command_modules
    found = {m: sorted(graph[m] & command_modules) for m in sorted(command_modules)}
    assert {m: found[m] for m in found if found[m]} == {}
