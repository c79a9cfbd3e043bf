"""tzcli search: every kind of record in one listing, Chinese or English, each row's id
accepted by show; and villages by part of their name."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tzcli.cli import cli

# In-process calls read the bundled data from a cache filled once a run (this module
# tests nothing of the cache): not a parse of it in every test.
pytestmark = pytest.mark.usefixtures("warm_cache")


def _rows(*args: str) -> list[dict[str, object]]:
    result = CliRunner().invoke(cli, ["search", *args, "-f", "json"])
    assert result.exit_code == 0, result.stderr
    rows: list[dict[str, object]] = json.loads(result.stdout)
    return rows


def test_search_finds_every_kind_in_chinese_and_english() -> None:
    zh = _rows("低保")
    kinds = {row["kind"] for row in zh}
    assert {"figure", "measure", "note"} <= kinds
    assert "social_assistance.rural_dibao_households" in {row["id"] for row in zh}
    assert all("低保" in str(row["matched"]) for row in zh)
    en = _rows("dibao")
    assert {"figure", "measure"} <= {row["kind"] for row in en}
    assert {row["kind"] for row in _rows("东昇")} >= {"village", "project", "measure", "mention"}
    assert {row["kind"] for row in _rows("Runxin")} >= {"project", "measure", "note"}
    assert [row["kind"] for row in _rows("tax revenue")][0] == "figure"


def test_search_by_kind_and_values_of_figures() -> None:
    rows = _rows("低保", "--kind", "figure")
    assert rows and {row["kind"] for row in rows} == {"figure"}
    by_id = {row["id"]: row for row in rows}
    assert by_id["social_assistance.rural_dibao_households"]["value"] == 3246
    bad = CliRunner().invoke(cli, ["search", "x", "--kind", "figures"])
    assert bad.exit_code == 2


@pytest.mark.parametrize("text", ["低保", "Runxin", "东昇", "skynet"])
def test_every_row_of_a_search_is_shown_by_show(text: str) -> None:
    from conftest import handle

    for row in _rows(text):
        for shown in (str(row["id"]), handle(str(row["id"]))):
            result = CliRunner().invoke(cli, ["show", shown, "-f", "tsv"])
            assert result.exit_code == 0, (shown, result.stderr)


def test_an_empty_search_and_no_match() -> None:
    assert CliRunner().invoke(cli, ["search", " "]).exit_code == 2
    result = CliRunner().invoke(cli, ["search", "zzzz-nothing", "-f", "table"])
    assert result.exit_code == 0 and "no matches" in result.stderr


def test_villages_by_part_of_the_name() -> None:
    result = CliRunner().invoke(cli, ["villages", "东昇", "-f", "tsv", "-c", "village"])
    assert result.exit_code == 0 and "dongsheng" in result.stdout
    result = CliRunner().invoke(cli, ["villages", "社区"])
    assert result.exit_code == 2 and "东昇社区" in result.stderr and "南城社区" in result.stderr
