"""The model (``tzcli.model``) is the one list of each record's fields; the TOML format
(``tzcli.schema``), the listings' columns (``tzcli.query``), the exported tables and
their descriptions (``tzcli.exports.tables``) agree with it. A field added to the
model and forgotten in any of them fails here, as does one they keep that the model
has dropped."""

from __future__ import annotations

from typing import Any

import pytest

from tzcli import model, query
from tzcli.exports import tables as exported
from tzcli.schema import RECORDS, TABLES

#: Fields the loader sets and no file gives: whose a record is (``source``), the data
#: file's name, a derived figure's inputs (read from its formula), the project or plan
#: that holds a nested figure; a nested figure's topic, section and year are its
#: holder's, and a project's investment is named by the project.
LOADER_FIELDS: dict[str, set[str]] = {
    "meta": {"file"},
    "year": set(),
    "topic": {"source"},
    "section": {"source"},
    "figure": {"inputs", "project", "plan", "source"},
    "nested_figure": {"inputs", "project", "plan", "source", "topic", "section", "year"},
    "investment": {"id", "inputs", "project", "plan", "source", "topic", "section", "year"},
    "project": {"source"},
    "plan": {"source"},
    "measure": set(),
    "village": {"source"},
    "mention": set(),
    "note": {"source"},
    "replaced_id": {"source"},
}


def fields(cls: type) -> list[str]:
    return list(cls.__match_args__)  # type: ignore[attr-defined]


def test_every_record_of_the_model_is_a_table_of_the_format() -> None:
    records = {
        cls
        for cls in vars(model).values()
        if isinstance(cls, type) and cls.__module__ == model.__name__ and cls is not model.Dataset
    }
    assert records == set(RECORDS.values())
    assert set(RECORDS) == set(TABLES) - {"root"} == set(LOADER_FIELDS)


@pytest.mark.parametrize("table", sorted(RECORDS))
def test_the_format_s_keys_are_the_model_s_fields(table: str) -> None:
    """Each key of a file's table is a field of its record; each field a key, but those
    the loader sets."""
    keys = set(TABLES[table])
    model_fields = set(fields(RECORDS[table]))
    assert keys - model_fields == set(), f"[{table}] keys the model lacks"
    assert model_fields - LOADER_FIELDS[table] - keys == set(), f"{table}: not in the schema"
    assert LOADER_FIELDS[table] <= model_fields, f"{table}: LOADER_FIELDS names no field"


def project_fields(names: list[str]) -> set[str]:
    """A projects listing's columns as the project's fields they hold."""
    return {
        "investment" if name in query.INVESTMENT_COLUMNS else query.PROJECT_FIELDS.get(name, name)
        for name in names
    }


#: Listing → the record a row is, and its fields the listing leaves out (with why).
LISTINGS: dict[str, tuple[type, set[str]]] = {
    "figure_columns": (model.Figure, set()),
    # a project's own figures: `show` lists them, the figures table holds them
    "project_columns": (model.Project, {"figures"}),
    "village_columns": (model.Village, set()),  # mentions as a count
    # the description: in the exported topics table (`tzcli topics` is the list)
    "topic_columns": (model.Topic, {"description_en"}),
}


@pytest.mark.parametrize("listing", sorted(LISTINGS))
def test_a_listing_of_records_has_a_column_for_each_field(listing: str) -> None:
    cls, left_out = LISTINGS[listing]
    names = [c.name for c in getattr(query, listing)()]
    held = project_fields(names) if cls is model.Project else set(names)
    assert set(fields(cls)) - left_out - held == set(), f"{listing} lacks these fields"
    assert left_out <= set(fields(cls))


def test_the_figures_and_projects_listings_are_their_records() -> None:
    """Every column of ``facts`` and ``projects`` is a field of the record (no more)."""
    assert {c.name for c in query.figure_columns()} == set(fields(model.Figure))
    names = [c.name for c in query.project_columns()]
    assert project_fields(names) == set(fields(model.Project)) - {"figures"}
    assert len(names) == len(set(names))


#: Exported table → the record a row is, and its fields exported elsewhere (or not).
EXPORTED: dict[str, tuple[type, set[str]]] = {
    "figures": (model.Figure, set()),
    "projects": (model.Project, {"figures"}),  # in the figures table, column project
    "plans": (model.Plan, {"measures", "targets", "projects"}),  # table plan_entries
    "sections": (model.Section, {"measures"}),  # table section_measures
    "section_measures": (model.Measure, set()),
    "villages": (model.Village, set()),
    "village_mentions": (model.Mention, set()),
    "topics": (model.Topic, set()),
    "notes": (model.SourceNote, set()),
    # a source's years and what each means: `tzcli show SOURCE` and `cite` give them
    "sources": (model.Meta, {"years"}),
}


@pytest.fixture(scope="module")
def described() -> dict[str, Any]:
    from tzcli.dataset import load

    return {t.name: t for t in exported.tables(load(None))}


@pytest.mark.parametrize("table", sorted(EXPORTED))
def test_an_exported_table_has_a_column_for_each_field(
    described: dict[str, Any], table: str
) -> None:
    cls, elsewhere = EXPORTED[table]
    names = [c.name for c in described[table].columns]
    held = project_fields(names) if cls is model.Project else set(names)
    assert set(fields(cls)) - elsewhere - held == set(), f"table {table} lacks these fields"


def test_every_exported_column_is_described_and_every_description_is_of_a_column(
    described: dict[str, Any],
) -> None:
    """A column without a description, or a description left for a column that is gone
    (a field renamed or dropped), fails."""
    for table in described.values():
        for col in table.columns:
            assert col.description, f"{table.name}.{col.name} has no description"
    for name, docs in exported._DOCS.items():
        assert name in described, f"descriptions of a table that is gone: {name}"
        stale = set(docs) - {c.name for c in described[name].columns}
        assert stale == set(), f"descriptions of columns {name} no longer has"
    every = {c.name for t in described.values() for c in t.columns}
    assert set(exported._COMMON) - every == set(), "common descriptions of no column"


def test_a_field_added_to_the_model_alone_fails_these_tests(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The checks above can fail: a figure with one field more agrees with nothing."""
    grown = (*fields(model.Figure), "population_note")
    monkeypatch.setattr(model.Figure, "__match_args__", grown)
    with pytest.raises(AssertionError):
        test_the_format_s_keys_are_the_model_s_fields("figure")
    with pytest.raises(AssertionError):
        test_the_figures_and_projects_listings_are_their_records()
    with pytest.raises(AssertionError):
        test_a_listing_of_records_has_a_column_for_each_field("figure_columns")
