"""Tables and charts for a person (Rich imported at the top: this module is loaded only
when a table or chart is drawn, never for a machine format).

On a terminal a table fits the screen: one line per record, the columns that identify
or measure (``Column.whole``) shown whole, the text columns sharing the width left and
cut with ``…`` (never inside a number), or wrapped with ``wrap`` (never inside a word,
a number or an id); the least important columns hidden when even that does not fit,
and records (one ``field  value`` block each) when the id and value alone do not.
In a pipe (``-f table``) nothing is cut: every cell whole, at the table's own width.

Lines are laid out here, measured with ``rich.cells.cell_len`` and drawn as plain
segments (Rich's table machinery wraps and measures every cell, most of a table's
cost). Every cell is text with control characters made visible (``cells.visible``),
and markup, emoji and highlighting are off, so nothing from a data file is ever run.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Sequence
from decimal import Decimal
from typing import IO

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style

from tzcli.listing import Column, Listing, Row
from tzcli.render.cells import KEYWORDS_ZH, human_cell, table_columns, visible
from tzcli.render.machine import raw_text

#: Layouts a table can take on a terminal (``--layout``).
LAYOUTS = ("auto", "table", "records")

#: The width a text column should have before less important columns are kept beside it,
#: and the narrowest it is squeezed to before any but the id and value is hidden instead.
COMFORTABLE = 20
MIN_TEXT = 12
NARROWEST = 8
#: The cells of a record's subject or name a table shows at least: less, and it wraps.
MAIN_TEXT = 24
#: Cells between columns (a table line starts and ends with one more).
GAP = 2


def terminal_width() -> int | None:
    """COLUMNS when it is a positive number; 80 when it is set to anything else (0,
    negative, garbage: "unknown", not "nothing"); None to let Rich ask the terminal."""
    text = os.environ.get("COLUMNS")
    if text is None:
        return None
    try:
        width = int(text.strip())
    except ValueError:
        return 80
    return width if width > 0 else 80


def is_terminal(stream: IO[str]) -> bool:
    return bool(getattr(stream, "isatty", lambda: False)())


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
    width = terminal_width() if is_terminal(stream) else 100_000
    return Console(
        file=stream,
        width=width,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )


# --------------------------------------------------------------------------
# Text: where it may be cut and wrapped

_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f"
#: A number with what belongs to it: sign or qualifier, digits, range, 万/亿, unit.
_NUMBER = (
    r"(?:(?:≥ ?|~|约|近|超)?(?:CNY )?)\d[\d,.]*(?:[–-]\d[\d,.]*)?\+?"
    r"(?: ?(?:万|亿|million|billion))*"
    r"(?:平方米|平方公里|公里|公顷|人次|百万元|[元人户亩米个家年月日项名座条所次倍处眼栋套间%余多])*"
    r"(?: (?:mu|m²|km|ha|m|people|households|person-times|yuan)\b)?"
)
_TOKEN = re.compile(rf"(?P<num>{_NUMBER})|(?P<space>\s+)|[^\s{_CJK}]+|[{_CJK}]")
_CJK_CHAR = re.compile(rf"[{_CJK}]")
#: Punctuation that never starts a line, and that never ends one.
_CLOSING = set("，。、；：！？）》」』”’,.;:!?)]%…")
_OPENING = set("（《「『“‘([")


def _chunks(text: str) -> list[tuple[str, bool, bool]]:
    """``text`` as unbreakable chunks: (text, a space before it, holds a number)."""
    chunks: list[tuple[str, bool, bool]] = []
    space = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        if match.group("space"):
            space = True
            continue
        number = match.group("num") is not None or any(ch.isdigit() for ch in token)
        if chunks and not space:
            previous, before, had = chunks[-1]
            joined = not (_CJK_CHAR.match(previous[-1]) or _CJK_CHAR.match(token[0])) or (
                token[0] in _CLOSING or previous[-1] in _OPENING
            )
            if joined:
                chunks[-1] = (previous + token, before, had or number)
                continue
        chunks.append((token, space, number))
        space = False
    return chunks


def _prefix(text: str, width: int) -> str:
    """The longest start of ``text`` that fits ``width`` cells."""
    out = []
    used = 0
    for ch in text:
        used += cell_len(ch)
        if used > width:
            break
        out.append(ch)
    return "".join(out)


def cut(text: str, width: int) -> str:
    """``text`` in ``width`` cells: whole when it fits, else cut with ``…``, never inside a
    number: the cell ends before it, or, when the text ends with it and the cut would
    leave no number, the text is shortened before it (``实现…11334万元``)."""
    if cell_len(text) <= width:
        return text
    room = width - 1
    out = ""
    for token, space, number in _chunks(text):
        piece = (" " if space and out else "") + token
        if cell_len(out + piece) <= room:
            out += piece
            continue
        if not number:  # a word or run of CJK text may be cut inside; a number may not
            for match in _TOKEN.finditer(piece):
                part = match.group()
                fits = cell_len(out + part) <= room
                if fits:
                    out += part
                    continue
                if match.group("num") is None and not any(c.isdigit() for c in part):
                    out += _prefix(part, room - cell_len(out))
                break
        break
    out = out.rstrip()
    if not any(c.isdigit() for c in out):
        return _before_number(text, width) or out + "…"
    return out + "…"


def _before_number(text: str, width: int) -> str | None:
    """``text`` shortened before the Chinese amount that ends it (``实现…11334万元``), when
    the cut would leave no number at all; None when there is no such amount or no room
    for it and two characters before it."""
    number = next((m for m in _TOKEN.finditer(text) if m.group("num")), None)
    if number is None or text[number.end() :].strip("。，；、）"):
        return None
    if not _CJK_CHAR.search(number.group()):  # only a Chinese amount: 11334万元, 550户
        return None
    tail = text[number.start() :]
    room = width - 1 - cell_len(tail)
    if room < 4:
        return None
    head = _prefix(text[: number.start()], room).rstrip()
    return head + "…" + tail if head else None


def wrap(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken at spaces and between CJK
    characters, never inside a word, a number (with its 万/亿 and unit) or an id;
    only a chunk wider than ``width`` itself is broken (no line is ever wider)."""
    width = max(1, width)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for token, space, _ in _chunks(paragraph):
            piece = (" " if space and line else "") + token
            if cell_len(line + piece) <= width:
                line += piece
                continue
            if line:
                lines.append(line)
            line = token
            while cell_len(line) > width:
                head = _prefix(line, width) or line[0]  # a wide character on 1 cell
                lines.append(head)
                line = line[len(head) :]
        lines.append(line)
    return lines


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - cell_len(text))
    return gap + text if right else text + gap


# --------------------------------------------------------------------------
# Marks: derived, flagged and unreviewed figures, a narrow column beside the value

#: The marks, in the order a cell shows them.
MARKS = "*!?"
MARK_COLUMN = Column("mark", "", "", role="measure", priority=0)
_MARK_LEGEND = {
    "en": {
        "*": "* derived (computed, not in the text)",
        "!": "! flagged (tzcli show tells why)",
        "?": "? not reviewed",
    },
    "zh": {
        "*": "* 推算（据原文数据计算，非原文所述）",
        "!": "! 存疑（tzcli show 说明原因）",
        "?": "? 未经审核",
    },
}


def row_marks(row: Row) -> str:
    """The marks of a row: ``*`` derived, ``!`` flagged, ``?`` not reviewed."""
    return (
        ("*" if row.get("derived") is True else "")
        + ("!" if row.get("flag_en") else "")
        + ("?" if row.get("reviewed") is False else "")
    )


def mark_legend(marks: str, lang: str) -> str:
    """One line under the table that explains the marks it shows."""
    words = _MARK_LEGEND["zh" if lang == "zh" else "en"]
    return " · ".join(words[m] for m in marks)


# --------------------------------------------------------------------------
# What a person sees: columns, title, group headings


class _View:
    """A listing as a person's table: the columns, their cells, the groups (each with
    its heading) and the title, with what is constant on every row taken out."""

    def __init__(
        self, listing: Listing, columns: Sequence[Column] | None, lang: str, metric: bool
    ) -> None:
        person = not columns
        cols = list(columns) if columns else table_columns(listing, lang)
        rows = listing.rows
        heads: list[Column] = []
        if person and listing.group_by and any(c.name == listing.group_by for c in cols):
            heads = [c for c in cols if c.name == listing.group_by or c.heading]
            cols = [c for c in cols if c not in heads]
        self.marks = ""
        value = next((i for i, c in enumerate(cols) if c.name == "value"), None)
        if value is not None:
            marks = [row_marks(row) for row in rows]
            self.marks = "".join(m for m in MARKS if any(m in row for row in marks))
            if self.marks:
                cols.insert(value + 1, MARK_COLUMN)
        self.cells = [
            [
                marks[n] if c is MARK_COLUMN else visible(human_cell(c, row, lang, metric))
                for c in cols
            ]
            for n, row in enumerate(rows)
        ]
        keys = [tuple(human_cell(c, row, lang) for c in heads) for row in rows]
        if not heads and listing.group_by:  # groups apart, by a blank line (no heading)
            keys = [("", str(row.get(listing.group_by))) for row in rows]
        extra: list[str] = []
        if person and len(rows) > 1:
            keep = []
            for i, col in enumerate(cols):
                values = {cells[i] for cells in self.cells}
                if values == {""}:
                    continue  # an empty column is not drawn
                if col.priority == 0 or len(values) > 1:
                    keep.append(i)
                else:
                    extra.append(values.pop())
            if heads:  # a measure constant within every group joins the heading
                moved = [i for i in keep if self._per_group(cols[i], i, keys)]
                keys = [
                    (*key, *(cells[i] for i in moved))
                    for key, cells in zip(keys, self.cells, strict=True)
                ]
                keep = [i for i in keep if i not in moved]
            cols = [cols[i] for i in keep]
            self.cells = [[cells[i] for i in keep] for cells in self.cells]
        self.columns = cols
        self.chosen = not person
        self.groups: list[tuple[str, list[int]]] = []
        previous: object = None
        for n, key in enumerate(keys):
            if not self.groups or ((heads or listing.group_by) and key != previous):
                heading = " · ".join(k for k in key if k) if heads else ""
                self.groups.append((visible(heading), []))
            self.groups[-1][1].append(n)
            previous = key
        title = listing.title(lang)
        if len(self.groups) == 1 and self.groups[0][0]:  # one group: its heading is the title's
            extra.insert(0, self.groups[0][0])
            self.groups = [("", self.groups[0][1])]
        if extra:
            title += " · " + " · ".join(extra)
        self.title = visible(title)
        self.right = [c.kind in ("quantity", "int") for c in cols]

    def _per_group(self, col: Column, i: int, keys: list[tuple[str, ...]]) -> bool:
        """Column ``i`` (a measure) holds one value within every group, and some group
        has more than one row."""
        if not col.whole or not col.priority:
            return False
        seen: dict[tuple[str, ...], str] = {}
        for key, cells in zip(keys, self.cells, strict=True):
            if seen.setdefault(key, cells[i]) != cells[i]:
                return False
        return len(seen) < len(keys)

    def titles(self, lang: str) -> list[str]:
        return [visible(c.title(lang)) for c in self.columns]


# --------------------------------------------------------------------------
# Layout: widths, hidden columns, or records


class _Fit:
    """The width of each shown column (the rest hidden), or None: records."""

    def __init__(self, shown: list[int], widths: dict[int, int], hidden: list[int]) -> None:
        self.shown = shown
        self.widths = widths
        self.hidden = hidden


def _fit(
    view: _View, titles: list[str], width: int | None, wrapping: bool, forced: bool
) -> _Fit | None:
    """Widths for the page: the less important columns (priority 2 and up) hidden until
    the text has room (``COMFORTABLE``), or failing that, some room (``MIN_TEXT``); then
    the main text too (priority 1) when it would be narrower than ``NARROWEST``. Text
    that wraps goes down to ``MIN_TEXT`` first and keeps its main text. None (records)
    when even the id and value (priority 0), or when wrapping the main text, do not fit."""
    n = len(view.columns)
    natural = [
        max([cell_len(titles[i])] + [cell_len(cells[i]) for cells in view.cells]) for i in range(n)
    ]
    if width is None:
        return _Fit(list(range(n)), dict(enumerate(natural)), [])
    longest = [0] * n
    if wrapping:  # room for the longest chunk (a number, a word, an id) when it can be had
        for i, col in enumerate(view.columns):
            if not col.whole:
                longest[i] = max(
                    (cell_len(t) for cells in view.cells for t, _, _ in _chunks(cells[i])),
                    default=0,
                )
    # Text shown whole (--wrap) may be narrow, as it wraps, but keeps its main text:
    # records rather than none.
    passes = (
        ((MAIN_TEXT, 1), (MIN_TEXT, 1))
        if wrapping
        else ((COMFORTABLE, 1), (MIN_TEXT, 1), (NARROWEST, 0))
    )
    if view.chosen:  # columns the user named are never hidden: squeezed, or records
        passes = ((COMFORTABLE, 99), (MIN_TEXT, 99), (NARROWEST, 99))
    for floor, spared in passes:
        least = [
            natural[i]
            if col.whole
            else min(natural[i], max(cell_len(titles[i]), floor, min(longest[i], width // 3)))
            for i, col in enumerate(view.columns)
        ]
        fit = _hide(view, least, natural, width, spared)
        if fit is not None:
            return fit
    if not forced:
        return None
    least = [natural[i] if col.whole else 1 for i, col in enumerate(view.columns)]
    shown = [i for i, col in enumerate(view.columns) if col.priority == 0]
    hidden = [i for i in range(n) if i not in shown]
    return _Fit(shown, {i: least[i] for i in shown}, hidden)


def _main_text_cut(view: _View, fit: _Fit, titles: list[str]) -> bool:
    """The main text (the first text column of priority 1: the subject, the name, the
    measure) is hidden, or cut so that fewer than ``MAIN_TEXT`` of its cells show."""
    for i, col in enumerate(view.columns):
        if col.priority == 1 and not col.whole:
            if i not in fit.shown:
                return True
            for cells in view.cells:  # what a cut leaves of each, without its "…"
                shown = cut(cells[i], fit.widths[i])
                if shown != cells[i] and cell_len(shown.rstrip("…")) < MAIN_TEXT:
                    return True
            return False
    return False


def _hide(
    view: _View, least: list[int], natural: list[int], width: int, spared: int
) -> _Fit | None:
    """Hide the least important columns (priority above ``spared``) until the others fit
    at their ``least`` widths; then share the width left among the text columns."""
    shown = list(range(len(view.columns)))
    hidden: list[int] = []

    def need() -> int:
        return sum(least[i] for i in shown) + GAP * (len(shown) - 1) + 2

    while need() > width:
        hideable = [i for i in shown if view.columns[i].priority > spared]
        if not hideable:
            return None
        drop = max(hideable, key=lambda i: (view.columns[i].priority, i))
        shown.remove(drop)
        hidden.append(drop)
    widths = {i: least[i] for i in shown}
    left = width - need()
    wanting = [i for i in shown if widths[i] < natural[i]]
    while left > 0 and wanting:  # share what is left evenly, up to each one's natural width
        share = max(1, left // len(wanting))
        for i in list(wanting):
            give = min(share, natural[i] - widths[i], left)
            widths[i] += give
            left -= give
            if widths[i] >= natural[i]:
                wanting.remove(i)
            if left <= 0:
                break
    hidden.sort()
    return _Fit(shown, widths, hidden)


# --------------------------------------------------------------------------
# Drawing

_BOLD = Style(bold=True)
_DIM = Style(dim=True)
_BAR = Style(color="cyan")

Line = list[tuple[str, Style | None]]


class _Lines:
    """Prepared lines, drawn as they are (each at most the page's width)."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((sum(cell_len(t) for t, _ in line) for line in self.lines), default=0)
        return Measurement(widest, widest)

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        new_line = Segment.line()
        for line in self.lines:
            for text, style in line:
                yield Segment(text, style)
            yield new_line


def _title_lines(title: str, width: int, page: int | None) -> list[Line]:
    """The title, bold, centred over the table (wrapped on a narrow terminal)."""
    texts = wrap(title, page) if page is not None else [title]
    return [[(" " * max(0, (width - cell_len(t)) // 2) + t, _BOLD)] for t in texts]


_PHRASE_END = re.compile(r"(?<=[,;·])\s+|\s+(?=·)")


def wrap_phrases(text: str, width: int) -> list[str]:
    """``text`` in lines of at most ``width`` cells, broken after a comma, a semicolon or
    before a ``·`` (a name such as ``(穆森 Mu Sen)`` stays on one line); a phrase wider
    than a line is wrapped between its words."""
    lines: list[str] = []
    line = ""
    for phrase in _PHRASE_END.split(text):
        joined = f"{line} {phrase}" if line else phrase
        if cell_len(joined) <= width:
            line = joined
            continue
        if line:
            lines.append(line)
        parts = wrap(phrase, width)
        lines += parts[:-1]
        line = parts[-1]
    lines.append(line)
    return lines


def _footer(texts: list[str], page: int | None) -> list[Line]:
    lines: list[Line] = []
    for text in texts:
        for part in wrap_phrases(text, page) if page is not None else [text]:
            lines.append([(part, _DIM)])
    return lines


def _hidden_line(view: _View, fit: _Fit, lang: str) -> str:
    names = ", ".join(view.columns[i].name for i in fit.hidden)
    if lang == "zh":
        return f"未显示：{names} — 用 --columns 选择列，或加宽终端"
    return f"hidden: {names} — --columns to choose, or a wider terminal"


def _table_lines(view: _View, fit: _Fit, titles: list[str], wrapping: bool) -> list[Line]:
    shown = fit.shown
    widths = [fit.widths[i] for i in shown]
    total = sum(widths) + GAP * (len(shown) - 1) + 2
    sep = " " * GAP
    lines: list[Line] = []
    head = sep.join(_pad(titles[i], fit.widths[i], view.right[i]) for i in shown)
    lines.append([(" " + head + " ", _BOLD)])
    lines.append([(" " + "─" * (total - 2) + " ", None)])
    text_cols = {i for i in shown if not view.columns[i].whole}
    for g, (heading, members) in enumerate(view.groups):
        if g:
            lines.append([(" " * total, None)])
        if heading:
            for part in wrap(heading, total - 2) if wrapping else [cut(heading, total - 2)]:
                lines.append([(" " + _pad(part, total - 2, False) + " ", _BOLD)])
        for n in members:
            cells = view.cells[n]
            if not wrapping:
                row = sep.join(
                    _pad(
                        cut(cells[i], fit.widths[i]) if i in text_cols else cells[i],
                        fit.widths[i],
                        view.right[i],
                    )
                    for i in shown
                )
                lines.append([(" " + row + " ", None)])
                continue
            parts = [wrap(cells[i], fit.widths[i]) if i in text_cols else [cells[i]] for i in shown]
            for k in range(max(len(p) for p in parts)):
                row = sep.join(
                    _pad(p[k] if k < len(p) else "", fit.widths[i], view.right[i])
                    for p, i in zip(parts, shown, strict=True)
                )
                lines.append([(" " + row + " ", None)])
    return lines


#: A record: its group's heading (or "") and its fields (name, value, never broken).
Record = tuple[str, list[tuple[str, str, bool]]]


def _record_lines(records: list[Record], page: int | None) -> list[Line]:
    """Records, one block each: a ``field  value`` line per field, values wrapped to the page;
    a heading (bold) before a block that starts a group."""
    label_width = max((cell_len(f) for _, fields in records for f, _, _ in fields), default=0)
    room = None if page is None else max(1, page - label_width - GAP - 1)
    lines: list[Line] = []
    for n, (heading, fields) in enumerate(records):
        if n:
            lines.append([("", None)])
        if heading:
            lines.append([(" " + (cut(heading, page - 1) if page else heading), _BOLD)])
        for field, value, whole in fields:
            if room is not None and whole and cell_len(value) > room and page is not None:
                # an id or a measure is never broken: on a line of its own, under its name
                lines.append([(" " + field, _BOLD)])
                lines += [[("  " + part, None)] for part in wrap(value, page - 2)]
                continue
            parts = value.split("\n") if room is None else wrap(value, room)
            for k, part in enumerate(parts or [""]):
                label = _pad(field if k == 0 else "", label_width, False)
                lines.append([(" " + label, _BOLD), ((" " * GAP + part).rstrip(), None)])
    return lines


def draw_table(
    listing: Listing,
    columns: Sequence[Column] | None,
    lang: str,
    stream: IO[str],
    metric: bool = False,
    *,
    wrap_text: bool = False,
    layout: str = "auto",
) -> None:
    """A listing as a table for a person: fitted to the terminal (see the module), or
    whole in a pipe; ``layout`` ``table`` or ``records`` forces either layout."""
    console = console_for(stream)
    page = console.width if is_terminal(stream) else None
    if listing.vertical:
        drawn, marks = _draw_record(listing, columns, lang, metric, page)
        legend = [mark_legend(marks, lang)] if marks else []
        _print(drawn, console, [*legend, _source_caption(listing, lang)], page)
        return
    view = _View(listing, columns, lang, metric)
    titles = view.titles(lang)
    fit = None
    if page is not None and any(c.role == "prose" for c in view.columns):
        wrap_text = True  # text to be read is wrapped, never cut
    if layout != "records":
        fit = _fit(view, titles, page, wrap_text, forced=layout == "table")
        if fit is not None and not wrap_text and _main_text_cut(view, fit, titles):
            # the subject would be cut short: shown whole, wrapped, rather than a stub
            wrapped = _fit(view, titles, page, True, forced=layout == "table")
            if wrapped is not None:
                fit, wrap_text = wrapped, True
    footer = []
    if fit is None:
        records = []
        for heading, members in view.groups:
            for k, n in enumerate(members):
                fields: list[tuple[str, str, bool]] = []
                for t, c, col in zip(titles, view.cells[n], view.columns, strict=True):
                    if col is MARK_COLUMN and c and fields:  # beside the value
                        fields[-1] = (fields[-1][0], f"{fields[-1][1]} {c}", fields[-1][2])
                    elif c:
                        fields.append((t, c, col.whole))
                records.append((heading if k == 0 else "", fields))
        lines = _title_lines(view.title, cell_len(view.title), page) + [[("", None)]]
        lines += _record_lines(records, page)
    else:
        body = _table_lines(view, fit, titles, wrap_text)
        width = max(sum(cell_len(t) for t, _ in line) for line in body)
        lines = _title_lines(view.title, width, page) + body
        if fit.hidden:
            footer.append(_hidden_line(view, fit, lang))
    if view.marks:
        footer.insert(0, mark_legend(view.marks, lang))
    footer.append(_source_caption(listing, lang))
    _print(_Lines(lines), console, footer, page)


def _source_caption(listing: Listing, lang: str) -> str:
    if not listing.source:
        return ""
    return ("来源：" if lang == "zh" else "Source: ") + listing.source


def _print(drawn: _Lines, console: Console, footer: list[str], page: int | None) -> None:
    """Print the lines, each padded to the widest (a block, as Rich draws a table), and
    the dim footer lines (hidden columns, source) under them."""
    widths = [sum(cell_len(t) for t, _ in line) for line in drawn.lines]
    widest = max(widths, default=0)
    for line, width in zip(drawn.lines, widths, strict=True):
        if width < widest:
            line.append((" " * (widest - width), None))
    drawn.lines += _footer([visible(f) for f in footer if f], page)
    console.print(drawn)


#: The label of each field ``show`` prints, in English and Chinese.
FIELD_LABELS: dict[str, tuple[str, str]] = {
    "id": ("ID", "编号"),
    "topic": ("Topic", "主题"),
    "year": ("Year", "年份"),
    "subject_en": ("Subject", "项目（英文）"),
    "subject_zh": ("Subject (zh)", "项目"),
    "value": ("Value", "数值"),
    "value_max": ("Up to", "上限"),
    "unit": ("Unit", "单位"),
    "qualifier": ("Qualifier", "限定"),
    "derived": ("Derived", "推算"),
    "formula": ("Formula", "公式"),
    "inputs": ("Inputs", "所用数据"),
    "section": ("Section", "章节"),
    "villages": ("Villages", "村社"),
    "project": ("Project", "项目编号"),
    "plan": ("Plan", "计划编号"),
    "quote": ("Quote", "原文"),
    "note_en": ("Note", "备注（英文）"),
    "note_zh": ("Note (zh)", "备注"),
    "flag_en": ("Flag", "存疑"),
    "decimals": ("Decimals", "小数位"),
    "reviewed": ("Reviewed", "已审核"),
    "kind": ("Kind", "类型"),
    "year_end": ("Until", "截至"),
    "source": ("Source", "来源"),
    "citation_en": ("Citation", "引用（英文）"),
    "citation_zh": ("Citation (zh)", "引用"),
    "name_en": ("Name", "名称（英文）"),
    "name_zh": ("Name (zh)", "名称"),
    "name_kind": ("Name from", "名称来源"),
    "company": ("Company (zh)", "企业"),
    "company_en": ("Company", "企业（英文）"),
    "sector": ("Sector", "行业"),
    "status": ("Status", "进展类别"),
    "status_en": ("Status (text)", "进展（英文）"),
    "status_zh": ("Status (zh)", "进展"),
    "investment": ("Investment", "投资"),
    "investment_max": ("Investment up to", "投资上限"),
    "investment_qualifier": ("Investment qualifier", "投资限定"),
    "figures": ("Figures", "数据"),
    "pillar": ("Pillar", "方向"),
    "number_zh": ("No.", "序号"),
    "title_en": ("Title", "标题（英文）"),
    "title_zh": ("Title (zh)", "标题"),
    "measures": ("Measures", "措施"),
    "targets": ("Targets", "目标"),
    "projects": ("Projects", "项目"),
    "pinyin": ("Pinyin", "拼音"),
    "mentions": ("Mentions", "提及"),
    "text_en": ("Text", "说明（英文）"),
    "text_zh": ("Text (zh)", "说明"),
    "refs": ("Concerns", "涉及"),
    "context_en": ("Context", "背景"),
    "context_source": ("Context source", "背景出处"),
    "parent": ("Part of", "上级章节"),
    "plan_id": ("Plan", "计划编号"),
    "owner": ("Section / plan", "章节 / 计划"),
    "village": ("Village", "村社"),
    "description_en": ("Description", "说明（英文）"),
}
#: Fields a person's ``show`` leaves out: said by the value (its unit, qualifier and upper
#: bound), by the mark (derived), or the other language's citation.
_SAID_BY_VALUE = ("unit", "qualifier", "value_max", "derived", "investment_max",
                  "investment_qualifier")  # fmt: skip


def field_label(name: str, lang: str) -> str:
    en, zh = FIELD_LABELS.get(name, (name, name))
    return zh if lang == "zh" else en


def _draw_record(
    listing: Listing, chosen: Sequence[Column] | None, lang: str, metric: bool, page: int | None
) -> tuple[_Lines, str]:
    """One record (a one-row listing) as label/value lines: the fields it has (or those
    chosen), labelled in ``lang``; a derived figure's value marked once, its inputs with
    their values and quotes. Returns the lines and the marks shown."""
    records = []
    marks = ""
    other = "citation_en" if lang == "zh" else "citation_zh"
    for row in listing.rows:
        fields = []
        row_mark = row_marks(row)
        for col in chosen or listing.columns:
            value = row.get(col.name)
            if not chosen:
                if value in (None, "", (), False) or col.name == other:
                    continue
                if col.name in _SAID_BY_VALUE and (row.get("value") or row.get("investment")):
                    continue
            text = _record_value(col, row, lang, metric)
            if col.name == "inputs" and row.get("_inputs"):
                text = _inputs_text(row["_inputs"], lang)
            if col.name == "value" and row_mark:
                text += f" {row_mark}"
                marks = row_mark
            fields.append((field_label(col.name, lang), text, col.role == "id"))
        records.append(("", fields))
    kind, _, name = listing.title("en").partition(" ")
    title = visible(f"{KEYWORDS_ZH.get(kind, kind)} {name}" if lang == "zh" else f"{kind} {name}")
    lines = _title_lines(title, cell_len(title), page) + [[("", None)]]
    return _Lines(lines + _record_lines(records, page)), "".join(m for m in MARKS if m in marks)


def _inputs_text(inputs: Sequence[Row], lang: str) -> str:
    """A derived figure's inputs, one a line: the id, its value as shown, its quote."""
    from tzcli.units import format_quantity

    lines = []
    for fig in inputs:
        value = format_quantity(
            fig["value"], fig["unit"], fig["qualifier"], fig.get("value_max"), lang
        )
        quote = f"  “{fig['quote']}”" if fig.get("quote") else ""
        lines.append(visible(f"{fig['id']} = {value}{quote}"))
    return "\n".join(lines)


def _record_value(col: Column, row: Row, lang: str, metric: bool) -> str:
    value = row.get(col.name)
    if isinstance(value, tuple) and value:  # one item a line: measures, mentions
        return "\n".join(visible(human_cell(col, {col.name: v}, lang)) for v in value)
    text = visible(human_cell(col, row, lang, metric))
    if col.kind == "quantity" and value is not None:
        unit = col.fixed_unit or row.get(col.unit)
        raw = f"{raw_text(value)} {unit}"
        digits = "".join(ch for ch in text if ch.isdigit() or ch == ".")
        if raw_text(value) != digits:  # scaled (CNY 500 million, 3.4万人): the exact number
            text += f"  ({raw})"
    return text


# --------------------------------------------------------------------------
# Charts

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


def chart_widths(page: int | None, label: int, shown: int, most: int = 40) -> tuple[int, int]:
    """The label's and the bars' widths: on a terminal the value is whole, the bars take a
    third of what is left (at least 12 cells, at most ``most``) and the label the rest."""
    if page is None:
        return label, most
    room = page - shown - 2 * GAP - 2
    bar = min(most, max(12, room // 3))
    label_width = max(1, min(label, room - bar))
    return label_width, max(1, min(most, room - label_width))


def draw_chart(
    title: str,
    bars: Sequence[Bar],
    stream: IO[str] | None = None,
    width: int = 40,
) -> None:
    """Horizontal bars: (label, value, shown value, group); each group scaled to its maximum."""
    stream = stream or sys.stdout
    console = console_for(stream)
    page = console.width if is_terminal(stream) else None
    peaks: dict[str, Decimal] = {}
    for _, value, _, group in bars:
        peaks[group] = max(peaks.get(group, Decimal(0)), value)
    labels = [visible(label) for label, _, _, _ in bars]
    shown = [visible(s) for _, _, s, _ in bars]
    shown_width = max(map(cell_len, shown), default=1)
    label_width, bar_width = chart_widths(
        page, max(map(cell_len, labels), default=1), shown_width, width
    )
    rows: list[Line] = []
    previous = None
    for (_, value, _, group), label, text in zip(bars, labels, shown, strict=True):
        if previous is not None and group != previous:
            rows.append([("", None)])
        previous = group
        peak = peaks[group] or Decimal(1)
        length = int((value / peak * bar_width).to_integral_value()) if value > 0 else 0
        bar = "█" * length if length else ("▏" if value > 0 else "")
        rows.append(
            [
                (" " + _pad(cut(label, label_width), label_width, False) + " " * GAP, None),
                (_pad(bar, bar_width, False), _BAR),
                (" " * GAP + _pad(text, shown_width, True) + " ", None),
            ]
        )
    total = label_width + bar_width + shown_width + 2 * GAP + 2
    lines = _title_lines(visible(title), total, page) + [[("", None)]] + rows
    _print(_Lines(lines), console, [], page)
