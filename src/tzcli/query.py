"""Pure queries: a Dataset and filters in, a Listing (columns and raw rows) out.

Rows hold raw values (Decimal, int, str, bool, None, tuples); only the
renderers turn them into text. Nothing here reads files or prints.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from tzcli.errors import QueryError
from tzcli.listing import Column, Listing, Row
from tzcli.model import Dataset, Figure, Plan, Project, Section, Village

# --------------------------------------------------------------------------
# Shared column sets: each made when first asked for (a call needs one or two)


@functools.cache
def figure_columns() -> tuple[Column, ...]:
    return (
        Column("id", "ID", "编号", role="id", priority=0),
        Column("topic", "Topic", "主题", table=False),
        Column("year", "Year", "年份", "int", priority=2),
        Column("year_end", "To year", "截至年份", "int", table=False),
        Column("kind", "Result / target", "完成 / 目标", table=False),
        Column("subject_zh", "Subject", "项目", lang="zh", priority=1),
        Column("subject_en", "Subject", "项目", lang="en", priority=1),
        Column("value", "Value", "数值", "quantity", priority=0),
        Column("value_max", "Up to", "上限", "number", table=False),
        Column("unit", "Unit", "单位", table=False),
        Column("qualifier", "Qualifier", "限定", table=False),
        Column("derived", "Derived", "推算", "bool", table=False),
        Column("formula", "Formula", "公式", table=False),
        Column("inputs", "Inputs", "所用数据", "list", table=False),
        Column("section", "Section", "章节", table=False),
        Column("villages", "Villages", "村社", "list", table=False),
        Column("project", "Project", "项目编号", table=False),
        Column("plan", "Plan", "计划编号", table=False),
        Column("quote", "Quote", "原文", priority=3),
        Column("note_en", "Note", "备注", table=False),
        Column("note_zh", "Note (zh)", "备注（中文）", table=False),
        Column("flag_en", "Flag", "存疑", table=False),
        Column("decimals", "Decimals", "小数位", "int", table=False),
        Column("reviewed", "Reviewed", "已核对", "bool", table=False),
        Column("source", "Source", "来源", table=False),
    )


def figure_row(fig: Figure) -> Row:
    """Every field of the figure, by name (a copy of its fields: the rows of a listing
    of 100,000 figures are made at C speed). Columns give the order, not the row.
    A derived figure's value is shown to its precision (``Figure.shown_value``)."""
    row = dict(vars(fig))
    if fig.derived:
        row["value"] = fig.shown_value()
    return row


def source_line(ds: Dataset, lang: str = "en") -> str:
    """Where the rows come from, in ``lang``: each source loaded, in a few words (its
    names in both languages); more than three, a count and the first three ids."""
    metas = ds.metas
    if len(metas) > 3:
        ids = [m.id for m in metas[:3]]
        if lang == "zh":
            return f"{len(metas)}个来源（" + "、".join(ids) + "等）"
        return f"{len(metas)} sources: " + ", ".join(ids) + " …"
    return ("；" if lang == "zh" else "; ").join(_source_words(m, lang) for m in metas)


def _source_words(m: Any, lang: str) -> str:
    words = " ".join(w for w in (m.site_zh, m.site_en) if w) or m.title_zh
    if m.section_zh:
        words += f", {m.section_zh}"
    words += f", {m.published or ('日期不详' if lang == 'zh' else 'n.d.')}"
    who = " ".join(w for w in (m.interviewee_zh, m.interviewee_en) if w)
    return f"{words} ({who})" if who else words


# --------------------------------------------------------------------------
# Generic arranging


def years_with_data(items: Iterable[Any]) -> list[int]:
    """Every year the items are of (each year of a figure's span too)."""
    years: set[int] = set()
    for item in items:
        end = getattr(item, "year_end", None)
        if end is None:
            years.add(item.year)
        else:
            years.update(range(item.year, end + 1))
    return sorted(years)


def check_year(year: int | None, available: Sequence[int], what: str) -> None:
    if year is not None and year not in available:
        have = ", ".join(str(y) for y in available) or "none"
        raise QueryError(f"no {what} for {year}; years with data: {have}")


def _sort_key(value: Any) -> tuple[int, Any]:
    if value is None or value == "":
        return (1, "")
    if isinstance(value, bool):
        return (0, int(value))
    if isinstance(value, (int, Decimal)):
        return (0, value)
    if isinstance(value, tuple):
        return (0, ";".join(str(v) for v in value))
    return (0, str(value))


def arrange(listing: Listing, sort: str | None = None, limit: int | None = None) -> Listing:
    """Sort by a column (``-col`` for descending; blanks always last) and cut to ``limit``."""
    rows = list(listing.rows)
    if sort:
        descending = sort.startswith("-")
        name = sort.lstrip("-")
        listing.column(name)  # raises on an unknown column
        present = [r for r in rows if r.get(name) not in (None, "")]
        blank = [r for r in rows if r.get(name) in (None, "")]
        kinds = {type(_sort_key(r[name])[1]) for r in present}
        if len(kinds) > 1:
            present.sort(key=lambda r: str(r[name]), reverse=descending)
        else:
            present.sort(key=lambda r: _sort_key(r[name]), reverse=descending)
        rows = present + blank
    if limit is not None:
        if limit < 0:
            raise QueryError("--limit must be 0 or more")
        rows = rows[:limit]
    from tzcli._frozen import replace

    return replace(listing, rows=rows, group_by=listing.group_by if not sort else None)


def select_columns(listing: Listing, names: Sequence[str] | None) -> tuple[Column, ...]:
    """The columns named, in that order; every column when None."""
    if not names:
        return listing.columns
    return tuple(listing.column(name) for name in names)


def _found_in(search: str, fields: Iterable[str | None]) -> bool:
    """Whether ``search`` is in any of ``fields`` (case-folded; None fields skipped)."""
    folded = search.casefold()
    return any(field is not None and folded in field.casefold() for field in fields)


# --------------------------------------------------------------------------
# facts and topics


def facts(
    ds: Dataset,
    *,
    topics: Sequence[str] = (),
    year: int | None = None,
    unit: str | None = None,
    search: str | None = None,
    minimum: Decimal | None = None,
    maximum: Decimal | None = None,
    derived: bool | None = None,
) -> Listing:
    """Every figure that passes the filters. ``--min/--max`` compare the value shown: as
    stated, or a derived figure at its ``decimals`` (``Figure.shown_value``)."""
    check_year(year, years_with_data(ds.figures), "figures")
    rows = []
    for fig in ds.figures:
        if topics and fig.topic not in topics:
            continue
        if year is not None and not fig.in_year(year):
            continue
        if unit is not None and fig.unit != unit:
            continue
        if derived is not None and fig.derived != derived:
            continue
        if minimum is not None or maximum is not None:
            shown = fig.shown_value()  # a derived figure as every output shows it
            if minimum is not None and (fig.value_max or shown) < minimum:
                continue
            if maximum is not None and shown > maximum:
                continue
        if search and not _found_in(
            search, (fig.id, fig.subject_zh, fig.subject_en, fig.quote, fig.note_en)
        ):
            continue
        rows.append(figure_row(fig))
    return Listing(
        "Figures", "数据", figure_columns(), rows, source_line(ds), source_line(ds, "zh")
    )


@functools.cache
def topic_columns() -> tuple[Column, ...]:
    return (
        Column("id", "ID", "编号", role="id", priority=0),
        Column("name_zh", "Topic", "主题", lang="zh", priority=1),
        Column("name_en", "Topic", "主题", lang="en", priority=1),
        Column("figures", "Figures", "数据条数", "int"),
        Column("stated", "Stated", "原文", "int"),
        Column("derived", "Derived", "推算", "int"),
        Column("source", "Source", "来源", table=False),
    )


def topics(ds: Dataset) -> Listing:
    rows = []
    for topic in ds.topics:
        figs = [f for f in ds.figures if f.topic == topic.id]
        derived = sum(1 for f in figs if f.derived)
        rows.append(
            {
                "id": topic.id,
                "name_zh": topic.name_zh,
                "name_en": topic.name_en,
                "figures": len(figs),
                "stated": len(figs) - derived,
                "derived": derived,
                "source": topic.source,
            }
        )
    return Listing("Topics", "主题", topic_columns(), rows, source_line(ds), source_line(ds, "zh"))


def _some_figure_columns(names: str, shown: str, **extra: Column) -> tuple[Column, ...]:
    """Columns of figure_columns() (or ``extra``) by name, shown in tables if in ``shown``."""
    from tzcli._frozen import replace  # dataclasses.replace would import dataclasses

    by_name = {c.name: c for c in figure_columns()}
    by_name.update(extra)
    visible = set(shown.split())
    return tuple(replace(by_name[n], table=n in visible) for n in names.split())


@functools.cache
def indicator_columns() -> tuple[Column, ...]:
    return _some_figure_columns(
        "id topic year subject_zh subject_en value unit qualifier derived formula inputs decimals "
        "flag_en note_en source",
        shown="id year subject_zh subject_en value formula flag_en",
        subject_zh=Column("subject_zh", "Indicator", "指标", lang="zh", priority=1),
        subject_en=Column("subject_en", "Indicator", "指标", lang="en", priority=1),
        formula=Column("formula", "Formula", "公式", priority=3),
        flag_en=Column("flag_en", "Flag", "存疑", priority=4),
    )


def indicators(ds: Dataset, *, topics: Sequence[str] = ()) -> Listing:
    """Every derived figure, with its formula and the ids it uses."""
    rows = []
    for fig in ds.figures:
        if fig.derived and (not topics or fig.topic in topics):
            rows.append(figure_row(fig))
    return Listing(
        "Derived indicators (computed, not stated in the source)",
        "推算指标（据原文数据计算，非原文所述）",
        indicator_columns(),
        rows,
        source_line(ds),
        source_line(ds, "zh"),
    )


def with_metric(listing: Listing) -> Listing:
    """The listing with converted columns (``<col>_metric``, ``unit_metric``) beside the stated."""
    from tzcli._frozen import replace
    from tzcli.units import to_metric

    quantities = [c for c in listing.columns if c.kind == "quantity"]
    if not quantities:
        return listing

    def metric_names(col: Column) -> tuple[str, str, str]:
        unit = f"{col.name}_unit_metric" if col.fixed_unit else "unit_metric"
        return f"{col.name}_metric", f"{col.value_max}_metric", unit

    columns: list[Column] = []
    for col in listing.columns:
        columns.append(col)
        if col.kind == "quantity":
            value, high, unit = metric_names(col)
            columns += [
                Column(
                    value,
                    f"{col.title_en} (metric)",
                    f"{col.title_zh}（公制）",
                    "number",
                    table=False,
                ),
                Column(
                    high,
                    f"{col.title_en} up to (metric)",
                    f"{col.title_zh}上限（公制）",
                    "number",
                    table=False,
                ),
                Column(unit, "Unit (metric)", "单位（公制）", table=False),
            ]
    rows = []
    for row in listing.rows:
        new = dict(row)
        for col in quantities:
            stated_unit = col.fixed_unit or row.get(col.unit)
            if row.get(col.name) is None:
                stated_unit = None
            value, high, unit = metric_names(col)
            new[value], new[unit] = to_metric(row.get(col.name), stated_unit)
            new[high], _ = to_metric(row.get(col.value_max), stated_unit)
        rows.append(new)
    return replace(listing, columns=tuple(columns), rows=rows)


# --------------------------------------------------------------------------
# stats

HEADLINE_TOPICS = ("profile", "economy", "enterprises")


@functools.cache
def stats_columns() -> tuple[Column, ...]:
    return (Column("group", "Group", "类别", role="measure", priority=1),) + figure_columns()


def stats(ds: Dataset, *, year: int | None = None) -> Listing:
    """Headline figures (profile, economy, enterprises) of each source: the sources' own,
    not the data's counts (``topics`` has those); with several sources, by source."""
    headline = [f for f in ds.figures if f.topic in HEADLINE_TOPICS]
    check_year(year, years_with_data(headline), "headline figures")
    rows: list[Row] = []
    for meta in ds.metas:
        own = [f for f in headline if f.source == meta.id]
        for group in HEADLINE_TOPICS:
            for fig in own:
                if fig.topic == group and (year is None or fig.in_year(year)):
                    rows.append({"group": group, **figure_row(fig)})
    title_en, title_zh = corpus_title(ds)
    columns = stats_columns()
    several = len({row["source"] for row in rows}) > 1
    if several:  # by source, then group: both in the heading, the row left to the figure
        from tzcli._frozen import replace

        columns = tuple(replace(c, heading=True) if c.name == "group" else c for c in columns)
    return Listing(
        f"{title_en}: headline figures",
        f"{title_zh}：主要数据",
        columns,
        rows,
        source_line(ds),
        source_line(ds, "zh"),
        group_by="source" if several else "group",
    )


def corpus_title(ds: Dataset) -> tuple[str, str]:
    """What a title calls the data loaded: the place of its one source, or the corpus."""
    if ds.several:
        return f"{len(ds.metas)} sources", f"{len(ds.metas)}个来源"
    meta = ds.meta
    return meta.short_place("en") or meta.id, meta.short_place("zh") or meta.id


def with_sources(listing: Listing, headings: bool = True) -> Listing:
    """A table's rows from several sources say whose they are: the source said once, in
    the heading of each group of its rows (before the listing's own group: ``songhe_2019
    · 2018``), not in a column beside every row's handle (which names its source already:
    ``songhe:people_lifted``); a column where the rows are sorted (no groups then) or
    where the columns are chosen (``headings`` false: the table the user asked for)."""
    from tzcli._frozen import replace

    names = [c.name for c in listing.columns]
    if "source" not in names or listing.group_by == "source":
        return listing
    col = listing.column("source")
    if col.table or len({row.get("source") for row in listing.rows}) < 2:
        return listing
    group = next((c for c in listing.columns if c.name == listing.group_by), None)
    everyone = all(row.get("source") for row in listing.rows)  # a shared topic has none
    grouped = listing.group_by is None or (group is not None and group.table)
    if headings and everyone and grouped:
        shown = replace(col, table=True, role="id", priority=1, heading=True)
        columns = [shown] + [
            replace(c, heading=True) if c is group else c
            for c in listing.columns
            if c.name != "source"
        ]
        return replace(listing, columns=tuple(columns), group_by="source")
    shown = replace(col, table=True, role="id", priority=1)
    columns = [shown] + [c for c in listing.columns if c.name != "source"]
    return replace(listing, columns=tuple(columns))


# --------------------------------------------------------------------------
# projects


@functools.cache
def project_columns() -> tuple[Column, ...]:
    return (
        Column("id", "ID", "编号", role="id", priority=0),
        Column("name_zh", "Project", "项目", lang="zh", priority=1),
        Column("name_en", "Project", "项目", lang="en", priority=1),
        Column("name_kind", "Name", "名称来源", table=False),
        Column("company", "Company", "企业", lang="zh", priority=3),
        Column("company_en", "Company", "企业", lang="en", priority=3),
        Column("sector", "Sector", "行业", role="measure"),
        Column("status", "Status", "进展", table=False),
        Column("status_zh", "Status", "进展", lang="zh", priority=4),
        Column("status_en", "Status", "进展", lang="en", priority=4),
        Column("year", "Year", "年份", "int", priority=2),
        Column(
            "investment",
            "Investment",
            "投资",
            "quantity",
            qualifier="investment_qualifier",
            fixed_unit="yuan",
            value_max="investment_max",
            priority=0,
        ),
        Column("investment_max", "Investment up to", "投资上限", "number", table=False),
        Column("investment_qualifier", "Investment qualifier", "投资限定", table=False),
        Column("plan", "Plan", "计划编号", table=False),
        Column("section", "Section", "章节", table=False),
        Column("villages", "Villages", "村社", "list", table=False),
        Column("quote", "Quote", "原文", table=False),
        Column("note_en", "Note", "备注", table=False),
        Column("source", "Source", "来源", table=False),
    )


#: A listing column of projects that holds a field of another name (see ``project_row``).
PROJECT_FIELDS = {"company": "company_zh"}
#: The columns that hold a project's investment figure: its value, upper end, qualifier.
INVESTMENT_COLUMNS = {
    "investment": "value",
    "investment_max": "value_max",
    "investment_qualifier": "qualifier",
}


@functools.cache
def _project_fields() -> tuple[tuple[str, str], ...]:
    """(column, the project's field it holds; "" for an investment column)."""
    return tuple(
        (c.name, "" if c.name in INVESTMENT_COLUMNS else PROJECT_FIELDS.get(c.name, c.name))
        for c in project_columns()
    )


def project_row(proj: Project) -> Row:
    """Every field of the project, by the names of ``project_columns`` and in their
    order: ``company_zh`` as ``company``, the investment figure as its three columns
    (its other figures are a project's own: ``show`` lists them). Made from the
    record's fields as they are, at C speed, as ``figure_row`` is."""
    own = vars(proj)
    row = {name: own[field] if field else None for name, field in _project_fields()}
    inv = proj.investment
    if inv is not None:
        for name, part in INVESTMENT_COLUMNS.items():
            row[name] = getattr(inv, part)
    return row


def projects(
    ds: Dataset,
    *,
    min_investment: Decimal | None = None,
    max_investment: Decimal | None = None,
    status: Sequence[str] = (),
    sector: Sequence[str] = (),
    year: int | None = None,
    search: str | None = None,
) -> Listing:
    """Investment projects; those with no stated amount only when no bound is given."""
    check_year(year, years_with_data(ds.projects), "projects")
    rows = []
    bounded = min_investment is not None or max_investment is not None
    for proj in ds.projects:
        inv = proj.investment
        if bounded:
            if inv is None:
                continue
            if min_investment is not None and (inv.value_max or inv.value) < min_investment:
                continue
            if max_investment is not None and inv.value > max_investment:
                continue
        if status and proj.status not in status:
            continue
        if sector and proj.sector not in sector:
            continue
        if year is not None and proj.year != year:
            continue
        if search and not _found_in(
            search,
            (proj.id, proj.name_zh, proj.name_en, proj.company_zh, proj.company_en, proj.quote),
        ):
            continue
        rows.append(project_row(proj))
    return Listing(
        "Investment projects",
        "投资项目",
        project_columns(),
        rows,
        source_line(ds),
        source_line(ds, "zh"),
    )


# --------------------------------------------------------------------------
# poverty


@functools.cache
def poverty_columns() -> tuple[Column, ...]:
    return (
        Column("year", "Year", "年份", "int", priority=1),
        Column("kind", "Kind", "类型", role="measure", priority=1),
    ) + _some_figure_columns(
        "id subject_zh subject_en value value_max unit qualifier derived formula quote source",
        shown="id subject_zh subject_en value",
        subject_zh=Column("subject_zh", "Item", "项目", lang="zh", role="prose", priority=1),
        subject_en=Column("subject_en", "Item", "项目", lang="en", role="prose", priority=1),
    )


def poverty_years(ds: Dataset) -> list[int]:
    """The years of the poverty figures, targets and measures planned."""
    plans = [p for p in ds.plans if p.pillar == "poverty"]
    figs = [f for f in ds.figures if f.topic == "poverty"]
    return sorted(
        set(years_with_data(figs))
        | {_plan_year(ds, p) for p in plans}
        | {f.year for p in plans for f in p.targets}
    )


def poverty(ds: Dataset, *, year: int | None = None) -> Listing:
    """The poverty figures (derived ones marked), then the targets and measures planned."""
    figs = [f for f in ds.figures if f.topic == "poverty"]
    plans = [p for p in ds.plans if p.pillar == "poverty"]
    check_year(year, poverty_years(ds), "poverty data")
    rows: list[Row] = []
    for fig in figs:
        if year is None or fig.in_year(year):
            row = figure_row(fig)
            row["kind"] = "figure"
            rows.append(row)
    for plan in plans:
        for target in plan.targets:
            if year is None or target.year == year:
                row = figure_row(target)
                row["kind"] = "target"
                rows.append(row)
        plan_year = _plan_year(ds, plan)
        if year is None or plan_year == year:
            for i, measure in enumerate(plan.measures, 1):
                rows.append(
                    {
                        "year": plan_year,
                        "kind": "measure",
                        "id": f"{plan.id}#{i}",
                        "subject_zh": measure.quote,
                        "subject_en": measure.en,
                        "value": None,
                        "value_max": None,
                        "unit": None,
                        "qualifier": None,
                        "derived": False,
                        "formula": None,
                        "quote": measure.quote,
                        "source": plan.source,
                    }
                )
    return Listing(
        "Poverty alleviation",
        "精准扶贫",
        poverty_columns(),
        rows,
        source_line(ds),
        source_line(ds, "zh"),
        group_by="year",
    )


def _plan_year(ds: Dataset, plan: Plan) -> int:
    section = ds.within(plan.source, plan.section)
    return getattr(section, "year", 2017)


def _entry(kind: str, entry_id: str, item: Any) -> Row:
    """One thing the text says of a plan item or a village (``plans``, ``village_detail``),
    the same keys in the same order whatever it is: a measure or mention in words, a
    figure, or a project with its investment."""
    if isinstance(item, Figure):
        return {
            "kind": kind,
            "id": entry_id,
            "text_zh": item.subject_zh,
            "text_en": item.subject_en,
            "value": item.value,
            "value_max": item.value_max,
            "unit": item.unit,
            "qualifier": item.qualifier,
            "quote": item.quote,
        }
    if isinstance(item, Project):
        inv = item.investment
        return {
            "kind": kind,
            "id": entry_id,
            "text_zh": item.name_zh,
            "text_en": item.name_en,
            "value": inv.value if inv else None,
            "value_max": inv.value_max if inv else None,
            "unit": "yuan" if inv else None,
            "qualifier": inv.qualifier if inv else None,
            "quote": item.quote,
        }
    return {  # a measure or a mention: its words, no number
        "kind": kind,
        "id": entry_id,
        "text_zh": item.quote,
        "text_en": item.en,
        "value": None,
        "value_max": None,
        "unit": None,
        "qualifier": None,
        "quote": item.quote,
    }


# --------------------------------------------------------------------------
# plans


@functools.cache
def plan_columns() -> tuple[Column, ...]:
    return (
        Column("plan_id", "Plan", "计划编号", role="id", priority=0),
        Column("pillar", "Pillar", "方向", role="measure", heading=True),
        Column("number_zh", "No.", "序号", table=False),
        Column("title_zh", "Plan item", "计划事项", lang="zh", heading=True),
        Column("title_en", "Plan item", "计划事项", lang="en", heading=True),
        Column("kind", "Kind", "类型", role="measure", priority=2),
        Column("id", "ID", "编号", role="id", priority=0),
        Column("text_zh", "Item", "措施 / 目标", lang="zh", role="prose", priority=1),
        Column("text_en", "Item", "措施 / 目标", lang="en", role="prose", priority=1),
        Column("value", "Value", "数值", "quantity", priority=0),
        Column("value_max", "Up to", "上限", "number", table=False),
        Column("unit", "Unit", "单位", table=False),
        Column("qualifier", "Qualifier", "限定", table=False),
        Column("quote", "Quote", "原文", table=False),
        Column("source", "Source", "来源", table=False),
    )


def plans(ds: Dataset, *, pillar: Sequence[str] = ()) -> Listing:
    """The 2017 plan: one row per measure, target or project of each plan item."""
    rows: list[Row] = []
    projects_by_id = {(p.source, p.id): p for p in ds.projects}
    projects_by_plan: dict[tuple[str, str | None], list[str]] = {}
    for proj in ds.projects:  # those that name their plan item, in the data's order
        projects_by_plan.setdefault((proj.source, proj.plan), []).append(proj.id)
    for plan in ds.plans:
        if pillar and plan.pillar not in pillar:
            continue
        base = {
            "plan_id": plan.id,
            "pillar": plan.pillar,
            "number_zh": plan.number_zh,
            "title_zh": plan.title_zh,
            "title_en": plan.title_en,
            "source": plan.source,
        }
        for i, measure in enumerate(plan.measures, 1):
            rows.append({**base, **_entry("measure", f"{plan.id}#{i}", measure)})
        for fig in plan.targets:
            rows.append({**base, **_entry("target", fig.id, fig)})
        linked = list(plan.projects) + [
            pid
            for pid in projects_by_plan.get((plan.source, plan.id), ())
            if pid not in plan.projects
        ]
        for proj_id in linked:
            proj = projects_by_id[(plan.source, proj_id)]
            rows.append({**base, **_entry("project", proj.id, proj)})
    years = sorted({_plan_year(ds, plan) for plan in ds.plans})
    title_en = f"The {years[0]} plan" if len(years) == 1 else "Plans"
    title_zh = f"{years[0]}年工作打算" if len(years) == 1 else "工作打算"
    return Listing(
        title_en,
        title_zh,
        plan_columns(),
        rows,
        source_line(ds),
        source_line(ds, "zh"),
        group_by="plan_id",
    )


# --------------------------------------------------------------------------
# villages


@functools.cache
def village_columns() -> tuple[Column, ...]:
    return (
        Column("id", "ID", "编号", role="id", priority=0),
        Column("name_zh", "Name", "名称", role="id", priority=1),
        Column("pinyin", "Pinyin", "拼音", role="id"),
        Column("kind", "Kind", "类型", role="measure"),
        Column("mentions", "Mentions", "提及", "int", priority=3),
        Column("figures", "Figures", "数据", "int", priority=3),
        Column("projects", "Projects", "项目", "int", priority=3),
        Column("source", "Source", "来源", table=False),
    )


@functools.cache
def village_detail_columns() -> tuple[Column, ...]:
    return (
        Column("village", "Village", "村社", table=False),
        Column("kind", "Kind", "类型", role="measure", priority=1),
        Column("id", "ID", "编号", role="id", priority=0),
        Column("text_zh", "What the text says", "原文所述", lang="zh", role="prose", priority=1),
        Column("text_en", "What the text says", "原文所述", lang="en", role="prose", priority=1),
        Column("value", "Value", "数值", "quantity", priority=0),
        Column("value_max", "Up to", "上限", "number", table=False),
        Column("unit", "Unit", "单位", table=False),
        Column("qualifier", "Qualifier", "限定", table=False),
        Column("quote", "Quote", "原文", priority=3),
        Column("source", "Source", "来源", table=False),
    )


def villages(ds: Dataset) -> Listing:
    figures = _per_village(ds.figures)
    projects = _per_village(ds.projects)
    rows = []
    for v in ds.villages:
        key = (v.source, v.id)
        rows.append(
            {
                "id": v.id,
                "name_zh": v.name_zh,
                "pinyin": v.pinyin,
                "kind": v.kind,
                "mentions": len(v.mentions),
                "figures": figures.get(key, 0),
                "projects": projects.get(key, 0),
                "source": v.source,
            }
        )
    return Listing(
        "Villages and communities named",
        "文中提及的村社",
        village_columns(),
        rows,
        source_line(ds),
        source_line(ds, "zh"),
    )


def _per_village(items: Iterable[Any]) -> dict[tuple[str, str], int]:
    """How many of ``items`` (figures, projects) name each (source, village): counted in
    one pass, not once a village (a corpus has thousands of villages)."""
    counts: dict[tuple[str, str], int] = {}
    for item in items:
        for village in set(item.villages):
            key = (item.source, village)
            counts[key] = counts.get(key, 0) + 1
    return counts


def find_village(ds: Dataset, name: str) -> Any:
    """A village by id (or ``SOURCE:ID``), Chinese name or pinyin (case- and
    space-insensitive); one that several sources name is an ``AmbiguousId``."""
    from tzcli.errors import AmbiguousId
    from tzcli.model import Village, qualified

    if ":" in name:
        found = ds.record(name.strip(), Village)
        if found is not None:
            return found
    wanted = "".join(name.split()).casefold()
    matches = []
    partly = []
    for v in ds.villages:
        keys = ["".join(k.split()).casefold() for k in (v.id, v.name_zh, v.pinyin)]
        if wanted in keys:
            matches.append(v)
        elif wanted and any(wanted in k for k in keys):
            partly.append(v)  # 东昇 for 东昇社区
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise AmbiguousId(name, [qualified(v.source, v.id) for v in matches])
    if len(partly) == 1:
        return partly[0]
    if partly:
        named = ", ".join(f"{v.name_zh} ({v.pinyin})" for v in partly)
        raise QueryError(f"{name!r} is part of the names of {named}: which one?")
    known = ", ".join(f"{v.name_zh} ({v.pinyin})" for v in ds.villages)
    raise QueryError(f"no village or community named {name!r}; the text names: {known}")


def village_detail(ds: Dataset, name: str) -> Listing:
    """Everything the text says of one village: its mentions, figures and projects."""
    v = find_village(ds, name)
    rows: list[Row] = []
    for i, mention in enumerate(v.mentions, 1):
        rows.append(
            {"village": v.id, **_entry("mention", f"{v.id}#{i}", mention), "source": v.source}
        )
    for fig in ds.figures:
        if v.id in fig.villages and fig.source == v.source:
            rows.append({"village": v.id, **_entry("figure", fig.id, fig), "source": fig.source})
    for proj in ds.projects:
        if v.id in proj.villages and proj.source == v.source:
            rows.append(
                {"village": v.id, **_entry("project", proj.id, proj), "source": proj.source}
            )
    return Listing(
        f"{v.name_zh} {v.pinyin}",
        f"{v.name_zh}（{v.pinyin}）",
        village_detail_columns(),
        rows,
        source_line(ds),
        source_line(ds, "zh"),
    )


# --------------------------------------------------------------------------
# review


def lacks(fig: Figure) -> list[str]:
    """What an unreviewed (drafted) figure still lacks, as ``tzcli validate`` says it."""
    found = []
    if fig.subject_en == fig.subject_zh:
        found.append("subject_en in English")
    if fig.topic == "draft":
        found.append("a topic")
    if fig.id.startswith(f"{fig.source}.f"):
        found.append("a concept id if it is one (a serial id)")
    return found


def unreviewed(ds: Dataset) -> dict[str, list[tuple[str, list[str]]]]:
    """By source: each unreviewed figure's id and what it lacks (see ``lacks``)."""
    out: dict[str, list[tuple[str, list[str]]]] = {}
    for fig in ds.figures:
        if not fig.reviewed:
            out.setdefault(fig.source, []).append((fig.id, lacks(fig)))
    return out


# --------------------------------------------------------------------------
# show


def closest_ids(ds: Dataset, wanted: str, n: int = 3) -> list[str]:
    import difflib

    ids = list(ds.ids()) if ":" not in wanted else list(ds.qualified_ids())
    close = difflib.get_close_matches(wanted, ids, n=n, cutoff=0.5)
    if not close:
        close = [i for i in ids if wanted.casefold() in i.casefold()][:n]
    return close


def record_fields(ds: Dataset, record_id: str) -> tuple[str, Row]:
    """One record as an ordered mapping of its fields (raw values), and its kind; an
    ``ID`` that several sources have is an ``AmbiguousId`` naming them as ``SOURCE:ID``;
    the handle a terminal's table prints for an id is read back (``tzcli.handles``)."""
    from tzcli.handles import resolve

    record_id = resolve(ds, record_id)
    found = ds.record(record_id)
    if found is None:
        part = part_fields(ds, record_id)
        if part is not None:
            return part
        _raise_if_replaced(ds, record_id)
        from tzcli.handles import for_dataset

        ending = for_dataset(ds).candidates(record_id)
        if len(ending) > 1:
            from tzcli.errors import AmbiguousId

            raise AmbiguousId(record_id, ending, ending=True)
        close = ending or closest_ids(ds, record_id)
        hint = f"; did you mean: {', '.join(close)}" if close else ""
        raise QueryError(f"no record with id {record_id!r}{hint}")
    kind = _KINDS.get(type(found).__name__, type(found).__name__.lower())
    if isinstance(found, Figure):
        row = figure_row(found)
        return kind, {col.name: row[col.name] for col in figure_columns()}
    if isinstance(found, Project):
        row = project_row(found)
        row["figures"] = tuple(f.id for f in found.figures)
        return kind, row
    row = {}
    for name in type(found).__match_args__:  # type: ignore[attr-defined]  # its fields, in order
        value = getattr(found, name)
        if isinstance(value, tuple):
            value = tuple(_nested(item) for item in value)
        row[name] = value
    return kind, row


def _raise_if_replaced(ds: Dataset, record_id: str) -> None:
    """An id that earlier versions used: say what replaced it (CHANGELOG.md lists them)."""
    old = ds.replacement(record_id)
    if old is None:
        return
    if old.new is not None:
        raise QueryError(f"{record_id!r} is now {old.new!r}: {old.reason_en}")
    raise QueryError(f"{record_id!r} was removed: {old.reason_en}")


_KINDS = {"SourceNote": "note", "Meta": "source"}


# Ids that listings print for what is not a record of its own: a plan's measure
# (``plan.x#2``) and a village's mention (``kongshuzhuang#1``). ``show`` takes them
# too, read from the listing that prints them, so that every id a listing prints can
# be shown.


def part_fields(ds: Dataset, part_id: str) -> tuple[str, Row] | None:
    """A measure, mention or topic count by the id a listing gives it, or None."""
    owner, sep, number = part_id.rpartition("#")
    rows: list[Row] = []
    source, _, bare = part_id.rpartition(":")
    if sep and number.isdigit():
        found = ds.record(owner)
        if found is not None:
            own = ds.only([getattr(found, "source", "")])
            if isinstance(found, Plan):
                rows = plans(own, pillar=(found.pillar,)).rows
            elif isinstance(found, Section):
                rows = [{"kind": "measure", **row} for row in measures(own).rows]
            elif isinstance(found, Village):
                rows = village_detail(own, found.id).rows
        bare = f"{getattr(found, 'id', owner)}#{number}"
    for row in rows:
        if row["id"] == bare:
            kind = str(row["kind"])
            fields = {k: v for k, v in row.items() if k not in ("kind", "group")}
            return kind, {"id": part_id, **fields}
    return None


def every_id(ds: Dataset) -> list[str]:
    """Every id that ``show`` takes: the records', then the parts' of ``part_fields``."""
    from tzcli.handles import every_id as ids

    return ids(ds)


def _nested(item: Any) -> Any:
    """A record inside a record, as show lists it: a figure by its id, a measure or mention
    as its quote and English."""
    if isinstance(item, Figure):
        return item.id
    if hasattr(item, "meaning_en"):  # a source's year and what it is
        return f"{item.year}: {item.meaning_zh} — {item.meaning_en}"
    quote, english = getattr(item, "quote", None), getattr(item, "en", None)
    if quote is not None and english is not None:
        return f"{quote} — {english}"
    return item


def show(ds: Dataset, record_id: str) -> Listing:
    from tzcli import cite
    from tzcli.handles import resolve

    record_id = resolve(ds, record_id)
    kind, fields = record_fields(ds, record_id)
    meta = ds.meta_for(str(fields.get("source", "")))
    fields["citation_zh"] = cite.short(meta, "zh")
    fields["citation_en"] = cite.short(meta, "en")
    known = {c.name: c for c in (*figure_columns(), *project_columns())}
    columns = tuple(known.get(name) or Column(name, name, name) for name in fields)
    inputs = []
    for input_id in fields.get("inputs") or ():  # a derived figure's, of its own source
        found = ds.within(str(fields.get("source", "")), input_id)
        if isinstance(found, Figure):
            inputs.append({**figure_row(found), "id": input_id})
    if inputs:
        fields["_inputs"] = tuple(inputs)
    # the record's own source under it (not the corpus's first three)
    own = ds.several and any(m.id == fields.get("source") for m in ds.metas)
    return Listing(
        f"{kind} {record_id}",
        f"{kind} {record_id}",
        columns,
        [fields],
        _source_words(meta, "en") if own else source_line(ds),
        _source_words(meta, "zh") if own else source_line(ds, "zh"),
        vertical=True,
    )


# --------------------------------------------------------------------------
# measures: what the text says in words, 2016 clauses and 2017 plan measures


@functools.cache
def measure_columns() -> tuple[Column, ...]:
    return (
        Column("id", "ID", "编号", role="id", priority=0),
        Column("year", "Year", "年份", "int", priority=2),
        Column("owner", "Section / plan", "章节 / 计划", role="id", heading=True),
        Column("title_zh", "Heading", "标题", lang="zh", heading=True),
        Column("title_en", "Heading", "标题", lang="en", heading=True),
        Column("text_zh", "Measure", "措施", lang="zh", role="prose", priority=1),
        Column("text_en", "Measure", "措施", lang="en", role="prose", priority=1),
        Column("quote", "Quote", "原文", table=False),
        Column("source", "Source", "来源", table=False),
    )


def measures(ds: Dataset, *, year: int | None = None, search: str | None = None) -> Listing:
    """Every measure: the 2016 clauses (一是, 二是 …) of the sections, then the 2017 plan's;
    ``search`` matches the Chinese or the English (and the heading)."""
    owners: list[tuple[Any, int]] = [(s, s.year) for s in ds.sections if s.measures]
    owners += [(p, _plan_year(ds, p)) for p in ds.plans if p.measures]
    check_year(year, sorted({y for _, y in owners}), "measures")
    rows: list[Row] = []
    matched: list[str] = []
    for owner, owner_year in owners:
        if year is not None and owner_year != year:
            continue
        for i, measure in enumerate(owner.measures, 1):
            if search and not _found_in(
                search, (measure.quote, measure.en, owner.title_zh, owner.title_en)
            ):
                continue
            if search:
                matched.append(_matched(search, (measure.quote, measure.en)))
            rows.append(
                {
                    "id": f"{owner.id}#{i}",
                    "year": owner_year,
                    "owner": owner.id,
                    "title_zh": owner.title_zh,
                    "title_en": owner.title_en,
                    "text_zh": measure.quote,
                    "text_en": measure.en,
                    "quote": measure.quote,
                    "source": owner.source,
                }
            )
    columns = measure_columns()
    if search:  # the words matched, beside the measure (a Chinese match in an English table)
        columns += (Column("matched", "Matched", "匹配文字", priority=1),)
        for row, words in zip(rows, matched, strict=True):
            row["matched"] = words
    return Listing(
        "Measures (in words)",
        "措施（文字）",
        columns,
        rows,
        source_line(ds),
        source_line(ds, "zh"),
        group_by="owner",
    )


def snippet(text: str, start: int, end: int, context: int = 14) -> str:
    """The match with ``context`` characters either side (whole words in English),
    ``…`` where text is left out."""
    left = max(0, start - context)
    right = min(len(text), end + context)
    while 0 < left < start and text[left - 1].isascii() and text[left - 1].isalnum():
        left -= 1
    while end < right < len(text) and text[right].isascii() and text[right].isalnum():
        right += 1
    return ("…" if left else "") + text[left:right].strip() + ("…" if right < len(text) else "")


def _matched(search: str, texts: Sequence[str]) -> str:
    """The words around ``search`` in the first of ``texts`` that holds it ("" if none)."""
    wanted = search.casefold()
    for text in texts:
        at = text.casefold().find(wanted)
        if at >= 0:
            return snippet(text, at, at + len(wanted), context=8)
    return ""


# --------------------------------------------------------------------------
# compare: one concept across the sources loaded


@functools.cache
def compare_columns() -> tuple[Column, ...]:
    return (
        Column("concept", "Concept", "概念", role="concept", heading=True),
        Column("source", "Source", "来源", role="id", priority=0),
        Column("place_zh", "Place", "地方", lang="zh", role="text", priority=3),
        Column("place_en", "Place", "地方", lang="en", role="text", priority=3),
        Column("id", "ID", "编号", table=False),
        Column("year", "Year", "年份", "int", table=False),
        Column("year_end", "To year", "截至年份", "int", table=False),
        Column("years", "Year", "年份", role="measure", priority=0),
        Column("kind", "Kind", "类型", role="measure", priority=2),
        Column("value", "Value", "数值", "quantity", priority=0),
        Column("value_max", "Up to", "上限", "number", table=False),
        Column("unit", "Unit", "单位", table=False),
        Column("qualifier", "Qualifier", "限定", table=False),
        Column("subject_zh", "Subject", "项目", lang="zh", table=False),
        Column("subject_en", "Subject", "项目", lang="en", table=False),
        Column("quote", "Quote", "原文", role="prose", priority=1),
        Column("reviewed", "Status", "状态", "bool", role="measure", priority=4),
    )


def concept_figures(ds: Dataset, concept_id: str) -> list[Figure]:
    """The figures that are ``concept_id``: that id in any source (``SOURCE:ID``: in that
    one), and, for a concept of the vocabulary, its ids with a suffix of their own
    (``poverty.people_lifted.2019``, ``….target_2020``)."""
    from tzcli.concepts import concept

    source, sep, wanted = concept_id.rpartition(":")
    prefix = f"{wanted}." if concept(wanted) is not None else None
    return [
        fig
        for fig in ds.figures
        if (fig.id == wanted or (prefix is not None and fig.id.startswith(prefix)))
        and (not sep or fig.source == source)
    ]


def _concept_or_figure(ds: Dataset, name: str) -> str:
    """The concept or figure id that ``name`` stands for: itself when figures have it,
    else the concept whose handle it is (``people_lifted``: the ``concepts`` table
    prints it), else the figure whose handle it is (``dongguan:tax_revenue``)."""
    from tzcli import handles

    if concept_figures(ds, name):
        return name
    found = handles.for_concepts().resolve(name)
    if found is not None:
        return found
    return handles.resolve(ds, name)


def compare(ds: Dataset, concept_ids: Sequence[str], *, year: int | None = None) -> Listing:
    """Each concept across every source loaded: one row per source and year, with its
    place, result or target, value and quote; sorted by concept, year, source."""
    from tzcli.concepts import concept

    rows: list[Row] = []
    places = {m.id: m for m in ds.metas}
    concept_ids = [_concept_or_figure(ds, c) for c in concept_ids]
    for concept_id in concept_ids:
        found = concept_figures(ds, concept_id)
        if not found:
            close = closest_ids(ds, concept_id)
            hint = f"; did you mean: {', '.join(close)}" if close else ""
            known = "" if concept(concept_id) is None else " (a concept no loaded source has)"
            raise QueryError(f"no figure with id {concept_id!r}{known}{hint}")
        if year is not None:
            found = [fig for fig in found if fig.in_year(year)]
        found.sort(key=lambda f: (f.year, f.year_end or f.year, f.kind, f.source))
        for fig in found:
            meta = places[fig.source]
            rows.append(
                {
                    "concept": concept_id,
                    "source": fig.source,
                    "place_zh": meta.short_place("zh"),
                    "place_en": meta.short_place("en"),
                    "id": fig.id,
                    "year": fig.year,
                    "year_end": fig.year_end,
                    "years": fig.years,
                    "kind": fig.kind,
                    "value": fig.shown_value(),
                    "value_max": fig.value_max,
                    "unit": fig.unit,
                    "qualifier": fig.qualifier,
                    "subject_zh": fig.subject_zh,
                    "subject_en": fig.subject_en,
                    "quote": fig.quote if fig.quote is not None else fig.formula,
                    "reviewed": fig.reviewed,
                    "derived": fig.derived,
                }
            )
    names = [concept(c) for c in concept_ids]
    title_en = ", ".join(n.name_en if n else c for n, c in zip(names, concept_ids, strict=True))
    title_zh = "、".join(n.name_zh if n else c for n, c in zip(names, concept_ids, strict=True))
    where = f"{len(ds.metas)} sources" if ds.several else ds.meta.id
    return Listing(
        f"{title_en[:1].upper()}{title_en[1:]}: {where}",
        f"{title_zh}：{len(ds.metas)}个来源" if ds.several else f"{title_zh}：{ds.meta.id}",
        compare_columns(),
        rows,
        source_line(ds),
        source_line(ds, "zh"),
        group_by="concept" if len(concept_ids) > 1 else None,
    )


# --------------------------------------------------------------------------
# concepts and sources


@functools.cache
def concept_columns() -> tuple[Column, ...]:
    return (
        Column("id", "ID", "编号", role="concept", priority=0),
        Column("name_zh", "Concept", "概念", lang="zh", priority=1),
        Column("name_en", "Concept", "概念", lang="en", priority=1),
        Column("unit", "Unit", "单位", role="measure", priority=2),
        Column("topic", "Topic", "主题", table=False),
        Column("sources", "Sources", "来源数", "int", priority=0),
        Column("figures", "Figures", "数据条数", "int", table=False),
        Column("definition_en", "Definition", "定义", priority=3),
    )


def concepts(ds: Dataset) -> Listing:
    """The shared vocabulary, each concept with how many loaded sources have it."""
    from tzcli.concepts import CONCEPTS

    rows: list[Row] = []
    for item in CONCEPTS:
        found = concept_figures(ds, item.id)
        rows.append(
            {
                "id": item.id,
                "name_zh": item.name_zh,
                "name_en": item.name_en,
                "unit": item.unit,
                "topic": item.topic,
                "sources": len({f.source for f in found}),
                "figures": len(found),
                "definition_en": item.definition_en,
            }
        )
    return Listing(
        "Concepts", "概念", concept_columns(), rows, source_line(ds), source_line(ds, "zh")
    )


@functools.cache
def source_columns() -> tuple[Column, ...]:
    return (
        Column("id", "Source", "来源", role="id", priority=0),
        Column("kind", "Kind", "类型", role="measure", priority=2),
        Column("place_zh", "Place", "地方", lang="zh", role="measure", priority=1),
        Column("place_en", "Place", "地方", lang="en", role="measure", priority=1),
        Column("published", "Published", "发布日期", role="measure", priority=1),
        Column("title_zh", "Title", "标题", lang="zh", priority=3),
        Column("title_en", "Title", "标题", lang="en", priority=3),
        Column("figures", "Figures", "数据条数", "int", priority=0),
        Column("unreviewed", "Unreviewed", "未核对", "int", priority=0),
        Column("file", "File", "文件", table=False),
    )


def sources(ds: Dataset) -> Listing:
    """Each source loaded: what it is, where, when, and how many of its figures are drafts."""
    figures: dict[str, int] = {}
    drafts: dict[str, int] = {}
    for fig in ds.figures:
        figures[fig.source] = figures.get(fig.source, 0) + 1
        if not fig.reviewed:
            drafts[fig.source] = drafts.get(fig.source, 0) + 1
    rows = [
        {
            "id": m.id,
            "kind": m.kind,
            "place_zh": m.place("zh"),
            "place_en": m.place("en"),
            "published": m.published,
            "title_zh": m.title_zh,
            "title_en": m.title("en"),
            "figures": figures.get(m.id, 0),
            "unreviewed": drafts.get(m.id, 0),
            "file": m.file,
        }
        for m in ds.metas
    ]
    return Listing(
        "Sources", "来源", source_columns(), rows, source_line(ds), source_line(ds, "zh")
    )
