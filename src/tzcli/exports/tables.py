"""The exported tables, described once: columns with types, units and descriptions,
primary and foreign keys, and the texts to search.

The SQLite file, its Datasette metadata, the Frictionless data package, the
Excel workbook, the JSON document and the figures' csv are all written from
these, so they cannot disagree. A column's type is a Frictionless type from the
start: a listing's column's from its kind, a record's field's from the TOML
format (``tzcli.schema``); the SQL types derive from it (``exports.sqlite``).
The fields are the model's: a listing's columns (``tzcli.query``), a record's
``__match_args__`` (``tests/test_fields.py`` checks that they agree).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from tzcli.model import Dataset


@dataclass(frozen=True)
class Col:
    """One column: ``type`` is a Frictionless type (string, integer, number, boolean,
    array, date); ``unit`` names the unit of a number, or the column that holds it."""

    name: str
    type: str
    description: str
    unit: str | None = None


@dataclass(frozen=True)
class ForeignKey:
    columns: tuple[str, ...]
    table: str
    other: tuple[str, ...] = ("id",)


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    columns: tuple[Col, ...]
    rows: list[dict[str, Any]]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    search: tuple[str, ...] = ()  # columns of the full-text index
    label: str | None = None  # the column that names a row (for links to it)

    def column(self, name: str) -> Col:
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)


# --------------------------------------------------------------------------
# What each column means

_COMMON = {
    "id": "Stable id of the record (used by `tzcli show ID`)",
    "source": "Id of the source (table sources): records are keyed by source and id",
    "key": "The record's name in the corpus, SOURCE:ID (its primary key; `tzcli show SOURCE:ID`)",
    "quote": "The source's own words, verbatim (Chinese)",
    "year": "Year the record is about: 2016 = results reported, 2017 = plans",
    "section": "Id of the section of the interview (table sections)",
    "plan": "Id of the 2017 plan item (table plans), if any",
    "project": "Id of the investment project (table projects), if any",
    "number_zh": "The section's numeral as printed (一, 二, …), empty if none",
    "title_zh": "Title in Chinese, as in the source",
    "title_en": "Title in English (translation)",
    "name_zh": "Name in Chinese, as in the source",
    "name_en": "Name in English (translation)",
    "pillar": "The pillar of the 2017 plan: industry, services, urbanisation, "
    "party_building or poverty",
    "value": "The number, exact, in the unit given in column unit",
    "value_max": "Upper end of a stated range (in column unit), if the source gives one",
    "unit": "Unit of value and value_max: yuan, people, households, person-times, mu, m, km, "
    "m2, count or percent",
    "qualifier": "How the number is meant: exact, at_least (余 / 以上 / 超过) or approx (约)",
    "note_en": "Editor's note in English",
    "note_zh": "Editor's note in Chinese",
}

_DOCS: dict[str, dict[str, str]] = {
    "figures": {
        "id": "Stable id of the figure (used by `tzcli show ID` and `tzcli cite ID`)",
        "topic": "Id of the figure's topic (table topics)",
        "subject_zh": "What is counted, in Chinese",
        "subject_en": "What is counted, in English",
        "derived": "True if computed from other figures (see formula), false if stated",
        "formula": "For a derived figure: the formula over figure ids",
        "inputs": "For a derived figure: the ids of the figures it uses (a list; "
        "also table figure_inputs)",
        "villages": "Ids of the villages the figure is about (a list; also table figure_villages)",
        "quote": "The source's own words stating the figure, verbatim (empty if derived)",
        "flag_en": "Why the figure needs care (a doubt about the source), if any",
        "value_text": "The value as exact decimal text (no floating-point rounding)",
        "year_end": "The last year of a span (year to year_end), e.g. a five-year total; "
        "empty for one year",
        "kind": "result (reported as done) or target (a plan's goal)",
        "reviewed": "False for a figure drafted by `tzcli draft` that no person has checked yet",
        "decimals": "For a derived figure: the decimal places its value is given to "
        "(rounded half away from zero); empty for a stated figure",
    },
    "projects": {
        "company": "Company in Chinese, if named",
        "company_en": "Company in English, if named",
        "sector": "Sector of the project (energy, biomedicine, …)",
        "status": "Progress, as a keyword",
        "status_zh": "Progress, in the source's words",
        "status_en": "Progress, in English",
        "investment": "Investment in yuan, exact, if stated (the figure in table figures)",
        "investment_max": "Upper end of a stated investment range, in yuan",
        "investment_qualifier": "How the investment is meant: exact, at_least or approx",
        "villages": "Ids of the villages of the project (a list; also table project_villages)",
        "name_kind": "printed: the name is the source's own; constructed: a label made "
        "for the dataset from the source's words",
    },
    "plan_entries": {
        "plan_id": "Id of the plan item (table plans)",
        "kind": "measure (stated in words), target (a figure) or project",
        "id": "Id of the measure (plan#n), the target figure or the project",
        "text_zh": "The measure, target or project in Chinese",
        "text_en": "The measure, target or project in English",
        "value": "The target's number (or the project's investment), exact, in column unit",
        "unit": "Unit of value and value_max (yuan, people, …), empty for a measure",
    },
    "villages": {
        "pinyin": "Name in pinyin",
        "kind": "village, community or new_rural_community",
        "mentions": "How many times the text names it",
        "figures": "How many figures are about it",
        "projects": "How many projects are in it",
    },
    "village_mentions": {
        "village_id": "Id of the village (table villages)",
        "position": "Order of the mention in the text (1, 2, …)",
        "quote": "The sentence naming the village, verbatim",
        "en": "The sentence in English",
    },
    "topics": {
        "figures": "Figures in the topic",
        "stated": "Figures stated in the source",
        "derived": "Figures computed from others",
        "description_en": "What the topic covers",
    },
    "plans": {},
    "notes": {
        "id": "Stable id of the note",
        "kind": "What is odd: missing_numeral, damaged_marker, missing_punctuation, "
        "possible_typo, inconsistency, arithmetic or other",
        "quote": "The odd passage of the source, verbatim",
        "text_en": "The note in English",
        "text_zh": "The note in Chinese",
        "refs": "Ids of the records it concerns (a list; also table note_refs)",
        "context_en": "What public sources outside the interview say, for context (see "
        "context_source); not from the interview",
        "context_source": "Where context_en comes from, and how far it was checked",
    },
    "sections": {
        "parent": "Id of the enclosing section, if any",
        "quote": "The section's first words, verbatim",
        "title_kind": "printed: the page prints the heading; constructed: the page prints "
        "none and the title is the dataset's",
    },
    "sources": {
        "id": "Id of the source",
        "kind": "What kind of text it is: interview, work_report or work_summary",
        "title_zh": "Title of the page, in Chinese",
        "title_en": "Title of the page, in English",
        "quote": "The title as printed",
        "site_zh": "Web site, in Chinese",
        "site_en": "Web site, in English",
        "section_zh": "Section of the site, in Chinese",
        "section_en": "Section of the site, in English",
        "published": "Date of publication",
        "interviewee_zh": "Interviewee, in Chinese",
        "interviewee_en": "Interviewee, in English",
        "role_zh": "Interviewee's role, in Chinese",
        "role_en": "Interviewee's role, in English",
        "host_zh": "Host, in Chinese",
        "host_en": "Host, in English",
        "place_zh": "Place, in Chinese",
        "place_en": "Place, in English",
        "language": "Language of the text (ISO 639-1)",
        "url": "Address of the page",
        "file": "Name of tzcli's data file the records come from",
    },
    "figure_villages": {
        "figure_id": "Id of the figure (table figures)",
        "village_id": "Id of the village (table villages)",
    },
    "figure_inputs": {
        "figure_id": "Id of the derived figure (table figures)",
        "position": "Order of the input in the figure's list (1, 2, …)",
        "input_id": "Id of a figure it is computed from (table figures)",
    },
    "project_villages": {
        "project_id": "Id of the project (table projects)",
        "village_id": "Id of the village (table villages)",
    },
    "section_measures": {
        "section_id": "Id of the section (table sections)",
        "position": "Order of the clause in its section (1 for 一是, 2 for 二是, …)",
        "quote": "The clause of the 2016 results (or of the plan's overview), verbatim",
        "en": "The clause in English",
    },
    "note_refs": {
        "note_id": "Id of the note (table notes)",
        "ref_id": "Id of a record it concerns (a section, figure, plan, project, …)",
    },
}

_TITLES = {
    "figures": ("Figures", "Every number of the interview, and those computed from them"),
    "projects": ("Projects", "Investment projects reported for 2016 or planned for 2017"),
    "plan_entries": ("Plan entries", "The 2017 plan: each measure, target and project"),
    "villages": ("Villages", "Villages and communities the text names"),
    "village_mentions": ("Village mentions", "Each sentence that names a village"),
    "topics": ("Topics", "The topics figures are grouped by"),
    "plans": ("Plan items", "Items of the 2017 plan"),
    "notes": ("Source notes", "Oddities of the source text, recorded rather than fixed"),
    "sections": ("Sections", "Sections of the interview"),
    "sources": ("Sources", "The published interview the records come from"),
    "figure_villages": ("Figures × villages", "Which figures are about which villages"),
    "figure_inputs": ("Figure inputs", "Which figures each derived figure uses"),
    "project_villages": ("Projects × villages", "Which projects are in which villages"),
    "note_refs": ("Note references", "Which records each source note concerns"),
    "section_measures": (
        "Section measures",
        "What each section says in words: its clauses (一是, 二是 …), one a row",
    ),
}

_COUNTS = {"villages", "topics"}  # their integer columns other than year count records
_LABELS = {
    "figures": "subject_en",
    "projects": "name_en",
    "villages": "name_zh",
    "topics": "name_en",
    "plans": "title_en",
    "sections": "title_en",
    "sources": "title_en",
    "notes": "text_en",
}
_SEARCH = {
    "figures": ("subject_zh", "subject_en", "quote", "note_en", "note_zh", "flag_en"),
    "projects": ("name_zh", "name_en", "company", "company_en", "quote", "note_en"),
    "plan_entries": ("title_zh", "title_en", "text_zh", "text_en", "quote"),
    "plans": ("title_zh", "title_en", "quote"),
    "villages": ("name_zh", "pinyin"),
    "village_mentions": ("quote", "en"),
    "section_measures": ("quote", "en"),
    "topics": ("name_zh", "name_en", "description_en"),
    "notes": ("quote", "text_en", "text_zh"),
    "sections": ("title_zh", "title_en", "quote"),
}
_KEYS: dict[str, tuple[str, ...]] = {
    "plan_entries": ("plan_id", "id"),
    "village_mentions": ("village_id", "position"),
    "figure_villages": ("figure_id", "village_id"),
    "figure_inputs": ("figure_id", "position"),
    "project_villages": ("project_id", "village_id"),
    "note_refs": ("note_id", "ref_id"),
    "section_measures": ("section_id", "position"),
}
_REFS: dict[str, tuple[tuple[str, str], ...]] = {
    "figures": (
        ("topic", "topics"),
        ("section", "sections"),
        ("project", "projects"),
        ("plan", "plans"),
        ("source", "sources"),
    ),
    "projects": (("section", "sections"), ("plan", "plans"), ("source", "sources")),
    "plan_entries": (("plan_id", "plans"), ("source", "sources")),
    "plans": (("section", "sections"), ("source", "sources")),
    "villages": (("source", "sources"),),
    "village_mentions": (("village_id", "villages"),),
    "section_measures": (("section_id", "sections"),),
    "topics": (("source", "sources"),),
    "notes": (("source", "sources"),),
    "sections": (("parent", "sections"), ("source", "sources")),
    "figure_villages": (("figure_id", "figures"), ("village_id", "villages")),
    "figure_inputs": (("figure_id", "figures"), ("input_id", "figures")),
    "project_villages": (("project_id", "projects"), ("village_id", "villages")),
    "note_refs": (("note_id", "notes"),),
}


def _unit(table: str, name: str, kind: str) -> str | None:
    if kind not in ("integer", "number"):
        return None
    if name in ("value", "value_max"):
        return "column unit"
    if name.startswith("investment"):
        return "yuan"
    if name in ("year", "year_end"):
        return "year"
    if name == "position":
        return "ordinal"
    if name == "decimals":
        return "decimal places"
    return "count" if table in _COUNTS else None


def _describe(table: str, name: str) -> str:
    """The column's description; empty for a column added without one (a test says so)."""
    return _DOCS.get(table, {}).get(name) or _COMMON.get(name) or ""


#: A listing column's kind (``tzcli.listing.Column``) as a Frictionless type.
_KIND_TYPES = {
    "int": "integer",
    "bool": "boolean",
    "quantity": "number",
    "number": "number",
    "list": "array",
}
#: A TOML key's kind (``tzcli.schema.Field``) as a Frictionless type; ids, refs and
#: text are strings.
_SCHEMA_TYPES = {
    "int": "integer",
    "bool": "boolean",
    "number": "number",
    "date": "date",
    "ids": "array",
    "refs": "array",
}

#: A table before it is described: its name, its columns with their Frictionless
#: types, and its rows.
_Raw = tuple[str, list[tuple[str, str]], list[dict[str, Any]]]


def _from_listing(name: str, listing: Any, *extra: tuple[str, str]) -> _Raw:
    """A listing's columns and rows (the export's table begins as ``-f json`` has it)."""
    columns = [(c.name, _KIND_TYPES.get(c.kind, "string")) for c in listing.columns]
    return name, [*columns, *extra], listing.rows


def _field_type(table: str, name: str) -> str:
    """The type of a record's field, as the TOML format (``tzcli.schema``) gives it; a
    field the loader adds (``source``, ``file``) is text."""
    from tzcli.schema import TABLES

    found = TABLES[table].get(name)
    return "string" if found is None else _SCHEMA_TYPES.get(found.kind, "string")


def _fields(table: str, drop: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """The fields of the record that the format's ``table`` becomes, in the model's
    order, with their types; but those of ``drop`` (lists exported as tables of their
    own)."""
    from tzcli.schema import RECORDS

    names = RECORDS[table].__match_args__  # type: ignore[attr-defined]
    return [(f, _field_type(table, f)) for f in names if f not in drop]


def _from_records(name: str, items: Sequence[Any], table: str, drop: tuple[str, ...] = ()) -> _Raw:
    """A table of records (of the format's ``table``), one row each, a column a field."""
    columns = _fields(table, drop)
    return name, columns, [{f: getattr(item, f) for f, _ in columns} for item in items]


def _from_lists(
    name: str,
    items: Sequence[Any],
    attribute: str,
    owner: str,
    *,
    column: str = "",
    parts: str = "",
    numbered: bool = False,
    once: bool = False,
) -> _Raw:
    """A list field of records as a table of pairs, so that it can be joined and keyed:
    the owner's id as ``owner``, the position (``numbered``), and each item as the
    ``column``, or, for a list of parts (measures, mentions: the format's table
    ``parts``), as the part's fields; ``once``: each item once (a note may name a
    record twice)."""
    columns = [(owner, "string")] + ([("position", "integer")] if numbered else [])
    fields = _fields(parts) if parts else []
    columns += fields or [(column, "string")]
    rows = []
    for record in items:
        values = getattr(record, attribute)
        if once:
            values = dict.fromkeys(values)
        for position, value in enumerate(values, 1):
            row: dict[str, Any] = {owner: record.id}
            if numbered:
                row["position"] = position
            if fields:
                row.update((f, getattr(value, f)) for f, _ in fields)
            else:
                row[column] = value
            row["source"] = record.source
            rows.append(row)
    return name, [*columns, ("source", "string")], rows


def _raw_tables(ds: Dataset) -> list[_Raw]:
    """Every table, in the export's order: the listings' first (their rows as the
    listings' ``-f json`` has them), then the records and the lists inside them."""
    from tzcli import query

    figures = query.facts(ds)
    described = {t.id: t.description_en for t in ds.topics}
    name, columns, rows = _from_listing("topics", query.topics(ds))
    columns.insert(3, ("description_en", "string"))
    topics = name, columns, [{**row, "description_en": described.get(row["id"])} for row in rows]
    name, columns, rows = _from_records("sources", ds.metas, "meta", drop=("years",))
    # the data file's name, never where it was on this machine
    sources = name, columns, [{**row, "file": os.path.basename(row["file"] or "")} for row in rows]
    return [
        (
            "figures",
            [*_from_listing("figures", figures)[1], ("value_text", "string")],
            [{**row, "value_text": str(row["value"])} for row in figures.rows],
        ),
        _from_listing("projects", query.projects(ds)),
        _from_listing("plan_entries", query.plans(ds)),
        _from_listing("villages", query.villages(ds)),
        topics,
        _from_records("plans", ds.plans, "plan", drop=("measures", "targets", "projects")),
        _from_lists(
            "village_mentions",
            ds.villages,
            "mentions",
            "village_id",
            parts="mention",
            numbered=True,
        ),
        _from_records("notes", ds.notes, "note"),
        _from_records("sections", ds.sections, "section", drop=("measures",)),
        sources,
        _from_lists("figure_villages", ds.figures, "villages", "figure_id", column="village_id"),
        _from_lists(
            "figure_inputs", ds.figures, "inputs", "figure_id", column="input_id", numbered=True
        ),
        _from_lists("project_villages", ds.projects, "villages", "project_id", column="village_id"),
        _from_lists(
            "section_measures",
            ds.sections,
            "measures",
            "section_id",
            parts="measure",
            numbered=True,
        ),
        _from_lists("note_refs", ds.notes, "refs", "note_id", column="ref_id", once=True),
    ]


def tables(ds: Dataset) -> list[Table]:
    """Every exported table, with its rows (values as the records hold them)."""
    out = []
    for name, columns, rows in _raw_tables(ds):
        cols = tuple(
            Col(col, kind, _describe(name, col), _unit(name, col, kind)) for col, kind in columns
        )
        names = {c.name for c in cols}
        title, description = _TITLES.get(name, (name, ""))
        out.append(
            Table(
                name=name,
                title=title,
                description=description,
                columns=cols,
                rows=rows,
                primary_key=_KEYS.get(name, ("id",) if "id" in names else ()),
                foreign_keys=tuple(
                    ForeignKey((col,), other) for col, other in _REFS.get(name, ()) if col in names
                ),
                search=tuple(c for c in _SEARCH.get(name, ()) if c in names),
                label=_LABELS.get(name),
            )
        )
    return _keyed(out)


#: Tables whose records are shared by every source, or are the sources: keyed by id alone.
_UNSCOPED = ("topics", "sources")


def _qualified(source: Any, ref: Any) -> str | None:
    if ref is None or ref == "":
        return None
    return str(ref) if ":" in str(ref) else f"{source}:{ref}"


def _keyed(described: list[Table]) -> list[Table]:
    """Every record keyed by source and id, so that a corpus of many sources, which may
    share ids, exports whole: a ``key`` column ``SOURCE:ID`` is the primary key of each
    table of records, the link tables' keys begin with ``source``, and each reference
    to a record gets a ``…_key`` column (after the listing's columns) that the foreign
    key uses. Single-column
    keys: Datasette links rows through single-column foreign keys only (datasette#1099)."""
    from dataclasses import replace

    (sources,) = [t for t in described if t.name == "sources"]
    loaded = {row["id"] for row in sources.rows}
    keyed = {
        t.name
        for t in described
        if t.name not in _UNSCOPED
        and {"id", "source"} <= {c.name for c in t.columns}
        and t.primary_key == ("id",)
    }
    out = []
    for table in described:
        names = [c.name for c in table.columns]
        if "source" not in names:
            out.append(table)
            continue
        columns = list(table.columns)
        rows = [dict(row) for row in table.rows]
        for row in rows:  # a topic of the shared vocabulary, which no file defines, or
            # one a source left out (``--source``) defines: of no source in the export
            if row["source"] == "" or (table.name in _UNSCOPED and row["source"] not in loaded):
                row["source"] = None
        primary = table.primary_key
        if table.name in keyed:
            columns.append(Col("key", "string", _describe(table.name, "key")))
            for row in rows:
                row["key"] = f"{row['source']}:{row['id']}"
            primary = ("key",)
        elif table.name not in _UNSCOPED and primary and "source" not in primary:
            primary = ("source", *primary)
        foreign = []
        for fk in table.foreign_keys:
            (col,) = fk.columns
            if fk.table not in keyed:
                foreign.append(fk)
                continue
            name = f"{col}_key"
            # after the listing's columns, so that an export's table begins as the
            # listing's -f json/csv does (one shape)
            columns.append(
                Col(name, "string", f"{col} as SOURCE:ID (table {fk.table}, column key)")
            )
            for row in rows:
                row[name] = _qualified(row["source"], row.get(col))
            foreign.append(ForeignKey((name,), fk.table, ("key",)))
        out.append(
            replace(
                table,
                columns=tuple(columns),
                rows=rows,
                primary_key=primary,
                foreign_keys=tuple(foreign),
            )
        )
    return out
