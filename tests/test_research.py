"""For researchers: citations, derived indicators recomputed independently,
metric units, the JSON Schema, and folders of several interviews."""

from __future__ import annotations

import ast
import csv
import io
import json
import shutil
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA, FIXTURES

from tzcli.cli import cli
from tzcli.dataset import load

# In-process calls read the bundled data from a cache filled once a run (this module
# tests nothing of the cache): not a parse of it in every test.
pytestmark = pytest.mark.usefixtures("warm_cache")


def run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(cli, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


# --------------------------------------------------------------------------
# Citations


def test_cite_apa_default_in_english(runner: CliRunner) -> None:
    out = run(runner, "cite", "--accessed", "2026-01-02")
    assert out.startswith("定陶政府网. (2017, February 28). 紧跟时代步伐 促进全面发展")
    assert "Mu Sen (穆森), Party Secretary of Tianzhong Subdistrict" in out
    assert out.rstrip().endswith(". http://dingtao.gov.cn/contents/2699/100818.html")


def test_cite_gbt7714_default_in_chinese(runner: CliRunner) -> None:
    out = run(runner, "--lang", "zh", "cite", "--accessed", "2026-01-02")
    assert out.startswith("定陶政府网. 紧跟时代步伐 促进全面发展: 天中街道党委书记穆森访谈[EB/OL].")
    assert "(2017-02-28)[2026-01-02]" in out


def test_cite_bibtex_with_a_figure(runner: CliRunner) -> None:
    out = run(
        runner, "cite", "economy.tax_revenue", "--style", "bibtex", "--accessed", "2026-01-02"
    )
    assert out.startswith("@online{tianzhong_2017:economy.tax_revenue,")
    assert "date = {2017-02-28}" in out and "urldate = {2026-01-02}" in out
    assert "title = {税收 [tax revenue]: “实现税收11334万元”}" in out
    assert out.count("{") == out.count("}")


def test_cite_figure_is_cited_as_itself_with_its_quote(runner: CliRunner) -> None:
    out = run(runner, "cite", "poverty.households_enrolled", "--style", "apa")
    assert "两级扶贫平台贫困户 [" in out and "]: “两级扶贫平台共计1183户”. 紧跟时代步伐" in out
    derived = run(runner, "cite", "poverty.households_enrolled_less_lifted")
    assert "(derived: poverty.households_enrolled - poverty.households_lifted)" in derived


def test_cite_uses_today_by_default(runner: CliRunner) -> None:
    import datetime

    assert f"[{datetime.date.today().isoformat()}]" in run(runner, "cite", "--style", "gbt7714")


def test_cite_errors(runner: CliRunner) -> None:
    result = runner.invoke(cli, ["cite", "--accessed", "yesterday"])
    assert result.exit_code == 2 and "YYYY-MM-DD" in result.stderr
    result = runner.invoke(cli, ["cite", "economy.tax_revenu"])
    assert result.exit_code == 2 and "did you mean: economy.tax_revenue" in result.stderr


def test_cite_prints_no_url_the_meta_lacks(runner: CliRunner, tmp_path: Path) -> None:
    text = (DATA / "tianzhong.toml").read_text(encoding="utf-8")
    start = text.index("url = ")
    path = tmp_path / "nourl.toml"
    path.write_text(text[:start] + text[text.index("\n", start) + 1 :], encoding="utf-8")
    for style in ("apa", "gbt7714", "bibtex"):
        out = run(runner, "--data", str(path), "cite", "--style", style)
        assert "http" not in out


def test_show_ends_with_the_short_citation(runner: CliRunner) -> None:
    out = run(runner, "show", "economy.tax_revenue", "-f", "table")
    assert "Citation" in out and "Dingtao District Government website (2017-02-28)" in out
    data = json.loads(run(runner, "show", "economy.tax_revenue", "-f", "json"))[0]
    assert data["citation_zh"].startswith("定陶政府网. 紧跟时代步伐 促进全面发展[EB/OL]")


# --------------------------------------------------------------------------
# Derived indicators, recomputed with a separate evaluator

_OPS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}


def recompute(formula: str, values: dict[str, Decimal]) -> Decimal:
    names = {name: f"v{i}" for i, name in enumerate(sorted(values, key=len, reverse=True))}
    text = formula
    for name, alias in names.items():
        text = text.replace(name, alias)
    lookup = {alias: values[name] for name, alias in names.items()}

    def walk(node: ast.AST) -> Decimal:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.BinOp):
            return _OPS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.Name):
            return lookup[node.id]
        if isinstance(node, ast.Constant):
            return Decimal(str(node.value))
        raise AssertionError(f"unexpected {ast.dump(node)}")

    return walk(ast.parse(text, mode="eval"))


def test_every_indicator_recomputed_from_its_inputs() -> None:
    ds = load(None, use_cache=False)
    by_id = {f.id: f for f in ds.figures}
    derived = [f for f in ds.figures if f.derived]
    assert len(derived) >= 20
    for fig in derived:
        values = {i: by_id[i].value for i in fig.inputs}
        assert set(fig.inputs) <= set(by_id)
        assert recompute(fig.formula or "", values) == fig.value, fig.id


@pytest.mark.parametrize(
    "fid, expected",
    [
        ("profile.urban_share", Decimal("46.875")),
        ("economy.tax_revenue_per_resident", Decimal("1770.9375")),
        ("economy.local_fiscal_revenue_per_resident", Decimal("1042.65625")),
        ("social_assistance.urban_dibao_people_per_household", Decimal("1.46")),
        ("poverty.people_enrolled_over_rural", Decimal(285500) / Decimal(34000)),
        ("poverty.enrolled_less_lifted_over_rural", Decimal(81400) / Decimal(34000)),
        ("projects.stated_investment_sum", Decimal(1370000000)),
    ],
)
def test_indicator_values(fid: str, expected: Decimal) -> None:
    assert load(None).figure(fid).value == expected


def test_indicators_command(runner: CliRunner) -> None:
    rows = list(csv.DictReader(io.StringIO(run(runner, "indicators", "-f", "csv"))))
    assert rows and all(r["derived"] == "true" and r["formula"] for r in rows)
    land = next(r for r in rows if r["id"] == "profile.arable_land_per_rural_resident")
    assert land["value"] == "0.077"  # the figure's decimals, in machine formats too
    assert land["decimals"] == "3" and land["unit"] == "mu_per_person"
    exact = load(None).figure("profile.arable_land_per_rural_resident").value
    assert str(exact).startswith("0.0772352941")  # the Python API keeps the exact value
    assert "600 mu of new orchards" in land["flag_en"]
    assert land["inputs"] == "profile.arable_land;profile.population_rural"
    only = list(
        csv.DictReader(io.StringIO(run(runner, "indicators", "--topic", "poverty", "-f", "csv")))
    )
    assert only and {r["topic"] for r in only} == {"poverty"}
    table = run(runner, "indicators", "-f", "table")
    assert "0.077 mu/person" in table and "uneasily" in table and "65.1%" in table
    tax = next(r for r in rows if r["id"] == "economy.tax_revenue_per_resident")
    assert (tax["value"], tax["unit"], tax["decimals"]) == ("1800", "yuan_per_person", "-2")


def test_derived_precision_in_every_output(runner: CliRunner, tmp_path: Path) -> None:
    """A derived figure is shown to its decimals everywhere, machine formats and exports too."""
    fid = "poverty.households_lifted_over_enrolled"  # 770 / 1183 × 100 = 65.0887573964…
    outputs = [run(runner, "facts", "--derived", "-f", fmt) for fmt in ("csv", "tsv", "json")]
    outputs += [run(runner, "show", fid, "-f", fmt) for fmt in ("jsonl", "markdown", "table")]
    outputs.append(run(runner, "indicators", "-f", "csv"))
    run(runner, "export", "--format", "json", "-o", str(tmp_path / "all.json"))
    exported = (tmp_path / "all.json").read_text(encoding="utf-8")
    for out in [*outputs, exported]:
        assert "65.1" in out and "65.09" not in out
    figures = json.loads(exported)["figures"]
    assert next(f for f in figures if f["id"] == fid)["value"] == 65.1
    total = next(f for f in figures if f["id"] == "profile.population_total")
    assert total["value"] == 64000  # negative decimals: to the nearest 1,000
    assert str(load(None).figure(fid).value).startswith("65.0887573964")  # exact in the API


# --------------------------------------------------------------------------
# Units


def test_metric_units_in_tables(runner: CliRunner) -> None:
    out = run(runner, "--units", "metric", "facts", "--unit", "mu", "-f", "table")
    assert "175.1 ha" in out and "≥ 40 ha" in out and "18.7 ha" in out
    money = run(runner, "--units", "metric", "stats", "-f", "table")
    assert "CNY 3,500 million" in money and "CNY 113.34 million" in money
    zh = run(runner, "--lang", "zh", "--units", "metric", "projects", "-f", "table")
    assert "500百万元" in zh


def test_metric_units_add_columns_in_machine_formats(runner: CliRunner) -> None:
    rows = list(
        csv.DictReader(
            io.StringIO(run(runner, "--units", "metric", "facts", "--unit", "mu", "-f", "csv"))
        )
    )
    land = next(r for r in rows if r["id"] == "profile.arable_land")
    assert (land["value"], land["unit"]) == ("2626", "mu")
    # to the significant figures of the value in mu (four), never 28 digits
    assert land["value_metric"] == "175.1" and land["unit_metric"] == "ha"
    derived = csv.DictReader(
        io.StringIO(run(runner, "--units", "metric", "indicators", "-f", "csv"))
    )
    per_person = next(r for r in derived if r["id"] == "profile.arable_land_per_rural_resident")
    assert (per_person["value_metric"], per_person["unit_metric"]) == ("0.0051", "ha_per_person")
    projects = json.loads(run(runner, "--units", "metric", "projects", "-f", "json"))
    chp = next(p for p in projects if p["id"] == "runxin_chp")
    assert chp["investment"] == 500000000 and chp["investment_metric"] == 500
    assert chp["investment_unit_metric"] == "million_yuan"
    plain = json.loads(run(runner, "projects", "-f", "json"))
    assert "investment_metric" not in plain[0]


# --------------------------------------------------------------------------
# Schema


def test_schema_command_prints_json_schema(runner: CliRunner) -> None:
    schema = json.loads(run(runner, "schema"))
    assert schema["$schema"].startswith("https://json-schema.org/")
    assert "figures" in schema["properties"]
    assert schema["$defs"]["figure"]["properties"]["unit"]["enum"][0] == "yuan"
    assert schema["$defs"]["figure"]["additionalProperties"] is False


def test_bundled_dataset_validates_against_the_schema(runner: CliRunner) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    if sys.version_info >= (3, 11):
        import tomllib
    else:
        import tomli as tomllib

    schema = json.loads(run(runner, "schema"))
    for path in sorted(DATA.glob("*.toml")):
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
        jsonschema.validate(doc, schema)
    bad = tomllib.loads((DATA / "tianzhong.toml").read_text(encoding="utf-8"))
    bad["figures"][0]["unit"] = "dozens"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)


# --------------------------------------------------------------------------
# Several interviews in one folder


@pytest.fixture
def two_sources(tmp_path: Path) -> Path:
    shutil.copy(DATA / "tianzhong.toml", tmp_path / "tianzhong.toml")
    shutil.copy(FIXTURES / "synthetic_interview.toml", tmp_path / "synthetic.toml")
    return tmp_path


def test_folder_of_interviews(runner: CliRunner, two_sources: Path) -> None:
    ds = load(two_sources, use_cache=False)
    assert {m.id for m in ds.metas} == {"tianzhong_2017", "synthetic_example"}
    assert ds.figure("example.double_population").value == 24690
    assert ds.figure("example.population").source == "synthetic_example"
    rows = list(
        csv.DictReader(io.StringIO(run(runner, "--data", str(two_sources), "facts", "-f", "csv")))
    )
    assert {r["source"] for r in rows} == {"tianzhong_2017", "synthetic_example"}
    table = run(
        runner, "--data", str(two_sources), "facts", "--search", "population", "-f", "table"
    )
    assert "synthetic_example" in table and "tianzhong_2017" in table
    out = run(
        runner,
        "--data",
        str(two_sources),
        "cite",
        "example.population",
        "--style",
        "apa",
        "--accessed",
        "2026-01-01",
    )
    assert out.startswith("示例网站. (2020, January 1). 人口 [population]: “人口12345人”.")


def test_every_listing_has_a_source_column(runner: CliRunner, two_sources: Path) -> None:
    for command in (
        ["stats"],
        ["projects"],
        ["poverty"],
        ["facts"],
        ["topics"],
        ["plans"],
        ["villages"],
        ["indicators"],
        ["villages", "孔书庄"],
    ):
        lines = run(runner, "--data", str(two_sources), *command, "-f", "csv").splitlines()
        header = lines[0].split(",")
        assert "source" in header, command
        sources = {row["source"] for row in csv.DictReader(io.StringIO("\n".join(lines)))}
        assert "tianzhong_2017" in sources, command
        # topics are shared: a topic's row names the source that defined it first
        if command in (["facts"], ["indicators"]):
            assert "synthetic_example" in sources, command


def test_validate_folder(runner: CliRunner, two_sources: Path) -> None:
    out = run(runner, "validate", str(two_sources))
    assert out.startswith("OK: ") and "synthetic.toml" in out


def test_ids_unique_within_a_source_not_across(runner: CliRunner, two_sources: Path) -> None:
    text = (FIXTURES / "synthetic_interview.toml").read_text(encoding="utf-8")
    (two_sources / "synthetic.toml").write_text(
        text.replace('id = "example.population"', 'id = "economy.tax_revenue"').replace(
            "2 * example.population", "2 * economy.tax_revenue"
        ),
        encoding="utf-8",
    )
    result = runner.invoke(cli, ["--data", str(two_sources), "facts"])
    assert result.exit_code == 0, result.output  # the same id in two sources: comparable
    result = runner.invoke(cli, ["--data", str(two_sources), "show", "economy.tax_revenue"])
    assert result.exit_code == 2
    assert "synthetic_example:economy.tax_revenue" in result.stderr
    assert "tianzhong_2017:economy.tax_revenue" in result.stderr
