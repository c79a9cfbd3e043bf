"""The whole dataset as one JSON document, one CSV of figures, a SQLite file, a data
package folder (tzcli.exports.datapackage) or an Excel workbook (tzcli.exports.xlsx).

Files are written by ``tzcli.files``, the one writer: atomic, only regular files,
never over a file without --force, never over the data being read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tzcli import files
from tzcli.errors import OutputError
from tzcli.files import NO_INPUTS, Inputs
from tzcli.model import Dataset


def document(ds: Dataset) -> dict[str, Any]:
    """Every table of the exports (tzcli.exports.tables), by name: a list of rows, each
    an object of the table's columns in order; the values as the listings' ``-f json``
    has them (exact numbers, true/false, lists as arrays)."""
    from tzcli.exports.tables import tables

    return {
        table.name: [{c.name: row.get(c.name) for c in table.columns} for row in table.rows]
        for table in tables(ds)
    }


def figures_csv(ds: Dataset, guard: bool = False) -> str:
    """The figures table as csv: the file ``figures.csv`` of the data package, and what
    ``export -f csv`` writes (lists joined with ``;``, as every csv of tzcli); ``guard``:
    ``--bom``'s spreadsheet mode (see ``render.machine.spreadsheet_cell``)."""
    from tzcli.exports.tables import tables
    from tzcli.render.machine import csv_text

    (figures,) = [t for t in tables(ds) if t.name == "figures"]
    return csv_text(figures.rows, [c.name for c in figures.columns], guard=guard)


def text(ds: Dataset, fmt: str, *, bom: bool = False) -> str:
    """The export as text (json or csv)."""
    from tzcli.render.machine import json_document

    if fmt == "json":
        return json_document(document(ds))
    if fmt == "csv":
        return ("\ufeff" if bom else "") + figures_csv(ds, guard=bom)
    raise OutputError(f"cannot export {fmt!r} as text")


def write(
    ds: Dataset,
    fmt: str,
    path: str,
    *,
    force: bool = False,
    bom: bool = False,
    inputs: Inputs = NO_INPUTS,
) -> None:
    """Write the export to ``path`` by the rules of ``tzcli.files`` (atomic, only a regular
    file, never over one without ``force``, never over an input)."""
    if fmt in OTHER_FORMATS:
        write_other(ds, fmt, path, force=force, inputs=inputs)
        return
    if fmt == "sqlite":
        import sqlite3

        def fill(tmp: Path) -> None:
            try:
                write_sqlite(ds, tmp)
            except sqlite3.Error as exc:  # a full disk, an unwritable folder: as an OSError
                raise OSError(str(exc)) from None

        files.write_file(path, fill, force=force, inputs=inputs)
    else:
        check_target(path, force, inputs)  # before the text is made
        payload = text(ds, fmt, bom=bom).encode("utf-8")
        files.write_file(path, payload, force=force, inputs=inputs)


def _sql_value(value: Any) -> Any:
    from decimal import Decimal

    if isinstance(value, Decimal):
        whole = value == value.to_integral_value() and -(2**63) <= value < 2**63  # SQLite's
        return int(value) if whole else float(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (list, tuple)):
        import json

        return json.dumps(list(value), ensure_ascii=False)
    return value


TableSpec = tuple[str, Sequence[tuple[str, str]], list[dict[str, Any]]]


_SQL_TYPES = {"int": "INTEGER", "bool": "INTEGER", "quantity": "NUMERIC", "number": "NUMERIC"}


def _typed(columns: Sequence[Any]) -> list[tuple[str, str]]:
    """(name, SQL type) for query columns: the listings and the tables share their names."""
    return [(c.name, _SQL_TYPES.get(c.kind, "TEXT")) for c in columns]


def _records(
    items: Sequence[Any], *drop: str
) -> tuple[list[tuple[str, str]], list[dict[str, Any]]]:
    """Columns and rows straight from model records (sections, notes, sources)."""
    rows = [{k: v for k, v in asdict(item).items() if k not in drop} for item in items]
    if not rows:
        return [("id", "TEXT")], []
    types = {bool: "INTEGER", int: "INTEGER"}
    first = rows[0]
    return [(k, types.get(type(v), "TEXT")) for k, v in first.items()], rows


def sqlite_tables(ds: Dataset) -> list[TableSpec]:
    """(table, [(column, SQL type)], rows) for every table of the SQLite export."""
    from tzcli import query

    figures = query.facts(ds)
    plan_items = [
        {
            "id": p.id,
            "pillar": p.pillar,
            "section": p.section,
            "number_zh": p.number_zh,
            "title_zh": p.title_zh,
            "title_en": p.title_en,
            "quote": p.quote,
            "source": p.source,
        }
        for p in ds.plans
    ]
    mentions = [
        {"village_id": v.id, "position": i, "quote": m.quote, "en": m.en, "source": v.source}
        for v in ds.villages
        for i, m in enumerate(v.mentions, 1)
    ]
    tables: list[TableSpec] = [
        (
            "figures",
            _typed(figures.columns) + [("value_text", "TEXT")],
            [{**row, "value_text": str(row["value"])} for row in figures.rows],
        ),
    ]
    for name, listing in (
        ("projects", query.projects(ds)),
        ("plan_entries", query.plans(ds)),
        ("villages", query.villages(ds)),
        ("topics", query.topics(ds)),
    ):
        tables.append((name, _typed(listing.columns), listing.rows))
    tables.append(
        (
            "plans",
            [(k, "TEXT") for k in plan_items[0]] if plan_items else [("id", "TEXT")],
            plan_items,
        )
    )
    tables.append(
        (
            "village_mentions",
            [
                ("village_id", "TEXT"),
                ("position", "INTEGER"),
                ("quote", "TEXT"),
                ("en", "TEXT"),
                ("source", "TEXT"),
            ],
            mentions,
        )
    )
    for name, items, drop in (
        ("notes", ds.notes, ()),
        ("sections", ds.sections, ()),
        ("sources", ds.metas, ("years",)),
    ):
        columns, rows = _records(items, *drop)
        tables.append((name, columns, rows))
    return tables


def write_sqlite(ds: Dataset, path: Path) -> None:
    """Every table, with keys, foreign keys and full-text search (see tzcli.exports.sqlite)."""
    from tzcli.exports import sqlite

    sqlite.write(ds, path)


# --------------------------------------------------------------------------
# Formats written by tzcli.exports: a folder, a workbook, Datasette's metadata

#: Formats ``write`` hands to ``write_other``.
OTHER_FORMATS = ("datapackage", "xlsx")


def write_other(
    ds: Dataset, fmt: str, path: str, *, force: bool = False, inputs: Inputs = NO_INPUTS
) -> None:
    """A data package folder or an Excel workbook, with the rules of ``write``."""
    if fmt == "datapackage":
        write_folder(ds, path, force=force, inputs=inputs)
        return
    from tzcli.exports import xlsx

    xlsx.check_available()  # before anything is written
    files.write_file(path, lambda tmp: xlsx.write(ds, tmp), force=force, inputs=inputs)


def write_metadata(
    ds: Dataset, path: str, database: str, *, force: bool = False, inputs: Inputs = NO_INPUTS
) -> None:
    """Datasette's metadata for the database ``database`` (the SQLite file's stem)."""
    from tzcli.exports.datasette import metadata
    from tzcli.render.machine import json_document

    payload = json_document(metadata(ds, database)).encode("utf-8")
    files.write_file(path, payload, force=force, inputs=inputs)


def check_target(path: str, force: bool, inputs: Inputs = NO_INPUTS) -> Path:
    """The checks of ``write`` (only a regular file, never over one without ``force``,
    never an input), made before anything is written; the file to write."""
    return files.check_file(path, force=force, inputs=inputs)[0]


def write_folder(
    ds: Dataset, path: str, *, force: bool = False, inputs: Inputs = NO_INPUTS
) -> None:
    """A data package folder (``tzcli.files.write_folder``): a new one renamed into place
    whole; an older package replaced, its own files only (its ``datapackage.json`` lists
    them), never any other folder, file or the user's files beside it."""
    from tzcli.exports import datapackage

    files.write_folder(
        path,
        lambda tmp: datapackage.write(ds, tmp),
        owned=datapackage.written_files,
        force=force,
        inputs=inputs,
        kind="data package",
    )
