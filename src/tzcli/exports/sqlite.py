"""The SQLite export as Datasette reads it: keys, foreign keys, full-text search.

Each searchable table has an FTS5 index ``<table>_fts`` with
``content="<table>"`` (the sqlite-utils convention, which Datasette's
``detect_fts`` finds) and the ``trigram`` tokenizer, so a search matches any
run of three or more characters: Chinese words, which have no spaces between
them, as well as English ones.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tzcli.exports.tables import Table, tables
from tzcli.model import Dataset

_SQL = {"integer": "INTEGER", "boolean": "INTEGER", "number": "NUMERIC"}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def create_sql(table: Table) -> list[str]:
    """CREATE statements of the table, its indexes and its search index."""
    defs = [f"{_q(c.name)} {_SQL.get(c.type, 'TEXT')}" for c in table.columns]
    if table.primary_key:
        defs.append(f"PRIMARY KEY ({', '.join(_q(k) for k in table.primary_key)})")
    for fk in table.foreign_keys:
        defs.append(
            f"FOREIGN KEY ({', '.join(_q(c) for c in fk.columns)}) "
            f"REFERENCES {_q(fk.table)}({', '.join(_q(c) for c in fk.other)})"
        )
    statements = [f"CREATE TABLE {_q(table.name)} (\n  " + ",\n  ".join(defs) + "\n)"]
    for fk in table.foreign_keys:
        if fk.columns != table.primary_key[: len(fk.columns)]:
            statements.append(
                f"CREATE INDEX {_q('idx_' + table.name + '_' + '_'.join(fk.columns))} "
                f"ON {_q(table.name)} ({', '.join(_q(c) for c in fk.columns)})"
            )
    if table.search:
        fts = table.name + "_fts"
        statements.append(
            f"CREATE VIRTUAL TABLE {_q(fts)} USING FTS5 ("
            + ", ".join(_q(c) for c in table.search)
            + f', content="{table.name}", tokenize="trigram")'
        )
        statements.append(f"INSERT INTO {_q(fts)} ({_q(fts)}) VALUES ('rebuild')")
    return statements


def _value(value: Any, kind: str) -> Any:
    from tzcli.export import _sql_value

    if value is None:
        return None
    if kind == "boolean":
        return int(bool(value))
    return _sql_value(value)


def write(ds: Dataset, path: Path) -> None:
    """Write every table to a new SQLite file at ``path`` (raises sqlite3.Error)."""
    import sqlite3

    conn = sqlite3.connect(str(path))
    try:
        with conn:
            for table in tables(ds):
                statements = create_sql(table)
                conn.execute(statements[0])
                cols = table.columns
                marks = ", ".join("?" for _ in cols)
                conn.executemany(
                    f"INSERT INTO {_q(table.name)} VALUES ({marks})",
                    [[_value(row.get(c.name), c.type) for c in cols] for row in table.rows],
                )
                for statement in statements[1:]:
                    conn.execute(statement)
    finally:
        conn.close()
