"""The contract between queries and renderers: a ``Listing`` of ``Column``s and raw ``Row``s.

Queries (``tzcli.query``) produce listings; renderers (``tzcli.render``) consume
them. Neither imports the other: both import this module, which imports
nothing of tzcli but the errors and the frozen-record decorator.
"""

from __future__ import annotations

from typing import Any

from tzcli._frozen import dataclass  # dataclasses, without their import-time cost
from tzcli.errors import QueryError

#: One record of a listing: raw values (Decimal, int, str, bool, None, tuples) by
#: column name; only the renderers turn them into text.
Row = dict[str, Any]


@dataclass(frozen=True)
class Column:
    """One column: its stable snake_case name, its titles, and how a table shows it.

    ``kind`` is ``text``, ``int``, ``bool``, ``list`` or ``quantity``; a
    quantity is drawn from the row's ``unit``, ``qualifier`` and ``value_max``
    (or the keys named here). ``lang`` marks one half of a zh/en pair: tables
    show by default only the half of the user's language.

    For a terminal table: ``role`` is ``id``, ``concept`` (a concept's id: both shown
    whole, as their handles), ``measure`` (shown whole),
    ``text`` (cut or wrapped to the width left) or ``prose`` (text to be read whole:
    a table that shows it wraps its text); ``priority`` 0 is never hidden,
    and when the terminal is too narrow the highest are hidden first; a
    ``heading`` column is shown once in its group's heading, not on every row.
    """

    name: str
    title_en: str
    title_zh: str
    kind: str = "text"
    lang: str | None = None
    table: bool = True
    unit: str = "unit"
    qualifier: str = "qualifier"
    value_max: str = "value_max"
    fixed_unit: str | None = None
    role: str = ""
    priority: int = 2
    heading: bool = False

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    @property
    def whole(self) -> bool:
        """A column that identifies or measures (``role`` id or measure; by default every
        kind but text and list): a terminal table never cuts or wraps it."""
        if self.role:
            return self.role not in ("text", "prose")
        return self.kind not in ("text", "list")


@dataclass(frozen=True)
class Listing:
    """What a listing command answers: a title, columns, rows, and where it is from."""

    title_en: str
    title_zh: str
    columns: tuple[Column, ...]
    rows: list[Row]
    source: str = ""
    #: ``source`` in Chinese, where it differs (a count of sources, a missing date)
    source_zh: str = ""
    group_by: str | None = None
    vertical: bool = False

    def title(self, lang: str) -> str:
        return self.title_zh if lang == "zh" else self.title_en

    def source_text(self, lang: str) -> str:
        """Where the rows come from, in ``lang``."""
        return (self.source_zh or self.source) if lang == "zh" else self.source

    def column(self, name: str) -> Column:
        for col in self.columns:
            if col.name == name:
                return col
        raise QueryError(
            f"unknown column {name!r}; valid columns: {', '.join(c.name for c in self.columns)}"
        )
