"""Many texts, one corpus, as a researcher uses it: the bundled interview and drafts of
three made-up texts of the genre (tests/fixtures/corpus/texts) in one folder, queried
at once without an edit; ids that several sources share; compare in every format;
--source; review; spans; shared topics; exports keyed by source and id."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA, FIXTURES, listing_calls, output_formats
from rich.cells import cell_len

from tzcli.cli import cli

# In-process calls read the bundled data from a cache filled once a run (this module
# tests nothing of the cache): not a parse of it in every test.
pytestmark = pytest.mark.usefixtures("warm_cache")

TEXTS = FIXTURES / "corpus" / "texts"
#: The fixture texts, their source ids, and the results year where it is not the first named.
DRAFTS = {"qingshi_2018": ["--year", "2017"], "songhe_2019": [], "dongguan_2020": []}


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder of the README's tour: the bundled interview and three fresh drafts."""
    folder = tmp_path_factory.mktemp("corpus")
    shutil.copy(DATA / "tianzhong.toml", folder / "tianzhong.toml")
    for name, extra in DRAFTS.items():
        code, _, err = run(
            "draft", str(TEXTS / f"{name}.txt"), "-o", str(folder / f"{name}.toml"), *extra
        )
        assert code == 0, err
    return folder


def test_the_texts_say_they_are_made_up() -> None:
    for path in TEXTS.glob("*.txt"):
        assert "虚构文本" in path.read_text(encoding="utf-8"), path
    assert "made up" in (FIXTURES / "corpus" / "README.md").read_text(encoding="utf-8")


def test_drafts_are_queried_as_written(corpus: Path) -> None:
    for name in DRAFTS:
        text = (corpus / f"{name}.toml").read_text(encoding="utf-8")
        assert '"TODO"' not in text and "reviewed = false" in text
        code, out, err = run("validate", str(corpus / f"{name}.toml"))
        assert code == 0, err
        assert "figures unreviewed" in out
    code, out, _ = run("--data", str(corpus), "facts", "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert {r["source"] for r in rows} == {"tianzhong_2017", *DRAFTS}
    assert {r["reviewed"] for r in rows if r["source"] in DRAFTS} == {False}
    assert {r["reviewed"] for r in rows if r["source"] == "tianzhong_2017"} == {True}


def test_validate_strict_fails_on_unreviewed(corpus: Path) -> None:
    code, _, err = run("validate", "--strict", str(corpus))
    assert code == 1 and "unreviewed record(s) (--strict)" in err
    code, _, err = run("validate", "--strict", str(DATA))
    assert code == 0, err


def test_an_id_of_several_sources_is_ambiguous_and_qualified_names_one(corpus: Path) -> None:
    code, _, err = run("--data", str(corpus), "show", "poverty.people_lifted")
    assert code == 2
    for source in ("tianzhong_2017", *DRAFTS):
        assert f"{source}:poverty.people_lifted" in err
    code, out, _ = run(
        "--data", str(corpus), "show", "songhe_2019:poverty.people_lifted", "-f", "json"
    )
    assert code == 0
    shown = json.loads(out)[0]
    assert shown["source"] == "songhe_2019" and shown["value"] == 11352
    code, out, _ = run("--data", str(corpus), "cite", "songhe_2019:poverty.people_lifted")
    # the figure cited as itself (its quote), in its source (the interview's title)
    assert code == 0 and "11352人实现脱贫" in out and "松河县委书记访谈" in out
    code, out, _ = run("--data", str(corpus), "cite", "--source", "songhe_2019")
    assert code == 0 and "[Interview" in out
    # an id that one source alone has is named by itself
    code, out, _ = run("--data", str(corpus), "show", "runxin_chp", "-f", "json")
    assert code == 0 and json.loads(out)[0]["source"] == "tianzhong_2017"


def test_the_bundled_ids_alone_are_as_they_were() -> None:
    code, out, _ = run("show", "poverty.people_lifted", "-f", "json")
    assert code == 0 and json.loads(out)[0]["id"] == "poverty.people_lifted"


@pytest.mark.parametrize("fmt", output_formats())
def test_compare_in_every_format(corpus: Path, fmt: str, tmp_path: Path) -> None:
    args = ["--data", str(corpus), "compare", "poverty.people_lifted", "--format", fmt]
    result = CliRunner().invoke(cli, args)
    if fmt == "xlsx" and result.exit_code != 0:
        pytest.skip("xlsx is written to a file, not a terminal")
    assert result.exit_code == 0, result.output
    text = result.stdout
    for source in ("tianzhong_2017", *DRAFTS):
        assert source in text, fmt
    if fmt == "json":
        rows = json.loads(text)
        assert {(r["source"], r["years"], r["kind"]) for r in rows} >= {
            ("tianzhong_2017", "2016", "result"),
            ("songhe_2019", "2018", "result"),
            ("songhe_2019", "2019", "target"),
        }
        assert all(r["quote"] for r in rows)
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [r["reviewed"] for r in rows if r["source"] == "tianzhong_2017"] == ["true"]


def test_compare_filters_sorts_and_charts(corpus: Path) -> None:
    base = ["--data", str(corpus), "compare", "poverty.people_lifted"]
    code, out, _ = run(*base, "--year", "2018", "--format", "tsv", "--columns", "source,kind")
    assert code == 0
    assert out.splitlines()[1:] == ["songhe_2019\tresult", "qingshi_2018\ttarget"]
    code, out, _ = run(*base, "--source", "songhe_2019", "--source", "dongguan_2020", "-f", "tsv")
    assert code == 0 and {line.split("\t")[1] for line in out.splitlines()[1:]} == {
        "songhe_2019",
        "dongguan_2020",
    }
    code, out, _ = run(*base, "--sort", "-value", "--format", "tsv", "--columns", "value")
    assert out.splitlines()[1] == "11352"
    code, out, _ = run(*base, "--chart")
    assert code == 0 and "松河县 2018" in out
    code, _, err = run(*base, "--source", "nowhere")
    assert code == 2 and "no source 'nowhere'" in err
    code, _, err = run("--data", str(corpus), "compare", "poverty.no_such_thing")
    assert code == 2 and "no figure" in err


def test_a_reviewed_source_loses_its_mark(corpus: Path, tmp_path: Path) -> None:
    folder = tmp_path / "c"
    shutil.copytree(corpus, folder)
    path = folder / "songhe_2019.toml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("reviewed = false", "reviewed = true"),
        encoding="utf-8",
    )
    code, out, _ = run("--data", str(folder), "compare", "poverty.people_lifted", "-f", "json")
    reviewed = {(r["source"], r["reviewed"]) for r in json.loads(out)}
    assert ("songhe_2019", True) in reviewed and ("qingshi_2018", False) in reviewed


def test_concepts_count_the_sources_that_have_them(corpus: Path) -> None:
    code, out, _ = run("--data", str(corpus), "concepts", "-f", "json")
    by_id = {r["id"]: r for r in json.loads(out)}
    assert by_id["poverty.people_lifted"]["sources"] == 4
    assert by_id["profile.party_members"]["sources"] == 1
    code, out, _ = run("concepts", "-f", "json")
    assert {r["sources"] for r in json.loads(out)} == {1}  # each from the bundled interview


def test_a_chinese_concepts_table_names_units_in_chinese(corpus: Path) -> None:
    """A zh table writes a concept's unit as the texts do (人, 元, 个); machine formats
    keep the unit's id, which the data and the exports use."""
    code, out, _ = run("--lang", "zh", "--data", str(corpus), "concepts", "-f", "table")
    assert code == 0
    cells = {}  # a concept's Chinese name: its unit cell (the columns split by 2+ spaces)
    for line in out.splitlines():
        parts = re.split(r"\s{2,}", line.strip())
        if len(parts) >= 4:
            cells[parts[1]] = parts[2]
    assert cells["农村人口"] == "人" and cells["脱贫户数"] == "户", cells
    assert cells["税收"] == "元" and cells["新打机井"] == "个", cells
    code, out, _ = run("--lang", "zh", "--data", str(corpus), "concepts", "-f", "json")
    units = {r["id"]: r["unit"] for r in json.loads(out)}
    assert units["profile.population_rural"] == "people"


def test_compare_takes_each_concept_as_the_concepts_table_prints_it(corpus: Path) -> None:
    """On a terminal ``concepts`` prints each concept's handle (``people_lifted``, the
    shortest ending no other concept has); ``compare`` reads it, and a figure's handle
    (``songhe:people_lifted``), as it reads the id."""
    from test_readable import ANSI
    from test_terminal import run_session

    ((code, out, _),) = run_session(
        [["--data", str(corpus), "concepts"]], columns=80, TERM="xterm-256color"
    )
    assert code == 0
    lines = ANSI.sub("", out).splitlines()
    printed = [line.split()[0] for line in lines[3:] if line.startswith(" ")]
    ids = [r["id"] for r in json.loads(run("--data", str(corpus), "concepts", "-f", "json")[1])]
    assert len(printed) == len(ids) and "people_lifted" in printed, out
    for shown, full in zip(printed, ids, strict=True):
        code, got, err = run("--data", str(corpus), "compare", shown, "-f", "json")
        rows = json.loads(got) if code == 0 else []
        assert code == 0 and {r["concept"] for r in rows} == {full}, (shown, err)
    code, got, err = run("--data", str(corpus), "compare", "songhe:people_lifted", "-f", "json")
    assert code == 0 and {r["source"] for r in json.loads(got)} == {"songhe_2019"}, err
    code, _, err = run("--data", str(corpus), "compare", "lifted")
    assert code != 0 and "households_lifted" in err  # in two concepts: not guessed


def test_one_record_of_a_corpus_says_its_own_source_under_it(corpus: Path) -> None:
    code, out, _ = run("--data", str(corpus), "show", "songhe:people_lifted", "-f", "table")
    assert code == 0
    assert out.rstrip("\n").split("\n")[-1] == (
        "Source: 松河县委书记访谈：决战决胜脱贫攻坚, 2019-03-02 (林建平)"
    )


def test_a_chinese_table_names_each_kind_of_source_in_chinese(corpus: Path) -> None:
    code, out, _ = run("--data", str(corpus), "--lang", "zh", "sources", "-f", "table")
    assert code == 0 and "工作总结" in out and "工作报告" in out and "work_" not in out
    code, out, _ = run("--data", str(corpus), "sources", "-f", "csv", "-c", "kind")
    assert "work_summary" in out  # machine formats keep the keyword


def test_every_listing_takes_source_and_shows_whose_rows(corpus: Path) -> None:
    from conftest import listing_calls

    for name, call in listing_calls().items():
        if name.startswith("villages-arg") or name.startswith("show"):
            continue
        args = ["--data", str(corpus), *call, "--source", "tianzhong_2017", "-f", "json"]
        code, out, err = run(*args)
        assert code == 0, (name, err)
        rows = json.loads(out)
        assert all(r.get("source") in ("tianzhong_2017", "", None) for r in rows), name


def test_stats_titles_name_the_corpus_not_tianzhong(corpus: Path) -> None:
    code, out, _ = run("--data", str(corpus), "stats", "-f", "table")
    assert code == 0
    first = out.strip().splitlines()[0]
    assert "4 sources" in first and "Tianzhong" not in first
    code, out, _ = run("stats", "-f", "table")
    assert "Tianzhong Subdistrict: headline figures" in out


def test_cite_cites_each_source_a_report_as_a_report(corpus: Path) -> None:
    code, out, _ = run("--data", str(corpus), "cite", "--accessed", "2026-11-25")
    assert code == 0
    lines = out.strip().splitlines()
    assert len(lines) == 4
    assert any("Work report" in line and "青石镇" in line for line in lines)
    assert any("Work summary" in line for line in lines)
    assert any("Interview with Mu Sen" in line for line in lines)
    code, out, _ = run(
        "--data", str(corpus), "cite", "--style", "csl-json", "--accessed", "2026-11-25"
    )
    assert len(json.loads(out)) == 4


def test_topics_are_one_vocabulary(tmp_path: Path) -> None:
    shutil.copy(DATA / "tianzhong.toml", tmp_path / "a.toml")
    other = (DATA / "tianzhong.toml").read_text(encoding="utf-8")
    other = other.replace('id = "tianzhong_2017"', 'id = "other"', 1)
    (tmp_path / "b.toml").write_text(other, encoding="utf-8")
    code, out, err = run("--data", str(tmp_path), "topics", "-f", "json")
    assert code == 0, err
    ids = [r["id"] for r in json.loads(out)]
    assert len(ids) == len(set(ids))  # identical definitions: one topic each
    (tmp_path / "b.toml").write_text(
        other.replace('name_en = "Poverty alleviation"', 'name_en = "Poverty"'), encoding="utf-8"
    )
    code, _, err = run("--data", str(tmp_path), "topics")
    assert code == 1
    assert "topic 'poverty' is defined differently" in err and "a.toml" in err


SPAN = """
[[figures]]
id = "poverty.people_lifted.total"
topic = "poverty"
section = "s2017"
year = 2016
year_end = 2020
kind = "target"
subject_zh = "脱贫人口"
subject_en = "people to exit poverty, 2016-2020"
value = 5000
unit = "people"
qualifier = "exact"
quote = "五年脱贫5000人"

[[figures]]
id = "poverty.share"
topic = "poverty"
section = "s2017"
year = 2016
subject_zh = "占比"
subject_en = "share"
derived = true
formula = "poverty.people_lifted.total / tianzhong_2017:poverty.people_lifted"
unit = "count"
qualifier = "approx"
"""

HEAD = """schema_version = 1

[meta]
id = "spans"
kind = "work_report"
title_zh = "某县五年规划"
quote = "某县五年规划"
language = "zh"

[[meta.years]]
year = 2016
meaning_zh = "规划"
meaning_en = "the plan"

[[sections]]
id = "s2017"
year = 2016
number_zh = ""
title_zh = "规划"
title_en = "The plan"
quote = "规划"
"""


def test_spans_targets_and_formulas_across_sources(tmp_path: Path) -> None:
    shutil.copy(DATA / "tianzhong.toml", tmp_path / "tianzhong.toml")
    (tmp_path / "spans.toml").write_text(HEAD + SPAN, encoding="utf-8")
    base = ["--data", str(tmp_path)]
    code, out, err = run(*base, "compare", "poverty.people_lifted", "--year", "2018", "-f", "json")
    assert code == 0, err
    rows = json.loads(out)
    assert [(r["source"], r["years"], r["kind"]) for r in rows] == [
        ("spans", "2016–2020", "target")
    ]
    code, out, _ = run(*base, "facts", "--year", "2019", "--source", "spans", "-f", "json")
    assert [r["id"] for r in json.loads(out)] == ["poverty.people_lifted.total"]
    code, out, err = run(*base, "show", "spans:poverty.share", "-f", "json")
    assert code == 0, err
    assert json.loads(out)[0]["value"] == pytest.approx(5000 / 2041, abs=0.01)


def test_a_span_ends_after_it_begins(tmp_path: Path) -> None:
    (tmp_path / "spans.toml").write_text(
        HEAD
        + SPAN.split('[[figures]]\nid = "poverty.share"')[0].replace(
            "year_end = 2020", "year_end = 2016"
        ),
        encoding="utf-8",
    )
    code, _, err = run("--data", str(tmp_path / "spans.toml"), "facts")
    assert code == 1 and "a span ends after it begins" in err


def test_exports_are_keyed_by_source_and_id(corpus: Path, tmp_path: Path) -> None:
    db = tmp_path / "corpus.db"
    code, _, err = run("--data", str(corpus), "export", "--format", "sqlite", "-o", str(db))
    assert code == 0, err
    conn = sqlite3.connect(db)
    keys = [r for r in conn.execute("PRAGMA table_info(figures)") if r[5]]
    assert {r[1] for r in keys} >= {"source", "id"} or {r[1] for r in keys} == {"key"}
    found = conn.execute(
        "select source, value from figures where id = 'poverty.people_lifted' order by source"
    ).fetchall()
    assert [s for s, _ in found] == sorted(["tianzhong_2017", *DRAFTS])
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []


def test_the_footer_of_several_sources_is_in_the_tables_language(corpus: Path) -> None:
    """#21: under --lang zh, every table of four sources says so in Chinese (no English
    left); in English as before. One record (``show``) says its own source instead."""
    english = "Source: 4 sources: dongguan_2020, qingshi_2018, songhe_2019 …"
    chinese = "来源：4个来源（dongguan_2020、qingshi_2018、songhe_2019等）"
    for name, call in listing_calls().items():
        if call[0] == "show":  # the bundled interview's record
            own = "定陶政府网 Dingtao District Government website, 政务互动"
            for lang, prefix in (("en", "Source: "), ("zh", "来源：")):
                code, out, err = run("--lang", lang, "--data", str(corpus), *call, "-f", "table")
                assert code == 0, (name, err)
                assert out.rstrip("\n").split("\n")[-1].startswith(prefix + own), out
            continue
        for lang, footer in (("en", english), ("zh", chinese)):
            code, out, err = run("--lang", lang, "--data", str(corpus), *call, "-f", "table")
            assert code == 0, (name, err)
            assert out.rstrip("\n").split("\n")[-1] == footer, (name, lang)


@pytest.mark.parametrize("columns", [80, 100])
def test_a_corpus_table_names_each_row_by_a_handle_show_takes(corpus: Path, columns: int) -> None:
    """On a terminal, each row of a table of several sources is named by a handle that
    ``show`` reads back to that row's record (``SOURCE:ENDING`` where the ending alone is
    in several sources; never a bare number such as ``2019``), with its subject whole
    (wrapped, or a record of its own when a table has no room) or its first 24 cells."""
    import re

    from test_readable import ANSI, _first_cells, _segments, _shown_start
    from test_terminal import run_session

    calls = {
        "stats": ["stats"],
        "poverty": ["poverty"],
        "facts-songhe": ["facts", "--source", "songhe_2019"],
    }
    shown = run_session(
        [["--data", str(corpus), *call] for call in calls.values()],
        columns=columns,
        TERM="xterm-256color",
    )
    for (name, call), (code, out, _) in zip(calls.items(), shown, strict=True):
        assert code == 0, (name, out)
        lines = ANSI.sub("", out).splitlines()
        starts: dict[int, str] = {}  # the line each row begins on, and its handle
        for at, line in enumerate(lines):
            segments = _segments(line)
            if len(segments) == 2 and segments[0] == "ID":  # a record
                starts[at] = segments[1]
            elif len(segments) >= 2 and line[:2].strip() and segments[0] != "ID":
                starts[at] = segments[0]  # a row's first cell
            elif (  # an id too long for its column, on a line of its own above its row
                len(segments) == 1
                and line[:2].strip()
                and at + 1 < len(lines)
                and lines[at + 1][:2] == "  "
                and len(_segments(lines[at + 1])) >= 2
            ):
                starts[at] = segments[0]
        blocks: dict[tuple[str, str], list[str]] = {}
        ends = [*sorted(starts)[1:], len(lines)]
        for (at, token), end in zip(sorted(starts.items()), ends, strict=True):
            assert not re.fullmatch(r"[\d#]+", token.rpartition(":")[2]), (name, token)
            code, got, err = run("--data", str(corpus), "show", token, "-f", "json")
            assert code == 0, (name, token, err)
            record = json.loads(got)
            record = record[0] if isinstance(record, list) else record
            blocks[(record["source"], record["id"])] = lines[at:end]
        code, got, _ = run("--data", str(corpus), *call, "-f", "json")
        for row in json.loads(got):
            block = blocks.get((row["source"], row["id"]))
            assert block is not None, (name, columns, row["source"], row["id"])
            subject = str(row["subject_en"])  # whole, or its first 24 cells: as test_readable
            shown_start = _shown_start(subject, block)
            assert len(shown_start) >= len(_first_cells(subject, 24)), (name, columns, block)


def test_a_derived_figure_shows_its_inputs_of_its_own_source(corpus: Path) -> None:
    """Its inputs are ids that other sources have too: each is read in its own source."""
    code, out, err = run("--data", str(corpus), "show", "arable_land_per_rural_resident")
    assert code == 0, err
    assert "34,000" in out and "2,626" in out  # Tianzhong's rural population and land


def test_a_corpus_at_80_columns_reads_as_tables_with_the_source_said_once(corpus: Path) -> None:
    """At 80 columns (a pty): ``stats`` of four sources is a table (handles short enough:
    ``dongguan:tax_revenue``), each source said once, in a heading, not in a column nor
    in every record beside its id; and compare's Chinese quote is wrapped after the number
    and its unit (``11352人`` / ``实现脱贫``), never leaving one character alone."""
    from test_readable import ANSI
    from test_terminal import run_session

    calls = [
        ["stats"],
        ["facts", "--layout", "records"],  # one block a figure
        ["facts", "--search", "脱贫"],
        ["--lang", "zh", "compare", "poverty.people_lifted"],
        ["compare", "poverty.people_lifted"],
        ["--lang", "zh", "compare", "people_lifted", "--chart"],
        ["facts", "--search", "脱贫", "--sort", "-value", "--layout", "records"],
    ]
    shown = run_session(
        [["--data", str(corpus), *call] for call in calls], columns=80, TERM="xterm-256color"
    )
    outs = [re.sub(r" +\n", "\n", ANSI.sub("", out)) for _, out, _ in shown]
    stats, facts, search, compare_zh, compare_en, chart_zh, by_value = outs
    # sorted, no groups: each record says its source once, by its handle or a Source line
    blocks = [b for b in by_value.split("\n\n")[1:] if " ID " in "\n" + b]
    assert blocks, by_value
    for block in blocks:
        handle = re.search(r"^ ID +(\S+)$", block, re.M)
        assert handle is not None, block
        said = re.findall(r"^ Source +(\S+)$", block, re.M)
        assert len(said) == (0 if ":" in handle.group(1) else 1), block
    # the chart writes each value as its table does: as the source writes it
    assert re.search(r"█ +11352人$", chart_zh, re.M) and "万人" not in chart_zh, chart_zh
    for out in outs:
        assert all(cell_len(line) <= 80 for line in out.splitlines()), out
    assert stats.splitlines()[1].split()[:2] == ["ID", "Subject"], stats[:800]
    assert " dongguan_2020 · profile" in stats.splitlines()
    assert " dongguan:tax_revenue " in stats
    # the longest handles on lines of their own, the subject beside the others ≥ 24 cells
    assert "\n dongguan:above_size_industrial_total\n" in stats
    assert re.search(r"^ dongguan:population_rural +rural population +18,000 people", stats, re.M)
    for out in (stats, facts, search):
        assert not any(line.split()[:1] == ["Source"] for line in out.splitlines()), out[:800]
        for source in ("dongguan_2020", "qingshi_2018", "songhe_2019", "tianzhong_2017"):
            assert re.search(rf"^ {source}( · |$)", out, re.M), (source, out[:800])
    assert re.search(r"^ ID +dongguan:households_lifted$", facts, re.M), facts[:800]
    # the quote wrapped between words: after 11352人, and 贫 never alone
    assert "4286户、11352人\n" in compare_zh, compare_zh
    assert not re.search(r"^ +\S$", compare_zh, re.M), compare_zh
    assert "11352人" in compare_en and "实现脱贫" in compare_en


def test_an_ending_of_several_ids_is_a_usage_error_naming_them(corpus: Path) -> None:
    """``households_lifted`` (what a table of one source prints) ends an id of each
    source: show and cite name the four, as ``SOURCE:ID``, rather than guess or suggest."""
    for command in ("show", "cite"):
        code, _, err = run("--data", str(corpus), command, "households_lifted")
        assert code == 2, (command, err)
        assert "'households_lifted' ends the ids of several records; name one of:" in err
        assert err.count(":poverty.households_lifted") == 4, err


def test_validate_names_a_folders_files_by_name(corpus: Path) -> None:
    code, out, _ = run("validate", str(corpus))
    assert code == 0
    names = "dongguan_2020.toml, qingshi_2018.toml, songhe_2019.toml, tianzhong.toml"
    assert re.match(rf"OK: {re.escape(str(corpus))} \({names}\): \d+ figures", out), out[:300]
