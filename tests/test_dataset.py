"""The bundled dataset and its loader: faithful numbers, the source's own
arithmetic, and a precise error for each kind of bad file."""

from __future__ import annotations

import itertools
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import DATA, ROOT, SEED, SHARED
from hypothesis import given, settings
from hypothesis import strategies as st

from tzcli import check as check_module
from tzcli import dataset, load_dataset
from tzcli.dataset import dataset_files, load
from tzcli.errors import DataError
from tzcli.model import QUALIFIERS, UNITS, Figure

CHECK_QUOTES = SHARED / "tools" / "check-quotes"


@pytest.fixture(scope="module")
def ds():  # type: ignore[no-untyped-def]
    return load(None, use_cache=False)


# --------------------------------------------------------------------------
# Reading a number back from its quote

_NUMBER = re.compile(
    r"(?P<before>超过)?(?P<num>\d+(?:\.\d+)?)(?:-(?P<max>\d+(?:\.\d+)?))?"
    r"(?P<mult>[万亿])?(?P<yu>余)?(?P<unit>元|人次|人|户|亩|米|公里|平方米|个|家|处|眼|条|次|件|名)?"
    r"(?P<after>以上)?"
)
_MULT = {None: Decimal(1), "万": Decimal(10000), "亿": Decimal(100000000)}


def numbers_in(quote: str) -> list[tuple[Decimal, Decimal | None, str]]:
    """Every (value, value_max, qualifier) a quote states, 万/亿 multiplied out."""
    found = []
    for m in _NUMBER.finditer(quote):
        mult = _MULT[m.group("mult")]
        value = Decimal(m.group("num")) * mult
        # 6-7万: the multiplier applies to both ends
        value_max = Decimal(m.group("max")) * mult if m.group("max") else None
        qualifier = "exact"
        if m.group("yu") or m.group("after") or m.group("before"):
            qualifier = "at_least"
        found.append((value, value_max, qualifier))
    return found


@pytest.mark.parametrize(
    "quote, expected",
    [
        ("5亿元", (Decimal(500000000), None, "exact")),
        ("11334万元", (Decimal(113340000), None, "exact")),
        ("14.25万元", (Decimal(142500), None, "exact")),
        ("1.8万米", (Decimal(18000), None, "exact")),
        ("600余亩", (Decimal(600), None, "at_least")),
        ("3亿元以上", (Decimal(300000000), None, "at_least")),
        ("超过30万元", (Decimal(300000), None, "at_least")),
        ("6-7万平方米", (Decimal(60000), Decimal(70000), "exact")),
        ("30.99公里", (Decimal("30.99"), None, "exact")),
    ],
)
def test_quote_number_parser(quote: str, expected: tuple[Decimal, Decimal | None, str]) -> None:
    assert numbers_in(quote)[0] == expected


def test_quote_number_parser_rejects_a_slip() -> None:
    assert (Decimal(1183), None, "exact") not in numbers_in("两级扶贫平台共计1138户")


def test_every_stated_figure_reads_back_from_its_quote(ds) -> None:  # type: ignore[no-untyped-def]
    stated = [f for f in ds.figures if not f.derived]
    assert len(stated) > 60
    for fig in stated:
        assert fig.quote, fig.id
        want = (fig.value, fig.value_max, fig.qualifier)
        assert want in numbers_in(fig.quote), f"{fig.id}: {want} not in {fig.quote!r}"


# --------------------------------------------------------------------------
# The bundled data


def test_public_api_loads_bundled_data() -> None:
    ds = load_dataset()
    assert ds.meta.id == "tianzhong_2017"
    assert ds.meta.published == "2017-02-28"
    assert ds.meta.interviewee_zh == "穆森"
    rural = ds.figure("profile.population_rural")
    assert (
        rural.id,
        rural.topic,
        rural.year,
        rural.subject_zh,
        rural.subject_en,
        rural.value,
        rural.value_max,
        rural.unit,
        rural.qualifier,
        rural.quote,
        rural.derived,
    ) == (
        "profile.population_rural",
        "profile",
        2016,
        "农村人口",
        "rural population",
        Decimal(34000),
        None,
        "people",
        "exact",
        "农村人口3.4万人",
        False,
    )


def test_load_dataset_takes_a_path(tmp_path: Path) -> None:
    copy = tmp_path / "copy.toml"
    copy.write_bytes((DATA / "tianzhong.toml").read_bytes())
    assert len(load_dataset(copy).figures) == len(load_dataset().figures)
    assert len(load_dataset(str(tmp_path)).figures) == len(load_dataset().figures)


def test_the_bundled_data_is_the_data_folder() -> None:
    assert [Path(name).name for name in dataset_files()] == ["tianzhong.toml"]
    assert Path(dataset_files()[0]).parent == DATA.resolve()


def test_figures_are_typed_and_from_closed_lists(ds) -> None:  # type: ignore[no-untyped-def]
    ids = [f.id for f in ds.figures]
    assert len(ids) == len(set(ids))
    topics = {t.id for t in ds.topics}
    for fig in ds.figures:
        assert isinstance(fig, Figure)
        assert isinstance(fig.value, Decimal)
        assert fig.unit in UNITS and fig.qualifier in QUALIFIERS
        assert fig.topic in topics
        assert fig.year in (2016, 2017)
        assert fig.subject_zh and fig.subject_en
        if fig.derived:
            assert fig.formula and fig.quote is None and fig.inputs
        if fig.value_max is not None:
            assert fig.value_max > fig.value


def test_headline_numbers_are_exact(ds) -> None:  # type: ignore[no-untyped-def]
    assert ds.figure("profile.villages_communities").value == 22
    assert ds.figure("profile.population_rural").value == 34000
    assert ds.figure("economy.tax_revenue").value == 113340000
    assert ds.figure("agriculture.rural_roads_new").value == Decimal("30.99")
    assert ds.figure("agriculture.rural_roads_new").unit == "km"
    assert ds.figure("social_assistance.relief_funds").value == 142500
    assert ds.figure("agriculture.orchards_new").qualifier == "at_least"
    south = ds.figure("plan.wantai_real_estate.ecommerce_south_area")
    assert (south.value, south.value_max, south.unit) == (60000, 70000, "m2")


def test_projects_and_their_figures(ds) -> None:  # type: ignore[no-untyped-def]
    by_id = {p.id: p for p in ds.projects}
    sirui = by_id["sirui_biomedicine"]
    assert sirui.investment is not None and sirui.investment.value == 450000000
    others = {f.id: f for f in sirui.figures}
    assert others["sirui_biomedicine.new_fixed_asset_investment"].value == 150000000
    assert others["sirui_biomedicine.new_production_lines"].value == 2
    assert others["sirui_biomedicine.new_output"].qualifier == "at_least"
    planned = [p for p in ds.projects if p.year == 2017]
    assert planned and all(p.investment is None for p in planned)
    assert all(p.plan for p in planned)
    # project figures are figures too
    assert "sirui_biomedicine.investment" in {f.id for f in ds.figures}


def test_plans_villages_and_notes(ds) -> None:  # type: ignore[no-untyped-def]
    assert {p.pillar for p in ds.plans} == {
        "industry",
        "services",
        "urbanisation",
        "party_building",
        "poverty",
    }
    assert sum(len(p.measures) for p in ds.plans) > 20
    names = {v.name_zh for v in ds.villages}
    assert {
        "孔书庄",
        "李竹匠",
        "吴庄",
        "罗庄",
        "铁渠庙",
        "耿赵庄",
        "八大寨",
        "魏庙",
        "东王楼",
    } <= names
    kinds = {n.kind for n in ds.notes}
    assert {"missing_numeral", "damaged_marker"} <= kinds


# --------------------------------------------------------------------------
# The source's own arithmetic


def test_four_above_enterprises_add_up(ds) -> None:  # type: ignore[no-untyped-def]
    parts = [
        ds.figure("enterprises.four_above_new_industry").value,
        ds.figure("enterprises.four_above_new_construction").value,
        ds.figure("enterprises.four_above_new_trade").value,
    ]
    assert parts == [4, 1, 8]
    assert sum(parts) == ds.figure("enterprises.four_above_new").value == 13
    # a sum the text states is not recorded again as a derived figure; the note says it adds up
    assert ds.record("enterprises.four_above_new_sum") is None
    assert "4 + 1 + 8 = 13" in (ds.figure("enterprises.four_above_new").note_en or "")


def test_disputes_found_equal_resolved(ds) -> None:  # type: ignore[no-untyped-def]
    assert ds.figure("petitions_stability.disputes_found").value == 132
    assert ds.figure("petitions_stability.disputes_resolved").value == 132
    assert ds.record("petitions_stability.disputes_unresolved") is None  # 132 - 132 restated


def test_poverty_derived_figures(ds) -> None:  # type: ignore[no-untyped-def]
    assert ds.figure("poverty.households_enrolled_less_lifted").value == 1183 - 770 == 413
    assert ds.figure("poverty.people_enrolled_less_lifted").value == 2855 - 2041 == 814
    share = ds.figure("poverty.households_lifted_over_enrolled").value
    assert share == Decimal(77000) / Decimal(1183)
    # the other reading: the 1,183 counted after the exits
    other = ds.figure("poverty.households_lifted_over_sum")
    assert other.value == Decimal(77000) / Decimal(1183 + 770)
    assert str(other.shown_value()) == "39.4"
    people = ds.figure("poverty.people_lifted_over_sum")
    assert str(people.shown_value()) == "41.7"


def test_population_and_villages(ds) -> None:  # type: ignore[no-untyped-def]
    total = ds.figure("profile.population_total")
    assert total.value == 34000 + 30000
    assert total.shown_value() == 64000  # 58,500–69,500 as written: to the nearest 1,000
    assert ds.figure("profile.non_urban_units").value == 22 - 4
    # the 22 units appear three times, each its own figure
    assert ds.figure("petitions_stability.patrol_villages").value == 22
    assert ds.figure("party_building.venues_independent_property").value == 22
    assert ds.figure("party_building.income_rest_units").value == 22 - 4 - 3


def test_parts_do_not_exceed_wholes(ds) -> None:  # type: ignore[no-untyped-def]
    assert (
        ds.figure("agriculture.economic_forest_new").value
        <= ds.figure("agriculture.orchards_new").value
    )
    assert (
        ds.figure("poverty.households_lifted").value
        <= ds.figure("poverty.households_enrolled").value
    )
    assert (
        ds.figure("sirui_biomedicine.new_fixed_asset_investment").value
        <= ds.figure("sirui_biomedicine.investment").value
    )


def test_2016_project_investment_total(ds) -> None:  # type: ignore[no-untyped-def]
    total = ds.figure("projects.stated_investment_sum").value
    assert total == 500000000 + 450000000 + 210000000 + 210000000


@pytest.mark.skipif(
    not CHECK_QUOTES.exists(), reason="shared/tools/check-quotes is not beside the checkout"
)
@pytest.mark.skipif(sys.version_info < (3, 11), reason="check-quotes needs tomllib (Python 3.11+)")
def test_check_quotes_finds_every_quote() -> None:
    result = subprocess.run(
        [sys.executable, str(CHECK_QUOTES), str(ROOT)], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 not found" in result.stdout


@pytest.mark.skipif(not SEED.exists(), reason="shared/seed is not beside the checkout")
def test_every_quote_is_verbatim_in_the_source(ds) -> None:  # type: ignore[no-untyped-def]
    source = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEED.glob("*.txt")))
    quotes = [f.quote for f in ds.figures if f.quote]
    quotes += [p.quote for p in ds.projects] + [n.quote for n in ds.notes]
    quotes += [m.quote for p in ds.plans for m in p.measures]
    quotes += [m.quote for v in ds.villages for m in v.mentions]
    quotes += [s.quote for s in ds.sections] + [m.quote for s in ds.sections for m in s.measures]
    for quote in quotes:
        assert quote in source, quote


@pytest.mark.skipif(not SEED.exists(), reason="shared/seed is not beside the checkout")
def test_printed_project_names_are_in_the_text(ds) -> None:  # type: ignore[no-untyped-def]
    """name_kind says whether name_zh is printed: it is in the text exactly when it says so."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SEED.glob("*.txt")))
    kinds = {p.id: p.name_kind for p in ds.projects}
    assert kinds["wantai_food_street"] == kinds["wantai_cinema"] == "constructed"
    assert kinds["banzhi_garden"] == "printed"
    for proj in ds.projects:
        assert (proj.name_zh in source) == (proj.name_kind == "printed"), proj.id


# --------------------------------------------------------------------------
# What the data files may name, and what the bundled data records beyond numbers

_LEAKS = re.compile(
    r"/work/|/home/|/tmp/|/Users/|[A-Za-z]:\\\\|(?<![\w.])shared/|check-quotes|\bseed/"
    r"|\.venv|issues? \d"
)


def leaks(text: str) -> list[str]:
    """Machine paths, the helpers' shared folder, tools users do not get."""
    return [m.group(0) for m in _LEAKS.finditer(text)]


def test_leaks_are_found() -> None:
    assert leaks("# Source: /work/shared/seed/000.txt. Every quote is verbatim (check-quotes).")
    assert leaks("as given with the source text (shared/README.md)") == ["shared/"]
    assert leaks("http://dingtao.gov.cn/contents/2699/100818.html, 2017-02-28") == []


def test_data_names_no_machine_path_or_internal_tool() -> None:
    for path in sorted(DATA.rglob("*")):
        if path.is_file():
            assert leaks(path.read_text(encoding="utf-8")) == [], path


def test_ids_named_in_prose_exist(ds) -> None:  # type: ignore[no-untyped-def]
    """A note that says "see note.x" or names a figure points at a record that is there."""
    text = (DATA / "tianzhong.toml").read_text(encoding="utf-8")
    ids = set(ds.ids())
    prose = re.findall(r'^(?:\w+_en|text_\w+|en) = "(.*)"$', text, re.M)
    named = {
        token
        for line in prose
        for token in re.findall(r"\b[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+\b(?![<.])", line)
        if token != "e.g"
    }
    assert len(named) > 10
    assert sorted(named - ids) == []


def test_every_note_has_refs(ds) -> None:  # type: ignore[no-untyped-def]
    assert ds.notes and all(note.refs for note in ds.notes)


def test_context_from_outside_the_text_says_where_from(ds) -> None:  # type: ignore[no-untyped-def]
    with_context = [n for n in ds.notes if n.context_en]
    assert with_context and all(n.context_source for n in with_context)
    sito = ds.record("note.runxin_sito_listing")
    assert sito is not None and "300583" in (sito.context_en or "")


def test_the_2016_clauses_are_measures_of_their_sections(ds) -> None:  # type: ignore[no-untyped-def]
    """Each 一是/二是 … of the 2016 results, in order, with its English."""
    numbered = {
        "section.results.projects": 4,
        "section.results.livelihood": 3,
        "section.results.petitions_stability": 3,
        "section.results.party_building": 2,
    }
    for section_id, count in numbered.items():
        section = ds.record(section_id)
        starts = [m.quote[:2] for m in section.measures]
        assert starts == ["一是", "二是", "三是", "四是"][:count], section_id
        assert all(m.en for m in section.measures)
    words = "".join(m.quote for s in ds.sections for m in s.measures)
    for term in (
        "天网工程",
        "三大堆",
        "牛皮癣",
        "一岗双责",
        "阳光低保",
        "扶贫大棚",
        "济阴路",
        "警力下沉",
    ):
        assert term in words, term


def test_derived_figures_have_a_precision(ds) -> None:  # type: ignore[no-untyped-def]
    for fig in ds.figures:
        if fig.derived:
            assert fig.decimals is not None, fig.id
            shown = fig.shown_value()
            assert shown == round(fig.value, fig.decimals), fig.id
            if fig.decimals >= 0:
                assert -shown.as_tuple().exponent == fig.decimals  # type: ignore[operator]
            else:  # to tens, thousands …: a whole number
                assert shown == int(shown) and shown % 10**-fig.decimals == 0, fig.id
        else:
            assert fig.decimals is None and fig.shown_value() is fig.value
    share = ds.figure("poverty.households_lifted_over_enrolled")
    assert share.value == Decimal(77000) / Decimal(1183)  # the API keeps the exact value
    assert str(share.shown_value()) == "65.1"


def test_precision_follows_the_range_the_inputs_allow(ds) -> None:  # type: ignore[no-untyped-def]
    """3.4万 stands for 33,500–34,500, 3万 for 25,000–35,000 (docs/dataset-format.md)."""
    shown = {f.id: f.shown_value() for f in ds.figures if f.derived}
    assert shown["profile.population_total"] == 64000
    assert shown["poverty.people_enrolled_over_rural"] == Decimal("8.4")
    assert shown["poverty.enrolled_less_lifted_over_rural"] == Decimal("2.39")
    assert shown["social_assistance.rural_dibao_over_rural"] == Decimal("10.5")
    assert shown["social_assistance.urban_dibao_over_urban"] == Decimal("2.7")
    assert shown["profile.urban_share"] == 47
    assert shown["economy.tax_revenue_per_resident"] == 1800
    assert shown["economy.local_fiscal_revenue_per_resident"] == 1040
    assert shown["profile.arable_land_per_rural_resident"] == Decimal("0.077")
    assert shown["projects.stated_investment_sum"] == 1370000000


def _written_half_unit(fig: Figure) -> tuple[Decimal, bool]:
    """Half a unit of the last digit the quote writes (3.4万 → 500, 5亿 → 0.5亿, 2855 → 0.5),
    and whether 万 or 亿 stands after it (a number not written in full)."""
    for m in _NUMBER.finditer(fig.quote or ""):
        mult = _MULT[m.group("mult")]
        if Decimal(m.group("num")) * mult == fig.value:
            places = len(m.group("num").partition(".")[2])
            return Decimal("0.5").scaleb(-places) * mult, m.group("mult") is not None
    raise AssertionError(f"{fig.id}: {fig.value} not in {fig.quote!r}")


def _allowed_range(ds: Any, fig: Figure) -> tuple[Decimal, Decimal, bool]:
    """The least and greatest value of a derived figure over every corner of its stated
    inputs' written ranges (each formula is monotonic in each input), and whether any
    input is written with 万 or 亿."""
    from tzcli import formula

    def stated(fid: str, acc: list[str]) -> list[str]:
        f = ds.figure(fid)
        if f.derived:
            for name in formula.names(f.formula):
                stated(name, acc)
        elif fid not in acc:
            acc.append(fid)
        return acc

    def value(fid: str, env: dict[str, Decimal]) -> Decimal:
        f = ds.figure(fid)
        if not f.derived:
            return env[fid]
        return formula.evaluate(f.formula, lambda name: value(name, env))

    inputs = stated(fig.id, [])
    halves = {fid: _written_half_unit(ds.figure(fid)) for fid in inputs}
    values = [
        value(
            fig.id,
            {
                fid: ds.figure(fid).value + sign * halves[fid][0]
                for fid, sign in zip(inputs, signs, strict=True)
            },
        )
        for signs in itertools.product((-1, 1), repeat=len(inputs))
    ]
    return min(values), max(values), any(rounded for _, rounded in halves.values())


def test_every_derived_figure_is_rounded_where_its_inputs_allow(ds) -> None:  # type: ignore[no-untyped-def]
    """Rounded at the first significant digit of half the range its inputs allow, so the
    shown value lies inside it; ratios of counts written in full keep one decimal in percent."""
    checked = 0
    for fig in ds.figures:
        if not fig.derived:
            continue
        low, high, rounded_input = _allowed_range(ds, fig)
        if not rounded_input:
            if fig.unit == "percent":
                assert fig.decimals == 1, fig.id
            continue
        checked += 1
        assert fig.decimals == -((high - low) / 2).adjusted(), fig.id
        assert low <= fig.shown_value() <= high, (fig.id, low, fig.shown_value(), high)
    assert checked >= 10


def test_derived_figures_say_what_they_compute(ds) -> None:  # type: ignore[no-untyped-def]
    """No official statistic's name; the assumption first; 推算 or 估算 in Chinese."""
    for fig in ds.figures:
        if not fig.derived:
            continue
        words = f"{fig.id} {fig.subject_en} {fig.subject_zh}".lower()
        for term in ("incidence", "headcount", "coverage", "发生率", "覆盖率", "行政村", "建档"):
            assert term not in words, (fig.id, term)
        assert "推算" in fig.subject_zh or "估算" in fig.subject_zh, fig.id
        assert (fig.note_en or "").startswith(("Assumes", "Rural", "Industry")), fig.id
    per_person = {
        f.id: f.unit for f in ds.figures if "per_rural_resident" in f.id or "per_resident" in f.id
    }
    assert set(per_person.values()) == {"yuan_per_person", "mu_per_person"}


def test_every_count_names_its_counter_word(ds) -> None:  # type: ignore[no-untyped-def]
    for fig in ds.figures:
        if fig.unit == "count":
            assert "Counter word: " in (fig.note_en or ""), fig.id


def test_poverty_ratios_and_their_assumptions(ds) -> None:  # type: ignore[no-untyped-def]
    enrolled = ds.figure("poverty.people_enrolled_over_rural")
    remaining = ds.figure("poverty.enrolled_less_lifted_over_rural")
    assert enrolled.value == Decimal(285500) / Decimal(34000)
    assert remaining.value == Decimal(81400) / Decimal(34000)
    assert str(remaining.shown_value()) == "2.39"
    # both readings of the roster: each names the other
    assert enrolled.id in (remaining.note_en or "")
    assert remaining.id in (enrolled.note_en or "")
    for fig in (enrolled, remaining, ds.figure("poverty.people_enrolled_less_lifted")):
        assert (fig.note_en or "").startswith("Assumes"), fig.id
    flag = ds.figure("social_assistance.rural_dibao_over_rural").flag_en or ""
    assert "1.10 persons per rural dibao household" in flag
    assert "2,855" not in flag  # dibao and the poverty roster are separate rosters


def test_a_2016_result_is_not_filed_as_a_plan(ds) -> None:  # type: ignore[no-untyped-def]
    fanli = ds.figure("sanitation.fanli_market_relocated")
    assert (fanli.topic, fanli.year, fanli.plan) == ("sanitation", 2016, None)
    assert all(f.year == 2017 for f in ds.figures if f.topic == "plans")


def test_ids_follow_one_scheme(ds) -> None:  # type: ignore[no-untyped-def]
    """docs/dataset-format.md, "Ids": sections and plans by kind, figures under their owner."""
    assert all(
        re.fullmatch(r"section\.(page|closing|(results|plan)\.[a-z_]+)", s.id) for s in ds.sections
    )
    assert all(p.id.startswith("plan.") and p.section == "section." + p.id for p in ds.plans)
    assert all(n.id.startswith("note.") for n in ds.notes)
    topics = {t.id for t in ds.topics}
    for fig in ds.figures:
        owner = fig.project or fig.plan or fig.topic
        assert fig.id.rsplit(".", 1)[0] == owner, fig.id
        assert owner in topics or fig.project or fig.plan


def test_every_replaced_id_is_in_the_changelog(ds) -> None:  # type: ignore[no-untyped-def]
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    assert len(ds.replaced_ids) > 30
    for item in ds.replaced_ids:
        assert f"`{item.old}`" in changelog, item.old
        assert item.new is None or f"`{item.new}`" in changelog, item.new
        assert ds.record(item.old) is None


def test_show_an_old_id_names_its_replacement(runner) -> None:  # type: ignore[no-untyped-def]
    from tzcli.cli import cli

    result = runner.invoke(cli, ["show", "s2016.livelihood"])
    assert result.exit_code == 2
    assert "'s2016.livelihood' is now 'section.results.livelihood'" in result.stderr
    result = runner.invoke(cli, ["show", "poverty.people_still_poor_share"])
    assert result.exit_code == 2 and "was removed: A trivial restatement" in result.stderr
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "Traceback" not in result.stderr


def test_measures_are_found_in_both_languages(runner) -> None:  # type: ignore[no-untyped-def]
    import csv
    import io

    from tzcli.cli import cli

    def rows(*args: str) -> list[Any]:
        result = runner.invoke(cli, ["measures", *args, "-f", "csv"])
        assert result.exit_code == 0, result.output
        return list(csv.DictReader(io.StringIO(result.stdout)))

    zh = rows("--search", "天网工程")
    en = rows("--search", "skynet")
    assert (
        [r["id"] for r in zh] == [r["id"] for r in en] == ["section.results.petitions_stability#2"]
    )
    results = rows("--year", "2016")
    assert results and {r["year"] for r in results} == {"2016"}
    assert any("三大堆" in r["text_zh"] and "three big piles" in r["text_en"] for r in results)
    plan = rows("--year", "2017", "--search", "Party small groups")
    assert [r["owner"] for r in plan] == ["plan.party_building", "plan.party_building"]
    result = runner.invoke(cli, ["measures", "--year", "2015"])
    assert result.exit_code == 2 and "years with data: 2016, 2017" in result.stderr


# --------------------------------------------------------------------------
# Loader errors, one per kind

MINIMAL = """\
schema_version = 1

[meta]
id = "mini"
title_zh = "标题"
title_en = "Title"
quote = "标题"
site_zh = "网站"
site_en = "Site"
section_zh = "访谈"
section_en = "Interviews"
published = "2017-02-28"
interviewee_zh = "某人"
interviewee_en = "Someone"
role_zh = "书记"
role_en = "Secretary"
host_zh = "主持人"
host_en = "host"
place_zh = "某地"
place_en = "Somewhere"
language = "zh"
years = [{ year = 2016, meaning_zh = "成绩", meaning_en = "results reported" }]

[[topics]]
id = "profile"
name_zh = "基本情况"
name_en = "Profile"

[[topics]]
id = "projects"
name_zh = "项目"
name_en = "Projects"

[[sections]]
id = "s2016.intro"
year = 2016
number_zh = ""
title_zh = "基本情况"
title_en = "Profile"
quote = "基本情况"

[[figures]]
id = "profile.villages"
topic = "profile"
section = "s2016.intro"
year = 2016
subject_zh = "村社"
subject_en = "villages"
value = 22
unit = "count"
qualifier = "exact"
quote = "辖22个村社"

[[projects]]
id = "p1"
year = 2016
section = "s2016.intro"
name_zh = "项目"
name_en = "Project"
sector = "energy"
status = "planned"
status_zh = "计划"
status_en = "planned"
quote = "项目"

[projects.investment]
subject_zh = "投资"
subject_en = "investment"
value = 500000000
unit = "yuan"
qualifier = "exact"
quote = "5亿元"
"""


def _load_text(tmp_path: Path, text: str) -> DataError:
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load(path, use_cache=False)
    return info.value


def test_minimal_file_is_valid(tmp_path: Path) -> None:
    path = tmp_path / "ok.toml"
    path.write_text(MINIMAL, encoding="utf-8")
    ds = load(path, use_cache=False)
    assert [f.id for f in ds.figures] == ["profile.villages", "p1.investment"]
    assert ds.projects[0].investment is ds.figures[1]


def test_error_wrong_type_names_the_key_path(tmp_path: Path) -> None:
    text = MINIMAL.replace("value = 500000000", 'value = "5亿"')
    err = _load_text(tmp_path, text)
    first = str(err.problems[0])
    assert first.endswith("projects[0].investment.value: expected a number, got '5亿'")
    assert first.startswith(str(Path("bad.toml").name)) or "bad.toml" in first


def test_error_toml_syntax_has_line_and_column(tmp_path: Path) -> None:
    err = _load_text(tmp_path, MINIMAL.replace('unit = "count"', "unit = count"))
    problem = err.problems[0]
    line = MINIMAL.splitlines().index('unit = "count"') + 1
    assert problem.line == line and problem.column is not None
    assert f"bad.toml:{line}:" in str(problem) and "invalid TOML" in str(problem)


def test_error_missing_key(tmp_path: Path) -> None:
    err = _load_text(tmp_path, MINIMAL.replace('subject_en = "villages"\n', ""))
    assert "figures[0].subject_en: missing required key" in str(err.problems[0])


def test_error_unknown_key(tmp_path: Path) -> None:
    err = _load_text(tmp_path, MINIMAL.replace('unit = "count"', 'unit = "count"\ncolour = "red"'))
    assert "figures[0].colour: unknown key" in str(err.problems[0])


def test_error_line_of_the_record(tmp_path: Path) -> None:
    err = _load_text(tmp_path, MINIMAL.replace('unit = "count"', 'unit = "dozens"'))
    line = MINIMAL.splitlines().index('id = "profile.villages"') + 1
    assert err.problems[0].line == line
    assert "figures[0].unit: 'dozens' is not one of: yuan, people" in str(err.problems[0])


def test_error_qualifier_outside_its_list(tmp_path: Path) -> None:
    err = _load_text(
        tmp_path,
        MINIMAL.replace('qualifier = "exact"\nquote = "辖', 'qualifier = "about"\nquote = "辖'),
    )
    assert "figures[0].qualifier: 'about' is not one of: exact, at_least, approx" in str(
        err.problems[0]
    )


def test_error_duplicate_id(tmp_path: Path) -> None:
    err = _load_text(tmp_path, MINIMAL.replace('id = "p1"', 'id = "profile.villages"'))
    assert "duplicate id 'profile.villages'" in str(err)


def test_error_reference_that_does_not_resolve(tmp_path: Path) -> None:
    err = _load_text(tmp_path, MINIMAL.replace('topic = "profile"', 'topic = "nowhere"'))
    assert "figures[0].topic: no topic with id 'nowhere'" in str(err.problems[0])


def test_a_topic_of_the_shared_vocabulary_needs_no_definition(tmp_path: Path) -> None:
    """A file may use a topic of tzcli.concepts.TOPICS without defining it (a draft does)."""
    path = tmp_path / "x.toml"
    path.write_text(MINIMAL.replace('topic = "profile"', 'topic = "economy"'), encoding="utf-8")
    ds = load(path, use_cache=False)
    assert ds.record("economy").name_en == "Economy and public finance"  # type: ignore[union-attr]


def test_error_value_max_not_above_value(tmp_path: Path) -> None:
    err = _load_text(tmp_path, MINIMAL.replace("value = 22", "value = 22\nvalue_max = 20"))
    assert "figures[0].value_max: must be greater than value (22), got 20" in str(err.problems[0])


def test_error_derived_figure_rules(tmp_path: Path) -> None:
    derived = (
        '\n[[figures]]\nid = "profile.double"\ntopic = "profile"\nsection = "s2016.intro"\n'
        'year = 2016\nsubject_zh = "二"\nsubject_en = "two"\nunit = "count"\nqualifier = "exact"\n'
        'derived = true\nformula = "profile.villages * 2 + profile.nothing"\n'
    )
    err = _load_text(tmp_path, MINIMAL.replace("\n[[projects]]", derived + "\n[[projects]]"))
    assert "no figure with id 'profile.nothing'" in str(err.problems[0])
    cyclic = derived.replace("profile.villages * 2 + profile.nothing", "profile.double + 1")
    err = _load_text(tmp_path, MINIMAL.replace("\n[[projects]]", cyclic + "\n[[projects]]"))
    assert "refers back to itself" in str(err.problems[0])
    dependent = derived + derived.replace('"profile.double"', '"profile.triple"').replace(
        "profile.villages * 2 + profile.nothing", "profile.double + 1"
    )
    err = _load_text(tmp_path, MINIMAL.replace("\n[[projects]]", dependent + "\n[[projects]]"))
    messages = [str(p) for p in err.problems]
    assert len(messages) == 2
    assert "no figure with id 'profile.nothing'" in messages[0]
    assert "uses 'profile.double', which cannot be computed" in messages[1]
    ok = derived.replace(" + profile.nothing", "")
    path = tmp_path / "ok.toml"
    path.write_text(MINIMAL.replace("\n[[projects]]", ok + "\n[[projects]]"), encoding="utf-8")
    assert load(path, use_cache=False).figure("profile.double").value == 44


def test_error_every_problem_is_reported(tmp_path: Path) -> None:
    text = (
        MINIMAL.replace('unit = "count"', 'unit = "dozens"')
        .replace('subject_en = "Project"', "")
        .replace('name_en = "Project"', "")
    )
    err = _load_text(tmp_path, text)
    assert len(err.problems) >= 2


def test_error_missing_path_and_empty_dir(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file or directory"):
        load(tmp_path / "nope.toml")
    with pytest.raises(DataError, match="directory holds no \\*.toml file"):
        load(tmp_path)


def test_error_empty_file_and_not_utf8(tmp_path: Path) -> None:
    err = _load_text(tmp_path, "")
    assert "file is empty" in str(err)
    path = tmp_path / "latin.toml"
    path.write_bytes(MINIMAL.replace("标题", "X").encode("utf-8") + b"# \xff\xfe\n")
    with pytest.raises(DataError, match="not UTF-8"):
        load(path, use_cache=False)


def test_error_decimals_only_on_derived_figures(tmp_path: Path) -> None:
    err = _load_text(tmp_path, MINIMAL.replace("value = 22", "value = 22\ndecimals = 2"))
    assert "figures[0].decimals: only a derived figure has a decimals" in str(err.problems[0])
    derived = (
        '\n[[figures]]\nid = "profile.double"\ntopic = "profile"\nsection = "s2016.intro"\n'
        'year = 2016\nsubject_zh = "二"\nsubject_en = "two"\nunit = "count"\nqualifier = "exact"\n'
        'derived = true\nformula = "profile.villages * 2"\ndecimals = 13\n'
    )
    err = _load_text(tmp_path, MINIMAL.replace("\n[[projects]]", derived + "\n[[projects]]"))
    assert "decimals: expected -12 to 12 places, got 13" in str(err.problems[0])


def test_error_replaced_ids(tmp_path: Path) -> None:
    still = '\n[[replaced_ids]]\nold = "profile.villages"\nreason_en = "renamed"\n'
    err = _load_text(tmp_path, MINIMAL + still)
    assert "replaced_ids[0].old: 'profile.villages' is still the id of a record" in str(
        err.problems[0]
    )
    gone = '\n[[replaced_ids]]\nold = "profile.old"\nnew = "profile.nothing"\nreason_en = "x"\n'
    err = _load_text(tmp_path, MINIMAL + gone)
    assert "replaced_ids[0].new: no record with id 'profile.nothing'" in str(err.problems[0])
    ok = gone.replace("profile.nothing", "profile.villages")
    path = tmp_path / "ok.toml"
    path.write_text(MINIMAL + ok, encoding="utf-8")
    replaced = load(path, use_cache=False).replacement("profile.old")
    assert replaced is not None and replaced.new == "profile.villages"


def test_error_schema_version(tmp_path: Path) -> None:
    err = _load_text(tmp_path, MINIMAL.replace("schema_version = 1", "schema_version = 2"))
    assert "schema version 1, the file has 2" in str(err)


def test_folder_ids_are_unique_within_a_source_not_across(tmp_path: Path) -> None:
    """Two sources may use the same ids (that is what makes them comparable); a bare id
    then names both, and the resolver asks for SOURCE:ID."""
    from tzcli.errors import AmbiguousId

    (tmp_path / "a.toml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "b.toml").write_text(
        MINIMAL.replace('id = "mini"', 'id = "mini2"'), encoding="utf-8"
    )
    ds = load(tmp_path, use_cache=False)
    assert [m.id for m in ds.metas] == ["mini", "mini2"]
    assert len(ds.topics) == len({t.id for t in ds.topics})  # one vocabulary
    some = ds.figures[0]
    both = ds.candidates(some.id)
    assert {x.source for x in both} == {"mini", "mini2"}  # type: ignore[attr-defined]
    with pytest.raises(AmbiguousId, match="mini:" + re.escape(some.id)):
        ds.record(some.id)
    assert ds.record(f"mini2:{some.id}").source == "mini2"  # type: ignore[union-attr]
    assert ds.name_of(both[0]) == f"mini:{some.id}"


def test_a_topic_defined_differently_in_two_files(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(MINIMAL, encoding="utf-8")
    other = MINIMAL.replace('id = "mini"', 'id = "mini2"').replace(
        'name_en = "Projects"', 'name_en = "Investment projects"'
    )
    (tmp_path / "b.toml").write_text(other, encoding="utf-8")
    with pytest.raises(DataError) as info:
        load(tmp_path, use_cache=False)
    message = str(info.value.problems[0])
    assert "b.toml" in message and "a.toml" in message
    assert "topic 'projects' is defined differently" in message and "name_en" in message


def test_an_id_twice_in_one_source(tmp_path: Path) -> None:
    text = (
        MINIMAL
        + '\n[[villages]]\nid = "mini_dup"\nname_zh = "甲村"\npinyin = "Jia"\nkind = "village"\n'
    )
    text += '\n[[villages]]\nid = "mini_dup"\nname_zh = "乙村"\npinyin = "Yi"\nkind = "village"\n'
    err = _load_text(tmp_path, text)
    assert "duplicate id 'mini_dup'" in str(err.problems[0])


def test_error_project_figures_need_the_projects_topic(tmp_path: Path) -> None:
    text = MINIMAL.replace(
        '[[topics]]\nid = "projects"\nname_zh = "项目"\nname_en = "Projects"\n', ""
    )
    err = _load_text(tmp_path, text)
    assert str(err.problems[0]).endswith(
        "projects[0].investment.topic: a project's figures belong to topic 'projects': "
        "the file needs a [[topics]] entry with id = 'projects'"
    )


def test_errors_name_the_right_file_when_sources_share_an_id(tmp_path: Path) -> None:
    (tmp_path / "a.toml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "b.toml").write_text(MINIMAL, encoding="utf-8")  # same meta.id, same ids
    with pytest.raises(DataError) as info:
        load(tmp_path, use_cache=False)
    messages = [str(p) for p in info.value.problems]
    assert any("source id 'mini' is used twice" in m for m in messages)


# --------------------------------------------------------------------------
# The checker's fast path (check_module._FAST, _fast_table) agrees with the long way


_ANY_VALUE = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(min_value=-(10**25), max_value=10**25),
        st.decimals(allow_nan=True, allow_infinity=True),
        st.sampled_from(["", " ", "\t", "x", "a.b", "a_1.b2", "A", "1a", "a-b", "a\n", "a..b"]),
        st.sampled_from(["2017-02-28", "2017-2-28", "２０１７-02-28", "2017-02-28\n"]),
        st.text(max_size=8),
        st.dates(),
    ),
    lambda inner: st.lists(inner, max_size=3),
    max_leaves=4,
)


@given(value=_ANY_VALUE, kind=st.sampled_from(sorted(check_module._FAST)))
@settings(max_examples=600, deadline=None)
def test_fast_checks_accept_only_what_the_long_way_accepts(value: Any, kind: str) -> None:
    fast = check_module._FAST[kind](value)
    check = check_module.Checker("f.toml", "")
    slow = check.value(value, kind, "key", None)
    if fast is not check_module._BAD:
        assert check.problems == [] and slow == fast and type(slow) is type(fast)


@given(
    value=st.one_of(
        st.text(alphabet="ab_1.:\n ", max_size=12),
        st.sampled_from(["a:b", "a.b:c_1.d", ":a", "a:", "a::b", "a:b:c", "a:b\n", "1a:b"]),
    )
)
@settings(max_examples=400, deadline=None)
def test_refs_are_matched_as_the_pattern_says(value: str) -> None:
    """``check._match_ref`` splits at the ':' instead of running REF_PATTERN: the same
    answer for every string."""
    import re

    from tzcli.model import REF_PATTERN

    expected = re.fullmatch(REF_PATTERN, value) is not None
    assert bool(check_module._match_ref(value)) == expected


@pytest.mark.parametrize("value", ["x", "a.b", "a_1.b2"])
def test_fast_checks_accept_valid_ids(value: str) -> None:
    """A fast path that refused everything would pass the test above: it must not."""
    assert check_module._FAST["id"](value) == value
    assert check_module._FAST["ids"]([value]) == [value]


def test_ids_and_dates_are_matched_whole() -> None:
    """'$' alone would let a trailing newline through; dates take ASCII digits only."""
    check = check_module.Checker("f.toml", "")
    for value, kind in (("abc\n", "id"), (["abc\n"], "ids"), ("２０１７-02-28", "date")):
        assert check.value(value, kind, "key", None) is check_module._BAD
    assert len(check.problems) == 3


def test_the_bundled_data_parses_the_same_the_long_way(monkeypatch: pytest.MonkeyPatch) -> None:
    files = [Path(name) for name in dataset.dataset_files()]
    fast = dataset.parse_files(files)
    calls: list[str] = []

    def refuse(obj: Any, name: str) -> None:
        calls.append(name)
        return None

    monkeypatch.setattr(check_module, "_fast_table", refuse)
    assert dataset.parse_files(files) == fast
    assert len(calls) > 100  # the long way was taken, for every table


def _document(text: str) -> Any:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python < 3.11, as dataset reads it
        import tomli as tomllib

    return tomllib.loads(text, parse_float=Decimal)


def test_a_valid_file_takes_the_fast_way_alone() -> None:
    """check.fast_document: the bundled file is checked by the fast checks alone (no look
    for long integers, no walk), to the same records as the long way."""
    raw = Path(dataset_files()[0]).read_bytes()
    text = raw.decode("utf-8")
    fast = check_module.fast_document(_document(text), "f.toml", text, raw)
    assert fast is not None
    root, check = fast
    assert not check.fast_only  # the checks after the schema's report their problems
    assert root == check_module.Checker("f.toml", text).table(_document(text), "root", "")


@pytest.mark.parametrize(
    "old,new",
    [
        ('subject_en = "rural population"', 'subject_en = "TODO"'),
        ('subject_en = "rural population"', 'subject_en = "rural\\u001b"'),
        ('subject_en = "rural population"', 'subject_en = "rural\u202e"'),
        ('subject_en = "rural population"', 'subject_en = "rural\u0085"'),
        ('subject_en = "rural population"', 'subject_en = "rural"\nextra = 1'),
        ('subject_en = "rural population"', 'subject_en = "rural"\nextra = 99999999999999999999'),
        ("value = 34000", "value = 9223372036854775808"),
        ("year = 2016", "year = -9223372036854775809"),
        ('subject_en = "rural population"', "subject_en = 3"),
    ],
    ids=[
        "todo",
        "escaped-control",
        "raw-bidi",
        "raw-c1",
        "unknown-key",
        "long-int-unknown-key",
        "number-beyond-int64",
        "int-beyond-int64",
        "wrong-type",
    ],
)
def test_the_fast_way_gives_up_where_the_long_way_must_speak(old: str, new: str) -> None:
    """Whatever ``uncarriable``, ``todo_problems`` or the long way would report makes
    ``fast_document`` give up, so that the long way reports it, in its order."""
    raw = Path(dataset_files()[0]).read_bytes()
    text = raw.decode("utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    doc = _document(text)
    assert check_module.fast_document(doc, "f.toml", text, text.encode("utf-8")) is None


def test_states_hold_every_field_in_order(ds) -> None:  # type: ignore[no-untyped-def]
    """What the cache stores: each record's fields, complete and in order."""
    from tzcli import model

    plain = dataset.parse_files([Path(name) for name in dataset.dataset_files()])
    classes = {
        "metas": model.Meta,
        "topics": model.Topic,
        "sections": model.Section,
        "figures": model.Figure,
        "projects": model.Project,
        "plans": model.Plan,
        "villages": model.Village,
        "notes": model.SourceNote,
    }
    for group, cls in classes.items():
        assert plain[group], group
        for state in plain[group]:
            assert tuple(state) == cls.__match_args__, group
    for plan in plain["plans"]:
        for measure in plan["measures"]:
            assert tuple(measure) == model.Measure.__match_args__
    assert dataset.build(plain) == ds


def test_defaults_agree_with_dataclasses() -> None:
    import dataclasses

    from tzcli import model
    from tzcli._frozen import defaults

    for cls in (model.Meta, model.Topic, model.Section, model.Figure, model.Project, model.Plan):
        expected = {
            f.name: f.default if f.default is not dataclasses.MISSING else f.default_factory()
            for f in dataclasses.fields(cls)
            if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING
        }
        assert defaults(cls) == expected, cls
        assert expected, cls


def test_constructed_section_titles_are_marked(ds) -> None:  # type: ignore[no-untyped-def]
    """A heading the page prints is in the section's quote; one it does not is the
    dataset's, marked ``title_kind = "constructed"`` and written in square brackets."""
    constructed = {s.id for s in ds.sections if s.title_kind == "constructed"}
    assert constructed == {"section.results.profile", "section.plan.overview", "section.closing"}
    for section in ds.sections:
        if section.title_kind == "constructed":
            for title in (section.title_zh, section.title_en):
                assert title.startswith("[") and title.endswith("]"), section.id
            assert section.title_zh.strip("[]") not in section.quote
        else:
            assert section.title_zh in section.quote, section.id
            assert not section.title_en.startswith("["), section.id
