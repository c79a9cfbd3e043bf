"""Handles: the short names a terminal's table prints for ids, and reading them back."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tzcli.handles import Handles, source_aliases


def test_a_source_is_named_by_the_shortest_start_no_other_source_has() -> None:
    assert source_aliases(["dongguan_2020", "qingshi_2018", "tianzhong_2017"]) == {
        "dongguan_2020": "dongguan",
        "qingshi_2018": "qingshi",
        "tianzhong_2017": "tianzhong",
    }
    # two years of one place: the place alone names neither
    assert source_aliases(["dongguan_2019", "dongguan_2020", "he_ze_2018", "he_yang_2018"]) == {
        "dongguan_2019": "dongguan_2019",
        "dongguan_2020": "dongguan_2020",
        "he_ze_2018": "he_ze",
        "he_yang_2018": "he_yang",
    }
    # a source whose id is the start of another's: neither is shortened to it
    assert source_aliases(["songhe", "songhe_2019"]) == {
        "songhe": "songhe",
        "songhe_2019": "songhe_2019",
    }


def test_a_corpus_handle_names_its_source_short_and_reads_back() -> None:
    ids = [
        "dongguan_2020:economy.tax_revenue",
        "qingshi_2018:economy.tax_revenue",
        "economy.tax_revenue.target_2020",
        "dongguan_2020:enterprises.above_size_industrial_total",
        "qingshi_2018:enterprises.above_size_industrial_total",
    ]
    handles = Handles(ids, ["dongguan_2020", "qingshi_2018"])
    assert handles.short(ids[0]) == "dongguan:tax_revenue"
    assert handles.short(ids[3]) == "dongguan:above_size_industrial_total"
    assert handles.short(ids[2]) == "target_2020"  # in one source only: no source needed
    for full in ids:
        assert handles.resolve(handles.short(full)) == full
        assert handles.resolve(full) == full
    # the full source id is read as well
    assert handles.resolve("qingshi_2018:tax_revenue") == ids[1]
    assert handles.resolve("tax_revenue") is None  # in two sources: refused
    assert handles.candidates("tax_revenue") == ids[:2]


SOURCES = st.lists(
    st.builds(
        lambda place, year: f"{place}_{year}" if year else place,
        st.sampled_from(["dongguan", "qingshi", "songhe", "he_ze", "he"]),
        st.sampled_from([None, 2018, 2019]),
    ),
    min_size=1,
    max_size=5,
    unique=True,
)
RIDS = st.lists(
    st.sampled_from(["economy.tax_revenue", "poverty.people_lifted", "f001", "a.b#2"]),
    min_size=1,
    max_size=4,
    unique=True,
)


@settings(max_examples=200, deadline=None)
@given(SOURCES, RIDS, st.data())
def test_every_handle_reads_back_to_its_id(
    sources: list[str], rids: list[str], data: st.DataObject
) -> None:
    ids = [f"{s}:{r}" for s in sources for r in data.draw(st.lists(st.sampled_from(rids)))]
    handles = Handles(ids, sources)
    aliases = handles.aliases
    for source, alias in aliases.items():  # a shorter name is a start of no other source
        assert alias == source or not any(
            other != source and (other == alias or other.startswith(alias + "_"))
            for other in sources
        )
    for full in ids:
        assert handles.resolve(handles.short(full)) == full
