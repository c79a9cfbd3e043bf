"""Every command and option, as a user would call them (CliRunner)."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner, Result
from conftest import DATA, commands

from tzcli.cli import cli

# In-process calls read the bundled data from a cache filled once a run (this module
# tests nothing of the cache): not a parse of it in every test.
pytestmark = pytest.mark.usefixtures("warm_cache")


def run(runner: CliRunner, *args: str, **kwargs: Any) -> Result:
    return runner.invoke(cli, list(args), catch_exceptions=False, **kwargs)


def rows(result: Result) -> list[dict]:
    assert result.exit_code == 0, result.output
    return list(csv.DictReader(io.StringIO(result.stdout), delimiter="\t"))


# --------------------------------------------------------------------------
# The group


def test_version_and_help(runner: CliRunner) -> None:
    assert run(runner, "--version").stdout.startswith("tzcli ")
    out = run(runner, "--help").stdout
    for command in (
        "stats",
        "projects",
        "poverty",
        "facts",
        "topics",
        "plans",
        "villages",
        "show",
        "export",
        "validate",
    ):
        assert command in out


def test_the_command_table_matches_the_commands() -> None:
    """tzcli --help reads the summaries from tzcli.commands.COMMANDS: each one must be its
    command's own first docstring line, and every module of tzcli.commands that holds a
    command must be in the table."""
    import importlib
    import pkgutil

    import click

    import tzcli.commands
    from tzcli.commands import COMMANDS
    from tzcli.commands.boundary import TzcliCommand

    for name, entry in COMMANDS.items():
        module, _, attribute = entry.target.partition(":")
        command = getattr(importlib.import_module(module), attribute)
        assert isinstance(command, TzcliCommand) and command.name == name
        assert (command.help or "").split("\n\n")[0].strip() == entry.summary, name
    modules = {
        info.name
        for info in pkgutil.iter_modules(tzcli.commands.__path__)
        if any(
            isinstance(value, click.Command)
            for value in vars(importlib.import_module(f"tzcli.commands.{info.name}")).values()
        )
    }
    assert modules == {entry.target.split(":")[0].rsplit(".", 1)[1] for entry in COMMANDS.values()}


def test_help_lists_whole_summaries(runner: CliRunner) -> None:
    from tzcli.commands import COMMANDS

    out = " ".join(run(runner, "--help").stdout.split("Commands:")[1].split())
    for name, entry in COMMANDS.items():
        assert f"{name} {entry.summary}" in out
    assert "..." not in out


def test_typo_suggests_the_command(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["stat"])
    assert result.exit_code == 2
    assert "Did you mean 'stats'?" in result.stderr


def test_typo_suggests_the_option(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["projects", "--min-invest", "2e8"])
    assert result.exit_code == 2
    assert "--min-investment" in result.stderr


def test_default_format_in_a_pipe_is_tsv(runner: CliRunner) -> None:
    out = run(runner, "stats").stdout
    assert out.splitlines()[0].split("\t")[:3] == ["group", "id", "topic"]


def test_lang_option_env_and_locale(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    zh = run(runner, "--lang", "zh", "projects", "-f", "table", "--limit", "1").stdout
    assert "5亿元" in zh and "润鑫热电联产项目" in zh
    en = run(runner, "--lang", "en", "projects", "-f", "table", "--limit", "1").stdout
    assert "CNY 500 million" in en
    monkeypatch.setenv("TZCLI_LANG", "zh")
    assert "5亿元" in run(runner, "projects", "-f", "table", "--limit", "1").stdout
    monkeypatch.delenv("TZCLI_LANG")
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert "投资项目" in run(runner, "projects", "-f", "table", "--limit", "1").stdout


def test_data_option_and_env(
    runner: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    copy = tmp_path / "mine.toml"
    copy.write_bytes((DATA / "tianzhong.toml").read_bytes())
    assert rows(run(runner, "--data", str(copy), "topics"))
    monkeypatch.setenv("TZCLI_DATA", str(tmp_path / "missing.toml"))
    result = runner.invoke(cli, ["topics"])
    assert result.exit_code == 1
    assert "missing.toml: no such file or directory" in result.stderr


def test_python_dash_m(tmp_path: Path) -> None:
    import subprocess
    import sys

    from conftest import subprocess_env

    done = subprocess.run(
        [sys.executable, "-m", "tzcli", "topics", "-f", "csv"],
        capture_output=True,
        cwd=tmp_path,
        env=subprocess_env(),
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.decode().startswith("id,name_zh,name_en")


# --------------------------------------------------------------------------
# Output options


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "jsonl", "markdown", "table"])
def test_every_format(runner: CliRunner, fmt: str) -> None:
    out = run(runner, "facts", "--topic", "profile", "-f", fmt).stdout
    assert "profile.population_rural" in out
    if fmt == "json":
        data = json.loads(out)
        assert isinstance(data, list)
        rural = next(r for r in data if r["id"] == "profile.population_rural")
        assert rural["value"] == 34000 and rural["unit"] == "people"
        assert rural["subject_zh"] == "农村人口"
    elif fmt == "jsonl":
        objs = [json.loads(line) for line in out.splitlines()]
        assert all(isinstance(o, dict) for o in objs)
    elif fmt == "csv":
        data = list(csv.DictReader(io.StringIO(out)))
        assert {
            "id",
            "topic",
            "year",
            "subject_zh",
            "subject_en",
            "value",
            "value_max",
            "unit",
            "qualifier",
            "derived",
            "quote",
        } <= set(data[0])
    elif fmt == "markdown":
        assert out.splitlines()[1].startswith("| ---")
    if fmt != "table":
        assert "\x1b[" not in out and "│" not in out and "\\u" not in out
        assert "农村人口3.4万人" in out


def test_machine_formats_have_both_languages_whatever_lang(runner: CliRunner) -> None:
    out = run(runner, "--lang", "zh", "projects", "-f", "json").stdout
    first = json.loads(out)[0]
    assert first["name_zh"] == "润鑫热电联产项目" and first["name_en"].startswith("Runxin")


def test_columns_select_and_order(runner: CliRunner) -> None:
    out = run(runner, "facts", "-c", "value,id", "--topic", "economy", "-f", "csv").stdout
    assert out.splitlines()[0] == "value,id"
    assert "3500000000,economy.industrial_output" in out


def test_unknown_column_lists_the_valid_ones(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["facts", "-c", "id,colour"])
    assert result.exit_code == 2
    assert "unknown column 'colour'; valid columns: id, topic, year" in result.stderr
    assert "Traceback" not in result.output


def test_sort_limit_and_no_header(runner: CliRunner) -> None:
    out = run(
        runner,
        "facts",
        "--unit",
        "yuan",
        "--stated",
        "--sort",
        "-value",
        "--limit",
        "2",
        "-c",
        "id,value",
        "--no-header",
    ).stdout
    assert out.splitlines() == [
        "economy.industrial_output\t3500000000",
        "runxin_chp.investment\t500000000",
    ]
    asc = rows(run(runner, "facts", "--unit", "yuan", "--sort", "value", "-c", "id,value"))
    assert [Decimal(r["value"]) for r in asc] == sorted(Decimal(r["value"]) for r in asc)


def test_sort_puts_unknown_investments_last(runner: CliRunner) -> None:
    got = rows(run(runner, "projects", "--sort", "-investment"))
    amounts = [r["investment"] for r in got]
    assert amounts[0] == "500000000"
    assert amounts[-1] == ""


def test_bom_on_csv(runner: CliRunner) -> None:
    out = run(runner, "topics", "-f", "csv", "--bom").stdout_bytes
    assert out.startswith(b"\xef\xbb\xbfid,")


def test_empty_results(runner: CliRunner) -> None:
    assert run(runner, "facts", "--search", "zzzz", "-f", "csv").stdout.count("\n") == 1
    assert run(runner, "facts", "--search", "zzzz", "-f", "json").stdout == "[]\n"
    result = run(runner, "facts", "--search", "zzzz", "-f", "table")
    assert result.exit_code == 0 and result.stdout == "" and "no matches" in result.stderr


# --------------------------------------------------------------------------
# stats


def test_stats_headline_and_counts(runner: CliRunner) -> None:
    got = rows(run(runner, "stats"))
    ids = {r["id"] for r in got}
    for fid in (
        "profile.villages_communities",
        "profile.population_rural",
        "profile.party_members",
        "profile.arable_land",
        "economy.industrial_output",
        "economy.tax_revenue",
        "economy.local_fiscal_revenue",
        "enterprises.four_above_new",
    ):
        assert fid in ids
    # the interview's figures only: the dataset's own counts are in `topics`
    assert {r["group"] for r in got} == {"profile", "economy", "enterprises"}


def test_stats_table(runner: CliRunner) -> None:
    out = run(runner, "stats", "-f", "table").stdout
    assert "Tianzhong Subdistrict: headline figures" in out
    assert "34,000 people" in out and "CNY 113.34 million" in out
    assert "Source: 定陶政府网" in out and "2017-02-28" in out


def test_stats_year(runner: CliRunner) -> None:
    assert rows(run(runner, "stats", "--year", "2016"))
    result = runner.invoke(cli, ["stats", "--year", "2015"])
    assert result.exit_code == 2
    assert "years with data: 2016" in result.stderr


# --------------------------------------------------------------------------
# projects


@pytest.mark.parametrize(
    "amount, expected",
    [
        ("2e8", 4),
        ("200000000", 4),
        ("200_000_000", 4),
        ("2亿", 4),
        ("2.1亿", 4),
        ("4.5e8", 2),
        ("5000万", 4),
        ("2.2亿", 2),
        ("5亿", 1),
        ("6亿", 0),
    ],
)
def test_min_investment(runner: CliRunner, amount: str, expected: int) -> None:
    assert len(rows(run(runner, "projects", "--min-investment", amount))) == expected


def test_max_investment_is_inclusive(runner: CliRunner) -> None:
    got = rows(run(runner, "projects", "--max-investment", "2.1亿", "-c", "id"))
    assert sorted(r["id"] for r in got) == ["disen_phytosterol", "runxin_wastewater"]


@pytest.mark.parametrize("bad", ["abc", "-1", "nan", "inf", "2亿亿", "", "1e400", "2e8万"])
def test_bad_amounts(runner: CliRunner, bad: str) -> None:
    result = runner.invoke(cli, ["projects", "--min-investment", bad])
    assert result.exit_code == 2
    assert "examples: 2e8" in result.stderr and "Traceback" not in result.output


def test_projects_without_amount(runner: CliRunner) -> None:
    got = rows(run(runner, "projects"))
    planned = [r for r in got if r["year"] == "2017"]
    assert planned and all(r["investment"] == "" for r in planned)
    table = run(runner, "projects", "--year", "2017", "-f", "table").stdout
    assert "unknown" in table and " 0 " not in table


def test_projects_filters(runner: CliRunner) -> None:
    assert [r["id"] for r in rows(run(runner, "projects", "--status", "trial_production"))] == [
        "disen_phytosterol"
    ]
    assert [r["id"] for r in rows(run(runner, "projects", "--sector", "energy"))] == ["runxin_chp"]
    assert {r["id"] for r in rows(run(runner, "projects", "--search", "斯瑞"))} == {
        "sirui_biomedicine"
    }
    assert {r["id"] for r in rows(run(runner, "projects", "--search", "PHYTOSTEROL"))} == {
        "disen_phytosterol"
    }
    assert len(rows(run(runner, "projects", "--year", "2016"))) == 4
    result = runner.invoke(cli, ["projects", "--sector", "mining"])
    assert result.exit_code == 2 and "'mining' is not one of" in result.stderr


def test_projects_columns_scripts_rely_on(runner: CliRunner) -> None:
    header = run(runner, "projects", "-f", "csv").stdout.splitlines()[0].split(",")
    for name in ("id", "name_zh", "name_en", "company", "sector", "status", "year", "investment"):
        assert name in header


def test_projects_chart(runner: CliRunner) -> None:
    out = run(runner, "projects", "--chart").stdout
    assert "█" in out and "CNY 500 million" in out


# --------------------------------------------------------------------------
# poverty


def test_poverty_2016(runner: CliRunner) -> None:
    got = {r["id"]: r for r in rows(run(runner, "poverty", "--year", "2016"))}
    assert got["poverty.households_enrolled"]["value"] == "1183"
    assert got["poverty.people_lifted"]["value"] == "2041"
    assert got["poverty.households_enrolled_less_lifted"]["derived"] == "true"
    assert got["poverty.households_enrolled"]["derived"] == "false"
    table = run(runner, "poverty", "--year", "2016", "-f", "table").stdout
    assert "derived" in table and "65.1%" in table


def test_poverty_2017_measures(runner: CliRunner) -> None:
    got = rows(run(runner, "poverty", "--year", "2017"))
    assert got and all(r["year"] == "2017" for r in got)
    assert any(r["kind"] == "measure" and "富农贷" in r["subject_zh"] for r in got)


def test_poverty_year_without_data(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["poverty", "--year", "2015"])
    assert result.exit_code == 2
    assert "years with data: 2016, 2017" in result.stderr


def test_poverty_chart(runner: CliRunner) -> None:
    out = run(runner, "poverty", "--year", "2016", "--chart").stdout
    assert "█" in out and "1,183 households" in out and "770 households" in out


# --------------------------------------------------------------------------
# facts and topics


def test_facts_filters(runner: CliRunner) -> None:
    assert {r["topic"] for r in rows(run(runner, "facts", "--topic", "poverty"))} == {"poverty"}
    both = rows(run(runner, "facts", "--topic", "poverty,economy"))
    assert {r["topic"] for r in both} == {"poverty", "economy"}
    assert {r["year"] for r in rows(run(runner, "facts", "--year", "2017"))} == {"2017"}
    assert {r["unit"] for r in rows(run(runner, "facts", "--unit", "mu"))} == {"mu"}
    assert all(r["derived"] == "true" for r in rows(run(runner, "facts", "--derived")))
    assert all(r["derived"] == "false" for r in rows(run(runner, "facts", "--stated")))
    big = rows(run(runner, "facts", "--min", "1e8", "--unit", "yuan"))
    assert big and all(int(r["value"]) >= 100000000 for r in big)
    small = rows(run(runner, "facts", "--max", "3", "--unit", "count"))
    assert small and all(int(r["value"]) <= 3 for r in small)
    assert rows(run(runner, "facts", "--search", "低保"))
    assert rows(run(runner, "facts", "--search", "dibao"))


def test_facts_bad_choices(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["facts", "--topic", "weather"])
    assert result.exit_code == 2 and "'weather' is not one of: source, profile" in result.stderr
    result = runner.invoke(cli, ["facts", "--unit", "dozens"])
    assert result.exit_code == 2 and "yuan, people" in result.stderr
    result = runner.invoke(cli, ["facts", "--year", "1999"])
    assert result.exit_code == 2 and "years with data" in result.stderr


def test_facts_table_shows_qualifiers_and_ranges(runner: CliRunner) -> None:
    out = run(runner, "facts", "-f", "table").stdout
    assert "≥ 600 mu" in out and "600+" not in out  # one way for at least
    assert "≥ CNY 300 million" in out
    assert "60,000–70,000 m²" in out
    zh = run(runner, "--lang", "zh", "facts", "-f", "table").stdout
    assert "600余亩" in zh and "6–7万平方米" in zh  # as the text writes it
    assert "77眼" in zh and "13家" in zh and "126次" in zh and "11334万元" in zh
    assert "3亿元以上" in zh and "超过30万元" in zh


def test_topics(runner: CliRunner) -> None:
    got = rows(run(runner, "topics"))
    assert {"profile", "poverty", "plans"} <= {r["id"] for r in got}
    assert all(r["name_zh"] and r["name_en"] for r in got)
    total = sum(int(r["figures"]) for r in got)
    assert total == len(rows(run(runner, "facts")))


# --------------------------------------------------------------------------
# plans, villages, show


def test_plans(runner: CliRunner) -> None:
    got = rows(run(runner, "plans"))
    assert {r["pillar"] for r in got} == {
        "industry",
        "services",
        "urbanisation",
        "party_building",
        "poverty",
    }
    assert {r["kind"] for r in got} == {"measure", "target", "project"}
    targets = {r["id"]: r for r in got if r["kind"] == "target"}
    assert targets["plan.wantai_real_estate.land_acquisition"]["value"] == "100"
    only = rows(run(runner, "plans", "--pillar", "poverty"))
    assert only and {r["pillar"] for r in only} == {"poverty"}
    result = runner.invoke(cli, ["plans", "--pillar", "farming"])
    assert result.exit_code == 2


def test_villages(runner: CliRunner) -> None:
    got = rows(run(runner, "villages"))
    assert {"孔书庄", "东王楼"} <= {r["name_zh"] for r in got}
    for name in ("孔书庄", "kongshuzhuang", "KongShuZhuang"):
        detail = rows(run(runner, "villages", name))
        assert {"agriculture.wells_new", "agriculture.orchards_new"} <= {r["id"] for r in detail}
    result = runner.invoke(cli, ["villages", "Atlantis"])
    assert result.exit_code == 2 and "the text names: 孔书庄" in result.stderr


def test_show(runner: CliRunner) -> None:
    out = run(runner, "show", "poverty.households_enrolled_less_lifted", "-f", "table").stdout
    assert "413 households *" in out and "Formula" in out  # the derived mark, once
    assert "Derived" not in out and "Value max" not in out  # only the fields it has
    assert "poverty.households_enrolled = 1,183 households  “两级扶贫平台共计1183户”" in out
    zh = run(
        runner, "--lang", "zh", "show", "poverty.households_enrolled_less_lifted", "-f", "table"
    )
    assert "公式" in zh.stdout and "所用数据" in zh.stdout and "Formula" not in zh.stdout
    data = json.loads(run(runner, "show", "economy.tax_revenue", "-f", "json").stdout)
    assert data[0]["value"] == 113340000 and data[0]["quote"] == "实现税收11334万元"
    result = runner.invoke(cli, ["show", "economy.tax_revenu"])
    assert result.exit_code == 2 and "did you mean: economy.tax_revenue" in result.stderr


def test_show_every_kind_of_record(runner: CliRunner) -> None:
    for rid in ("runxin_chp", "kongshuzhuang", "profile", "plan.industry_park"):
        assert run(runner, "show", rid, "-f", "table").exit_code == 0


# --------------------------------------------------------------------------
# export and validate


def test_export_json_csv_sqlite(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "all.json"
    run(runner, "export", "-f", "json", "-o", str(target))
    doc = json.loads(target.read_text(encoding="utf-8"))
    assert {"figures", "projects", "plans", "villages", "notes"} <= set(doc)
    csv_path = tmp_path / "figures.csv"
    run(runner, "export", "-f", "csv", "-o", str(csv_path))
    assert len(list(csv.DictReader(csv_path.open(encoding="utf-8")))) == len(doc["figures"])
    db = tmp_path / "all.db"
    run(runner, "export", "-f", "sqlite", "-o", str(db))
    conn = sqlite3.connect(db)
    (value,) = conn.execute("select value from figures where id='economy.tax_revenue'").fetchone()
    assert value == 113340000
    (rural,) = conn.execute(
        "select typeof(value) from figures where id='agriculture.rural_roads_new'"
    ).fetchone()
    assert rural == "real"
    for table in ("figures", "projects", "plans", "villages"):
        assert conn.execute(f"select count(*) from {table}").fetchone()[0] > 0
    # the tables carry every column of their listings: nothing lost on the way
    (flag,) = conn.execute(
        "select flag_en from figures where id='profile.arable_land_per_rural_resident'"
    ).fetchone()
    assert "600 mu of new orchards" in flag
    (note,) = conn.execute("select note_en from projects where id='sirui_biomedicine'").fetchone()
    assert note
    figure_columns = [r[1] for r in conn.execute("pragma table_info(figures)")]
    assert figure_columns[:3] == ["id", "topic", "year"] and "inputs" in figure_columns


def test_export_refuses_to_overwrite(runner: CliRunner, tmp_path: Path) -> None:
    target = tmp_path / "keep.json"
    target.write_text("mine", encoding="utf-8")
    result = runner.invoke(cli, ["export", "-f", "json", "-o", str(target)])
    assert result.exit_code == 1 and "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "mine"
    run(runner, "export", "-f", "json", "-o", str(target), "--force")
    assert target.read_text(encoding="utf-8").startswith("{")


def test_export_to_stdout(runner: CliRunner) -> None:
    assert json.loads(run(runner, "export", "-f", "json", "-o", "-").stdout)["figures"]


def test_validate(runner: CliRunner, tmp_path: Path) -> None:
    out = run(runner, "validate").stdout
    assert out.startswith("OK: ") and "figures" in out and "poverty" in out
    bad = tmp_path / "bad.toml"
    bad.write_text(
        (DATA / "tianzhong.toml")
        .read_text(encoding="utf-8")
        .replace('unit = "households"', 'unit = "homes"', 1),
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["validate", str(bad)])
    assert result.exit_code == 1
    assert "'homes' is not one of" in result.stderr and "1 problem(s) found" in result.stderr


def test_export_force_keeps_the_file_mode(runner: CliRunner, tmp_path: Path) -> None:
    import os
    import stat

    target = tmp_path / "private.csv"
    target.write_text("old", encoding="utf-8")
    os.chmod(target, 0o600)
    run(runner, "export", "-f", "csv", "-o", str(target), "--force")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("id,")


def test_show_lists_nested_records_readably(runner: CliRunner) -> None:
    plan = json.loads(run(runner, "show", "plan.wantai_real_estate", "-f", "json").stdout)[0]
    assert plan["targets"] == [
        "plan.wantai_real_estate.land_acquisition",
        "plan.wantai_real_estate.housing_started",
        "plan.wantai_real_estate.ecommerce_south_area",
    ]
    assert (
        plan["measures"][0].startswith("一是把边角地征收到位,计划征地100亩")
        and " — First:" in plan["measures"][0]
    )
    table = run(runner, "show", "kongshuzhuang", "-f", "table").stdout
    lines = [line for line in table.splitlines() if "孔书庄" in line and "—" in line]
    assert len(lines) == 2  # one mention a line
    assert (
        run(runner, "show", "note.yantai_park", "-f", "table")
        .stdout.lstrip()
        .startswith("note note.yantai_park")
    )


def test_zh_tables_name_keywords_in_chinese(runner: CliRunner) -> None:
    table = run(runner, "--lang", "zh", "projects", "-f", "table").stdout
    assert "能源" in table and "生物医药" in table and "energy" not in table
    stats = run(runner, "--lang", "zh", "stats", "-f", "table").stdout
    assert "基本情况" in stats and "数据集" not in stats
    plans = run(runner, "--lang", "zh", "plans", "--pillar", "poverty", "-f", "table").stdout
    assert "精准扶贫" in plans and "措施" in plans
    # machine formats keep the keywords, whatever the language
    raw = json.loads(run(runner, "--lang", "zh", "projects", "-f", "json").stdout)
    assert raw[0]["sector"] == "energy"


def test_show_takes_the_output_options(runner: CliRunner) -> None:
    out = run(runner, "show", "economy.tax_revenue", "-c", "id,value,unit", "-f", "csv").stdout
    assert out == "id,value,unit\neconomy.tax_revenue,113340000,yuan\n"
    table = run(runner, "show", "poverty.households_lifted_over_enrolled", "-f", "table").stdout
    # a derived figure to its decimals in every output (the exact value: the Python API)
    assert "65.1% *" in table and "65.09" not in table
    metric = run(runner, "--units", "metric", "show", "profile.arable_land", "-f", "table").stdout
    assert "175.1 ha" in metric and "(2626 mu)" in metric and "175.07" not in metric
    result = runner.invoke(cli, ["show", "economy.tax_revenue", "-c", "colour"])
    assert result.exit_code == 2 and "valid columns: id, topic" in result.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    import subprocess
    import sys

    from conftest import subprocess_env

    for args in (
        ["facts", "-f", "csv"],
        ["stats", "-f", "table"],
        ["export", "-f", "json", "-o", "-"],
    ):
        with open("/dev/full", "wb") as full:
            done = subprocess.run(
                [sys.executable, "-m", "tzcli", *args],
                stdout=full,
                stderr=subprocess.PIPE,
                env=subprocess_env(),
                cwd=tmp_path,
            )
        err = done.stderr.decode()
        assert done.returncode == 1, err
        assert "Traceback" not in err
        assert (
            err.strip().splitlines()[0] == "Error: cannot write the output: No space left on device"
        )


def test_chart_refuses_format_and_columns_and_takes_limit(runner: CliRunner) -> None:
    for command in (["projects", "--chart"], ["poverty", "--chart"]):
        for extra in (["-f", "csv"], ["-c", "id"]):
            result = runner.invoke(cli, [*command, *extra])
            assert result.exit_code == 2
            assert "--chart draws bars; it takes no --format or --columns" in result.stderr
    out = run(runner, "poverty", "--year", "2016", "--chart", "--limit", "1").stdout
    assert out.count("█") and "1,183 households" in out and "2,855 people" not in out


# --------------------------------------------------------------------------
# Streams, signals and the environment (issue 12, items 15-19)

import os  # noqa: E402
import shlex  # noqa: E402
import signal  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

from conftest import FIXTURES, subprocess_env, tzcli_command  # noqa: E402

import tzcli  # noqa: E402

MINIMAL = FIXTURES / "minimal.toml"


def shell(script: str, **env: str) -> subprocess.CompletedProcess[bytes]:
    """``script`` run by sh, with $TZ the tzcli command."""
    return subprocess.run(
        ["sh", "-c", script],
        capture_output=True,
        env=subprocess_env(TZ_CMD=shlex.join(tzcli_command()), **env),
        timeout=120,
    )


def test_a_closed_stdout_is_one_line_and_exit_1() -> None:
    proc = shell("$TZ_CMD stats >&-")
    err = proc.stderr.decode()
    assert proc.returncode == 1, err
    assert "Traceback" not in err and err.strip().split("\n") == [
        "Error: cannot write the output: stdout is closed"
    ], err


def test_a_closed_stdout_does_not_matter_when_nothing_goes_to_it(tmp_path: Path) -> None:
    out = tmp_path / "all.json"
    proc = shell(f"$TZ_CMD export -f json -o {shlex.quote(str(out))} >&-")
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads(out.read_text(encoding="utf-8"))["figures"]


def test_with_stderr_closed_errors_never_go_to_stdout() -> None:
    for script, code in [
        ("$TZ_CMD facts --year 1 2>&-", 2),
        ("$TZ_CMD --data /no/such/file stats 2>&-", 1),
        ("$TZ_CMD no-such-command 2>&-", 2),
    ]:
        proc = shell(script)
        assert proc.returncode == code, script
        assert proc.stdout == b"", (script, proc.stdout)


def test_ctrl_c_in_a_command_exits_130(monkeypatch: pytest.MonkeyPatch, capsys: Any) -> None:
    from tzcli import dataset
    from tzcli.cli import main

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(dataset, "load", interrupted)
    with pytest.raises(SystemExit) as exit_info:
        main(["stats"])
    assert exit_info.value.code == 130
    assert capsys.readouterr().err.strip() == "interrupted"


#: The folder of the installed package, as tracebacks name its files.
PACKAGE = os.path.dirname(os.path.realpath(tzcli.__file__))


def test_sigint_at_any_moment_gives_no_traceback() -> None:
    """^C from start-up to shutdown: exit 130 with one line, or the call had ended."""
    command = [*tzcli_command(), "--data", str(MINIMAL), "stats", "-f", "tsv"]
    env = subprocess_env()
    took = float("inf")
    for _ in range(3):  # a call's time once warm (the first may compile and fill caches)
        start = time.monotonic()
        subprocess.run(command, capture_output=True, env=env, check=True)
        took = min(took, time.monotonic() - start)
    moments = 40
    interrupted = 0
    early: list[int] = []
    for n in range(moments):
        proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        time.sleep(took * 1.2 * n / moments)
        try:
            proc.send_signal(signal.SIGINT)
        except ProcessLookupError:  # pragma: no cover - already gone
            pass
        out, err = proc.communicate(timeout=60)
        text = err.decode()
        if "Traceback" in text:
            # Only from Python's own start-up (site, .pth files), the imports of pip's
            # script, or loading tzcli's small entry modules (the package, __main__ and
            # the two they import, which import nothing): no code of tzcli's runs before
            # then that could catch it. Nothing once ``run`` has started. The package's
            # frames are told by its folder, not by a name a checkout's path may hold.
            frames = [line for line in text.splitlines() if line.strip().startswith("File ")]
            ours = [line for line in frames if f'"{PACKAGE}{os.sep}' in line]
            entry = ("__init__.py", "__main__.py", "_version.py", "status.py")
            assert all(
                line.rstrip().endswith("in <module>")
                and any(f'{os.sep}{name}"' in line for name in entry)
                for line in ours
            ), (n, text)
            early.append(n)
            continue
        if proc.returncode == 1 and text.strip() == "KeyboardInterrupt":
            # raised where no Python frame was running (the interpreter's own start-up,
            # in C): any frame, tzcli's included, would have printed a traceback
            early.append(n)
            continue
        if proc.returncode == 1 and text.startswith("Fatal Python error: init_import_site"):
            # Python 3.13 interrupted while importing ``site``, before any script runs:
            # it says so itself, with "<no Python frame>" (seen once in CI, 3.13.0)
            assert "KeyboardInterrupt" in text and "<no Python frame>" in text, (n, text)
            early.append(n)
            continue
        assert "Exception ignored" not in text, (n, text)
        # before Python has set up its own handler, SIGINT ends it as it ends any
        # program: killed by the signal, which the shell reports as 130 too
        assert proc.returncode in (0, 130, -signal.SIGINT), (n, proc.returncode, text)
        if proc.returncode == -signal.SIGINT:
            assert text == "", (n, text)
            interrupted += 1
        if proc.returncode == 130:
            interrupted += 1
            assert text.strip().split("\n")[-1] == "interrupted", (n, text)
            assert len(text.strip().split("\n")) == 1, (n, text)
    assert interrupted >= moments // 4, "the signal came too late to test anything"
    assert len(early) < moments // 2, early


def test_sigint_while_python_imports_tzcli_exits_130(tmp_path: Path) -> None:
    """A signal in the middle of importing Click (start-up): no traceback."""
    script = (
        "import os, signal, sys\n"
        "sys.argv[0] = 'tzcli'\n"
        "import builtins\n"
        "real = builtins.__import__\n"
        "def hooked(name, *a, **k):\n"
        "    if name == 'click':\n"
        "        builtins.__import__ = real\n"
        "        os.kill(os.getpid(), signal.SIGINT)\n"
        "    return real(name, *a, **k)\n"
        "builtins.__import__ = hooked\n"
        "from tzcli.__main__ import run\n"
        "run()\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, "stats"], capture_output=True, env=subprocess_env()
    )
    assert proc.returncode == 130, proc.stderr.decode()
    assert proc.stderr.decode().strip() == "interrupted"


def test_a_deleted_working_folder_does_not_matter_with_absolute_paths(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    out = tmp_path / "x.json"
    expected = shell(f"$TZ_CMD --data {shlex.quote(str(MINIMAL))} stats -f tsv")
    assert expected.returncode == 0
    where = shlex.quote(str(gone))
    enter = f"mkdir -p {where} && cd {where} && rmdir {where} && "
    for script in (
        f"$TZ_CMD --data {shlex.quote(str(MINIMAL))} stats -f tsv",
        "$TZ_CMD stats -f tsv",
        f"$TZ_CMD --data {shlex.quote(str(MINIMAL))} export -f json -o {shlex.quote(str(out))}",
        f"$TZ_CMD validate {shlex.quote(str(MINIMAL))}",
    ):
        proc = shell(enter + script)
        assert proc.returncode == 0, (script, proc.stderr.decode())
        assert b"Traceback" not in proc.stderr
    assert shell(enter + f"$TZ_CMD --data {shlex.quote(str(MINIMAL))} stats -f tsv").stdout == (
        expected.stdout
    )
    assert json.loads(out.read_text(encoding="utf-8"))["figures"]


def test_a_relative_path_in_a_deleted_working_folder_is_one_line(tmp_path: Path) -> None:
    gone = tmp_path / "gone"
    gone.mkdir()
    where = shlex.quote(str(gone))
    proc = shell(f"cd {where} && rmdir {where} && $TZ_CMD --data data.toml stats")
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "Traceback" not in err, err
    assert len(err.strip().split("\n")) == 1, err


# --------------------------------------------------------------------------
# Issue 24 items 6 and 13: filters compare what is shown; "1,5" is not 15


def test_min_and_max_compare_the_value_a_derived_figure_shows(runner: CliRunner) -> None:
    """``--max 46.875`` listed the share shown as 46.88; ``--min 1770.94 --max 1770.94``
    missed the figure shown as 1770.94 (its unrounded value is 1770.9375…). Checked on
    every derived figure whose shown value differs from its exact one."""
    from tzcli.dataset import load
    from tzcli.units import decimal_text

    ds = load(DATA)
    rounded = [f for f in ds.figures if f.derived and f.shown_value() != f.value]
    assert rounded
    for fig in rounded:
        shown = decimal_text(fig.shown_value())
        exact = decimal_text(fig.value)
        found = rows(run(runner, "facts", "--min", shown, "--max", shown, "-c", "id"))
        assert fig.id in [r["id"] for r in found], (fig.id, shown)
        # the exact value on the wrong side of what is shown excludes it
        side = "--max" if fig.shown_value() > fig.value else "--min"
        found = rows(run(runner, "facts", side, exact, "-c", "id"))
        assert fig.id not in [r["id"] for r in found], (fig.id, side, exact)


@pytest.mark.parametrize("bad", ["1,5", "1,50,000", "1,500,5", ",5", "1,"])
def test_a_comma_that_groups_no_thousands_is_refused(runner: CliRunner, bad: str) -> None:
    """``--min 1,5`` was read as 15."""
    for command, option in (("facts", "--min"), ("projects", "--min-investment")):
        result = runner.invoke(cli, [command, option, bad])
        assert result.exit_code == 2, (command, bad, result.output)
        assert "Traceback" not in result.output
    assert len(rows(run(runner, "facts", "--min", "1,500"))) == len(
        rows(run(runner, "facts", "--min", "1500"))
    )


def test_every_choice_names_the_closest_value() -> None:
    """One Choice (commands.options.Choice) for every option with fixed values: a typo
    is told the value meant, in export's and cite's options as in the listings'."""
    from tzcli.commands.options import Choice

    for name, command in commands().items():
        for param in command.params:
            if isinstance(param.type, click.Choice):
                assert isinstance(param.type, Choice), (name, param.name)
    runner = CliRunner()
    for args, meant in (
        (["export", "-f", "sqlit", "-o", "x"], "sqlite"),
        (["cite", "--style", "ap"], "apa"),
        (["facts", "-f", "tabel"], "table"),
    ):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2 and f"Did you mean '{meant}'?" in result.stderr, args
