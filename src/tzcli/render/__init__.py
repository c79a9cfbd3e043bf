"""Every output format in one place: the ``OutputFormat`` values and one registry of writers.

Machine formats (``tzcli.render.machine``: csv, tsv, json, jsonl, markdown) are
plain UTF-8 writes of raw values: no colour, no wrapping, both languages, and
no Rich. Tables and charts (``tzcli.render.table``) are drawn with Rich, which
is imported only when one is drawn.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from enum import Enum
from typing import IO

from tzcli._frozen import dataclass  # dataclasses, without their import-time cost
from tzcli.listing import Column, Listing


class OutputFormat(str, Enum):
    """The formats a listing can be written in; the CLI's choices come from here."""

    TABLE = "table"
    CSV = "csv"
    TSV = "tsv"
    JSON = "json"
    JSONL = "jsonl"
    MARKDOWN = "markdown"

    @property
    def is_machine(self) -> bool:
        return self is not OutputFormat.TABLE


#: The layouts a table can take on a terminal (``--layout``).
LAYOUTS = ("auto", "table", "records")


@dataclass(frozen=True)
class WriteOptions:
    """What a call chose beside the format, handed whole to every writer: language,
    header, BOM, metric units, and for a table on a terminal, wrapped text and the layout."""

    lang: str = "en"
    header: bool = True
    bom: bool = False
    metric: bool = False
    wrap: bool = False
    layout: str = "auto"


#: A writer: the listing, the columns to write (None: the format's default), the options.
Writer = Callable[["Listing", "Sequence[Column] | None", WriteOptions, IO[str]], None]


def _write_table(
    listing: Listing, columns: Sequence[Column] | None, options: WriteOptions, stream: IO[str]
) -> None:
    from tzcli.render import table  # Rich, only for a table

    table.draw_table(listing, columns, options, stream)


def _machine_writer(fmt: OutputFormat) -> Writer:
    def write(
        listing: Listing, columns: Sequence[Column] | None, options: WriteOptions, stream: IO[str]
    ) -> None:
        from tzcli.render import machine

        cols = list(columns) if columns else list(listing.columns)
        sheet = options.bom and fmt in (OutputFormat.CSV, OutputFormat.TSV)
        text = machine.machine_text(listing.rows, cols, fmt, header=options.header, guard=sheet)
        if sheet:  # for a spreadsheet: a byte-order mark, and no cell it would run
            text = "\ufeff" + text
        write_utf8(text, stream)

    return write


#: One writer per format.
WRITERS: dict[OutputFormat, Writer] = {
    OutputFormat.TABLE: _write_table,
    **{fmt: _machine_writer(fmt) for fmt in OutputFormat if fmt.is_machine},
}


def render(
    listing: Listing,
    fmt: OutputFormat,
    columns: Sequence[Column] | None = None,
    options: WriteOptions | None = None,
    out: IO[str] | None = None,
) -> None:
    """Write ``listing`` to ``out`` (stdout) in ``fmt``."""
    chosen = options if options is not None else WriteOptions()
    WRITERS[fmt](listing, columns, chosen, out if out is not None else sys.stdout)


def write_utf8(text: str, stream: IO[str]) -> None:
    """UTF-8 bytes to the stream's buffer, whatever the locale says; on a terminal with
    control characters made visible (``cells.terminal_text``), into a pipe exactly."""
    from tzcli import terminal
    from tzcli.render.cells import terminal_text

    if terminal.is_terminal(stream):
        text = terminal_text(text)
    buffer = getattr(stream, "buffer", None)
    if buffer is None:
        stream.write(text)
        return
    stream.flush()
    buffer.write(text.encode("utf-8"))
    buffer.flush()
