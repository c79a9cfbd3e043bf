"""What a person sees, in a real terminal (a pty) at 80, 100 and 120 columns, English and
Chinese, for every listing: each record's subject or name (whole, or at least its first
24 cells), its derived and flagged marks, and a handle that ``show`` accepts."""

from __future__ import annotations

import functools
import json
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner
from conftest import handle, listing_calls, subprocess_env
from rich.cells import cell_len

from tzcli.cli import cli

# In-process calls read the bundled data from a cache filled once a run (this module
# tests nothing of the cache): not a parse of it in every test.
pytestmark = pytest.mark.usefixtures("warm_cache")

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z=>]|\x1b[=>]|\r")
#: The calls to look at: every listing, and the ones the README's tour shows.
CALLS = {
    **{k: v for k, v in listing_calls().items() if k != "show-arg"},
    "facts-dibao": ["facts", "--search", "低保"],
    "poverty-2016": ["poverty", "--year", "2016"],
    "poverty-2017": ["poverty", "--year", "2017"],
}
#: Each record's words (the row key of its json; {lang}: en or zh).
SUBJECT = {
    "facts": "subject_{lang}",
    "indicators": "subject_{lang}",
    "poverty": "subject_{lang}",
    "stats": "subject_{lang}",
    "projects": "name_{lang}",
    "topics": "name_{lang}",
    "villages": "name_zh",
    "plans": "text_{lang}",
    "measures": "text_{lang}",
    "villages-arg": "text_{lang}",
    "search": "matched",
}


def _json(args: list[str], lang: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(cli, ["--lang", lang, *args, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def _pty(args: list[str], columns: int) -> str:
    from test_terminal import run_pty

    code, out = run_pty(args, columns=columns, TERM="xterm-256color")
    assert code == 0, out
    return ANSI.sub("", out)


@functools.cache
def _session(columns: int) -> dict[tuple[str, str], str]:
    """What each call of ``CALLS`` prints in each language on a terminal ``columns`` wide:
    one pty and one process a width (``test_terminal.run_session``), not one a call (the
    matrix here is 20 calls × 2 languages × 3 widths)."""
    from test_terminal import run_session

    keys = [(name, lang) for name in sorted(CALLS) for lang in ("en", "zh")]
    calls = [["--lang", lang, *CALLS[name]] for name, lang in keys]
    found = {}
    for key, (code, out, _) in zip(
        keys, run_session(calls, columns=columns, TERM="xterm-256color"), strict=True
    ):
        assert code == 0, (key, out)
        found[key] = ANSI.sub("", out)
    return found


def _segments(line: str) -> list[str]:
    return [s for s in re.split(r"\s{2,}", line.strip()) if s]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _shown_start(subject: str, block: list[str]) -> str:
    """The start of ``subject`` that the block's lines show (its pieces in order, wrapped
    or cut with …), without spaces."""
    want = _squeeze(subject).strip("…")
    got = ""
    for line in block:
        pieces = [_squeeze(s).strip("…") for s in _segments(line)]
        longer = [p for p in pieces if p and want.startswith(got + p)]
        if longer:
            got += max(longer, key=len)
    return got


def _first_cells(text: str, cells: int) -> str:
    """The start of ``text`` that fills ``cells`` cells, without spaces."""
    out = ""
    for ch in text.strip("…"):
        if cell_len(out + ch) > cells:
            break
        out += ch
    return _squeeze(out)


@pytest.mark.parametrize("lang", ["en", "zh"])
@pytest.mark.parametrize("columns", [80, 100, 120])
@pytest.mark.parametrize("name", sorted(CALLS))
def test_every_record_shows_its_words_its_marks_and_a_handle(
    name: str, columns: int, lang: str
) -> None:
    args = CALLS[name]
    rows = _json(args, lang)
    out = _session(columns)[(name, lang)]
    lines = out.split("\n")
    assert all(cell_len(line) <= columns for line in lines), out
    key = SUBJECT.get(name, SUBJECT.get(name.split("-")[0], ""))
    if name.startswith("search") and lang == "en":  # the record's English name before the
        key = "name_en"  # Chinese it matched (in Chinese the two are mostly one)
    starts = []
    for row in rows:
        shown = handle(str(row["id"]))
        if name.startswith("compare"):
            # a row per source and year: the concept's id (short or whole) first where
            # the width allows it, else the source (the id is in the title)
            names = (shown, str(row["id"]), str(row["source"]))
            shown = "|".join(re.escape(n) for n in names)
        else:
            shown = re.escape(shown)
        # its first cells (after the kind, where a column shows it)
        first = re.compile(rf"^ ([^\W_]+ {{2,}})?(?:{shown})(\s|$)")
        found = [i for i, ln in enumerate(lines) if first.search(ln)]
        # a heading's wrapped line may start with the same word: the row has more cells
        at = next((i for i in found if len(_segments(lines[i])) > 1), found[0] if found else None)
        assert at is not None, (shown, out)
        starts.append(at)
    for row, at in zip(rows, starts, strict=True):
        end = next((s for s in sorted(starts) if s > at), None)
        block = lines[at:end] if end is not None else lines[at : at + 40]
        block = [ln for ln in block if ln.startswith(" ")]  # not the footer
        subject = str(row.get(key.format(lang=lang)) or "")
        if subject:
            got = _shown_start(subject, block)
            need = _first_cells(subject, 24)
            assert len(got) >= len(need), (name, columns, lang, subject, got, block)
        words = [w for line in block for w in (*_segments(line), *line.split()[-1:])]
        marks = "".join(w for w in words if set(w) <= set("*!?"))
        if row.get("derived") is True:
            assert "*" in marks, (row["id"], block[0])
        if row.get("flag_en"):
            assert "!" in marks, (row["id"], block[0])
    if any(row.get("derived") is True for row in rows):
        assert "* derived" in out or "* 推算" in out


@pytest.mark.parametrize("name", sorted(CALLS))
def test_every_handle_a_table_prints_is_accepted_by_show(name: str) -> None:
    for row in _json(CALLS[name], "en"):
        shown = handle(str(row["id"]))
        if name.startswith("compare"):  # the concept's id and the row's source
            shown = f"{row['source']}:{row['id']}"
        result = CliRunner().invoke(cli, ["show", shown, "-f", "tsv", "-c", "id"])
        assert result.exit_code == 0, (shown, result.stderr)
        assert result.stdout.split("\n")[1] == row["id"]


def test_cite_takes_a_figures_handle() -> None:
    result = CliRunner().invoke(cli, ["cite", "rural_dibao_households", "--accessed", "2024-01-01"])
    assert result.exit_code == 0 and "3246" in result.stdout


def test_the_footer_breaks_between_phrases() -> None:
    out = _pty(["topics"], 100)
    assert "(穆森 Mu Sen)" in out  # the name on one line


def test_subprocess_and_pty_agree_on_the_handle_rule() -> None:
    """In a pipe a table prints whole ids (no width to save)."""
    proc = subprocess.run(
        [sys.executable, "-m", "tzcli", "facts", "--search", "低保", "-f", "table"],
        capture_output=True,
        env=subprocess_env(),
        timeout=120,
    )
    assert b"social_assistance.rural_dibao_households" in proc.stdout


def test_a_year_that_differs_between_rows_keeps_its_column_before_the_text_widens() -> None:
    """``facts`` spans 2016 and 2017: at 80 columns its Year column stays while the subject
    can still have 20 cells (wrapped), rather than giving the subject 24 and the year none."""
    out = _session(80)[("facts", "zh")]
    header = next(line for line in out.splitlines() if line.strip().startswith("编号"))
    assert "年份" in header, out[:2000]


def test_a_few_long_ids_stand_on_lines_of_their_own() -> None:
    """``stats`` at 80 columns: three ids in four fit a column that leaves the subject its
    24 cells; each longer id is drawn whole on a line of its own, its row under it."""
    lines = [line.rstrip() for line in _session(80)[("stats", "en")].splitlines()]
    at = lines.index(" arable_land_per_rural_resident")
    row = _segments(lines[at + 1])
    assert lines[at + 1].startswith("   ") and row[0] == "arable land per rural"
    assert row[1:] == ["0.077 mu/person", "*!"]
    header = next(line for line in lines if line.startswith(" ID "))
    assert header.index("Subject") - header.index("ID") < len("arable_land_per_rural_resident")
    assert any(
        _segments(line) == ["population_rural", "rural population", "34,000 people"]
        for line in lines
    )
    wide = _session(120)[("stats", "en")]  # room for every id: none alone
    assert not any(line.strip() == "arable_land_per_rural_resident" for line in wide.splitlines())
