"""An Excel workbook (openpyxl, the optional extra ``tzcli[xlsx]``): one sheet per
table, numbers as numbers, the header row bold and frozen, widths set, and an
``about`` sheet with the source, the licence and what every column means.

Nothing from the data runs or changes: every text cell is text (``=…`` is never a
formula, ``#N/A`` never an error), a number Excel would round (more than 15
significant digits) is written as text, exactly, and a text longer than a cell
holds is refused rather than cut. Control characters, which a workbook cannot
hold, are written as ``\\x1b`` escapes (they come only from a data file's name)."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path
from typing import Any

from tzcli.errors import OutputError
from tzcli.model import Dataset

MISSING = "xlsx needs openpyxl: pip install 'tzcli[xlsx]'"

#: Excel's limits: characters in a cell; significant digits of a number.
MAX_CELL_CHARS = 32_767
EXACT_DIGITS = 15


def check_available() -> None:
    """Raise OutputError with the one line to install the extra, if it is missing."""
    try:
        import openpyxl  # noqa: F401
    except ImportError:
        raise OutputError(MISSING) from None


def cell_value(value: Any, kind: str, where: str = "a cell") -> Any:
    """What a cell holds: an int or float for a number Excel keeps exactly, else its
    exact text; a bool; JSON text for a list; text made fit for a cell (``cell_text``)."""
    if value is None:
        return None
    if kind == "boolean":
        return bool(value)
    if isinstance(value, Decimal):
        if len(value.normalize().as_tuple().digits) > EXACT_DIGITS:
            from tzcli.render.machine import decimal_text

            return decimal_text(value)  # a float would round it: text, exactly
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value if len(str(abs(value))) <= EXACT_DIGITS else str(value)
    if isinstance(value, (list, tuple)):
        import json

        value = json.dumps(list(value), ensure_ascii=False)
    return cell_text(str(value), where)


def cell_text(text: str, where: str) -> str:
    """Text a cell can hold unchanged; control characters (a file name's) as visible
    ``\\x1b`` escapes; an OutputError for text longer than a cell holds."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    if len(text) > MAX_CELL_CHARS:
        raise OutputError(
            f"cannot write xlsx: {where} is {len(text):,} characters long and an Excel cell "
            f"holds at most {MAX_CELL_CHARS:,}; export json, csv or sqlite instead"
        )
    escaped: str = ILLEGAL_CHARACTERS_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return escaped


def _all_text(sheet: Any) -> None:
    """Every text cell a string cell: openpyxl makes ``=…`` a formula, ``#N/A`` an error."""
    for line in sheet.iter_rows():
        for cell in line:
            if isinstance(cell.value, str):
                cell.data_type = "s"


def width(text: str) -> int:
    """Columns a text takes in a spreadsheet: wide (Chinese) characters count twice."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def write(ds: Dataset, path: Path) -> None:
    """Write the workbook to ``path`` (raises OSError, or OutputError without openpyxl)."""
    check_available()
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    from tzcli.exports.about import LICENSE, source_text
    from tzcli.exports.datasette import column_text
    from tzcli.exports.tables import tables

    book = Workbook()
    first = book.active
    bold = Font(bold=True)
    described = tables(ds)
    for table in described:
        sheet = book.create_sheet(table.name[:31])
        names = [c.name for c in table.columns]
        sheet.append(names)
        for row in table.rows:
            key = row.get(table.columns[0].name)
            sheet.append(
                [
                    cell_value(row.get(c.name), c.type, f"{table.name}.{c.name} of {key}")
                    for c in table.columns
                ]
            )
        _all_text(sheet)
        widths = [width(n) for n in names]
        for line in sheet.iter_rows(min_row=2):
            for i, cell in enumerate(line):
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
        ["url", "each source's own: sheet sources, column url" if ds.several else meta.url or ""],
        ["licence", LICENSE["title"]],
        [],
        ["table", "column", "type", "description"],
    ):
        about.append([cell_text(str(v), f"about.{line[0]}") for v in line])
    for table in described:
        for col in table.columns:
            about.append([table.name, col.name, col.type, column_text(col)])
    _all_text(about)
    for cell in about[5]:
        cell.font = bold
    for letter, w in zip("ABCD", (18, 22, 10, 90), strict=True):
        about.column_dimensions[letter].width = w
    if first is not None:
        book.remove(first)
    # Zipped in memory, then written in one go: openpyxl's own ZipFile on the file, when
    # the disk fills, is left open and fails again when collected ("Exception ignored
    # in ZipFile.__del__" after our one line).
    import io

    buffer = io.BytesIO()
    book.save(buffer)
    path.write_bytes(buffer.getbuffer())
