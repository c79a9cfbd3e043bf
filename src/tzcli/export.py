"""The whole dataset as one JSON document, one CSV of figures, or a SQLite file.

Files are written to a temporary file beside the target and renamed into
place, so an interrupted or failed export never leaves a half-written file
and never touches an existing one.
"""

from __future__ import annotations

import os
from dataclasses import asdict
from pathlib import Path
from typing import Any, Callable, Dict, List, Sequence, Tuple

from tzcli.errors import OutputError
from tzcli.model import Dataset


def document(ds: Dataset) -> Dict[str, Any]:
    """Every record as plain data (Decimal values kept exact)."""
    return {
        "sources": [asdict(m) for m in ds.metas],
        "topics": [asdict(t) for t in ds.topics],
        "sections": [asdict(s) for s in ds.sections],
        "figures": [asdict(f) for f in ds.figures],
        "projects": [
            {
                **asdict(p),
                "investment": p.investment.id if p.investment else None,
                "figures": [f.id for f in p.figures],
            }
            for p in ds.projects
        ],
        "plans": [{**asdict(p), "targets": [f.id for f in p.targets]} for p in ds.plans],
        "villages": [asdict(v) for v in ds.villages],
        "notes": [asdict(n) for n in ds.notes],
    }


def text(ds: Dataset, fmt: str, *, bom: bool = False) -> str:
    """The export as text (json or csv)."""
    from tzcli.render import OutputFormat, json_document, machine_text

    if fmt == "json":
        return json_document(document(ds))
    if fmt == "csv":
        from tzcli.query import FIGURE_COLUMNS, figure_row

        body = machine_text([figure_row(f) for f in ds.figures], FIGURE_COLUMNS, OutputFormat.CSV)
        return ("\ufeff" if bom else "") + body
    raise OutputError(f"cannot export {fmt!r} as text")


def write(ds: Dataset, fmt: str, path: str, *, force: bool = False, bom: bool = False) -> None:
    """Write the export to ``path`` atomically; refuse to overwrite without ``force``."""
    target = Path(path)
    try:
        target.stat()
    except (FileNotFoundError, NotADirectoryError):
        pass
    except OSError as exc:  # a folder on the way we may not enter
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    if target.exists() and not force:
        raise OutputError(f"{path} exists; use --force to overwrite it")
    if target.is_dir():
        raise OutputError(f"{path} is a directory")
    if not target.parent.exists():
        raise OutputError(f"cannot write {path}: directory {target.parent} does not exist")
    if fmt == "sqlite":
        import sqlite3

        def fill(tmp: Path) -> None:
            try:
                write_sqlite(ds, tmp)
            except sqlite3.Error as exc:  # a full disk, an unwritable folder: as an OSError
                raise OSError(str(exc)) from None

        _atomic(target, fill)
    else:
        payload = text(ds, fmt, bom=bom).encode("utf-8")
        _atomic(target, lambda tmp: tmp.write_bytes(payload))


def _atomic(target: Path, fill: Callable[[Path], Any]) -> None:
    import tempfile

    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    os.close(handle)
    tmp = Path(name)
    try:
        tmp.unlink()  # sqlite wants to create its own file
        fill(tmp)
        if target.exists():  # --force keeps the replaced file's permissions
            import stat

            os.chmod(tmp, stat.S_IMODE(target.stat().st_mode))
        os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(f"cannot write {target}: {exc.strerror or exc}") from None
    finally:
        if tmp.exists():
            tmp.unlink()


def _sql_value(value: Any) -> Any:
    from decimal import Decimal

    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (list, tuple)):
        import json

        return json.dumps(list(value), ensure_ascii=False)
    return value


TableSpec = Tuple[str, Sequence[Tuple[str, str]], List[Dict[str, Any]]]


def sqlite_tables(ds: Dataset) -> List[TableSpec]:
    """(table, [(column, SQL type)], rows) for every table of the SQLite export."""
    from tzcli import query

    figures = [query.figure_row(f) for f in ds.figures]
    for row, fig in zip(figures, ds.figures, strict=True):
        row["value_text"] = str(fig.value)
    projects = [query.project_row(p) for p in ds.projects]
    plans = [
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
    entries = query.plans(ds).rows
    villages = query.villages(ds).rows
    mentions = [
        {"village_id": v.id, "position": i, "quote": m.quote, "en": m.en}
        for v in ds.villages
        for i, m in enumerate(v.mentions, 1)
    ]
    notes = [
        {
            "id": n.id,
            "kind": n.kind,
            "quote": n.quote,
            "text_en": n.text_en,
            "text_zh": n.text_zh,
            "refs": n.refs,
            "source": n.source,
        }
        for n in ds.notes
    ]
    topics = query.topics(ds).rows
    sections = [asdict(s) for s in ds.sections]
    sources = [{k: v for k, v in asdict(m).items() if k != "years"} for m in ds.metas]

    T, INT, N = "TEXT", "INTEGER", "NUMERIC"
    return [
        (
            "figures",
            [
                ("id", T),
                ("topic", T),
                ("year", INT),
                ("subject_zh", T),
                ("subject_en", T),
                ("value", N),
                ("value_text", T),
                ("value_max", N),
                ("unit", T),
                ("qualifier", T),
                ("derived", INT),
                ("formula", T),
                ("section", T),
                ("villages", T),
                ("project", T),
                ("plan", T),
                ("quote", T),
                ("note_en", T),
                ("note_zh", T),
                ("source", T),
            ],
            figures,
        ),
        (
            "projects",
            [
                ("id", T),
                ("name_zh", T),
                ("name_en", T),
                ("company", T),
                ("company_en", T),
                ("sector", T),
                ("status", T),
                ("status_zh", T),
                ("status_en", T),
                ("year", INT),
                ("investment", N),
                ("investment_max", N),
                ("investment_qualifier", T),
                ("plan", T),
                ("villages", T),
                ("quote", T),
                ("source", T),
            ],
            projects,
        ),
        (
            "plans",
            [
                ("id", T),
                ("pillar", T),
                ("section", T),
                ("number_zh", T),
                ("title_zh", T),
                ("title_en", T),
                ("quote", T),
                ("source", T),
            ],
            plans,
        ),
        (
            "plan_entries",
            [
                ("plan_id", T),
                ("pillar", T),
                ("number_zh", T),
                ("title_zh", T),
                ("title_en", T),
                ("kind", T),
                ("id", T),
                ("text_zh", T),
                ("text_en", T),
                ("value", N),
                ("value_max", N),
                ("unit", T),
                ("qualifier", T),
                ("quote", T),
                ("source", T),
            ],
            entries,
        ),
        (
            "villages",
            [
                ("id", T),
                ("name_zh", T),
                ("pinyin", T),
                ("kind", T),
                ("mentions", INT),
                ("figures", INT),
                ("projects", INT),
                ("source", T),
            ],
            villages,
        ),
        (
            "village_mentions",
            [("village_id", T), ("position", INT), ("quote", T), ("en", T)],
            mentions,
        ),
        (
            "notes",
            [
                ("id", T),
                ("kind", T),
                ("quote", T),
                ("text_en", T),
                ("text_zh", T),
                ("refs", T),
                ("source", T),
            ],
            notes,
        ),
        (
            "topics",
            [
                ("id", T),
                ("name_zh", T),
                ("name_en", T),
                ("figures", INT),
                ("stated", INT),
                ("derived", INT),
                ("source", T),
            ],
            topics,
        ),
        (
            "sections",
            [
                ("id", T),
                ("year", INT),
                ("number_zh", T),
                ("title_zh", T),
                ("title_en", T),
                ("quote", T),
                ("parent", T),
                ("source", T),
            ],
            sections,
        ),
        ("sources", [(k, T) for k in sources[0]] if sources else [("id", T)], sources),
    ]


def write_sqlite(ds: Dataset, path: Path) -> None:
    import sqlite3

    conn = sqlite3.connect(str(path))
    try:
        with conn:
            for table, columns, rows in sqlite_tables(ds):
                keyed = table in (
                    "figures",
                    "projects",
                    "plans",
                    "villages",
                    "notes",
                    "topics",
                    "sections",
                    "sources",
                )
                defs = ", ".join(
                    f'"{name}" {kind}' + (" PRIMARY KEY" if keyed and name == "id" else "")
                    for name, kind in columns
                )
                conn.execute(f'CREATE TABLE "{table}" ({defs})')
                names = [name for name, _ in columns]
                marks = ", ".join("?" for _ in names)
                conn.executemany(
                    f'INSERT INTO "{table}" VALUES ({marks})',
                    [[_sql_value(row.get(n)) for n in names] for row in rows],
                )
    finally:
        conn.close()
