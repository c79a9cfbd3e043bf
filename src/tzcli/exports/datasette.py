"""Datasette's metadata for the SQLite export: title, source, licence, and what
every table and column means (``datasette tz.db --metadata tz.metadata.json``)."""

from __future__ import annotations

from typing import Any

from tzcli.exports.tables import LICENSE, Col, tables
from tzcli.model import Dataset


def column_text(col: Col) -> str:
    """A column's description with its unit, as one line; a list column says how the
    SQLite file (and the workbook) hold it: as a JSON array."""
    if col.type == "array":
        return f"{col.description} [a JSON array]"
    if col.unit is None or col.unit in ("year", "ordinal"):
        return col.description
    if col.unit == "column unit":
        return col.description
    return f"{col.description} [unit: {col.unit}]"


def source_text(ds: Dataset) -> str:
    meta = ds.meta
    return (
        f"{meta.site_zh} ({meta.site_en}), {meta.published}: {meta.title_zh} "
        f"({meta.title_en}), interview with {meta.role_en} {meta.interviewee_en}"
    )


def metadata(ds: Dataset, database: str) -> dict[str, Any]:
    """The metadata document for a database named ``database`` (the file's stem)."""
    meta = ds.meta
    described: dict[str, Any] = {}
    for table in tables(ds):
        entry: dict[str, Any] = {
            "title": table.title,
            "description": table.description,
            "columns": {c.name: column_text(c) for c in table.columns},
        }
        if table.label:
            entry["label_column"] = table.label
        if table.name == "figures":
            entry["facets"] = ["topic", "year", "unit"]
        described[table.name] = entry
    doc: dict[str, Any] = {
        "title": f"{meta.title_zh} — {meta.place_en}, {meta.published} (tzcli)",
        "description": (
            f"Every number of the interview with {meta.interviewee_en} ({meta.interviewee_zh}), "
            f"{meta.role_en}, with its unit, qualifier, year and the source's own words. "
            "Search any table in Chinese or English, a word of any length (脱贫, 吴庄, dibao)."
        ),
        "source": source_text(ds),
        "license": LICENSE["title"],
        "license_url": LICENSE["path"],
        "databases": {database: {"source": source_text(ds), "tables": described}},
    }
    if meta.url:
        doc["source_url"] = meta.url
        doc["databases"][database]["source_url"] = meta.url
    return doc
