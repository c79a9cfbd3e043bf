"""A Frictionless Tabular Data Package: every table as UTF-8 csv, and a
``datapackage.json`` with field types, units, descriptions, keys, source and
licence (read by ``frictionless``, R's ``frictionless::read_package``, pandas).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from tzcli.exports.about import LICENSE, both, corpus_title, kinds, places, source_words, what
from tzcli.exports.tables import Table, tables
from tzcli.model import Dataset, Meta

#: How a list is written in a csv cell, as in every csv of tzcli (``-f csv``), and as
#: the schema names it (a Frictionless ``list`` field with this delimiter).
LIST_DELIMITER = ";"


def cell(value: Any, kind: str) -> str:
    """A value as csv text, as the listings' ``-f csv`` writes it: exact decimals,
    ``true``/``false``, lists joined with ``;``, empty for none."""
    from tzcli.render.machine import raw_text

    if kind == "boolean" and value is not None:
        return "true" if value else "false"
    return raw_text(value)


def _field(table: Table, name: str) -> dict[str, Any]:
    col = table.column(name)
    out: dict[str, Any] = {"name": col.name, "type": col.type, "description": col.description}
    if col.type == "array":
        # In csv, the ids joined with ';' (never JSON in a csv cell). Table Schema 1
        # has no list type (2's "list" stops R's frictionless, which checks for 1's
        # types): text, with the delimiter named as 2's list field names it.
        out.update(
            type="string",
            description=f"{col.description}; in this csv joined with '{LIST_DELIMITER}'",
            delimiter=LIST_DELIMITER,
        )
    if col.unit == "column unit":
        out["unitColumn"] = "unit"  # tzcli's own property: the unit is given per row
    elif col.unit is not None:
        out["unit"] = col.unit
    if col.name in table.primary_key:
        out["constraints"] = {"required": True}
    return out


def resource(table: Table) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": [_field(table, c.name) for c in table.columns],
        "missingValues": [""],
    }
    if table.primary_key:
        schema["primaryKey"] = list(table.primary_key)
    if table.foreign_keys:
        schema["foreignKeys"] = [
            {
                "fields": list(fk.columns),
                "reference": {
                    "resource": "" if fk.table == table.name else fk.table,
                    "fields": list(fk.other),
                },
            }
            for fk in table.foreign_keys
        ]
    return {
        "name": table.name,
        "path": f"{table.name}.csv",
        "profile": "tabular-data-resource",
        "title": table.title,
        "description": table.description,
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "schema": schema,
    }


#: The one source's description (the bundled interview's); a corpus says what it holds.
ONE_SOURCE = (
    "Every number of the interview, with its unit, qualifier, year, Chinese and "
    "English names and the source's own words (column quote); projects, the 2017 "
    "plan, villages and notes on the source text. Written by tzcli."
)
#: Places a corpus's keywords name at most.
KEYWORD_PLACES = 10
#: The one source's keywords (the bundled interview's); a corpus's name its places.
ONE_SOURCE_KEYWORDS = ["Tianzhong", "Dingtao", "Heze", "Shandong", "China", "local government"]


def _source(meta: Meta) -> dict[str, Any]:
    """A source of the package, as Frictionless names one: its title and address."""
    source: dict[str, Any] = {"title": source_words(meta)}
    if meta.url:
        source["path"] = meta.url
    return source


def descriptor(ds: Dataset, described: list[Table]) -> dict[str, Any]:
    """The ``datapackage.json``: one source's, or (several loaded) the corpus's name,
    title, description, sources and keywords."""
    from tzcli import __version__

    meta = ds.meta
    if ds.several:
        name = "tzcli-corpus"
        title = corpus_title(ds)
        description = (
            f"Every number of {len(ds.metas)} sources ({kinds(ds)}), with its unit, "
            "qualifier, year, Chinese and English names and the source's own words (column "
            "quote), each record keyed by source and id (column key, SOURCE:ID); projects, "
            "plans, villages and notes on the source texts; resource sources says what each "
            "text is. Written by tzcli."
        )
        keywords = [*places(ds)[:KEYWORD_PLACES], "China", "local government"]
    else:
        name = re.sub(r"[^a-z0-9._-]+", "-", meta.id.lower())
        title = (
            f"{both(meta.title_zh, meta.title_en)}: the figures of the {what(meta)}, "
            f"{meta.published or 'n.d.'}"
        )
        description = ONE_SOURCE
        keywords = list(ONE_SOURCE_KEYWORDS)
    return {
        "profile": "tabular-data-package",
        "name": name,
        "title": title,
        "description": description,
        "version": __version__,
        "licenses": [dict(LICENSE)],
        "sources": [_source(m) for m in ds.metas],
        "keywords": keywords,
        "resources": [resource(t) for t in described],
    }


def write(ds: Dataset, folder: Path) -> list[str]:
    """Write the csv files and datapackage.json into ``folder`` (which exists); their names.

    The csv is exact, as Frictionless, R and pandas read it: no formula guard (that is
    ``--bom``'s, for csv opened in a spreadsheet), no byte-order mark."""
    from tzcli.render.machine import csv_text, json_document

    described = tables(ds)
    names = []
    for table in described:
        kinds = [(c.name, c.type) for c in table.columns]
        rows = [{name: cell(row.get(name), kind) for name, kind in kinds} for row in table.rows]
        file_name = f"{table.name}.csv"
        with open(folder / file_name, "w", encoding="utf-8", newline="") as handle:
            handle.write(csv_text(rows, [name for name, _ in kinds]))
        names.append(file_name)
    (folder / "datapackage.json").write_text(
        json_document(descriptor(ds, described)), encoding="utf-8"
    )
    return [*names, "datapackage.json"]


def written_files(folder: Path) -> set[str] | None:
    """The files a data package in ``folder`` is made of, by its ``datapackage.json`` (the
    manifest of what an earlier export wrote there); None when the folder holds no
    package, or one naming anything but plain file names in the folder."""
    import json

    try:
        with open(folder / "datapackage.json", "rb") as handle:
            doc = json.loads(handle.read(16 * 1024 * 1024))
    except (OSError, ValueError):
        return None
    resources = doc.get("resources") if isinstance(doc, dict) else None
    if not isinstance(resources, list):
        return None
    names = {"datapackage.json"}
    for res in resources:
        path = res.get("path") if isinstance(res, dict) else None
        if not isinstance(path, str) or not re.fullmatch(r"[A-Za-z0-9_][A-Za-z0-9_.-]*", path):
            return None
        names.add(path)
    return names
