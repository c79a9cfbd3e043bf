"""Tables and charts for a person (Rich imported at the top: this module is loaded only
when a table or chart is drawn, never for a machine format).

On a terminal a table fits the screen: one line per record, the columns that identify
or measure (``Column.whole``) shown whole, the text columns sharing the width left and
cut with ``…`` (never inside a number), or wrapped with ``wrap`` (never inside a word,
a number or an id); the least important columns hidden when even that does not fit,
and records (one ``field  value`` block each) when the id and value alone do not.
In a pipe (``-f table``) nothing is cut: every cell whole, at the table's own width.

Drawing is here; the text rules (cut, wrap, CJK) are ``render.text`` and the layout
(what is shown, the columns' widths) is ``render.layout``. Lines are measured with
``rich.cells.cell_len`` and drawn as plain segments (Rich's table machinery wraps and
measures every cell, most of a table's cost). Every cell is text with control
characters made visible (``cells.visible``), and markup, emoji and highlighting are
off, so nothing from a data file is ever run.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from decimal import Decimal
from typing import IO, TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.style import Style

from tzcli import terminal
from tzcli.listing import Column, Listing, Row
from tzcli.render.cells import KEYWORDS_ZH, human_cell, visible
from tzcli.render.layout import (
    GAP,
    MARK_COLUMN,
    MARKS,
    Fit,
    View,
    chart_widths,
    fit_columns,
    main_text_cut,
    mark_legend,
    row_marks,
)
from tzcli.render.machine import raw_text
from tzcli.render.text import cut, pad, wrap, wrap_phrases

if TYPE_CHECKING:
    from tzcli.render import WriteOptions  # the package imports this module when drawing


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
    width = terminal.width(stream) if terminal.is_terminal(stream) else 100_000
    return Console(
        file=stream,
        width=width,
        markup=False,
        emoji=False,
        highlight=False,
        soft_wrap=False,
    )


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


def _footer(texts: list[str], page: int | None) -> list[Line]:
    lines: list[Line] = []
    for text in texts:
        for part in wrap_phrases(text, page) if page is not None else [text]:
            lines.append([(part, _DIM)])
    return lines


def _hidden_line(view: View, fit: Fit, lang: str) -> str:
    names = ", ".join(view.columns[i].name for i in fit.hidden)
    if lang == "zh":
        return f"未显示：{names} — 用 --columns 选择列，或加宽终端"
    return f"hidden: {names} — --columns to choose, or a wider terminal"


def _table_lines(view: View, fit: Fit, titles: list[str], wrapping: bool) -> list[Line]:
    shown = fit.shown
    widths = [fit.widths[i] for i in shown]
    total = sum(widths) + GAP * (len(shown) - 1) + 2
    sep = " " * GAP
    lines: list[Line] = []
    head = sep.join(pad(titles[i], fit.widths[i], view.right[i]) for i in shown)
    lines.append([(" " + head + " ", _BOLD)])
    lines.append([(" " + "─" * (total - 2) + " ", None)])
    text_cols = {i for i in shown if not view.columns[i].whole}
    for g, (heading, members) in enumerate(view.groups):
        if g:
            lines.append([(" " * total, None)])
        if heading:
            for part in wrap(heading, total - 2) if wrapping else [cut(heading, total - 2)]:
                lines.append([(" " + pad(part, total - 2, False) + " ", _BOLD)])
        for n in members:
            cells = view.cells[n]
            if fit.alone and cell_len(cells[shown[0]]) > fit.widths[shown[0]]:
                # an id longer than its column: whole, on a line of its own, above its row
                lines.append([(" " + pad(cells[shown[0]], total - 2, False) + " ", None)])
                cells = ["", *cells[1:]]  # the first column is the id (never hidden)
            if not wrapping:
                row = sep.join(
                    pad(
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
                    pad(p[k] if k < len(p) else "", fit.widths[i], view.right[i])
                    for p, i in zip(parts, shown, strict=True)
                )
                lines.append([(" " + row + " ", None)])
    return lines


#: A record block: its group's heading (or "") and its fields (name, value, never broken).
RecordBlock = tuple[str, list[tuple[str, str, bool]]]


def _record_lines(records: list[RecordBlock], page: int | None) -> list[Line]:
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
                label = pad(field if k == 0 else "", label_width, False)
                lines.append([(" " + label, _BOLD), ((" " * GAP + part).rstrip(), None)])
    return lines


def draw_table(
    listing: Listing, columns: Sequence[Column] | None, options: WriteOptions, stream: IO[str]
) -> None:
    """A listing as a table for a person: fitted to the terminal (see the module), or
    whole in a pipe; ``options.layout`` ``table`` or ``records`` forces either layout,
    ``options.wrap`` shows text whole."""
    lang, metric, layout, wrap_text = options.lang, options.metric, options.layout, options.wrap
    console = console_for(stream)
    page = console.width if terminal.is_terminal(stream) else None
    if listing.vertical:
        drawn, marks = _draw_record(listing, columns, lang, metric, page)
        legend = [mark_legend(marks, lang)] if marks else []
        _print(drawn, console, [*legend, _source_caption(listing, lang)], page)
        return
    view = View(listing, columns, lang, metric)
    titles = view.titles(lang)
    fit = None
    if page is not None and any(c.role == "prose" for c in view.columns):
        wrap_text = True  # text to be read is wrapped, never cut
    if layout != "records":
        fit = fit_columns(view, titles, page, wrap_text, forced=layout == "table")
        if fit is not None and not wrap_text and main_text_cut(view, fit, titles):
            # the subject would be cut short: shown whole, wrapped, rather than a stub; or
            # when even that has no room, records (unless a table is asked for)
            wrapped = fit_columns(view, titles, page, True, forced=layout == "table")
            if wrapped is not None:
                fit, wrap_text = wrapped, True
            elif layout != "table":
                fit = None
    footer = []
    if fit is None:
        records = []
        names = [col.name for col in view.columns]
        for heading, members in view.groups:
            for k, n in enumerate(members):
                fields: list[tuple[str, str, bool]] = []
                # a handle that names its source (``songhe:people_lifted``) says it once
                said = "id" in names and ":" in view.cells[n][names.index("id")]
                for t, c, col in zip(titles, view.cells[n], view.columns, strict=True):
                    if col is MARK_COLUMN and c and fields:  # beside the value
                        fields[-1] = (fields[-1][0], f"{fields[-1][1]} {c}", fields[-1][2])
                    elif c and not (said and col.name == "source"):
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
    return ("来源：" if lang == "zh" else "Source: ") + listing.source_text(lang)


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
    ``units``, only rows in those units; grouped by unit, listing order within. Each value
    as the table shows it (in Chinese as the source writes it: ``11352人``)."""
    col = listing.column(value)
    bars = []
    for row in listing.rows:
        unit = col.fixed_unit or row.get(col.unit)
        if row.get(value) is None or unit is None or (units and unit not in units):
            continue
        shown = human_cell(col, row, lang)
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
    stream = stream or sys.stdout
    console = console_for(stream)
    page = console.width if terminal.is_terminal(stream) else None
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
                (" " + pad(cut(label, label_width), label_width, False) + " " * GAP, None),
                (pad(bar, bar_width, False), _BAR),
                (" " * GAP + pad(text, shown_width, True) + " ", None),
            ]
        )
    total = label_width + bar_width + shown_width + 2 * GAP + 2
    lines = _title_lines(visible(title), total, page) + [[("", None)]] + rows
    _print(_Lines(lines), console, [], page)
