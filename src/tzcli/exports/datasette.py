"""Datasette's metadata for the SQLite export: title, source, licence, and what
every table and column means (``datasette tz.db --metadata tz.metadata.json``)."""

from __future__ import annotations

from typing import Any

from tzcli.exports.about import LICENSE, corpus_title, kinds, source_text, what
from tzcli.exports.tables import Col, tables
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
        "title": _title(ds),
        "description": (
            f"Every number of {_holds(ds)}, with its unit, qualifier, year and the source's "
            f"own words{_keyed(ds)}. Search any table in Chinese or English, a word of any "
            "length (脱贫, 吴庄, dibao)."
        ),
        "source": source_text(ds),
        "license": LICENSE["title"],
        "license_url": LICENSE["path"],
        "databases": {database: {"source": source_text(ds), "tables": described}},
    }
    if meta.url and not ds.several:  # several: each source's, in table sources
        doc["source_url"] = meta.url
        doc["databases"][database]["source_url"] = meta.url
    return doc


def _title(ds: Dataset) -> str:
    """The one source's title, place and date; or the corpus's (``about.corpus_title``)."""
    if ds.several:
        return corpus_title(ds)
    meta = ds.meta
    return f"{meta.title_zh} — {meta.place('en')}, {meta.published or 'n.d.'} (tzcli)"


def _holds(ds: Dataset) -> str:
    """Whose numbers: the interview with whom (its role), or the corpus's texts."""
    if ds.several:
        return f"{len(ds.metas)} sources ({kinds(ds)})"
    meta = ds.meta
    if meta.kind == "interview" and meta.interviewee_en and meta.interviewee_zh and meta.role_en:
        return f"the interview with {meta.interviewee_en} ({meta.interviewee_zh}), {meta.role_en}"
    return f"the {what(meta)}"


def _keyed(ds: Dataset) -> str:
    """Several sources may share ids: say how a record is named."""
    return "; each record keyed by source and id (column key: SOURCE:ID)" if ds.several else ""
