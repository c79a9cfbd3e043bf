"""render's own CSV and JSON writers agree with the standard library's, and its tables
fit a terminal as a person reads them: every listing, at 60 to 160 columns, in English
and Chinese, drawn in-process into a stream that says it is a terminal."""

from __future__ import annotations

import csv
import functools
import io
import itertools
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import listing_calls
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tzcli.render import WriteOptions
from tzcli.render import table as drawing
from tzcli.render import text as text_rules
from tzcli.render.machine import csv_text, json_string

# In-process calls read the bundled data from a cache filled once a run (this module
# tests nothing of the cache): not a parse of it in every test.
pytestmark = pytest.mark.usefixtures("warm_cache")

_json_string = json_string


def _csv_line(cells: list[str]) -> str:
    names = [f"c{i}" for i in range(len(cells))]
    return csv_text([dict(zip(names, cells, strict=True))], names, header=False)[:-1]


TEXT = st.text(st.characters(exclude_categories=("Cs",)), max_size=12)


@settings(max_examples=400, deadline=None)
@given(st.lists(TEXT, min_size=1, max_size=4))
def test_csv_line_reads_back_and_matches_the_csv_module(cells: list[str]) -> None:
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
# Tables on a terminal: every listing × widths × languages


class _Terminal(io.StringIO):
    """A stream that says it is a terminal: tables are then fitted to COLUMNS."""

    def isatty(self) -> bool:
        return True


ANSI = re.compile(r"\x1b\[[0-9;]*m")
WIDTHS = [60, 80, 100, 120, 160]
LANGS = ["en", "zh"]
#: The listing calls derived from the CLI (conftest), and a few with options.
CALLS = {
    **listing_calls(),
    "projects-min": ["projects", "--min-investment", "2e8"],
    "poverty-2016": ["poverty", "--year", "2016"],
    "facts-topic": ["facts", "--topic", "social_assistance"],
    "stats-metric": ["--units", "metric", "stats"],
}


@functools.cache
def _captured(name: str, lang: str) -> tuple[Any, Any, bool, dict[str, list[str]]]:
    """What the call hands to draw_table (listing, columns, metric), and its tsv columns."""
    from click.testing import CliRunner

    from tzcli.cli import cli

    seen: list[tuple[Any, ...]] = []
    real = drawing.draw_table

    def capture(listing: Any, columns: Any, options: WriteOptions, stream: Any) -> None:
        seen.append((listing, columns, options.metric))

    drawing.draw_table = capture  # type: ignore[assignment]
    try:
        args = ["--lang", lang, *CALLS[name]]
        result = CliRunner().invoke(cli, [*args, "-f", "table"])
        assert result.exit_code == 0, result.output
        tsv = CliRunner().invoke(cli, [*args, "-f", "tsv"])
        assert tsv.exit_code == 0, tsv.output
    finally:
        drawing.draw_table = real  # type: ignore[assignment]
    lines = tsv.output.rstrip("\n").split("\n")
    names = lines[0].split("\t")
    by_column = {n: [line.split("\t")[i] for line in lines[1:]] for i, n in enumerate(names)}
    ((listing, columns, metric),) = seen
    return listing, columns, metric, by_column


def _draw(
    monkeypatch: pytest.MonkeyPatch, name: str, lang: str, width: int, **options: Any
) -> tuple[Any, list[str]]:
    listing, columns, metric, _ = _captured(name, lang)
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setenv("TERM", "xterm-256color")
    stream = _Terminal()
    drawing.draw_table(listing, columns, WriteOptions(lang, metric=metric, **options), stream)
    return listing, ANSI.sub("", stream.getvalue()).rstrip("\n").split("\n")


def _ids(name: str, lang: str) -> list[str]:
    """The values of the listing's id and concept columns (priority 0), as the table is
    handed them (handles: the short form ``show`` reads back, see tests/test_terminal.py)."""
    listing, _, _, _ = _captured(name, lang)
    names = [c.name for c in listing.columns if c.role in ("id", "concept") and c.priority == 0]
    return [str(row[n]) for n in names for row in listing.rows if row.get(n)]


def _numbers(text: str) -> list[str]:
    """The numbers of ``text`` as the wrapper reads it (with their qualifiers and units)."""
    return [token for token, kind, _ in text_rules.tokens(text) if kind == "num"]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", sorted(CALLS))
def test_tables_fit_the_terminal(
    monkeypatch: pytest.MonkeyPatch, name: str, width: int, lang: str
) -> None:
    """No line wider than the terminal (CJK counted as two cells); every id whole on a
    line; in the table layout one line per record and every header whole."""
    listing, lines = _draw(monkeypatch, name, lang, width)
    assert max(cell_len(line) for line in lines) <= width, (name, width)
    ids = _ids(name, lang)
    assert ids
    for record_id in ids:
        assert any(re.search(rf"(^|\s){re.escape(record_id)}(\s|$)", ln) for ln in lines), (
            record_id,
            width,
        )
    rule = [i for i, line in enumerate(lines) if line.strip() and set(line.strip()) == {"─"}]
    if listing.vertical or not rule:  # records: one block per record, fields whole
        assert not listing.vertical or width >= 60
        return
    header, body = lines[rule[0] - 1], lines[rule[0] + 1 :]
    body = body[: next(i for i, line in enumerate(body) if line and not line.startswith(" "))]
    titles = {c.title(lang) for c in listing.columns}
    for cell in re.split(r"\s{2,}", header.strip()):
        assert cell in titles, (cell, header)
    groups = 0
    if listing.group_by and not _captured(name, lang)[1]:
        keys = [row.get(listing.group_by) for row in listing.rows]
        groups = 1 + sum(a != b for a, b in zip(keys, keys[1:], strict=False))
        groups = groups if groups > 1 else 0
    # one line per record, or more where a subject or a measure is wrapped to be read
    assert len([line for line in body if line.strip()]) >= len(listing.rows) + groups


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize("name", sorted(CALLS))
def test_wrapped_tables_keep_numbers_and_ids_whole(
    monkeypatch: pytest.MonkeyPatch, name: str, width: int, lang: str
) -> None:
    """--wrap: text whole, wrapped, never inside a number (with its 万/亿 and unit)."""
    listing, lines = _draw(monkeypatch, name, lang, width, wrap=True)
    assert max(cell_len(line) for line in lines) <= width
    for record_id in _ids(name, lang):
        assert any(record_id in line for line in lines), record_id
    if listing.vertical:
        return
    texts = [
        c for c in listing.columns if c.priority == 1 and not c.whole and c.lang in (None, lang)
    ]
    checked = 0
    for row in listing.rows:
        for col in texts:
            for number in _numbers(str(row.get(col.name) or "")):
                assert any(number in line for line in lines), (number, width)
                checked += 1
    if name == "plans":  # the plans' measures hold numbers: the check above can fail
        assert checked > 10


def test_a_table_cuts_text_not_ids_and_never_a_number(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = []
    for width in (100, 110, 118, 126, 134):  # some widths cut a quote (others wrap a subject)
        lines += _draw(monkeypatch, "facts-topic", "zh", width)[1]
    text = "\n".join(lines)
    assert "…" in text
    for line in lines:  # a cut cell never ends in a digit (the number is left out whole)
        assert not re.search(r"\d…", line), line
    assert "农村低保户3246户" in text
    assert text_rules.cut("发放各类救助款14.25万元", 22) == "发放各类救助…14.25万元"
    _, lines = _draw(monkeypatch, "stats", "en", 80)
    assert any("economy.local_fiscal_revenue_per_resident" in line for line in lines)
    assert any(line.rstrip().endswith("CNY 113.34 million") for line in lines)


def test_hidden_columns_are_named_and_records_when_nothing_else_fits(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, lines = _draw(monkeypatch, "facts-topic", "en", 100)
    assert lines[-3] == "hidden: quote — --columns to choose, or a wider terminal"
    # the longest id leaves the subject no room even wrapped: records, the subject whole
    _, lines = _draw(monkeypatch, "facts", "en", 80)
    assert not any(set(line.strip()) == {"─"} for line in lines)
    assert sum(line.startswith(" Subject ") for line in lines) == len(_ids("facts", "en"))
    _, wide = _draw(monkeypatch, "facts", "en", 200)
    assert not any(line.startswith("hidden:") for line in wide)
    _, narrow = _draw(monkeypatch, "indicators", "en", 60)
    assert not any(set(line.strip()) == {"─"} for line in narrow)  # records, not a table
    assert any(line.startswith(" ID ") for line in narrow)
    _, forced = _draw(monkeypatch, "indicators", "en", 60, layout="table")
    assert any(set(line.strip()) == {"─"} for line in forced)
    _, records = _draw(monkeypatch, "villages", "en", 160, layout="records")
    assert sum(line.startswith(" ID ") for line in records) == len(_ids("villages", "en"))


def test_constant_columns_go_to_the_title_and_groups_to_headings(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _, lines = _draw(monkeypatch, "poverty-2016", "en", 120)
    assert "Poverty alleviation · 2016 · figure" in lines[0]
    assert not any(line.startswith(" Year") or "  Kind" in line for line in lines)
    _, stats = _draw(monkeypatch, "stats", "en", 120)
    assert "economy" in [line.strip() for line in stats]
    assert "Tianzhong Subdistrict: headline figures · 2016" in stats[0]
    assert not any(re.search(r"\s2016\s", line) for line in stats if "economy." in line)
    _, plans = _draw(monkeypatch, "plans", "en", 160)
    assert any(line.startswith(" plan.industry_park · industry · Focus") for line in plans)


def test_a_table_in_a_pipe_is_whole() -> None:
    listing, columns, metric, by_column = _captured("projects", "en")
    stream = io.StringIO()
    drawing.draw_table(listing, columns, WriteOptions("en", metric=metric), stream)
    out = stream.getvalue()
    assert "…" not in out and "\x1b" not in out
    for status in by_column["status_en"]:
        assert status in out


@pytest.mark.parametrize("value", ["0", "-3", "wide", ""])
def test_columns_that_are_not_a_width_mean_80(monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    """Not a width: unknown (tzcli.terminal), so the terminal's own width, else 80; the
    process's terminal is taken away here, so 80."""
    import os

    def no_terminal(fd: int = 1) -> os.terminal_size:
        raise OSError("not a terminal")

    monkeypatch.setattr(os, "get_terminal_size", no_terminal)
    listing, columns, metric, _ = _captured("facts-topic", "en")
    drawn = []
    for columns_env in (value, "80"):
        monkeypatch.setenv("COLUMNS", columns_env)
        stream = _Terminal()
        drawing.draw_table(listing, columns, WriteOptions("en", metric=metric), stream)
        drawn.append(stream.getvalue())
    assert drawn[0] == drawn[1]
    assert 60 < max(cell_len(line) for line in ANSI.sub("", drawn[0]).split("\n")) <= 80


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("width", [60, 80, 120])
def test_charts_fit_the_terminal(monkeypatch: pytest.MonkeyPatch, width: int, lang: str) -> None:
    from decimal import Decimal

    monkeypatch.setenv("COLUMNS", str(width))
    bars = [
        ("a very long label " * 4 + "end", Decimal(500000000), "CNY 500 million", "yuan"),
        ("short", Decimal(1000), "CNY 1,000", "yuan"),
    ]
    stream = _Terminal()
    drawing.draw_chart("title", bars, stream)
    lines = ANSI.sub("", stream.getvalue()).rstrip("\n").split("\n")
    assert max(cell_len(line) for line in lines) <= width
    assert any(line.rstrip().endswith("CNY 500 million") and "…" in line for line in lines)
    assert sum("█" in line or "▏" in line for line in lines) == 2
    longest = max(line.count("█") for line in lines)
    assert longest >= 12


# --------------------------------------------------------------------------
# Cutting and wrapping text

WORDS = st.lists(
    st.sampled_from(
        [
            "tax",
            "revenue",
            "实现税收",
            "11334万元",
            "CNY 113.34 million",
            "(2016)",
            "，",
            "600+ mu",
            "economy.tax_revenue",
            "孔书庄",
            "Fortune",
            "500",
            "低保户3246户",
        ]
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=300, deadline=None)
@given(WORDS, st.booleans(), st.integers(min_value=1, max_value=40))
def test_wrap_fits_and_keeps_every_number(words: list[str], spaced: bool, width: int) -> None:
    text = (" " if spaced else "").join(words)
    lines = text_rules.wrap(text, width)
    assert all(cell_len(line) <= max(width, 2) for line in lines)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for number in _numbers(text) if spaced else ():  # unspaced, words and numbers are one
        if cell_len(number) <= width:
            assert any(number in line for line in lines), (number, lines)


@settings(max_examples=300, deadline=None)
@given(WORDS, st.booleans(), st.integers(min_value=1, max_value=40))
def test_cut_fits_and_never_cuts_a_number(words: list[str], spaced: bool, width: int) -> None:
    text = (" " if spaced else "").join(words)
    out = text_rules.cut(text, width)
    assert cell_len(out) <= width
    if cell_len(text) <= width:
        assert out == text
        return
    if not out.endswith("…"):  # shortened before the number that ends the text
        head, tail = out.split("…")
        assert (
            text.startswith(head)
            and text.endswith(tail)
            and tail
            in _numbers(text)
            + [t for t in (tail,) if _numbers(tail) and tail.startswith(_numbers(tail)[0])]
        )
        return
    kept = out[:-1]
    assert text.startswith(kept)
    numbers = ((t, at) for t, kind, at in text_rules.tokens(text) if kind == "num")
    for number, start in numbers:  # a number is wholly in or wholly out
        assert start + len(number) <= len(kept) or start >= len(kept.rstrip()), (text, out)


#: The tokens as a regular expression with classes of CJK ranges writes them (what
#: render.text did before: the same tokens, but ~10 ms a table call to compile).
_CJK_RANGES = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_TOKEN_BY_CLASSES = re.compile(
    rf"(?P<num>{text_rules._NUMBER})|(?P<space>\s+)|[^\s{_CJK_RANGES}]+|(?P<cjk>[{_CJK_RANGES}])"
)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.one_of(
            WORDS.map("".join),
            st.text(alphabet="ab1 2.万亿元人·–≥²\t\x00\x7f，。天中街道ＡＢ１€😀", max_size=12),
        ),
        max_size=6,
    ).map("".join)
)
def test_tokens_are_those_of_the_regular_expression_of_cjk_classes(text: str) -> None:
    expected = [
        (m.group(), m.lastgroup or "word", m.start()) for m in _TOKEN_BY_CLASSES.finditer(text)
    ]
    assert list(text_rules.tokens(text)) == expected


def test_the_text_rules_compile_no_range_beyond_latin_1() -> None:
    """A class with a range past U+00FF (⺀-鿿) costs re a Python loop over every code
    point of it at compile time (~5 ms for the three render.text had), which every table
    call paid at import."""
    patterns = [v for v in vars(text_rules).values() if isinstance(v, re.Pattern)]
    assert patterns
    for pattern in patterns:
        for low, high in re.findall(r"(.)-(.)", pattern.pattern):
            assert not (ord(low) < ord(high) and ord(high) > 0xFF), (pattern.pattern, low, high)


def test_cut_and_wrap_examples() -> None:
    assert text_rules.cut("实现税收11334万元", 14) == "实现…11334万元"
    assert text_rules.cut("实现税收11334万元", 12) == "实现税收…"  # no room for the number
    assert text_rules.cut("urban communities (among the 22)", 16) == "urban communiti…"
    assert text_rules.cut("实现税收11334万元，增长", 12) == "实现税收…"
    assert text_rules.cut("gross industrial output value", 12) == "gross indus…"
    assert text_rules.wrap("tax revenue CNY 113.34 million in 2016", 20) == [
        "tax revenue",
        "CNY 113.34 million",
        "in 2016",
    ]
    assert text_rules.wrap("全年完成工业总产值35亿元，实现税收", 10) == [
        "全年完成工",
        "业总产值",
        "35亿元，",
        "实现税收",
    ]
    # a break inside a run of characters moves back to after the number and its unit
    assert text_rules.wrap("2018年全县共有4286户、11352人实现脱贫", 34) == [
        "2018年全县共有4286户、11352人",
        "实现脱贫",
    ]
    # or after a clause's punctuation
    assert text_rules.wrap("完成脱贫人口770户、实现整村脱贫", 22) == [
        "完成脱贫人口770户、",
        "实现整村脱贫",
    ]
    # and no character is left alone on a line
    assert text_rules.wrap("我们计划实现剩余人口脱贫", 22) == ["我们计划实现剩余人口", "脱贫"]
    assert text_rules.wrap("我们计划实现剩余人口脱", 20) == ["我们计划实现剩余人", "口脱"]
    # a character after a space is a word of its own: it stays, and the space is not lost
    assert text_rules.wrap("abc defgh 贫", 10) == ["abc defgh", "贫"]
    assert text_rules.wrap("tax revenue 11334万元", 11) == ["tax revenue", "11334万元"]


#: Chinese text of the genre, made of clauses: characters, punctuation, numbers with units.
CLAUSES = st.lists(
    st.one_of(
        st.text(alphabet="全年脱贫人口实现农村共有税收完成", min_size=1, max_size=6),
        st.sampled_from(["，", "、", "；", "。", "：", "“", "”", "（", "）"]),
        st.builds(
            lambda n, unit: f"{n}{unit}",
            st.integers(0, 99999),
            st.sampled_from(["户", "人", "万元", "亿元", "年"]),
        ),
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=400, deadline=None)
@given(CLAUSES, st.integers(min_value=1, max_value=50))
def test_chinese_wraps_whole_and_leaves_no_character_alone(clauses: list[str], width: int) -> None:
    """Wrapped Chinese joins back to the text, no line is wider than the column, a number
    is never broken where it fits, and no line is one character alone where the line
    before it could lend its end."""
    text = "".join(clauses)
    lines = text_rules.wrap(text, width)
    assert "".join(lines) == text
    assert all(cell_len(line) <= max(width, 2) for line in lines)
    for number in _numbers(text):
        if cell_len(number) + 2 <= width:  # with a closing mark it may join
            assert any(number in line for line in lines), (number, lines)
    if width >= 16:  # room for any chunk here (≤ 12 cells) beside a character
        for before, line in itertools.pairwise(lines):
            alone = line.strip("，、；。：”）%")
            assert not (len(alone) == 1 and text_rules.is_cjk(alone) and len(before) > 1), lines


@pytest.mark.parametrize("name", sorted(listing_calls()))
def test_every_listing_wears_the_table_options(name: str) -> None:
    """--wrap, --layout and --no-pager are declared once and taken by every listing;
    a machine format is the same with them, and a note on stderr says they do nothing."""
    from click.testing import CliRunner

    from tzcli.cli import cli

    args = listing_calls()[name]
    plain = CliRunner().invoke(cli, [*args, "-f", "tsv"])
    for extra in (["--wrap"], ["--layout", "records"], ["--no-pager"]):
        result = CliRunner().invoke(cli, [*args, *extra, "-f", "tsv"])
        assert result.exit_code == 0, result.output
        assert result.stdout == plain.stdout
        assert result.stderr == f"note: {extra[0]} does nothing with tsv (tables only)\n"
        table = CliRunner().invoke(cli, [*args, *extra, "-f", "table"])
        assert table.exit_code == 0, table.output
    bad = CliRunner().invoke(cli, [*args, "--layout", "sideways"])
    assert bad.exit_code == 2 and "sideways" in bad.output


# --------------------------------------------------------------------------
# Issue 24 item 4: --bom is the spreadsheet mode, and no cell of it runs

_INJECTIONS = [
    '=HYPERLINK("http://x","y")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
]


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
@pytest.mark.parametrize("evil", _INJECTIONS)
def test_bom_csv_and_tsv_guard_every_cell_a_spreadsheet_would_run(
    tmp_path: Path, fmt: str, evil: str
) -> None:
    """``=HYPERLINK(…)``, ``+cmd|…``, ``-2+3+cmd|…``, ``@SUM…`` were written unchanged even
    with --bom; now the cell starts with ``'``. Without --bom the text is exact."""
    import csv
    import io

    from tzcli.cli import cli

    source = (Path(__file__).parent / "fixtures" / "minimal.toml").read_text(encoding="utf-8")
    escaped = evil.replace("\\", "\\\\").replace('"', '\\"').replace("\t", "\\t")
    escaped = escaped.replace("\r", "\\r")
    data = tmp_path / "d.toml"
    data.write_text(
        source.replace('subject_en = "rural population"', f'subject_en = "{escaped}"', 1),
        encoding="utf-8",
    )
    args = ["--data", str(data), "facts", "-f", fmt, "-c", "id,subject_en,value"]

    def cells(extra: list[str]) -> dict[str, str]:
        result = CliRunner().invoke(cli, [*args, *extra])
        assert result.exit_code == 0, result.output
        text = result.stdout.removeprefix("\ufeff")
        if fmt == "csv":
            rows = list(csv.reader(io.StringIO(text, newline="")))
        else:
            rows = [line.split("\t") for line in text.splitlines()]
        return {row[0]: row[1] for row in rows[1:]}

    guarded = cells(["--bom"])["profile.population_rural"]
    plain = cells([])["profile.population_rural"]
    if fmt == "tsv":
        evil = evil.replace("\t", "\\t").replace("\r", "\\r")
    assert guarded == "'" + evil
    assert plain == evil
    assert cells(["--bom"])["profile.population_urban"] == "urban population"


def test_bom_leaves_plain_negative_numbers_alone() -> None:
    from tzcli.render.machine import spreadsheet_cell

    assert spreadsheet_cell("-3.5") == "-3.5"
    assert spreadsheet_cell("+12") == "+12"
    assert spreadsheet_cell("-3.5+1") == "'-3.5+1"
    assert spreadsheet_cell("\r=1+1") == "'\r=1+1"  # a data file holds no CR; a guard does


def test_export_csv_with_bom_is_guarded_and_the_bom_help_says_so(tmp_path: Path) -> None:
    from tzcli.cli import cli

    source = (Path(__file__).parent / "fixtures" / "minimal.toml").read_text(encoding="utf-8")
    data = tmp_path / "d.toml"
    data.write_text(source.replace('subject_en = "rural', 'subject_en = "@SUM rural', 1), "utf-8")
    result = CliRunner().invoke(
        cli, ["--data", str(data), "export", "-f", "csv", "--bom", "-o", "-"]
    )
    assert result.exit_code == 0 and ",'@SUM rural population," in result.stdout
    result = CliRunner().invoke(cli, ["--data", str(data), "export", "-f", "csv", "-o", "-"])
    assert ",@SUM rural population," in result.stdout
    for command in (["facts"], ["export"]):
        help_text = " ".join(CliRunner().invoke(cli, [*command, "--help"]).stdout.split())
        assert "= + - @, tab or CR" in help_text and "OWASP" in help_text, command


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.lists(
            st.one_of(
                st.none(),
                st.integers(),
                st.booleans(),
                st.decimals(allow_nan=False, allow_infinity=False, places=3),
                st.text(alphabet=st.sampled_from("a中 \t\n\r\\;|")),
                st.tuples(st.text(alphabet="ab\t")),
            ),
            min_size=3,
            max_size=3,
        ),
        max_size=5,
    )
)
def test_tsv_rows_without_escapes_are_written_as_cell_by_cell(rows: list[list[Any]]) -> None:
    """tsv_text looks at a row's joined cells at once: it writes what escaping each cell
    (``_tsv_cell``) writes."""
    from tzcli.render.machine import _tsv_cell, tsv_text

    names = ["x", "y", "z"]
    dicts = [dict(zip(names, row, strict=True)) for row in rows]
    lines = ["\t".join(_tsv_cell(row[n]) for n in names) for row in dicts]
    assert tsv_text(dicts, names, header=False) == "".join(line + "\n" for line in lines)
