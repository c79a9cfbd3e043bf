"""One search over every kind of record: figures, projects, plan items, measures, villages,
sections and the notes on the source, in Chinese or English (a pure query: a Dataset
and a text in, a Listing out).

Each record that holds the text is one row: its kind, its id, its name in words, the
words around the match (``matched``, and the field it is in), and its value if it has
one. Matching is by substring, case-folded, ignoring spaces in Chinese.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Sequence
from typing import Any

from tzcli.listing import Column, Listing, Row
from tzcli.model import Dataset, Plan, Section
from tzcli.query import snippet, source_line


@functools.cache
def search_columns() -> tuple[Column, ...]:
    return (
        Column("kind", "Kind", "类型", role="measure", priority=2, heading=True),
        Column("id", "ID", "编号", role="id", priority=0),
        Column("name_zh", "Record", "记录", lang="zh", priority=3),
        Column("name_en", "Record", "记录", lang="en", priority=1),
        Column("matched", "Matched", "匹配文字", role="prose", priority=2),
        Column("field", "Field", "字段", table=False),
        Column(
            "value",
            "Value",
            "数值",
            "quantity",
            priority=0,
        ),
        Column("value_max", "Up to", "上限", "number", table=False),
        Column("unit", "Unit", "单位", table=False),
        Column("qualifier", "Qualifier", "限定", table=False),
        Column("quote", "Quote", "原文", table=False),
        Column("source", "Source", "来源", table=False),
    )


def _fold(text: str) -> str:
    return text.casefold()


def _fields(ds: Dataset) -> Iterator[tuple[str, Any, str, str, Sequence[tuple[str, str | None]]]]:
    """(kind, record, id, owner id, its searchable fields as (name, text))."""
    for fig in ds.figures:
        kind = "target" if fig.plan and not fig.project and fig.id.startswith("plan.") else "figure"
        yield (
            kind,
            fig,
            fig.id,
            "",
            (
                ("subject_en", fig.subject_en),
                ("subject_zh", fig.subject_zh),
                ("quote", fig.quote),
                ("note_en", fig.note_en),
                ("note_zh", fig.note_zh),
                ("id", fig.id),
            ),
        )
    for proj in ds.projects:
        yield (
            "project",
            proj,
            proj.id,
            "",
            (
                ("name_en", proj.name_en),
                ("name_zh", proj.name_zh),
                ("company_zh", proj.company_zh),
                ("company_en", proj.company_en),
                ("quote", proj.quote),
                ("note_en", proj.note_en),
                ("id", proj.id),
            ),
        )
    owners: tuple[Section | Plan, ...] = (*ds.sections, *ds.plans)
    for owner in owners:
        kind = "plan" if isinstance(owner, Plan) else "section"
        yield (
            kind,
            owner,
            owner.id,
            "",
            (("title_en", owner.title_en), ("title_zh", owner.title_zh), ("id", owner.id)),
        )
        for i, measure in enumerate(owner.measures, 1):
            yield (
                "measure",
                measure,
                f"{owner.id}#{i}",
                owner.id,
                (("en", measure.en), ("quote", measure.quote)),
            )
    for village in ds.villages:
        yield (
            "village",
            village,
            village.id,
            "",
            (
                ("name_zh", village.name_zh),
                ("pinyin", village.pinyin),
                ("id", village.id),
            ),
        )
        for i, mention in enumerate(village.mentions, 1):
            yield (
                "mention",
                mention,
                f"{village.id}#{i}",
                village.id,
                (("en", mention.en), ("quote", mention.quote)),
            )
    for note in ds.notes:
        yield (
            "note",
            note,
            note.id,
            "",
            (
                ("text_en", note.text_en),
                ("text_zh", note.text_zh),
                ("quote", note.quote),
                ("context_en", note.context_en),
                ("id", note.id),
            ),
        )


def _names(kind: str, record: Any) -> tuple[str, str]:
    """A record's name in words, Chinese and English."""
    if kind == "village":
        return record.name_zh, record.pinyin
    for zh, en in (
        ("subject_zh", "subject_en"),
        ("name_zh", "name_en"),
        ("title_zh", "title_en"),
        ("quote", "en"),
        ("text_zh", "text_en"),
    ):
        if hasattr(record, en) or hasattr(record, zh):
            return str(getattr(record, zh, None) or ""), str(getattr(record, en, None) or "")
    return "", ""


def search(ds: Dataset, text: str, *, kinds: Sequence[str] = ()) -> Listing:
    """Every record that holds ``text`` (in any of its names, quotes or notes)."""
    wanted = _fold(text.strip())
    if not wanted:
        from tzcli.errors import QueryError

        raise QueryError("give some text to search for")
    rows: list[Row] = []
    sources: dict[str, str] = {}
    for group in (ds.sections, ds.plans, ds.villages):
        sources.update((o.id, o.source) for o in group)
    for kind, record, record_id, owner, fields in _fields(ds):
        if kinds and kind not in kinds:
            continue
        for name, value in fields:
            if not value:
                continue
            at = _fold(value).find(wanted)
            if at < 0:
                continue
            zh, en = _names(kind, record)
            row: Row = {
                "kind": kind,
                "id": record_id,
                "name_zh": zh,
                "name_en": en,
                "matched": snippet(value, at, at + len(wanted)),
                "field": name,
                "value": None,
                "value_max": None,
                "unit": None,
                "qualifier": None,
                "quote": getattr(record, "quote", None),
                "source": getattr(record, "source", "") or sources.get(owner, ""),
            }
            figure = record if kind in ("figure", "target") else getattr(record, "investment", None)
            if figure is not None:
                row.update(
                    value=figure.shown_value(),
                    value_max=figure.value_max,
                    unit=figure.unit,
                    qualifier=figure.qualifier,
                    derived=figure.derived,
                    flag_en=figure.flag_en,
                    reviewed=getattr(figure, "reviewed", True),
                )
            rows.append(row)
            break
    order = {kind: n for n, kind in enumerate(KINDS)}
    rows.sort(key=lambda row: order[row["kind"]])  # stable: the data's order within a kind
    return Listing(
        f"Search: {text.strip()}",
        f"搜索：{text.strip()}",
        search_columns(),
        rows,
        source_line(ds),
        source_line(ds, "zh"),
        group_by="kind",
    )


#: The kinds of record a search finds, for --kind.
KINDS = ("figure", "target", "project", "plan", "section", "measure", "village", "mention", "note")
