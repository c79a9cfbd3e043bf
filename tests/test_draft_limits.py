"""tzcli draft on hostile texts (issue 24, items 7 and 11): linear time and bounded
size, and drafts that always load.

The speed tests are not timed: each runs a text big enough that the quadratic
code took many minutes on it (the run-on clause, “两委”3人, repeated, 一亿亿…亿元,
--against on a long text), in a subprocess with a generous timeout; the linear
code takes seconds. A draft "loads" when, its TODOs filled, the loader takes it."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import DATA, subprocess_env

from tzcli.check import TODO_MARK as TODO
from tzcli.cli import cli
from tzcli.draft import (
    MAX_FIGURES,
    MAX_TEXT_BYTES,
    analyse,
    decode,
    draft_toml,
    extract,
)
from tzcli.errors import SourceTextError

#: Far above what the linear code needs here (a few seconds, on a loaded machine),
#: far below what the quadratic code took on the same texts (10 to 40 minutes).
TIMEOUT = 120


def run_within_timeout(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=TIMEOUT,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_run_on_clause_is_linear() -> None:
    # 1 MB: 40,000 figures of a clause that never ends (135 s for 140 KB before)
    out = run_within_timeout(
        """
        from tzcli.draft import analyse
        text = "全年完成" + "、".join(f"村{i}修路{i % 90 + 1}公里" for i in range(18000)) + "。"
        a = analyse(text)
        print(len(text.encode()), len(a.candidates), max(len(c.quote) for c in a.candidates))
        """
    )
    size, figures, longest = map(int, out.split())
    assert size > 300_000 and figures == 18000 and longest <= 60


def test_names_repeated_are_linear() -> None:
    # “两委”3人, to 560 KB (186 s for 340 KB before)
    out = run_within_timeout(
        """
        from tzcli.draft import analyse, draft_toml
        text = "“两委”3人," * 19_000
        a = analyse(text)
        print(len(a.candidates), sum(s.reason == "a name" for s in a.skipped))
        draft_toml(text)
        """
    )
    assert out.split() == ["19000", "19000"]


def test_a_numeral_of_a_million_characters_is_linear_and_refused() -> None:
    # 一亿亿…亿元, a million 亿 (14.6 s for 80,000 before: the big integers grew)
    out = run_within_timeout(
        """
        from tzcli.draft import analyse
        a = analyse("投资一" + "亿" * 1_000_000 + "元。新建道路3公里。")
        print(len(a.candidates))
        """
    )
    assert out.split() == ["1"]


def test_against_on_a_long_text_is_linear(tmp_path: Path) -> None:
    # --against on 800,000 characters (15.5 s for 80,000 before)
    out = run_within_timeout(
        f"""
        from tzcli.dataset import load
        from tzcli.draft import against
        ds = load({str(DATA)!r})
        text = "农村人口3.4万人,新建道路3公里,“两委”3人。" * 34_000
        uncovered, missing, unread = against(text, ds)
        print(len(text), len(uncovered))
        """
    )
    size, uncovered = map(int, out.split())
    assert size > 800_000 and uncovered == 2 * 34_000  # 3.4万人 is a quote; 3公里, 3人 are not


def test_a_text_over_the_limit_is_refused_with_one_clear_line(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_bytes("全年新增企业13家。\n".encode() * (5 * 1024 * 1024 // 27 + 1))  # 5 MB
    assert big.stat().st_size > 5_000_000
    result = CliRunner().invoke(cli, ["draft", str(big)])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"Error: {big} is over the limit of 2 MiB for a draft; split it into its reports"
    )
    with pytest.raises(SourceTextError, match="over the limit"):
        decode(b"x" * (MAX_TEXT_BYTES + 1))


def test_more_figures_than_the_limit_are_refused() -> None:
    with pytest.raises(SourceTextError, match=f"over {MAX_FIGURES} figures"):
        analyse("3人," * (MAX_FIGURES + 1))


def test_a_one_mib_text_of_figures_drafts_within_the_loader_limit() -> None:
    from tzcli.dataset import MAX_FILE_BYTES

    text = "新建道路1853 公里,"
    text = text * (1024 * 1024 // len(text.encode()) // 2)
    assert len(text.encode()) > 500_000
    toml = draft_toml(text[: len(text) // 2])  # under MAX_FIGURES figures
    assert len(toml.encode()) < MAX_FILE_BYTES


# --------------------------------------------------------------------------
# Drafts always load


def filled(toml: str) -> str:
    toml = toml.replace(f'published = "{TODO}"', 'published = "2017-02-28"')
    return toml.replace(f'= "{TODO}"', '= "filled"')


def loads(toml: str, tmp_path: Path) -> Any:
    from tzcli.dataset import load

    path = tmp_path / "draft.toml"
    path.write_text(filled(toml), encoding="utf-8")
    return load(path, use_cache=False)


BODY = "一、2016年工作总结\n新建道路3公里。\n二、2017年工作打算\n计划新建道路5公里。\n"


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n", "\u2028", "\x85", "\x0c"])
def test_every_kind_of_line_ending_gives_the_same_sections(newline: str, tmp_path: Path) -> None:
    raw = BODY.replace("\n", newline).encode("utf-8")
    text = decode(raw)
    analysis = analyse(text)
    assert [s.title_zh for s in analysis.sections] == ["2016年工作总结", "2017年工作打算"]
    assert [(c.year, c.quote) for c in analysis.candidates] == [
        (2016, "新建道路3公里"),
        (2017, "计划新建道路5公里"),
    ]
    ds = loads(draft_toml(text, "t"), tmp_path)
    assert len(ds.figures) == 2


@pytest.mark.parametrize("char", ["\u202e", "\u2066", "\x01", "\x1b", "\x9b", "\u200b", "\ufeff"])
def test_control_and_bidi_characters_stay_out_of_the_draft(char: str, tmp_path: Path) -> None:
    text = f"标题{char}文本\n一、2016年工作总结\n新建{char}道路3公里,{char}培训党员{char}120人。\n"
    toml = draft_toml(text, "t")
    ds = loads(toml, tmp_path)
    assert [f.value for f in ds.figures] == [3, 120]
    assert char not in toml.replace(f"\\u{ord(char):04x}", "")
    assert "a control or bidi character, left out of quotes" in toml
    for fig in ds.figures:
        assert fig.quote in text


@pytest.mark.parametrize(
    "line", ["收入一亿亿亿元。", "收入99999999999999999999元。", "一共10000000000000亿元。"]
)
def test_values_beyond_64_bits_are_skipped_with_a_comment(line: str, tmp_path: Path) -> None:
    toml = draft_toml("新建道路3公里。" + line, "t")
    assert "a value beyond 64 bits" in toml
    assert len(loads(toml, tmp_path).figures) == 1


def test_a_draft_lists_at_most_so_many_skipped_numbers() -> None:
    from tzcli.draft import MAX_SKIPPED_LISTED

    toml = draft_toml("2016年," * (MAX_SKIPPED_LISTED + 10) + "新建道路3公里。")
    assert toml.count("# skipped") == MAX_SKIPPED_LISTED
    assert "# … and 10 more numbers skipped (not listed)" in toml


def test_the_command_drafts_a_cr_only_file_that_loads(tmp_path: Path) -> None:
    source = tmp_path / "cr.txt"
    source.write_bytes(BODY.replace("\n", "\r").encode("gb18030"))
    out = tmp_path / "cr.toml"
    result = CliRunner().invoke(cli, ["draft", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    ds = loads(out.read_text(encoding="utf-8"), tmp_path)
    assert [f.year for f in ds.figures] == [2016, 2017]
    assert all("\r" not in s.quote for s in ds.sections)


def test_extract_is_linear_in_work_on_repeats() -> None:
    """Count work, not time: the number of candidates, skips and regex-found tokens
    grows as the text does (a quadratic walk would not show here, but the subprocess
    tests above would time out on it)."""
    small = analyse("“两委”3人,新建道路3公里;" * 100)
    big = analyse("“两委”3人,新建道路3公里;" * 1000)
    assert len(big.candidates) == 10 * len(small.candidates)
    assert len(big.skipped) == 10 * len(small.skipped)
    assert extract("") == []


def test_years_and_spans_repeated_without_punctuation_are_linear() -> None:
    # 由2015年, 2018、 … repeated to 270,000 characters and more (96 s for 140,000 of
    # 由2015年 before: the clause of a year told of ran back to the text's start; the
    # spans a text reviews were sought with a pattern that backtracks over a list)
    out = run_within_timeout(
        """
        from tzcli.draft import analyse
        for unit in ("由2015年", "2018、", "“十五”", "近3年", "二〇二〇年"):
            a = analyse(unit * 90_000)
            print(len(a.text) >= 270_000, end=" ")
        """
    )
    assert out.split() == ["True"] * 5
