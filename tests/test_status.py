"""Exit statuses are named once (tzcli.status) and used everywhere: no literal
status in src/, the names agree with Click's and with the README's table."""

from __future__ import annotations

import ast
import re

import click
from conftest import ROOT

from tzcli.status import ExitStatus

SRC = ROOT / "src" / "tzcli"
#: The calls that end a process or a Click context with a status.
EXITS = {"exit", "_exit", "Exit"}


def statuses() -> dict[str, int]:
    return {k: v for k, v in vars(ExitStatus).items() if k.isupper()}


def test_the_names_agree_with_click_and_shells() -> None:
    assert statuses() == {"SUCCESS": 0, "ERROR": 1, "USAGE": 2, "INTERRUPTED": 130}
    assert click.ClickException.exit_code == ExitStatus.ERROR
    assert click.UsageError.exit_code == ExitStatus.USAGE


def test_the_readme_table_lists_named_statuses() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    table = text.split("## Exit codes and errors", 1)[1].split("\n\n")[1]
    codes = {int(m) for m in re.findall(r"^\| (\d+) \|", table, re.M)}
    assert codes and codes <= set(statuses().values())


def literal_statuses(tree: ast.AST) -> list[int]:
    """Line numbers of a literal int handed to an exit (sys.exit(1), ctx.exit(2),
    os._exit(130), a conditional of them) or set as ``exit_code``."""
    found = []
    for node in ast.walk(tree):
        values: list[ast.expr] = []
        if isinstance(node, ast.Call):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in EXITS:
                values = list(node.args)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(getattr(t, "attr", getattr(t, "id", "")) == "exit_code" for t in targets):
                values = [node.value] if node.value is not None else []
        for value in values:
            for part in ast.walk(value):
                if isinstance(part, ast.Constant) and type(part.value) is int:
                    found.append(part.lineno)
    return sorted(found)


def test_the_scan_finds_literal_statuses() -> None:
    code = "import sys\nsys.exit(1)\nctx.exit(2 if bad else 0)\nos._exit(130)\nexc.exit_code = 3\n"
    assert literal_statuses(ast.parse(code)) == [2, 3, 3, 4, 5]
    assert literal_statuses(ast.parse("sys.exit(ExitStatus.ERROR)\nprint(1)\n")) == []


def test_no_literal_status_in_src() -> None:
    found = {}
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "status.py":
            continue
        lines = literal_statuses(ast.parse(path.read_text(encoding="utf-8")))
        if lines:
            found[str(path.relative_to(SRC))] = lines
    assert found == {}, "use tzcli.status.ExitStatus"
