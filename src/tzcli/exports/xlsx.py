"""An Excel workbook (openpyxl, the optional extra ``tzcli[xlsx]``): one sheet per
table, numbers as numbers, the header row bold and frozen, widths set, and an
``about`` sheet with the source, the licence and what every column means."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

from tzcli.errors import OutputError
from tzcli.model import Dataset

MISSING = "xlsx needs openpyxl: pip install 'tzcli[xlsx]'"


def check_available() -> None:
    """Raise OutputError with the one line to install the extra, if it is missing."""
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise OutputError(MISSING) from None


def cell_value(value: Any, kind: str) -> Any:
    """What a cell holds: an int or float for a number, a bool, JSON text for a list."""
    if value is None:
        return None
    if kind == "boolean":
        return bool(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (list, tuple)):
        import json

        return json.dumps(list(value), ensure_ascii=False)
    return value


def width(text: str) -> int:
    """Columns a text takes in a spreadsheet: wide (Chinese) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def write(ds: Dataset, path: Path) -> None:
    """Write the workbook to ``path`` (raises OSError, or OutputError without openpyxl)."""
    check_available()
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from tzcli.exports.datasette import column_text, source_text
    from tzcli.exports.tables import LICENSE, tables

    book = Workbook()
    first = book.active
    bold = Font(bold=True)
    described = tables(ds)
    for table in described:
        sheet = book.create_sheet(table.name[:31])
        names = [c.name for c in table.columns]
        sheet.append(names)
        for row in table.rows:
            sheet.append([cell_value(row.get(c.name), c.type) for c in table.columns])
        widths = [width(n) for n in names]
        for line in sheet.iter_rows(min_row=2):
            for i, cell in enumerate(line):
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    cell.data_type = "s"  # text, never a formula
                if cell.value is not None:
                    widths[i] = max(widths[i], width(str(cell.value)))
        for cell in sheet[1]:
            cell.font = bold
        for i, w in enumerate(widths, 1):
            sheet.column_dimensions[get_column_letter(i)].width = min(max(w + 2, 6), 60)
        sheet.freeze_panes = "A2"
    about = book.create_sheet("about")
    meta = ds.meta
    for line in (
        ["source", source_text(ds)],
        ["url", meta.url or ""],
        ["licence", LICENSE["title"]],
        [],
        ["table", "column", "type", "description"],
    ):
        about.append(line)
    for table in described:
        for col in table.columns:
            about.append([table.name, col.name, col.type, column_text(col)])
    for cell in about[5]:
        cell.font = bold
    for letter, w in zip("ABCD", (18, 22, 10, 90), strict=True):
        about.column_dimensions[letter].width = w
    if first is not None:
        book.remove(first)
    book.save(str(path))
