"""The layout of a table for a person: what is shown (the view: columns, cells, groups,
title, marks) and how wide each column is on the page (the fit: the least important
columns hidden, the text columns sharing what is left, or records when even the id and
value do not fit). Measured with ``rich.cells.cell_len``; nothing is drawn here.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len

from tzcli.listing import Column, Listing, Row
from tzcli.render.cells import human_cell, table_columns, visible
from tzcli.render.text import chunks, cut

#: The width a text column should have before less important columns are kept beside it,
#: and the narrowest it is squeezed to before any but the id and value is hidden instead.
COMFORTABLE = 20
MIN_TEXT = 12
NARROWEST = 8
#: The cells of a record's subject or name a table shows at least: less, and it wraps.
MAIN_TEXT = 24
#: Cells between columns (a table line starts and ends with one more).
GAP = 2


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


class View:
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
            heads = [c for c in cols if c.name == listing.group_by]  # then the others
            heads += [c for c in cols if c.heading and c.name != listing.group_by]
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


class Fit:
    """The width of each shown column (the rest hidden), or None: records."""

    def __init__(self, shown: list[int], widths: dict[int, int], hidden: list[int]) -> None:
        self.shown = shown
        self.widths = widths
        self.hidden = hidden
        #: an id of the first column wider than it stands on a line of its own
        self.alone = False


def fit_columns(
    view: View, titles: list[str], width: int | None, wrapping: bool, forced: bool
) -> Fit | None:
    """Widths for the page: the least important columns (priority 3 and up, then 2)
    hidden until the text has room (``COMFORTABLE``), or failing that, some room
    (``MIN_TEXT``); then the main text too (priority 1) when it would be narrower than
    ``NARROWEST``. Text
    that wraps goes down to ``MIN_TEXT`` first and keeps its main text. None (records)
    when even the id and value (priority 0), or when wrapping the main text, do not fit.

    Wrapped, when the main text would have fewer than ``MAIN_TEXT`` cells (or none: records)
    because of a few long ids in the first column (``tianzhong:above_size_industrial_total``
    beside ids half as long), that column is narrowed to what most ids need, and each
    longer id is drawn whole on a line of its own above its row (``Fit.alone``)."""
    n = len(view.columns)
    natural = [
        max([cell_len(titles[i])] + [cell_len(cells[i]) for cells in view.cells]) for i in range(n)
    ]
    fit = _fit(view, titles, natural, width, wrapping, forced)
    if width is None or not wrapping or not _main_text_narrow(view, fit, natural):
        return fit
    first = view.columns[0] if view.columns else None
    if first is None or first.role != "id" or natural[0] > width - 2:
        return fit
    lengths = sorted(cell_len(cells[0]) for cells in view.cells)
    most = lengths[(len(lengths) * 3) // 4]  # three ids in four keep their column
    for cap in sorted({k for k in lengths if most <= k < natural[0]}, reverse=True):
        capped = [max(cap, cell_len(titles[0])), *natural[1:]]
        better = _fit(view, titles, capped, width, wrapping, forced)
        if better is not None and not _main_text_narrow(view, better, natural):
            better.alone = True
            return better
    return fit


def _main_text_narrow(view: View, fit: Fit | None, natural: list[int]) -> bool:
    """No fit, or the main text (the first text column of priority 1) hidden or given
    fewer than ``MAIN_TEXT`` cells where it needs more."""
    if fit is None:
        return True
    for i, col in enumerate(view.columns):
        if col.priority == 1 and not col.whole:
            return i not in fit.shown or fit.widths[i] < min(MAIN_TEXT, natural[i])
    return False


def _fit(
    view: View,
    titles: list[str],
    natural: list[int],
    width: int | None,
    wrapping: bool,
    forced: bool,
) -> Fit | None:
    n = len(view.columns)
    if width is None:
        return Fit(list(range(n)), dict(enumerate(natural)), [])
    longest = [0] * n
    if wrapping:  # room for the longest chunk (a number, a word, an id) when it can be had
        for i, col in enumerate(view.columns):
            if not col.whole:
                longest[i] = max(
                    (cell_len(t) for cells in view.cells for t, _, _ in chunks(cells[i])),
                    default=0,
                )
    # Text shown whole (--wrap) may be narrow, as it wraps, but keeps its main text:
    # records rather than none.
    # A column of priority 2 (a year that differs between rows, a kind) is kept while the
    # text can still have ``COMFORTABLE`` cells, before the text is given more.
    passes: tuple[tuple[int, int], ...] = (
        ((MAIN_TEXT, 2), (COMFORTABLE, 2), (MAIN_TEXT, 1), (MIN_TEXT, 1))
        if wrapping
        else ((COMFORTABLE, 2), (COMFORTABLE, 1), (MIN_TEXT, 1), (NARROWEST, 0))
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
    return Fit(shown, {i: least[i] for i in shown}, hidden)


def main_text_cut(view: View, fit: Fit, titles: list[str]) -> bool:
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


def _hide(view: View, least: list[int], natural: list[int], width: int, spared: int) -> Fit | None:
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
    return Fit(shown, widths, hidden)


def chart_widths(page: int | None, label: int, shown: int, most: int = 40) -> tuple[int, int]:
    """The label's and the bars' widths: on a terminal the value is whole, the bars take a
    third of what is left (at least 12 cells, at most ``most``) and the label the rest."""
    if page is None:
        return label, most
    room = page - shown - 2 * GAP - 2
    bar = min(most, max(12, room // 3))
    label_width = max(1, min(label, room - bar))
    return label_width, max(1, min(most, room - label_width))
