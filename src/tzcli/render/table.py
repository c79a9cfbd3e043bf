"""Tables and charts, drawn with Rich (imported at the top: this module is loaded only
when a table or chart is drawn, never for a machine format).

Every cell is text with control characters made visible (``cells.visible``),
and Rich's markup, emoji and highlighting are off, so nothing from a data file
is ever run as markup or as a terminal escape.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from decimal import Decimal
from typing import IO, Any

from rich import box
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.padding import Padding
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from tzcli.listing import Column, Listing
from tzcli.render.cells import human_cell, table_columns, visible
from tzcli.render.machine import raw_text


def console_for(stream: IO[str]) -> Console:
    """A console on ``stream``: as wide as the terminal, or 100,000 columns in a pipe (so
    nothing is wrapped or cut); no markup, emoji or highlighting (data text is data)."""
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


class LineCell:
    """Rich's table cell ``Padding(Text(text), (0, 1))`` for one line of text, measured
    as Rich measures it; drawn as one segment when its column is wide enough for it,
    and by Rich itself (wrapped) when it is not. For tables too wide for the page,
    where each record must be its own Rich row (see ``LineBlock``)."""

    __slots__ = ("text", "width", "shortest", "right", "styled")

    def __init__(self, text: str, right: bool, styled: bool = False) -> None:
        self.text = text
        self.width = cell_len(text)
        words = text.split()
        self.shortest = max(map(cell_len, words)) if words else self.width
        self.right = right
        self.styled = styled

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        # What Measurement.get gives for Padding(Text(text), (0, 1)).
        room = options.max_width
        if room - 2 < 1:
            return Measurement(room, room)
        inner = Measurement(self.shortest, self.width).normalize().with_maximum(room)
        inner = Measurement(0, 0) if inner.maximum < 1 else inner.normalize()
        return Measurement(inner.minimum + 2, inner.maximum + 2).with_maximum(room)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        room = options.max_width
        if room < self.width + 2:  # it wraps: Rich does that
            yield Padding(Text(self.text), (0, 1))
            return
        gap = " " * (room - self.width - 2)
        line = gap + self.text if self.right else self.text + gap
        if self.styled:  # three segments, as Padding draws them: the same codes
            yield _PAD
            yield Segment(line)
            yield _PAD
        else:
            yield Segment(f" {line} ")


class LineBlock:
    """One column's cells of consecutive rows, each one line of text, drawn as Rich draws
    ``Padding(Text(text), (0, 1))`` cells in a column wide enough for them.

    Rich lays out, wraps, justifies and pads every cell through its general machinery:
    ~0.1 ms a cell, most of a table's cost. Rows of one-line cells that fit need none
    of it; handing Rich a group of rows as one row of these blocks leaves it the table
    (widths, box, title, header, section lines) at a tenth of the work.
    ``tests/test_render.py`` compares every table byte for byte with Rich's own cells,
    in a pipe and on colour terminals of several widths."""

    __slots__ = ("texts", "widths", "width", "right", "styled")

    def __init__(self, texts: list[str], right: bool, styled: bool = False) -> None:
        self.texts = texts
        self.widths = [cell_len(text) + 2 for text in texts]
        self.width = max(self.widths, default=2)
        self.right = right
        self.styled = styled

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(self.width, self.width)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        room = options.max_width
        for text, width in zip(self.texts, self.widths, strict=True):
            gap = " " * (room - width)
            line = gap + text if self.right else text + gap
            if self.styled:  # three segments, as Padding draws them: the same codes
                yield _PAD
                yield Segment(line)
                yield _PAD
            else:  # unstyled, one segment is the same bytes
                yield Segment(f" {line} ")
            yield _NEW_LINE


_PAD = Segment(" ")
_NEW_LINE = Segment.line()


def _groups(listing: Listing, cells: list[list[str]]) -> list[list[list[str]]]:
    """The rows' cells in runs between section lines (one run per value of group_by)."""
    groups: list[list[list[str]]] = []
    previous = None
    for row, texts in zip(listing.rows, cells, strict=True):
        key = row.get(listing.group_by) if listing.group_by else None
        if not groups or (listing.group_by and key != previous):
            groups.append([])
        groups[-1].append(texts)
        previous = key
    return groups


def _empty_table(listing: Listing, lang: str, padding: int) -> Table:
    return Table(
        title=Text(visible(listing.title(lang)), style="bold"),
        box=box.SIMPLE_HEAD,
        show_lines=False,
        expand=False,
        padding=(0, padding),
    )


def _add_columns(table: Table, header: Sequence[Any], numeric: Sequence[bool], wraps: bool) -> None:
    for cell, right in zip(header, numeric, strict=True):
        table.add_column(
            cell, justify="right" if right else "left", overflow="fold", no_wrap=not wraps
        )


def _blocks_table(
    listing: Listing,
    cols: Sequence[Column],
    groups: list[list[list[str]]],
    numeric: Sequence[bool],
    lang: str,
    width: int,
) -> Table | None:
    """The table as rows of ``LineBlock``s, one per group, or None when it is wider than
    ``width`` (then each record must be a row of its own, to wrap)."""
    header = [
        LineBlock([col.title(lang)], right, True) for col, right in zip(cols, numeric, strict=True)
    ]
    bodies = [
        [LineBlock([texts[i] for texts in group], right) for i, right in enumerate(numeric)]
        for group in groups
    ]
    widths = [
        max([head.width] + [body[i].width for body in bodies]) for i, head in enumerate(header)
    ]
    # SIMPLE_HEAD: one column of edge on each side and one between columns.
    if sum(widths) + len(widths) + 1 > width:
        return None
    drawn = _empty_table(listing, lang, 0)
    _add_columns(drawn, header, numeric, wraps=False)
    for n, body in enumerate(bodies):
        if n:
            drawn.add_section()
        drawn.add_row(*body)
    return drawn


def _rows_table(
    listing: Listing,
    cols: Sequence[Column],
    groups: list[list[list[str]]],
    numeric: Sequence[bool],
    lang: str,
    wraps: bool,
    line_cells: bool,
) -> Table:
    """The table with one Rich row per record, so that rows grow as their cells wrap:
    ``LineCell``s, or Rich's own ``Text`` cells (``line_cells=False``)."""
    if line_cells:
        drawn = _empty_table(listing, lang, 0)
        titles = [
            LineCell(col.title(lang), right, True) for col, right in zip(cols, numeric, strict=True)
        ]
        _add_columns(drawn, titles, numeric, wraps)
    else:
        drawn = _empty_table(listing, lang, 1)
        _add_columns(drawn, [Text(col.title(lang)) for col in cols], numeric, wraps)
    for n, group in enumerate(groups):
        if n:
            drawn.add_section()
        for texts in group:
            if line_cells:
                drawn.add_row(
                    *(LineCell(t, right) for t, right in zip(texts, numeric, strict=True))
                )
            else:
                drawn.add_row(*(Text(t) for t in texts))
    return drawn


def draw_table(
    listing: Listing,
    columns: Sequence[Column] | None,
    lang: str,
    stream: IO[str],
    metric: bool = False,
    *,
    line_cells: bool = True,
) -> None:
    """A listing as a Rich table. While the table fits the page (always, in a pipe), each
    group of rows is one Rich row of ``LineBlock`` cells; when it does not, each record is
    a Rich row of ``LineCell`` cells (see there). Both draw the bytes that Rich's own
    ``Text`` cells draw (``line_cells=False``), at a fraction of the cost."""
    if listing.vertical:
        return _draw_record(listing, columns or listing.columns, lang, stream, metric)
    cols = list(columns) if columns else table_columns(listing, lang)
    numeric = [col.kind in ("quantity", "int") for col in cols]
    cells = [[visible(human_cell(c, row, lang, metric)) for c in cols] for row in listing.rows]
    groups = _groups(listing, cells)
    console = console_for(stream)
    if console.width < _narrowest_table(len(cols)):
        return _draw_narrow(listing, cols, cells, lang, console)
    # In a pipe the page is 100,000 columns wide (see console_for): nothing can wrap.
    wraps = getattr(stream, "isatty", lambda: False)()
    drawn = None
    if line_cells:
        drawn = _blocks_table(listing, cols, groups, numeric, lang, console.width)
    if drawn is None:
        drawn = _rows_table(listing, cols, groups, numeric, lang, wraps, line_cells)
    _print(drawn, console, _source_caption(listing, lang))


def _narrowest_table(columns: int) -> int:
    """The narrowest page a table of ``columns`` columns is drawn on: an edge, padding
    and two characters of text each. Below it Rich would drop whole columns."""
    return 5 * columns + 1


def _draw_narrow(
    listing: Listing, cols: Sequence[Column], cells: list[list[str]], lang: str, console: Console
) -> None:
    """A table for a page too narrow for it: every record as "Title: value" lines,
    records apart by a blank line; nothing is dropped, long words fold."""
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


def _print(renderable: Any, out: Console | IO[str], footer: str = "") -> None:
    """Print a table, and the source under it, to a stream or a console from console_for."""
    # In a pipe the page is 100,000 columns wide, so nothing is wrapped or cut; a
    # table (expand=False) is still drawn at its natural width. (Measuring it first
    # to size the page drew the same bytes at twice the cost: Rich measures every cell.)
    console = out if isinstance(out, Console) else console_for(out)
    console.print(renderable)
    if footer:
        console.print(Text(visible(footer), style="dim"))


def _draw_record(
    listing: Listing, columns: Sequence[Column], lang: str, stream: IO[str], metric: bool
) -> None:
    """One record (a one-row listing) as name/value lines: every field, both languages."""
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


#: One bar of a chart: its label, its value, the value as shown, and its group (unit).
Bar = tuple[str, Decimal, str, str]


def chart_bars(
    listing: Listing, lang: str, *, label: str, value: str, units: Sequence[str] = ()
) -> list[Bar]:
    """The bars of one quantity column of a listing (the rows with a value); with
    ``units``, only rows in those units; grouped by unit, listing order within."""
    from tzcli.units import format_quantity

    col = listing.column(value)
    bars = []
    for row in listing.rows:
        unit = col.fixed_unit or row.get(col.unit)
        if row.get(value) is None or unit is None or (units and unit not in units):
            continue
        shown = format_quantity(
            row[value], unit, row.get(col.qualifier) or "exact", row.get(col.value_max), lang
        )
        bars.append((row[f"{label}_{lang}"], row[value], shown, unit))
    bars.sort(key=lambda bar: bar[3])  # stable: one group per unit, listing order within
    return bars


def draw_chart(
    title: str,
    bars: Sequence[Bar],
    stream: IO[str] | None = None,
    width: int = 40,
) -> None:
    """Horizontal bars: (label, value, shown value, group); each group scaled to its maximum."""
    peaks: dict[str, Decimal] = {}
    for _, value, _, group in bars:
        peaks[group] = max(peaks.get(group, Decimal(0)), value)
    # On a narrow terminal the bars give way, never the values (kept whole) or the
    # labels (at least 10 columns); 10 more for the table's edges and padding.
    shown_width = max((cell_len(visible(shown)) for _, _, shown, _ in bars), default=1)
    label_width = min(10, max((cell_len(visible(label)) for label, _, _, _ in bars), default=1))
    room = console_for(stream or sys.stdout).width - shown_width - label_width - 10
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
