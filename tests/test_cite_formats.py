"""Citations for reference managers: CSL-JSON valid against the CSL data schema
(vendored, tests/fixtures/csl-data.md), and RIS with the tags Zotero reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA, FIXTURES

from tzcli.cli import cli
from tzcli.dataset import load

jsonschema = pytest.importorskip("jsonschema")

SCHEMA = json.loads((FIXTURES / "csl-data.json").read_text(encoding="utf-8"))


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def validate(doc: object) -> None:
    jsonschema.Draft3Validator(SCHEMA).validate(doc)


@pytest.mark.parametrize(
    "record", [[], ["economy.tax_revenue"], ["poverty.households_enrolled_less_lifted"]]
)
def test_csl_json_validates_against_the_csl_schema(record: list[str]) -> None:
    doc = json.loads(run("cite", *record, "--style", "csl-json", "--accessed", "2026-01-02"))
    validate(doc)
    (item,) = doc
    meta = load(None).meta
    assert item["type"] == "webpage" and item["title"] == meta.title_zh
    assert item["URL"] == meta.url
    assert item["issued"] == {"date-parts": [[2017, 2, 28]]}
    assert item["accessed"] == {"date-parts": [[2026, 1, 2]]}
    assert item["author"] == [{"literal": "定陶政府网"}]
    if record:
        assert item["id"] == f"tianzhong_2017:{record[0]}" and record[0] in item["note"]


def test_the_schema_check_can_fail() -> None:
    doc = json.loads(run("cite", "--style", "csl-json", "--accessed", "2026-01-02"))
    doc[0]["issued"] = {"date-parts": [[2017, 2, 28, 9]]}  # a date has at most 3 parts
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)
    doc[0].pop("issued")
    doc[0]["typo"] = 1
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)


def test_ris_has_the_tags_zotero_reads() -> None:
    out = run("cite", "economy.tax_revenue", "--style", "ris", "--accessed", "2026-01-02")
    lines = out.rstrip("\n").split("\n")
    tags = {line[:2]: line[6:] for line in lines}
    assert all(line[2:6] == "  - " for line in lines), lines
    assert lines[0] == "TY  - ELEC" and lines[-1] == "ER  - "
    assert tags["AU"] == "定陶政府网"
    assert tags["TI"].startswith("紧跟时代步伐 促进全面发展")
    assert tags["PY"] == "2017" and tags["DA"] == "2017/02/28"
    assert tags["UR"] == "http://dingtao.gov.cn/contents/2699/100818.html"
    assert tags["Y2"] == "2026/01/02"
    assert "实现税收11334万元" in tags["N1"]


def test_no_url_when_the_meta_has_none(tmp_path: Path) -> None:
    text = (DATA / "tianzhong.toml").read_text(encoding="utf-8")
    start = text.index("url = ")
    path = tmp_path / "nourl.toml"
    path.write_text(text[:start] + text[text.index("\n", start) + 1 :], encoding="utf-8")
    for style in ("csl-json", "ris"):
        out = run("--data", str(path), "cite", "--style", style)
        assert "http" not in out
    validate(json.loads(run("--data", str(path), "cite", "--style", "csl-json")))


def test_csl_json_of_the_minimal_dataset() -> None:
    validate(
        json.loads(run("--data", str(FIXTURES / "minimal.toml"), "cite", "--style", "csl-json"))
    )
