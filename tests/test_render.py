"""render's own CSV and JSON writers agree with the standard library's, and its fast
table cells draw what rich's own draw."""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from typing import Any, List, Optional, Tuple

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tzcli.render import table as render
from tzcli.render.machine import csv_text, json_string

_json_string = json_string


def _csv_line(cells: List[str]) -> str:
    names = [f"c{i}" for i in range(len(cells))]
    return csv_text([dict(zip(names, cells, strict=True))], names, header=False)[:-1]

TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)


@settings(max_examples=400, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=4))
def test_csv_line_reads_back_and_matches_the_csv_module(cells: List[str]) -> None:
    if sys.version_info < (3, 11):  # the 3.10 module refuses NUL; the loader refuses it too
        cells = [c.replace("\x00", "") for c in cells]
    line = _csv_line(cells)
    assert next(csv.reader(io.StringIO(line + "\n"))) == cells
    if not any("\r" in c for c in cells):  # where the module leaves a bare CR unquoted
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow(cells)
        assert buf.getvalue() == line + "\n"


@settings(max_examples=400, deadline=None)
@given(TEXT)
def test_json_string_reads_back_and_is_printable(text: str) -> None:
    out = _json_string(text)
    assert json.loads(out) == text
    for ch in "\x1b\x07\x08\r\x7f\u202e\u2028":
        assert ch not in out


def test_json_string_keeps_chinese() -> None:
    assert _json_string("农村人口3.4万人") == '"农村人口3.4万人"'
    assert _json_string('a"b\\c\n') == '"a\\"b\\\\c\\n"'


# --------------------------------------------------------------------------
# LineCell: the same table bytes as rich's own text cells


class _Terminal(io.StringIO):
    """A stream that says it is a terminal: rich then colours and wraps."""

    def isatty(self) -> bool:
        return True


TABLE_CALLS = [
    ["stats"],
    ["stats", "--year", "2016"],
    ["projects"],
    ["projects", "--year", "2017"],
    ["poverty"],
    ["poverty", "--year", "2016"],
    ["facts"],
    ["facts", "--columns", "id,value,quote"],
    ["topics"],
    ["plans"],
    ["villages"],
    ["indicators"],
    ["facts", "--limit", "1"],
    ["facts", "--columns", "quote", "--limit", "3"],
    ["projects", "--columns", "investment,id", "--sort", "-investment"],
]


def _listings(monkeypatch: pytest.MonkeyPatch) -> List[Tuple[Any, ...]]:
    """What each table command hands to render.draw_table, in en, zh and metric units."""
    from click.testing import CliRunner

    from tzcli.cli import cli

    seen: List[Tuple[Any, ...]] = []

    def capture(listing: Any, columns: Any, lang: str, stream: Any, metric: bool = False) -> None:
        seen.append((listing, columns, lang, metric))

    monkeypatch.setattr(render, "draw_table", capture)
    for options in ([], ["--lang", "zh"], ["--units", "metric"]):
        for args in TABLE_CALLS:
            result = CliRunner().invoke(cli, [*options, *args, "--format", "table"])
            assert result.exit_code == 0, result.output
    monkeypatch.undo()
    assert len(seen) == 3 * len(TABLE_CALLS)
    return seen


@pytest.mark.parametrize("columns", [None, "250", "120", "80", "40"])
def test_line_cells_draw_the_bytes_rich_draws(
    monkeypatch: pytest.MonkeyPatch, columns: Optional[str]
) -> None:
    """In a pipe (columns None) and on colour terminals of several widths, wide enough or
    not (then the table falls back to rich's text cells), the output is byte for byte
    what rich's Padding(Text) cells give."""
    listings = _listings(monkeypatch)
    if columns is not None:
        monkeypatch.setenv("COLUMNS", columns)
        monkeypatch.setenv("TERM", "xterm-256color")
        monkeypatch.delenv("NO_COLOR", raising=False)
    compared = 0
    for listing, cols, lang, metric in listings:
        drawn = []
        for line_cells in (True, False):
            stream = io.StringIO() if columns is None else _Terminal()
            render.draw_table(listing, cols, lang, stream, metric, line_cells=line_cells)
            drawn.append(stream.getvalue())
        assert drawn[0] == drawn[1], (listing.title("en"), lang, columns)
        if columns is not None:
            assert "\x1b[" in drawn[0]  # coloured: the styles are compared too
        compared += 1
    assert compared == len(listings)


def test_tables_that_fit_use_line_blocks_and_others_line_cells(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The test above would pass if every table took the slow path: check which is taken."""
    from tzcli import query
    from tzcli.dataset import load

    drawn: List[Any] = []
    monkeypatch.setattr(render, "_print", lambda table, out, footer="": drawn.append(table))
    built: List[str] = []
    for name in ("_blocks_table", "_rows_table"):
        real = getattr(render, name)

        def spy(*args: Any, _real: Any = real, _name: str = name) -> Any:
            made = _real(*args)
            if made is not None:
                cells = "LineBlock" if _name == "_blocks_table" else (
                    "LineCell" if args[-1] else "Text"
                )
                built.append(cells)
            return made

        monkeypatch.setattr(render, name, spy)
    listing = query.stats(load())
    render.draw_table(listing, None, "en", io.StringIO())
    monkeypatch.setenv("COLUMNS", "40")
    render.draw_table(listing, None, "en", _Terminal())
    render.draw_table(listing, None, "en", _Terminal(), line_cells=False)
    assert built == ["LineBlock", "LineCell", "Text"]
    sections = sum(1 for row in drawn[0].rows if row.end_section)
    assert len(drawn[0].rows) == sections + 1 == len({row["group"] for row in listing.rows})


def test_a_table_exactly_as_wide_as_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """At the width where a table just fits, and one column narrower, both paths agree
    (the fit test in draw_table must count the table's edges as rich does)."""
    from rich.console import Console
    from rich.measure import Measurement

    from tzcli import query
    from tzcli.dataset import load

    ds = load()
    drawn: List[Any] = []
    for listing in (query.stats(ds), query.projects(ds), query.poverty(ds)):
        monkeypatch.setattr(render, "_print", lambda table, out, footer="": drawn.append(table))
        render.draw_table(listing, None, "en", io.StringIO(), line_cells=False)
        monkeypatch.undo()
        console = Console(width=100_000)
        natural = Measurement.get(console, console.options, drawn.pop()).maximum
        for width in (natural, natural - 1):
            monkeypatch.setenv("COLUMNS", str(width))
            monkeypatch.setenv("TERM", "xterm-256color")
            outputs = []
            for line_cells in (True, False):
                stream = _Terminal()
                render.draw_table(listing, None, "en", stream, line_cells=line_cells)
                outputs.append(stream.getvalue())
            assert outputs[0] == outputs[1], (listing.title("en"), width)
            plain = re.sub(r"\x1b\[[0-9;]*m", "", outputs[0])
            assert max(len(line) for line in plain.splitlines()) <= width
