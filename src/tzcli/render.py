"""Every output format in one place.

Machine formats (csv, tsv, json, jsonl, markdown) are plain UTF-8 writes of
raw values: no colour, no wrapping, both languages. Tables and charts are
drawn with Rich, imported only here and only when one is drawn; every cell
is a ``Text`` with control characters made visible, so nothing from a data
file is ever run as markup or as a terminal escape.
"""

from __future__ import annotations

import sys
from decimal import Decimal
from enum import Enum
from typing import IO, Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple

from tzcli.query import Column, Listing, Row


class OutputFormat(str, Enum):
    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"
    JSONL = "jsonl"
    MARKDOWN = "markdown"


def render(
    listing: Listing,
    fmt: OutputFormat,
    *,
    columns: Optional[Sequence[Column]] = None,
    lang: str = "en",
    header: bool = True,
    bom: bool = False,
    out: Optional[IO[str]] = None,
    metric: bool = False,
) -> None:
    """Write ``listing`` to ``out`` (stdout) in ``fmt``."""
    stream = out if out is not None else sys.stdout
    if fmt is OutputFormat.TABLE:
        draw_table(listing, columns, lang, stream, metric)
        return
    cols = list(columns) if columns else list(listing.columns)
    text = machine_text(listing.rows, cols, fmt, header=header)
    if bom and fmt is OutputFormat.CSV:
        text = "\ufeff" + text
    write_utf8(text, stream)


def write_utf8(text: str, stream: IO[str]) -> None:
    """UTF-8 bytes to the stream's buffer, whatever the locale says; on a terminal with
    control characters made visible (``terminal_text``), into a pipe exactly."""
    if _on_terminal(stream):
        text = terminal_text(text)
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        stream.write(text)
        return
    stream.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()


# --------------------------------------------------------------------------
# Machine formats


def raw_text(value: Any) -> str:
    """A raw value as text: numbers in full precision, lists joined with ';'."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, (list, tuple)):
        return ";".join(raw_text(v) for v in value)
    return str(value)


def _raw_texts(row: Row, names: Sequence[str]) -> List[str]:
    """``raw_text`` of each named value of a row; text is taken as it is."""
    text_of = _TEXT_OF.get
    return [
        value if value.__class__ is str else text_of(value.__class__, raw_text)(value)
        for value in map(row.get, names)
    ]


def _decimal_text(value: Decimal) -> str:
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def _tuple_text(value: Tuple[Any, ...]) -> str:
    return ";".join(map(raw_text, value)) if value else ""


#: raw_text by exact type, for the common cases (no isinstance chain per cell).
_TEXT_OF: Dict[type, Callable[[Any], str]] = {
    type(None): lambda value: "",
    bool: lambda value: "true" if value else "false",
    int: str,
    Decimal: _decimal_text,
    tuple: _tuple_text,
}


def _json_value(value: Any) -> str:

    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return _decimal_text(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_json_value(v) for v in value) + "]"
    return _json_string(str(value))


_JSON_SHORT = {
    '"': '\\"',
    "\\": "\\\\",
    "\n": "\\n",
    "\r": "\\r",
    "\t": "\\t",
    "\b": "\\b",
    "\f": "\\f",
}


def _json_string(text: str) -> str:
    """A JSON string, Chinese as Chinese, but every control, format (bidi) and line/paragraph
    separator character written as a ``\\u`` escape: the same data, never raw on a terminal.
    (Written here rather than with ``json.dumps``: importing json costs every json call ~1 ms.)"""
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


def _csv_line(cells: Sequence[str]) -> str:
    """One CSV record as Python's csv module writes it (minimal quoting, quotes doubled),
    except that a bare carriage return is quoted too, so that no reader splits the record."""
    if len(cells) == 1 and cells[0] == "":
        return '""'
    return ",".join(
        '"' + cell.replace('"', '""') + '"'
        if ("," in cell or '"' in cell or "\n" in cell or "\r" in cell)
        else cell
        for cell in cells
    )


def _json_object(row: Row, cols: Sequence[Column]) -> str:
    return (
        "{"
        + ", ".join(f"{_json_string(c.name)}: {_json_value(row.get(c.name))}" for c in cols)
        + "}"
    )


def _tsv_cell(value: Any) -> str:
    text = value if value.__class__ is str else raw_text(value)
    if "\\" not in text and text.isprintable():  # no tab, newline or CR: as is
        return text
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _markdown_cell(value: Any) -> str:
    return (
        raw_text(value)
        .replace("\\", "\\\\")
        .replace("|", "\\|")
        .replace("\r\n", "<br>")
        .replace("\n", "<br>")
        .replace("\r", "<br>")
    )


def machine_text(
    rows: Iterable[Row], cols: Sequence[Column], fmt: OutputFormat, *, header: bool = True
) -> str:
    """The whole output of a machine format, as one string."""
    names = [c.name for c in cols]
    if fmt is OutputFormat.CSV:
        lines = [_csv_line(names)] if header else []
        for row in rows:
            # Most records need no quoting: join first, and look at the whole line once.
            line = ",".join(_raw_texts(row, names))
            if line.count(",") != len(names) - 1 or '"' in line or "\n" in line or "\r" in line:
                line = _csv_line([raw_text(row.get(n)) for n in names])
            lines.append(line)
        return "".join(line + "\n" for line in lines)
    if fmt is OutputFormat.TSV:
        lines = ["\t".join(names)] if header else []
        for row in rows:
            line = "\t".join(_raw_texts(row, names))
            if line.count("\t") != len(names) - 1 or "\\" in line or "\n" in line or "\r" in line:
                line = "\t".join(_tsv_cell(row.get(n)) for n in names)
            lines.append(line)
        return "".join(line + "\n" for line in lines)
    if fmt is OutputFormat.JSON:
        objects = [_json_object(row, cols) for row in rows]
        if not objects:
            return "[]\n"
        return "[\n" + ",\n".join("  " + o for o in objects) + "\n]\n"
    if fmt is OutputFormat.JSONL:
        return "".join(_json_object(row, cols) + "\n" for row in rows)
    if fmt is OutputFormat.MARKDOWN:
        lines = [
            "| " + " | ".join(names) + " |",
            "|" + "|".join(" --- " for _ in names) + "|",
        ]
        lines += [
            "| " + " | ".join(_markdown_cell(row.get(n)) for n in names) + " |" for row in rows
        ]
        return "".join(line + "\n" for line in lines)
    raise ValueError(f"not a machine format: {fmt}")  # pragma: no cover


# --------------------------------------------------------------------------
# Tables and charts (Rich)

_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}


def _on_terminal(stream: IO[str]) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError, OSError):  # a closed or odd stream
        return False


def terminal_text(text: str) -> str:
    """Machine-format text (csv, tsv, markdown, a citation) as a terminal may show it:
    what ``visible`` escapes is escaped, but tabs and line breaks stay, so that records
    and columns still look like themselves (a terminal runs escape sequences)."""
    if text.replace("\n", "").replace("\t", "").isprintable():
        return text
    return "\n".join(
        "\t".join(visible(part) for part in line.split("\t")) for line in text.split("\n")
    )


def visible(text: str) -> str:
    """Control and bidi-override characters written out as escapes, e.g. ``\\x1b``."""
    if text.isprintable():
        return text
    import unicodedata

    out = []
    for ch in text:
        if ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
            code = ord(ch)
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def table_columns(listing: Listing, lang: str) -> List[Column]:
    """The columns a table shows by default: the user's language of each pair,
    and the source when the rows come from more than one."""
    several = len({row.get("source") for row in listing.rows}) > 1
    return [
        c
        for c in listing.columns
        if (c.table or (several and c.name == "source")) and (c.lang is None or c.lang == lang)
    ]


def human_cell(col: Column, row: Row, lang: str, metric: bool = False) -> str:
    """A cell as a person reads it: amounts with units and qualifiers, ranges, marks."""
    from tzcli import units

    value = row.get(col.name)
    if col.kind == "quantity":
        unit = col.fixed_unit or row.get(col.unit)
        if value is None or unit is None:
            if col.fixed_unit and "investment" in col.name:
                return units.format_quantity(None, "yuan", lang=lang)
            return ""
        if metric:
            return units.format_metric(
                value, unit, row.get(col.qualifier) or "exact", row.get(col.value_max), lang
            )
        return units.format_quantity(
            value,
            unit,
            row.get(col.qualifier) or "exact",
            row.get(col.value_max),
            lang=lang,
            places=2 if row.get("derived") else None,
        )
    if col.kind == "bool" or isinstance(value, bool):
        if col.name == "derived":
            return ("推算" if lang == "zh" else "derived") if value else ""
        return ("是" if lang == "zh" else "yes") if value else ""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, Decimal):
        return raw_text(value)
    if lang == "zh" and col.name in _KEYWORD_COLUMNS:
        return KEYWORDS_ZH.get(str(value), str(value))
    return str(value)


#: Chinese for the keywords a zh table shows (machine formats keep the keywords).
KEYWORDS_ZH = {
    # groups of `tzcli stats` (query.HEADLINE_TOPICS and the dataset's size)
    "profile": "基本情况",
    "economy": "经济",
    "enterprises": "企业",
    "dataset": "数据集",
    # kinds of row
    "figure": "数据",
    "measure": "措施",
    "target": "目标",
    "project": "项目",
    "mention": "提及",
    # villages
    "village": "村",
    "community": "社区",
    "new_rural_community": "新型农村社区",
    # plan pillars
    "industry": "工业经济",
    "services": "服务业",
    "urbanisation": "城镇化建设",
    "party_building": "基层党建",
    "poverty": "精准扶贫",
    # project sectors
    "biomedicine": "生物医药",
    "chemicals": "化工",
    "energy": "能源",
    "entertainment": "文化娱乐",
    "environment": "环保",
    "housing": "住房",
    "infrastructure": "基础设施",
    "logistics": "仓储物流",
    "medical_devices": "医疗器械",
    "real_estate": "房地产",
    "retail": "商贸",
    # project status
    "approvals_complete": "手续已办结",
    "in_operation": "已投入运营",
    "planned": "计划中",
    "trial_production": "试生产",
    "under_construction": "建设中",
}
_KEYWORD_COLUMNS = frozenset({"group", "kind", "pillar", "sector", "status"})


def _console(stream: IO[str]) -> Any:
    from rich.console import Console

    reconfigure = getattr(stream, "reconfigure", None)
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower().replace("-", "")
    # Only these encode every character; GBK lacks − and ², so it needs the fallback too.
    if reconfigure is not None and encoding not in ("utf8", "utf16", "utf32", "gb18030"):
        try:
            reconfigure(errors="backslashreplace")
        except Exception:  # pragma: no cover - not every stream can be reconfigured
            pass
    isatty = getattr(stream, "isatty", lambda: False)()
    width = None if isatty else 100_000
    return Console(
        file=stream,
        width=width,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )


def _source_caption(listing: Listing, lang: str) -> str:
    if not listing.source:
        return ""
    return ("来源：" if lang == "zh" else "Source: ") + listing.source


def draw_table(
    listing: Listing,
    columns: Optional[Sequence[Column]],
    lang: str,
    stream: IO[str],
    metric: bool = False,
    *,
    line_cells: bool = True,
) -> None:
    """A listing as a rich table. While the table fits the page (always, in a pipe), each
    group of rows is one rich row of ``LineBlock`` cells; when it does not, each record is
    a rich row of ``LineCell`` cells (see there). Both draw the bytes that rich's own
    ``Text`` cells draw (``line_cells=False``), at a fraction of the cost."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    if listing.vertical:
        return _draw_record(listing, columns or listing.columns, lang, stream, metric)
    cols = list(columns) if columns else table_columns(listing, lang)
    numeric = [col.kind in ("quantity", "int") for col in cols]
    cells = [[visible(human_cell(c, row, lang, metric)) for c in cols] for row in listing.rows]
    groups: List[List[List[str]]] = []  # runs of rows between section lines
    previous = None
    for row, texts in zip(listing.rows, cells, strict=True):
        key = row.get(listing.group_by) if listing.group_by else None
        if not groups or (listing.group_by and key != previous):
            groups.append([])
        groups[-1].append(texts)
        previous = key
    console = _console(stream)
    if console.width < _narrowest_table(len(cols)):
        return _draw_narrow(listing, cols, cells, lang, console)
    # In a pipe the page is 100,000 columns wide (see _console): nothing can wrap.
    wraps = getattr(stream, "isatty", lambda: False)()

    def table(padding: int) -> Any:
        return Table(
            title=Text(visible(listing.title(lang)), style="bold"),
            box=box.SIMPLE_HEAD,
            show_lines=False,
            expand=False,
            padding=(0, padding),
        )

    def add_columns(drawn: Any, header: Sequence[Any]) -> None:
        for cell, right in zip(header, numeric, strict=True):
            drawn.add_column(
                cell,
                justify="right" if right else "left",
                overflow="fold",
                no_wrap=not wraps,
            )

    if line_cells:
        block = _line_block_class()
        header = [
            block([col.title(lang)], right, True) for col, right in zip(cols, numeric, strict=True)
        ]
        bodies = [
            [block([texts[i] for texts in group], right) for i, right in enumerate(numeric)]
            for group in groups
        ]
        widths = [
            max([head.width] + [body[i].width for body in bodies]) for i, head in enumerate(header)
        ]
        # SIMPLE_HEAD: one column of edge on each side and one between columns.
        if sum(widths) + len(widths) + 1 <= console.width:
            drawn = table(0)
            add_columns(drawn, header)
            for n, body in enumerate(bodies):
                if n:
                    drawn.add_section()
                drawn.add_row(*body)
            _print(drawn, console, _source_caption(listing, lang))
            return
    # Something must wrap: one rich row per record, so that rows grow as their cells wrap.
    make: Callable[[str, bool], Any]
    if line_cells:
        line_cell = _line_cell_class()
        make = line_cell
        drawn = table(0)
        titles = [
            line_cell(col.title(lang), right, True)
            for col, right in zip(cols, numeric, strict=True)
        ]
        add_columns(drawn, titles)
    else:
        drawn = table(1)
        add_columns(drawn, [Text(col.title(lang)) for col in cols])

        def make(text: str, right: bool) -> Any:
            return Text(text)

    for n, group in enumerate(groups):
        if n:
            drawn.add_section()
        for texts in group:
            drawn.add_row(*(make(text, right) for text, right in zip(texts, numeric, strict=True)))
    _print(drawn, console, _source_caption(listing, lang))


def _narrowest_table(columns: int) -> int:
    """The narrowest page a table of ``columns`` columns is drawn on: an edge, padding
    and two characters of text each. Below it rich would drop whole columns."""
    return 5 * columns + 1


def _draw_narrow(
    listing: Listing, cols: Sequence[Column], cells: List[List[str]], lang: str, console: Any
) -> None:
    """A table for a page too narrow for it: every record as "Title: value" lines,
    records apart by a blank line; nothing is dropped, long words fold."""
    from rich.text import Text

    console.print(Text(visible(listing.title(lang)), style="bold"), overflow="fold")
    for texts in cells:
        console.print()
        for col, text in zip(cols, texts, strict=True):
            line = Text(f"{col.title(lang)}: ", style="bold")
            line.append(text)
            console.print(line, overflow="fold")
    caption = _source_caption(listing, lang)
    if caption:
        console.print()
        console.print(Text(visible(caption), style="dim"), overflow="fold")


_LINE_CELL: List[Any] = []


def _line_cell_class() -> Any:
    """``LineCell``: rich's table cell ``Padding(Text(text), (0, 1))`` for one line of
    text, measured as rich measures it; drawn as one segment when its column is wide
    enough for it, and by rich itself (wrapped) when it is not. For tables too wide for
    the page, where each record must be its own rich row (see ``_line_block_class``)."""
    if _LINE_CELL:
        return _LINE_CELL[0]
    from rich.cells import cell_len
    from rich.measure import Measurement
    from rich.padding import Padding
    from rich.segment import Segment
    from rich.text import Text

    pad = Segment(" ")

    class LineCell:
        __slots__ = ("text", "width", "shortest", "right", "styled")

        def __init__(self, text: str, right: bool, styled: bool = False) -> None:
            self.text = text
            self.width = cell_len(text)
            words = text.split()
            self.shortest = max(map(cell_len, words)) if words else self.width
            self.right = right
            self.styled = styled

        def __rich_measure__(self, console: Any, options: Any) -> Any:
            # What Measurement.get gives for Padding(Text(text), (0, 1)).
            room = options.max_width
            if room - 2 < 1:
                return Measurement(room, room)
            inner = Measurement(self.shortest, self.width).normalize().with_maximum(room)
            inner = Measurement(0, 0) if inner.maximum < 1 else inner.normalize()
            return Measurement(inner.minimum + 2, inner.maximum + 2).with_maximum(room)

        def __rich_console__(self, console: Any, options: Any) -> Any:
            room = options.max_width
            if room < self.width + 2:  # it wraps: rich does that
                yield Padding(Text(self.text), (0, 1))
                return
            gap = " " * (room - self.width - 2)
            line = gap + self.text if self.right else self.text + gap
            if self.styled:  # three segments, as Padding draws them: the same codes
                yield pad
                yield Segment(line)
                yield pad
            else:
                yield Segment(f" {line} ")

    _LINE_CELL.append(LineCell)
    return LineCell


_LINE_BLOCK: List[Any] = []


def _line_block_class() -> Any:
    """``LineBlock``: one column's cells of consecutive rows, each one line of text, drawn
    as rich draws ``Padding(Text(text), (0, 1))`` cells in a column wide enough for them.

    Rich lays out, wraps, justifies and pads every cell through its general machinery:
    ~0.1 ms a cell here, most of a table's cost. Rows of one-line cells that fit need
    none of it; handing rich a group of rows as one row of these blocks leaves it the
    table (widths, box, title, header, section lines) at a tenth of the work.
    ``tests/test_render.py`` compares every table byte for byte with rich's own cells,
    in a pipe and on colour terminals of several widths."""
    if _LINE_BLOCK:
        return _LINE_BLOCK[0]
    from rich.cells import cell_len
    from rich.measure import Measurement
    from rich.segment import Segment

    pad = Segment(" ")
    new_line = Segment.line()

    class LineBlock:
        __slots__ = ("texts", "widths", "width", "right", "styled")

        def __init__(self, texts: List[str], right: bool, styled: bool = False) -> None:
            self.texts = texts
            self.widths = [cell_len(text) + 2 for text in texts]
            self.width = max(self.widths, default=2)
            self.right = right
            self.styled = styled

        def __rich_measure__(self, console: Any, options: Any) -> Any:
            return Measurement(self.width, self.width)

        def __rich_console__(self, console: Any, options: Any) -> Any:
            room = options.max_width
            for text, width in zip(self.texts, self.widths, strict=True):
                gap = " " * (room - width)
                line = gap + text if self.right else text + gap
                if self.styled:  # three segments, as Padding draws them: the same codes
                    yield pad
                    yield Segment(line)
                    yield pad
                else:  # unstyled, one segment is the same bytes
                    yield Segment(f" {line} ")
                yield new_line

    _LINE_BLOCK.append(LineBlock)
    return LineBlock


def _print(renderable: Any, out: Any, footer: str = "") -> None:
    """Print a table, and the source under it, to a stream or a console from _console."""
    from rich.text import Text

    # In a pipe the page is 100,000 columns wide, so nothing is wrapped or cut; a
    # table (expand=False) is still drawn at its natural width. (Measuring it first
    # to size the page drew the same bytes at twice the cost: rich measures every cell.)
    console = out if hasattr(out, "print") else _console(out)
    note = Text(visible(footer), style="dim") if footer else None
    console.print(renderable)
    if note is not None:
        console.print(note)


def _draw_record(
    listing: Listing, columns: Sequence[Column], lang: str, stream: IO[str], metric: bool
) -> None:
    """One record (a one-row listing) as name/value lines: every field, both languages."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=Text(visible(listing.title(lang)), style="bold"),
        box=box.SIMPLE_HEAD,
        show_header=False,
    )
    table.add_column("field", style="bold", no_wrap=True)
    table.add_column("value", overflow="fold")
    for row in listing.rows:
        for col in columns:
            value = row.get(col.name)
            if isinstance(value, tuple) and value:  # one item a line: measures, mentions
                text = "\n".join(visible(human_cell(col, {col.name: v}, lang)) for v in value)
            else:
                text = visible(human_cell(col, row, lang, metric))
                if col.kind == "quantity" and value is not None:
                    raw = f"{raw_text(value)} {col.fixed_unit or row.get(col.unit)}"
                    if raw != text:
                        text += f"  ({raw})"
            table.add_row(Text(col.name), Text(text))
    _print(table, stream, _source_caption(listing, lang))


def draw_chart(
    title: str,
    bars: Sequence[Tuple[str, Decimal, str, str]],
    stream: Optional[IO[str]] = None,
    width: int = 40,
) -> None:
    """Horizontal bars: (label, value, shown value, group); each group scaled to its maximum."""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    peaks: dict[str, Decimal] = {}
    for _, value, _, group in bars:
        peaks[group] = max(peaks.get(group, Decimal(0)), value)
    from rich.cells import cell_len

    # On a narrow terminal the bars give way, never the values (kept whole) or the
    # labels (at least 10 columns); 10 more for the table's edges and padding.
    shown_width = max((cell_len(visible(shown)) for _, _, shown, _ in bars), default=1)
    label_width = min(10, max((cell_len(visible(label)) for label, _, _, _ in bars), default=1))
    room = _console(stream or sys.stdout).width - shown_width - label_width - 10
    width = max(1, min(width, room))
    table = Table(title=Text(visible(title), style="bold"), box=box.SIMPLE, show_header=False)
    table.add_column("label", overflow="fold", min_width=label_width)
    table.add_column("bar", no_wrap=True)
    table.add_column("value", justify="right", no_wrap=True, min_width=shown_width)
    previous = None
    for label, value, shown, group in bars:
        if previous is not None and group != previous:
            table.add_section()
        previous = group
        peak = peaks[group] or Decimal(1)
        length = int((value / peak * width).to_integral_value()) if value > 0 else 0
        bar = "█" * length if length else ("▏" if value > 0 else "")
        table.add_row(Text(visible(label)), Text(bar, style="cyan"), Text(visible(shown)))
    _print(table, stream or sys.stdout)


def json_document(obj: Any) -> str:
    """Any plain structure as JSON, Decimal numbers written exactly, Chinese as Chinese."""
    return _json_any(obj, 0) + "\n"


def _json_any(obj: Any, level: int) -> str:
    pad = "  " * (level + 1)
    end = "  " * level
    if isinstance(obj, dict):
        if not obj:
            return "{}"
        items = [f"{pad}{_json_string(str(k))}: {_json_any(v, level + 1)}" for k, v in obj.items()]
        return "{\n" + ",\n".join(items) + f"\n{end}}}"
    if isinstance(obj, (list, tuple)) and any(isinstance(v, (dict, list, tuple)) for v in obj):
        return "[\n" + ",\n".join(pad + _json_any(v, level + 1) for v in obj) + f"\n{end}]"
    return _json_value(obj)
