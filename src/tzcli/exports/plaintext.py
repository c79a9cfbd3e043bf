"""The exports that are text: every table as one JSON document, the figures as csv.

Both go to a file or to stdout (``-o -``); both are the exported tables
(``tzcli.exports.tables``), so that they hold what the other formats hold.
"""

from __future__ import annotations

from typing import Any

from tzcli.errors import OutputError
from tzcli.exports.tables import tables
from tzcli.model import Dataset


def document(ds: Dataset) -> dict[str, Any]:
    """Every table of the exports, by name: a list of rows, each an object of the table's
    columns in order; the values as the listings' ``-f json`` has them (exact numbers,
    true/false, lists as arrays)."""
    return {
        table.name: [{c.name: row.get(c.name) for c in table.columns} for row in table.rows]
        for table in tables(ds)
    }


def figures_csv(ds: Dataset, guard: bool = False) -> str:
    """The figures table as csv: the file ``figures.csv`` of the data package, and what
    ``export -f csv`` writes (lists joined with ``;``, as every csv of tzcli); ``guard``:
    ``--bom``'s spreadsheet mode (see ``render.machine.spreadsheet_cell``)."""
    from tzcli.render.machine import csv_text

    (figures,) = [t for t in tables(ds) if t.name == "figures"]
    return csv_text(figures.rows, [c.name for c in figures.columns], guard=guard)


def text(ds: Dataset, fmt: str, *, bom: bool = False) -> str:
    """The export ``fmt`` (json or csv) as text; ``bom``: csv for a spreadsheet."""
    from tzcli.render.machine import json_document

    if fmt == "json":
        return json_document(document(ds))
    if fmt == "csv":
        return ("\ufeff" if bom else "") + figures_csv(ds, guard=bom)
    raise OutputError(f"cannot export {fmt!r} as text")
