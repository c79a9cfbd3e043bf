"""Machine formats: csv, tsv, json, jsonl and markdown, as plain text of raw values.

Nothing here imports Rich: a script's call pays for none of it. Values are
written exactly (Decimals in full, never as floats), both languages side by
side, nothing wrapped or cut.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tzcli.listing import Column, Row
from tzcli.units import decimal_text

if TYPE_CHECKING:
    from tzcli.render import OutputFormat


def raw_text(value: Any) -> str:
    """A raw value as text: numbers in full precision, lists joined with ';'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, (list, tuple)):
        return ";".join(raw_text(v) for v in value)
    return str(value)


def _tuple_text(value: tuple[Any, ...]) -> str:
    return ";".join(map(raw_text, value)) if value else ""


#: raw_text by exact type, for the common cases (no isinstance chain per cell).
_TEXT_OF: dict[type, Callable[[Any], str]] = {
    type(None): lambda value: "",
    bool: lambda value: "true" if value else "false",
    int: str,
    Decimal: decimal_text,
    tuple: _tuple_text,
}


def _raw_texts(row: Row, names: Sequence[str]) -> list[str]:
    """``raw_text`` of each named value of a row; text is taken as it is."""
    text_of = _TEXT_OF.get
    return [
        value if value.__class__ is str else text_of(value.__class__, raw_text)(value)
        for value in map(row.get, names)
    ]


# --------------------------------------------------------------------------
# JSON


def json_value(value: Any) -> str:
    """One raw value as JSON: Decimals exact, lists as arrays, text as ``json_string``."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return decimal_text(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(json_value(v) for v in value) + "]"
    return json_string(str(value))


_JSON_SHORT = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


def json_string(text: str) -> str:
    """A JSON string, Chinese as Chinese, but every control, format (bidi) and line/paragraph
    separator character written as a ``\\u`` escape: the same data, never raw on a terminal.

    Written here rather than with the ``json`` module, which can do one or the other but
    not both: ``ensure_ascii=False`` leaves bidi overrides (U+202E) and U+2028 raw, and
    ``ensure_ascii=True`` turns every Chinese character into ``\\uXXXX``. And ``json``
    writes Decimals only through ``float``, which is not exact."""
    if text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    import unicodedata

    parts = []
    for ch in text:
        short = _JSON_SHORT.get(ch)
        if short is not None:
            parts.append(short)
        elif ch.isprintable() or unicodedata.category(ch) not in ("Cc", "Cf", "Zl", "Zp", "Cs"):
            parts.append(ch)
        else:
            code = ord(ch)
            if code > 0xFFFF:  # a surrogate pair, as JSON spells characters beyond the BMP
                code -= 0x10000
                parts.append(f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}")
            else:
                parts.append(f"\\u{code:04x}")
    return '"' + "".join(parts) + '"'


def _json_object(row: Row, cols: Sequence[Column]) -> str:
    return (
        "{" + ", ".join(f"{json_string(c.name)}: {json_value(row.get(c.name))}" for c in cols) + "}"
    )


def json_document(obj: Any) -> str:
    """Any plain structure as JSON, Decimal numbers written exactly, Chinese as Chinese."""
    return _json_any(obj, 0) + "\n"


def _json_any(obj: Any, level: int) -> str:
    pad = "  " * (level + 1)
    end = "  " * level
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [f"{pad}{json_string(str(k))}: {_json_any(v, level + 1)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + f"\n{end}}}"
    if isinstance(obj, (list, tuple)) and any(isinstance(v, (dict, list, tuple)) for v in obj):
        return "[\n" + ",\n".join(pad + _json_any(v, level + 1) for v in obj) + f"\n{end}]"
    return json_value(obj)


# --------------------------------------------------------------------------
# CSV, TSV, markdown


#: What a spreadsheet runs when a cell begins with it (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(text: str) -> str:
    """A cell a spreadsheet shows as text, never runs: one that begins with ``= + - @``, a
    tab or a carriage return gets a leading ``'`` (OWASP's advice), unless it is a plain
    number (``-3.5``), which no spreadsheet runs. Only for ``--bom``, the spreadsheet mode:
    machine formats stay exact."""
    if not text.startswith(FORMULA_STARTS):
        return text
    import re  # only for such a cell (re caches the pattern)

    if re.fullmatch(r"[-+]?[0-9]+(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?", text):
        return text
    return "'" + text


def csv_text(
    rows: Iterable[Row], names: Sequence[str], header: bool = True, guard: bool = False
) -> str:
    """CSV as the standard library's ``csv`` module writes it (minimal quoting, quotes
    doubled, ``\\n`` line ends), except that a record with a bare carriage return is
    written with every field quoted, as Python 3.13's module does for that field:
    older ones leave it bare, and readers then split the record there. ``guard``: every
    cell through ``spreadsheet_cell``."""
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    quoting_all = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_ALL)
    if header:
        writer.writerow(names)
    for row in rows:
        cells = _raw_texts(row, names)
        if guard:
            cells = [spreadsheet_cell(c) for c in cells]
        if "\r" in "".join(cells) and sys.version_info < (3, 13):
            quoting_all.writerow(cells)
        else:
            writer.writerow(cells)
    return buffer.getvalue()


def _tsv_cell(value: Any) -> str:
    text = value if value.__class__ is str else raw_text(value)
    if "\\" not in text and text.isprintable():  # no tab, newline or CR: as is
        return text
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def tsv_text(
    rows: Iterable[Row], names: Sequence[str], header: bool = True, guard: bool = False
) -> str:
    """TSV as IANA's text/tab-separated-values has it (no quoting), with tab, newline,
    carriage return and backslash written as ``\\t``, ``\\n``, ``\\r`` and ``\\\\``, the
    escapes of PostgreSQL's COPY and ``mlr --tsv`` (one record a line for ``cut``;
    pandas and polars do not undo them: the README sends them to csv). (Not through
    the ``csv`` module: it has no such escapes, only quoting or escaping with a
    prefix, which would turn ``\\t`` into ``\\\\t``.) ``guard``: as in ``csv_text``."""
    lines = ["\t".join(names)] if header else []
    tabs = len(names) - 1
    for row in rows:
        if guard:
            cells = (spreadsheet_cell(raw_text(v)) for v in map(row.get, names))
            lines.append("\t".join(map(_tsv_cell, cells)))
            continue
        # A row's cells joined, then looked at once: most rows need no escape (a call
        # a cell costs a third of a 40,000-row tsv of a corpus).
        line = "\t".join(_raw_texts(row, names))
        if line.count("\t") != tabs or "\\" in line or "\n" in line or "\r" in line:
            line = "\t".join(_tsv_cell(v) for v in map(row.get, names))
        lines.append(line)
    return "".join(line + "\n" for line in lines)


def _markdown_cell(value: Any) -> str:
    return (
        raw_text(value)
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("\r\n", "<br>")
        .replace("\n", "<br>")
        .replace("\r", "<br>")
    )


def markdown_text(rows: Iterable[Row], names: Sequence[str]) -> str:
    """A GitHub-flavoured markdown table; pipes escaped, line breaks as ``<br>``."""
    lines = [
        "| " + " | ".join(names) + " |",
        "|" + "|".join(" --- " for _ in names) + "|",
    ]
    lines += ["| " + " | ".join(_markdown_cell(row.get(n)) for n in names) + " |" for row in rows]
    return "".join(line + "\n" for line in lines)


def machine_text(
    rows: Iterable[Row],
    cols: Sequence[Column],
    fmt: OutputFormat,
    *,
    header: bool = True,
    guard: bool = False,
) -> str:
    """The whole output of a machine format, as one string; ``guard`` (csv and tsv for a
    spreadsheet): no cell a spreadsheet would run (``spreadsheet_cell``)."""
    names = [c.name for c in cols]
    kind = fmt.value
    if kind == "csv":
        return csv_text(rows, names, header, guard)
    if kind == "tsv":
        return tsv_text(rows, names, header, guard)
    if kind == "json":
        objects = [_json_object(row, cols) for row in rows]
        if not objects:
            return "[]\n"
        return "[\n" + ",\n".join("  " + o for o in objects) + "\n]\n"
    if kind == "jsonl":
        return "".join(_json_object(row, cols) + "\n" for row in rows)
    if kind == "markdown":
        return markdown_text(rows, names)
    raise ValueError(f"not a machine format: {fmt}")  # pragma: no cover
