"""The SQLite export as Datasette reads it: keys, foreign keys, full-text search.

Each searchable table has an FTS5 index ``<table>_fts`` with
``content="<table>"`` and triggers ``<table>_ai``, ``_ad``, ``_au`` (the
conventions of ``sqlite-utils enable-fts --create-triggers``, which Datasette's
and sqlite-utils' ``detect_fts`` find), so Datasette's search box and
``sqlite-utils search`` use it, and an edit of a row updates it.

Chinese has no spaces between words, and SQLite's tokenizers cannot split it:
``unicode61`` takes a whole clause as one token, ``trigram`` needs three
characters (most Chinese words have two). So the index is ``unicode61`` over
each text *and every run of letters or digits inside it*: every substring of a
clause (between spaces and punctuation) of up to ``MAX_GRAM`` characters is a
token, and a search within a clause (脱贫, 吴庄, 低保户, dibao) finds it, as does a
whole clause of any length. The tokens are made
by one SQL expression (``grams_sql``), in the triggers and in the first fill
alike; SQLite has no loops in triggers, so positions come from ``json_each``
over an array of ``length(text)`` zeros. An FTS5 ``rebuild`` (e.g.
``sqlite-utils rebuild-fts``) would index the plain text again: whole clauses
and English words, not the substrings.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tzcli.exports.tables import Table, tables
from tzcli.model import Dataset

#: A column's SQL type, from its Frictionless type (``tzcli.exports.tables.Col``): a
#: boolean is 0 or 1, a number exact where SQLite can hold it; the rest is text.
SQL_TYPES = {"integer": "INTEGER", "boolean": "INTEGER", "number": "NUMERIC"}

#: The characters a substring is made of (a GLOB class): ASCII letters and digits,
#: Latin letters with accents, CJK ideographs (extension A, the unified block,
#: compatibility ideographs) and full-width letters and digits. Anything else
#: (spaces, punctuation, ², %) ends a run, as it ends a token of ``unicode61``.
RUN_CHARACTERS = (
    "0-9A-Za-z\u00c0-\u024f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a"
)


#: The longest substring indexed. Every substring of a run would grow as the square of
#: its length (a 60-character clause has 1,830): capped, the index grows with the text.
#: A longer search still finds a whole run (``unicode61`` indexes the text itself too),
#: and Chinese words and names are far shorter.
MAX_GRAM = 8


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _zeros(count: str) -> str:
    """SQL for a JSON array of ``count`` zeros: ``json_each`` over it counts 0 … count-1
    (SQLite allows no loops, no WITH RECURSIVE, in a trigger)."""
    return (
        f"'[' || substr(replace(hex(zeroblob({count})), '00', '0,'), 1, 2 * ({count}) - 1) || ']'"
    )


def grams_sql(column: str) -> str:
    """SQL for the text that is indexed for ``column`` (e.g. ``new."quote"``): the text
    itself, then every substring (up to ``MAX_GRAM`` characters) of its runs of letters
    and digits, space-separated.

    One pass over the characters writes the runs as a JSON array (a letter or digit
    as itself, anything else as ``","``); then each run's substrings are counted out,
    so the work is the size of the output."""
    x = column
    char = f"substr({x}, at.key + 1, 1)"
    runs = (
        f"(SELECT '[\"' || group_concat(CASE WHEN {char} GLOB '[{RUN_CHARACTERS}]' "
        f"THEN {char} ELSE '\",\"' END, '') || '\"]' "
        f"FROM json_each({_zeros(f'length({x})')}) AS at)"
    )
    return (
        f"coalesce({x}, '') || ' ' || coalesce(("
        "SELECT group_concat(substr(run.value, offset.key + 1, width.key + 1), ' ') "
        f"FROM json_each({runs}) AS run, "
        f"json_each({_zeros('length(run.value)')}) AS offset, "
        f"json_each({_zeros(f'min(length(run.value) - offset.key, {MAX_GRAM})')}) AS width), '')"
    )


def search_sql(table: Table) -> list[str]:
    """The full-text index of ``table``, its triggers, and the statement that fills it."""
    fts, name = table.name + "_fts", table.name
    cols = ", ".join(_q(c) for c in table.search)

    def values(row: str) -> str:
        return ", ".join(grams_sql(f"{row}.{_q(c)}") for c in table.search)

    insert = f"INSERT INTO {_q(fts)} (rowid, {cols}) SELECT new.rowid, {values('new')};"
    delete = (
        f"INSERT INTO {_q(fts)} ({_q(fts)}, rowid, {cols}) "
        f"SELECT 'delete', old.rowid, {values('old')};"
    )
    return [
        f"CREATE VIRTUAL TABLE {_q(fts)} USING FTS5 ({cols}, "
        f'content="{name}", tokenize="unicode61")',
        f"CREATE TRIGGER {_q(name + '_ai')} AFTER INSERT ON {_q(name)} BEGIN\n  {insert}\nEND",
        f"CREATE TRIGGER {_q(name + '_ad')} AFTER DELETE ON {_q(name)} BEGIN\n  {delete}\nEND",
        f"CREATE TRIGGER {_q(name + '_au')} AFTER UPDATE ON {_q(name)} BEGIN\n"
        f"  {delete}\n  {insert}\nEND",
        f"INSERT INTO {_q(fts)} (rowid, {cols}) "
        f"SELECT new.rowid, {values('new')} FROM {_q(name)} AS new",
    ]


def create_sql(table: Table) -> list[str]:
    """CREATE statements of the table, its indexes and its search index."""
    defs = [f"{_q(c.name)} {SQL_TYPES.get(c.type, 'TEXT')}" for c in table.columns]
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
        statements += search_sql(table)
    return statements


def sql_value(value: Any, kind: str) -> Any:
    """A value as SQLite stores it in a column of Frictionless type ``kind``: a whole
    number as an integer (where SQLite's fit), another as a float, a boolean as 0 or 1,
    a list as a JSON array."""
    if value is None:
        return None
    if kind == "boolean" or isinstance(value, bool):
        return int(bool(value))
    from decimal import Decimal

    if isinstance(value, Decimal):
        whole = value == value.to_integral_value() and -(2**63) <= value < 2**63  # SQLite's
        return int(value) if whole else float(value)
    if isinstance(value, (list, tuple)):
        import json

        return json.dumps(list(value), ensure_ascii=False)
    return value


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
                    [[sql_value(row.get(c.name), c.type) for c in cols] for row in table.rows],
                )
                for statement in statements[1:]:
                    conn.execute(statement)
    finally:
        conn.close()
