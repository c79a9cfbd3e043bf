"""Every export holds the same tables, columns, values and types (the README's "Use it
with…" says so): the JSON export, the SQLite file, the data package as Frictionless
reads it, and the listings' ``-f json``. Compared here, table by table, cell by cell."""

from __future__ import annotations

import json
import sqlite3
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from tzcli.cli import cli
from tzcli.exports.tables import tables

# In-process calls read the bundled data from a cache filled once a run (this module
# tests nothing of the cache): not a parse of it in every test.
pytestmark = pytest.mark.usefixtures("warm_cache")

#: listing command -> the exported table its rows are
LISTINGS = {
    "facts": "figures",
    "projects": "projects",
    "plans": "plan_entries",
    "villages": "villages",
    "topics": "topics",
}


def run(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def exact(text: str) -> Any:
    return json.loads(text, parse_float=Decimal)


@pytest.fixture(scope="module")
def document() -> dict[str, list[dict[str, Any]]]:
    return exact(run("export", "-f", "json", "-o", "-"))  # type: ignore[no-any-return]


def test_the_json_export_has_every_table_with_its_columns_in_order(
    document: dict[str, list[dict[str, Any]]],
) -> None:
    from tzcli.dataset import load

    described = tables(load(None))
    assert list(document) == [t.name for t in described]
    for table in described:
        rows = document[table.name]
        assert len(rows) == len(table.rows), table.name
        for row in rows:
            assert list(row) == [c.name for c in table.columns], table.name


def test_the_json_export_has_plan_entries_link_tables_and_numbers(
    document: dict[str, list[dict[str, Any]]],
) -> None:
    """What the old JSON export lacked or held otherwise (ids for amounts, quotes for
    counts, company_zh for company)."""
    for name in ("plan_entries", "figure_villages", "figure_inputs", "project_villages"):
        assert document[name], name
    runxin = {p["id"]: p for p in document["projects"]}["runxin_chp"]
    assert runxin["investment"] == 500000000 and runxin["company"] == "润鑫"
    assert "company_zh" not in runxin
    assert all(isinstance(v["mentions"], int) for v in document["villages"])


@pytest.mark.parametrize("command", LISTINGS)
def test_a_listing_s_json_is_its_table_s_rows(
    document: dict[str, list[dict[str, Any]]], command: str
) -> None:
    """A script written against ``tzcli projects -f json`` reads the export's projects."""
    listed = exact(run(command, "-f", "json"))
    table = document[LISTINGS[command]]
    assert listed and len(listed) == len(table)
    names = list(listed[0])
    assert set(names) <= set(table[0]), set(names) - set(table[0])
    key = [n for n in ("plan_id", "id") if n in names]
    by_key = {tuple(r[k] for k in key): r for r in table}
    for row in listed:
        exported = by_key[tuple(row[k] for k in key)]
        for name in names:
            assert row[name] == exported[name], (command, name, row["id"])
            assert type(row[name]) is type(exported[name]), (command, name)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    where = tmp_path_factory.mktemp("same")
    run("export", "-f", "sqlite", "-o", str(where / "tz.db"))
    run("export", "-f", "datapackage", "-o", str(where / "tz"))
    run("export", "-f", "csv", "-o", str(where / "figures.csv"))
    return where


def test_the_sqlite_file_holds_the_same_rows(
    document: dict[str, list[dict[str, Any]]], folder: Path
) -> None:
    """The same tables and columns; the same values, as SQLite types them: integers and
    floats for numbers, 0/1 for booleans, a JSON array for a list."""
    with sqlite3.connect(folder / "tz.db") as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%\\_fts%' "
                "ESCAPE '\\' ORDER BY rowid"
            )
        ]
        assert names == list(document)
        for name, rows in document.items():
            cursor = conn.execute(f'SELECT * FROM "{name}" ORDER BY rowid')
            assert [d[0] for d in cursor.description] == list(rows[0]), name
            stored = cursor.fetchall()
            assert len(stored) == len(rows), name
            for row, values in zip(rows, stored, strict=True):
                for (column, value), got in zip(row.items(), values, strict=True):
                    assert _as_sqlite(value) == got, (name, column, row.get("id"))


def _as_sqlite(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def test_the_data_package_holds_the_same_rows(
    document: dict[str, list[dict[str, Any]]], folder: Path
) -> None:
    """Read by Frictionless with its schema: numbers as numbers, booleans as booleans,
    ``value_text`` as text, and a list as the text its field's ``delimiter`` splits."""
    frictionless = pytest.importorskip("frictionless")
    package = frictionless.Package(str(folder / "tz" / "datapackage.json"))
    assert [r.name for r in package.resources] == list(document)
    for resource in package.resources:
        rows = document[resource.name]
        with resource:
            read = [row.to_dict() for row in resource.row_stream]
        for field in resource.to_descriptor()["schema"]["fields"]:
            if "delimiter" in field:
                for got in read:
                    text = got[field["name"]]
                    got[field["name"]] = text.split(field["delimiter"]) if text else None
        assert [f.name for f in resource.schema.fields] == list(rows[0]), resource.name
        assert len(read) == len(rows), resource.name
        for row, got in zip(rows, read, strict=True):
            for column, value in row.items():
                assert _as_read(value) == _as_read(got[column]), (resource.name, column)
    figures = {r["id"]: r for r in package.get_resource("figures").read_rows()}
    assert all(isinstance(r["value_text"], str) for r in figures.values())


def _as_read(value: Any) -> Any:
    """A csv cell cannot tell an empty list or text from none; a date is its ISO text."""
    if value == [] or value == "":
        return None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return Decimal(str(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def test_the_csv_export_is_the_data_package_s_figures(folder: Path) -> None:
    """One csv of figures, one encoding of lists (``;``), whichever way it is made."""
    assert (folder / "figures.csv").read_bytes() == (folder / "tz" / "figures.csv").read_bytes()
    header = (folder / "figures.csv").read_text(encoding="utf-8").splitlines()[0]
    facts = run("facts", "-f", "csv").splitlines()
    assert header.split(",")[: len(facts[0].split(","))] == facts[0].split(",")
    assert ";" in (folder / "figures.csv").read_text(encoding="utf-8")
    assert '["' not in (folder / "figures.csv").read_text(encoding="utf-8")
