"""The TOML dataset format as data: one description that the loader checks
files against and that ``tzcli schema`` turns into a JSON Schema.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from tzcli.model import (
    DATE_PATTERN,
    FIGURE_KINDS,
    ID_PATTERN,
    NAME_KINDS,
    NOTE_KINDS,
    PILLARS,
    QUALIFIERS,
    REF_PATTERN,
    SCHEMA_VERSION,
    SOURCE_KINDS,
    UNITS,
    VILLAGE_KINDS,
    Figure,
    Measure,
    Mention,
    Meta,
    Plan,
    Project,
    ReplacedId,
    Section,
    SourceNote,
    Topic,
    Village,
    YearMeaning,
)


class Field(NamedTuple):
    """One key of a table: its kind, whether it must be there, allowed values."""

    #: str, text (may be empty), id, ref (an id or SOURCE:ID), date, int, bool, number,
    #: ids, refs, table:NAME, tables:NAME
    kind: str
    required: bool = True
    choices: tuple[str, ...] | None = None
    doc: str = ""


def _figure_fields(nested: bool) -> dict[str, Field]:
    fields: dict[str, Field] = {}
    if not nested:
        fields["topic"] = Field("id", doc="a topic id")
        fields["section"] = Field("id", doc="a section id")
        fields["year"] = Field("int", doc="the year the figure is of (the first of a span)")
    fields.update(
        year_end=Field(
            "int", False, doc="the last year of a span (year..year_end), e.g. a five-year total"
        ),
        kind=Field(
            "str",
            False,
            FIGURE_KINDS,
            "result: reported as done; target: a plan's goal (default: result; a plan's "
            "targets: target)",
        ),
        reviewed=Field(
            "bool",
            False,
            doc="false: drafted by `tzcli draft`, not yet checked by a person (default true)",
        ),
        subject_zh=Field("str", doc="what is counted, in Chinese"),
        subject_en=Field("str", doc="what is counted, in English"),
        value=Field("number", False, doc="as stated, with 万 and 亿 multiplied out"),
        value_max=Field("number", False, doc="the upper end of a stated range"),
        unit=Field("str", choices=UNITS),
        qualifier=Field(
            "str", choices=QUALIFIERS, doc="at_least for 余, 以上, 超过; at_most for 以下, 不足"
        ),
        quote=Field("str", False, doc="the shortest verbatim passage carrying the number"),
        villages=Field("ids", False, doc="ids of the villages the figure names"),
        note_en=Field("str", False),
        note_zh=Field("str", False),
        flag_en=Field("str", False, doc="why a (derived) figure looks implausible"),
        derived=Field("bool", False, doc="computed from other figures by `formula`"),
        formula=Field("str", False, doc="ids, numbers, + - * / and parentheses"),
        decimals=Field(
            "int",
            False,
            doc="with derived: decimal places every output shows (default 2; -3: to thousands)",
        ),
    )
    return fields


TABLES: dict[str, dict[str, Field]] = {
    "root": {
        "schema_version": Field("int", doc=f"always {SCHEMA_VERSION}"),
        "meta": Field("table:meta"),
        "topics": Field("tables:topic", False),
        "sections": Field("tables:section", False),
        "figures": Field("tables:figure", False),
        "projects": Field("tables:project", False),
        "plans": Field("tables:plan", False),
        "villages": Field("tables:village", False),
        "notes": Field("tables:note", False),
        "replaced_ids": Field(
            "tables:replaced_id", False, doc="ids of earlier versions and what became of them"
        ),
    },
    "meta": {
        "id": Field("id", doc="the source's id: SOURCE in a record's name SOURCE:ID"),
        "kind": Field("str", False, SOURCE_KINDS, "what kind of text it is (default interview)"),
        "title_zh": Field("str"),
        "title_en": Field("str", False),
        "quote": Field("str", doc="the title as printed"),
        "site_zh": Field("str", False, doc="who published it (a web site, a gazette)"),
        "site_en": Field("str", False),
        "section_zh": Field("str", False),
        "section_en": Field("str", False),
        "published": Field("date", False, doc="YYYY-MM-DD (absent: not known)"),
        "url": Field("str", False),
        "interviewee_zh": Field("str", False, doc="an interview's: who is interviewed"),
        "interviewee_en": Field("str", False),
        "role_zh": Field("str", False, doc="the interviewee's (or a report's speaker's) post"),
        "role_en": Field("str", False),
        "host_zh": Field("str", False, doc="an interview's host"),
        "host_en": Field("str", False),
        "place_zh": Field("str", False, doc="the place the text is about"),
        "place_en": Field("str", False),
        "language": Field("str"),
        "years": Field("tables:year"),
    },
    "year": {
        "year": Field("int"),
        "meaning_zh": Field("str"),
        "meaning_en": Field("str"),
    },
    "topic": {
        "id": Field("id"),
        "name_zh": Field("str"),
        "name_en": Field("str"),
        "description_en": Field("str", False),
    },
    "section": {
        "id": Field("id"),
        "year": Field("int"),
        "number_zh": Field("text", doc="as printed; empty when the source has none"),
        "title_zh": Field("str"),
        "title_en": Field("str"),
        "quote": Field("str"),
        "parent": Field("id", False),
        "title_kind": Field(
            "str",
            False,
            NAME_KINDS,
            "printed: the page prints the heading; constructed: the dataset's (default printed)",
        ),
        "measures": Field("tables:measure", False, doc="the section's clauses, verbatim"),
    },
    "figure": {"id": Field("id"), **_figure_fields(nested=False)},
    "investment": _figure_fields(nested=True),
    "nested_figure": {"id": Field("id"), **_figure_fields(nested=True)},
    "project": {
        "id": Field("id"),
        "year": Field("int"),
        "section": Field("id"),
        "name_zh": Field("str"),
        "name_en": Field("str"),
        "company_zh": Field("str", False),
        "company_en": Field("str", False),
        "sector": Field("str"),
        "status": Field("str"),
        "status_zh": Field("str"),
        "status_en": Field("str"),
        "quote": Field("str"),
        "name_kind": Field(
            "str",
            False,
            NAME_KINDS,
            "printed: name_zh is in the text; constructed: put together (default printed)",
        ),
        "villages": Field("ids", False),
        "plan": Field("id", False),
        "note_en": Field("str", False),
        "investment": Field("table:investment", False),
        "figures": Field("tables:nested_figure", False),
    },
    "plan": {
        "id": Field("id"),
        "pillar": Field("str", choices=PILLARS),
        "section": Field("id"),
        "number_zh": Field("text", doc="as printed (a damaged marker stays damaged)"),
        "title_zh": Field("str"),
        "title_en": Field("str"),
        "quote": Field("str"),
        "projects": Field("ids", False),
        "measures": Field("tables:measure", False),
        "targets": Field("tables:nested_figure", False),
    },
    "measure": {"quote": Field("str"), "en": Field("str")},
    "village": {
        "id": Field("id"),
        "name_zh": Field("str"),
        "pinyin": Field("str"),
        "kind": Field("str", choices=VILLAGE_KINDS),
        "mentions": Field("tables:mention", False),
    },
    "mention": {"quote": Field("str"), "en": Field("str")},
    "note": {
        "id": Field("id"),
        "kind": Field("str", choices=NOTE_KINDS),
        "quote": Field("str"),
        "text_en": Field("str"),
        "text_zh": Field("str", False),
        "refs": Field("refs", False, doc="ids of records of this source, or SOURCE:ID"),
        "context_en": Field(
            "str", False, doc="what sources outside the interview say (not from the text)"
        ),
        "context_source": Field("str", False, doc="where context_en comes from"),
    },
    "replaced_id": {
        "old": Field("id", doc="an id earlier versions used"),
        "new": Field(
            "ref", False, doc="the id that replaced it (or SOURCE:ID); absent when it was dropped"
        ),
        "reason_en": Field("str"),
    },
}


#: The model's record (``tzcli.model``) that each table of the format becomes: the
#: record's fields are the table's keys and those the loader adds (``tests/test_fields.py``
#: says which), so the exports type a record's fields by the keys here.
RECORDS: dict[str, type] = {
    "meta": Meta,
    "year": YearMeaning,
    "topic": Topic,
    "section": Section,
    "figure": Figure,
    "nested_figure": Figure,
    "investment": Figure,
    "project": Project,
    "plan": Plan,
    "measure": Measure,
    "village": Village,
    "mention": Mention,
    "note": SourceNote,
    "replaced_id": ReplacedId,
}


def json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of the TOML format, built from ``TABLES``."""

    def field_schema(field: Field) -> dict[str, Any]:
        kind = field.kind
        out: dict[str, Any]
        if kind.startswith("table:"):
            out = {"$ref": f"#/$defs/{kind[6:]}"}
        elif kind.startswith("tables:"):
            out = {"type": "array", "items": {"$ref": f"#/$defs/{kind[7:]}"}}
        elif kind == "number":
            out = {"type": "number"}
        elif kind == "int":
            out = {"type": "integer"}
        elif kind == "bool":
            out = {"type": "boolean"}
        elif kind == "id":
            out = {"type": "string", "pattern": ID_PATTERN}
        elif kind == "date":
            out = {"type": "string", "pattern": DATE_PATTERN}
        elif kind == "ids":
            out = {"type": "array", "items": {"type": "string", "pattern": ID_PATTERN}}
        elif kind == "ref":
            out = {"type": "string", "pattern": REF_PATTERN}
        elif kind == "refs":
            out = {"type": "array", "items": {"type": "string", "pattern": REF_PATTERN}}
        elif kind == "text":
            out = {"type": "string"}
        else:
            out = {"type": "string", "minLength": 1}
        if field.choices:
            out["enum"] = list(field.choices)
        if field.doc:
            out["description"] = field.doc
        return out

    def table_schema(name: str) -> dict[str, Any]:
        fields = TABLES[name]
        return {
            "type": "object",
            "properties": {key: field_schema(f) for key, f in fields.items()},
            "required": [key for key, f in fields.items() if f.required],
            "additionalProperties": False,
        }

    root = table_schema("root")
    root["properties"]["schema_version"]["const"] = SCHEMA_VERSION
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "tzcli dataset (one source: an interview or a work report)",
        **root,
        "$defs": {name: table_schema(name) for name in TABLES if name != "root"},
    }
