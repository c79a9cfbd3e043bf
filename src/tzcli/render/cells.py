"""Cells as a person reads them: amounts with units, marks, keywords in Chinese, and
every control or bidi character made visible, so that no text from a data file is
ever run by a terminal. Shared by tables, charts and the CLI's error messages;
imports no Rich.
"""

from __future__ import annotations

from decimal import Decimal

from tzcli.listing import Column, Listing, Row
from tzcli.render.machine import raw_text

_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}


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


def table_columns(listing: Listing, lang: str) -> list[Column]:
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
        if lang == "zh" and not metric and not row.get("derived"):
            written = units.source_form(
                value,
                unit,
                row.get(col.qualifier) or "exact",
                row.get("quote"),
                row.get(col.value_max),
            )
            if written is not None:
                return written
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
        if col.name == "reviewed":  # the mark is on what a person has not checked yet
            return "" if value or value is None else ("草稿" if lang == "zh" else "draft")
        return ("是" if lang == "zh" else "yes") if value else ""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, Decimal):
        return raw_text(value)
    if lang == "zh" and col.name in _KEYWORD_COLUMNS:
        return KEYWORDS_ZH.get(str(value), str(value))
    if lang == "zh" and col.name == "unit":  # a concept's unit: 人, 元, 个 (not people)
        return units.UNIT_ZH.get(str(value), str(value))
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
    "result": "完成",
    "project": "项目",
    "mention": "提及",
    "plan": "计划",
    "section": "章节",
    "note": "说明",
    "topic": "主题",
    # kinds of source (`tzcli sources`; cite.KIND_NAMES names them the same)
    "interview": "访谈",
    "work_report": "工作报告",
    "work_summary": "工作总结",
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
