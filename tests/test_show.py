"""tzcli show: every id that a listing prints is one show takes (issue 15)."""

from __future__ import annotations

import csv
import io

import pytest
from click.testing import CliRunner
from conftest import listing_calls

from tzcli.cli import cli

# In-process calls read the bundled data from a cache filled once a run (this module
# tests nothing of the cache): not a parse of it in every test.
pytestmark = pytest.mark.usefixtures("warm_cache")

CALLS = listing_calls()


def printed_ids(args: list[str]) -> list[str]:
    result = CliRunner().invoke(cli, [*args, "--format", "tsv"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout), delimiter="\t"))
    return [row["id"] for row in rows if row.get("id")]


@pytest.mark.parametrize("name", sorted(CALLS))
def test_show_takes_every_id_a_listing_prints(name: str) -> None:
    ids = printed_ids(CALLS[name])
    if name.startswith("show"):
        return  # show prints the one record it was given
    assert ids, name
    for record_id in ids:
        result = CliRunner().invoke(cli, ["show", record_id, "--format", "json"])
        assert result.exit_code == 0, (name, record_id, result.stderr)
        assert f'"{record_id}"' in result.stdout


def test_every_village_detail_id_is_shown() -> None:
    from tzcli.dataset import load

    for village in load(None).villages:
        for record_id in printed_ids(["villages", village.id]):
            result = CliRunner().invoke(cli, ["show", record_id, "-f", "tsv"])
            assert result.exit_code == 0, (village.id, record_id, result.stderr)


def test_a_handle_shows_its_record_and_a_shared_ending_is_refused() -> None:
    """What a table prints for an id (its unique ending) is read back; an ending two ids
    share is not guessed."""
    result = CliRunner().invoke(cli, ["show", "rural_dibao_households", "-f", "tsv", "-c", "id"])
    assert result.stdout.splitlines()[1] == "social_assistance.rural_dibao_households"
    result = CliRunner().invoke(cli, ["show", "poverty#1", "-f", "tsv", "-c", "id"])
    assert result.stdout.splitlines()[1] == "plan.poverty#1"
    result = CliRunner().invoke(cli, ["show", "investment"])
    assert result.exit_code == 2 and "runxin_chp.investment" in result.stderr


def test_measure_and_mention_ids_show_their_quote() -> None:
    result = CliRunner().invoke(cli, ["show", "plan.poverty#1", "-f", "tsv", "-c", "id,quote"])
    assert result.stdout.splitlines()[1].startswith("plan.poverty#1\t办事处对已脱贫的贫困户")
    result = CliRunner().invoke(cli, ["show", "kongshuzhuang#2", "-f", "tsv", "-c", "id,quote"])
    assert (
        result.stdout.splitlines()[1]
        == "kongshuzhuang#2\t孔书庄、耿赵庄、八大寨、魏庙等新发展林果600余亩"
    )


@pytest.mark.parametrize("bad", ["plan.poverty#99", "plan.poverty#x", "dataset.nothing", "#1"])
def test_parts_that_are_not_there_are_usage_errors(bad: str) -> None:
    result = CliRunner().invoke(cli, ["show", bad])
    assert result.exit_code == 2
    assert f"no record with id {bad!r}" in result.stderr


def test_every_id_lists_what_show_takes() -> None:
    from tzcli import query
    from tzcli.dataset import load

    ds = load(None)
    ids = query.every_id(ds)
    assert len(ids) == len(set(ids))
    for record_id in ids:
        query.show(ds, record_id)
