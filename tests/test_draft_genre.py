"""tzcli draft on what texts of the genre do (issue 23), each on a made-up text
(tests/fixtures/draft/hexi-report.txt, nanshan-midyear.txt) or a made-up line:
years without --year, spans and targets, units, hedges, what is not a figure,
subjects, titles and the proposed concepts."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from typing import Any

import pytest
from conftest import FIXTURES

from tzcli.draft import CONCEPTS, analyse, extract, find_title, guess_years

DRAFT = FIXTURES / "draft"


def expected(name: str) -> dict[str, Any]:
    return json.loads((DRAFT / f"{name}.expected.json").read_text(encoding="utf-8"))


def text(name: str) -> str:
    return (DRAFT / f"{name}.txt").read_text(encoding="utf-8")


def one(line: str, **years: int) -> Any:
    found = extract(line, **years)
    assert len(found) == 1, (line, found)
    return found[0]


# --------------------------------------------------------------------------
# Years, spans, results and targets


@pytest.mark.parametrize("name", ["hexi-report", "nanshan-midyear", "shimen-review"])
def test_every_figure_has_the_year_span_kind_and_concept_of_the_text(name: str) -> None:
    want = expected(name)
    got = extract(text(name))
    assert len(got) == len(want["figures"])
    for cand, fig in zip(got, want["figures"], strict=True):
        assert cand.number == fig["number"]
        assert (cand.value, cand.unit, cand.qualifier) == (
            Decimal(fig["value"]),
            fig["unit"],
            fig["qualifier"],
        ), cand
        assert (cand.year, cand.year_end, cand.kind) == (
            fig["year"],
            fig.get("year_end"),
            fig["kind"],
        ), cand
        assert cand.concept == fig.get("concept"), cand


@pytest.mark.parametrize(
    "title, years",
    [
        ("河西镇2021年政府工作报告", (2020, 2021)),  # a report of the year before
        ("东湖街道2019年工作总结和2020年工作打算", (2019, 2020)),
        ("南山街道2020年上半年工作总结和下半年工作计划", (2020, 2020)),  # mid-year
        ("2017年上城区工作总结", (2017, 2018)),
        ("某镇2022年工作要点", (2021, 2022)),
    ],
)
def test_the_title_tells_the_results_year_from_the_reports(
    title: str, years: tuple[int, int]
) -> None:
    assert guess_years(f"{title}\n1992年撤并建,辖12个村。", title) == years


def test_a_summary_written_in_january_is_of_the_year_before() -> None:
    body = "发布日期:2019-01-12\n全年新建道路12公里,1997年开始种植烟叶。"
    assert guess_years(body, "工作总结") == (2018, 2019)


def test_a_historical_year_is_not_the_results_year_nor_carried() -> None:
    doc = "2016年,全镇新建道路3公里。\n本镇1992年撤并建,辖22个行政村。"
    assert guess_years(doc, "") == (2016, 2017)
    assert [c.year for c in extract(doc)] == [2016, 2016]


def test_a_year_named_in_a_clause_or_opening_a_sentence_is_kept() -> None:
    doc = "2019年,全镇:\n其中2016年已脱贫170户898人,2017年已脱贫456户。2018年,该镇又有3个村出列。"
    got = extract(doc)
    assert [(c.text, c.year) for c in got] == [
        ("170户", 2016),
        ("898人", 2016),
        ("456户", 2017),
        ("3个", 2018),
    ]


@pytest.mark.parametrize(
    "line, span",
    [
        ("其中2014-2015年脱贫96户。", (2014, 2015)),
        ("五年来,累计完成投资46.5亿元。", (2016, 2020)),
        ("“十三五”期间新建农村公路86公里。", (2016, 2020)),
        ("2017年以来累计脱贫1200人。", (2017, 2020)),
    ],
)
def test_spans_are_spans(line: str, span: tuple[int, int]) -> None:
    cand = one("2020年工作总结\n" + line, results_year=2020)
    assert (cand.year, cand.year_end) == span


def test_an_unnumbered_plan_heading_starts_the_plans_and_result_words_do_not() -> None:
    doc = (
        "一、2020年工作总结\n完成年度计划任务的96%。\n2021年工作计划:\n新建道路5公里。\n"
        "下一步,我们将新建公园2个。"
    )
    got = extract(doc)
    assert [(c.text, c.year, c.kind) for c in got] == [
        ("96%", 2020, "result"),
        ("5公里", 2021, "target"),
        ("2个", 2021, "target"),
    ]


def test_same_year_targets_of_a_mid_year_report_stay_in_the_year() -> None:
    figs = extract(text("nanshan-midyear"))
    targets = [c for c in figs if c.kind == "target"]
    assert targets and {c.year for c in targets} == {2020}
    assert next(c for c in figs if c.text == "56%").kind == "result"  # 完成年度计划任务的56%


def test_year_and_plan_year_override_where_the_text_names_none() -> None:
    doc = "一、工作总结\n新建道路3公里。\n二、工作打算\n新建道路5公里。"
    assert [c.year for c in extract(doc, results_year=2010)] == [2010, 2011]
    assert [c.year for c in extract(doc, results_year=2010, plan_year=2010)] == [2010, 2010]


# --------------------------------------------------------------------------
# Units, hedges and what is not a figure


@pytest.mark.parametrize(
    "line, value, unit",
    [
        ("总面积83.84平方公里。", Decimal("83840000"), "m2"),
        ("新增林地320公顷。", Decimal("3200000"), "m2"),
        ("清淤河道12万方。", Decimal("120000"), "m3"),
        ("新建蓄水池1800立方米。", Decimal("1800"), "m3"),
        ("收购稻谷560万斤。", Decimal("2800"), "t"),
        ("核酸检测420车次。", Decimal("420"), "count"),
        ("接种疫苗2.6万剂次。", Decimal("26000"), "count"),
        ("发放蚊香300盘。", Decimal("300"), "count"),
        ("服务群众1853 人。", Decimal("1853"), "people"),
        ("完成投资1.55亿,", Decimal("155000000"), "yuan"),
        ("实现税收360万。", Decimal("3600000"), "yuan"),
        ("社零实现145.98亿。", Decimal("14598000000"), "yuan"),
        ("建成中心小学一所。", Decimal("1"), "count"),
    ],
)
def test_units_of_the_genre(line: str, value: Decimal, unit: str) -> None:
    cand = one(line, results_year=2020)
    assert (cand.value, cand.unit) == (value, unit)
    assert cand.quote in line


@pytest.mark.parametrize(
    "line, value, qualifier",
    [
        ("年产值突破1000万元。", Decimal("10000000"), "at_least"),
        ("工业产值超25亿元。", Decimal("2500000000"), "at_least"),
        ("接待游客超17万人次。", Decimal("170000"), "at_least"),
        ("参与群众逾万人。", Decimal("10000"), "at_least"),
        ("发放资金20余万,", Decimal("200000"), "at_least"),
        ("税收突破百亿大关。", Decimal("10000000000"), "at_least"),
        ("贫困发生率降至2%以下。", Decimal("2"), "at_most"),
        ("发生率控制在0.3%以内。", Decimal("0.3"), "at_most"),
        ("总投资不足20亿元。", Decimal("2000000000"), "at_most"),
        ("新建道路约3公里。", Decimal("3"), "approx"),
    ],
)
def test_hedges(line: str, value: Decimal, qualifier: str) -> None:
    cand = one(line, results_year=2020)
    assert (cand.value, cand.qualifier) == (value, qualifier)


def test_a_shared_hedge_over_a_list() -> None:
    got = extract("产量分别在450万吨、200万吨、400万吨以上。新建道路3公里、桥梁2座以上。")
    assert [c.qualifier for c in got] == ["at_least"] * 3 + ["exact", "at_least"]


@pytest.mark.parametrize(
    "line, reason",
    [
        ("连续9个月无事故。", "a duration"),
        ("提前7个月完成。", "a duration"),
        ("楼面价达39509.2元/㎡。", "a ratio"),
        ("人均补助300元/人。", "a ratio"),
        ("落实“五个一批”要求。", "a name"),
        ("落实五个一批工程。", "a name"),
        ("收入一亿亿亿元。", "beyond 64 bits"),
        ("收入99999999999999999999元。", "beyond 64 bits"),
    ],
)
def test_not_figures_are_skipped_with_their_reason(line: str, reason: str) -> None:
    analysis = analyse(line, 2020)
    assert analysis.candidates == []
    assert any(reason in s.reason for s in analysis.skipped), analysis.skipped


# --------------------------------------------------------------------------
# Subjects and titles


def test_subjects_say_what_is_counted_and_never_cut_a_number() -> None:
    figs = {c.text: c.subject_zh for c in extract(text("hexi-report"))}
    assert figs["216个"] == "村(居)民小组"
    assert figs["8.2%"] == "全镇完成固定资产投资同比增长"
    assert figs["560人"] == "已脱贫"
    for name in ("hexi-report", "nanshan-midyear", "qinghe-interview", "donghu-summary"):
        for cand in extract(text(name)):
            subject = cand.subject_zh
            assert not re.match(r"[\d.%－\-]", subject), (name, subject)
            assert not re.search(r"\d$", subject), (name, subject)


def test_quote_windows_do_not_begin_inside_a_number() -> None:
    doc = "2016年全乡" + "新建道路和桥梁以及水利设施等" * 3 + "共计12处。"
    cand = one(doc)
    assert not cand.quote[0].isdigit() and cand.quote in doc


@pytest.mark.parametrize(
    "page, title",
    [
        (
            "分享到:\n这里能搜索到更多你想要的范文→\n当前位置:首页 > 工作总结\n"
            "河西镇2020年工作总结\n正文。",
            "河西镇2020年工作总结",
        ),
        (
            "首页 | 工作总结 | 工作计划\n南山街道2020年上半年工作总结\n",
            "南山街道2020年上半年工作总结",
        ),
        (
            "当前位置:首页 >> 政务互动 >> 政务访谈\n紧跟时代步伐 促进全面发展\n"
            "2017-02-28 点击:126次",
            "紧跟时代步伐 促进全面发展",
        ),
    ],
)
def test_titles_are_the_texts_own_not_page_chrome(page: str, title: str) -> None:
    assert find_title(page) == title


def test_concepts_are_the_bundled_interviews_ids() -> None:
    from conftest import DATA

    from tzcli.dataset import load

    ids = {f.id for f in load(DATA).figures}
    assert {cid for _, _, cid in CONCEPTS} <= ids
    assert one("农村人口3.1万人。").concept == "profile.population_rural"
    assert one("实现税收11334万元。").concept == "economy.tax_revenue"
    assert [c.concept for c in extract("2016年已脱贫170户898人。")] == [
        "poverty.households_lifted",
        "poverty.people_lifted",
    ]
    assert one("新建道路3公里。").concept is None
    assert one("未脱贫78户。").concept is None  # not plain: 未脱贫 is the opposite


def test_this_year_and_of_which_take_the_years_the_text_means() -> None:
    doc = (
        "镇2017年度工作总结\n我镇计划今年脱贫68户260人,实现脱贫77户288人。"
        "2018年计划脱贫余下的37户99人,其中五保户5户5人。"
    )
    got = [(c.text, c.year, c.kind) for c in extract(doc)]
    assert got == [
        ("68户", 2017, "target"),
        ("260人", 2017, "target"),
        ("77户", 2017, "result"),
        ("288人", 2017, "result"),
        ("37户", 2018, "target"),
        ("99人", 2018, "target"),
        ("5户", 2018, "target"),
        ("5人", 2018, "target"),
    ]


def test_the_texts_own_dated_title_below_a_copiers() -> None:
    page = "减贫摘帽工作总结\n发布于:2017-01-16\n篇一:山盆镇2014年减贫摘帽工作总结\n正文。"
    assert guess_years(page) == (2014, 2015)


def test_a_group_of_five_is_a_name() -> None:
    assert extract("第一书记、五人小组组长,辖12个村民小组。")[0].text == "12个"


def test_sessions_are_ordinals_and_guo_is_more_than() -> None:
    got = extract("执行镇人大十一届一次、二次会议决议,在建项目10个,总投资过500万元,通过3个。")
    assert [(c.text, c.qualifier) for c in got] == [
        ("10个", "exact"),
        ("过500万元", "at_least"),
        ("3个", "exact"),
    ]


def test_the_command_takes_year_and_plan_year(tmp_path: Any) -> None:
    from click.testing import CliRunner

    from tzcli.cli import cli

    source = tmp_path / "t.txt"
    source.write_text(
        "一、工作总结\n新建道路3公里。\n二、工作打算\n新建道路5公里。\n", encoding="utf-8"
    )
    result = CliRunner().invoke(
        cli, ["draft", str(source), "--year", "2016", "--plan-year", "2016"]
    )
    assert result.exit_code == 0, result.output
    assert re.findall(r"^year = (\d+)$", result.stdout, re.M)[-2:] == ["2016", "2016"]
    result = CliRunner().invoke(cli, ["draft", str(source), "--plan-year", "1800"])
    assert result.exit_code == 2 and "Invalid value for '--plan-year'" in result.stderr


def test_subjects_of_figures_that_open_their_clause() -> None:
    got = [
        (c.text, c.subject_zh)
        for c in extract("收入增加18%,达到9170元;实现65个贫困村出列,14008户56962人如期脱贫。")
    ]
    assert got == [
        ("18%", "收入增加"),
        ("达到9170元", "收入"),
        ("65个", "实现…贫困村出列"),
        ("14008户", "如期脱贫"),
        ("56962人", "如期脱贫"),
    ]


# --------------------------------------------------------------------------
# What round 2's unseen texts left (#23 round 3), each on made-up lines


def test_without_a_dated_title_the_results_year_is_the_latest_result_told() -> None:
    # no dated title, heading or date: not the first year named (a baseline), nor a
    # target's (到2025年), a forecast's (预计2024年) or a year described (2023年是…)
    report = (
        "柳溪镇情况汇报\n"
        "我镇辖3个社区、12个行政村,总人口2.1万人。2014年底,识别贫困户320户。"
        "2018年新增低收入户45户。2021年5月,全镇通过考核验收。"
        "预计2024年建成污水厂1座。2023年是关键之年。到2025年,力争建成示范村6个。\n"
    )
    assert guess_years(report) == (2021, 2022)
    got = {c.number: c for c in extract(report)}
    assert (got["12"].year, got["320"].year, got["45"].year) == (2021, 2014, 2018)
    assert (got["6"].year, got["6"].kind) == (2025, "target")
    # a year opening a sentence of plans is a target's: 2022年,我们将…
    plans = "桃源乡简报\n2020年,全乡新修道路8公里。2022年,我们将新建大棚40个。\n"
    assert guess_years(plans)[0] == 2020
    # 截止到2012年11月底 is a result's date; goals a colon announces are targets
    interview = (
        "镇长答网友问\n今后将围绕三大目标:1、2014年实现现代化2、建成名镇。"
        "截止到2012年11月底,共整治自然村144个。\n"
    )
    assert guess_years(interview)[0] == 2012
    # 预计实现 is an estimated result: its year is a result's
    estimate = "青山镇简报\n2016年,全镇预计实现生产总值3.2亿元。\n"
    assert guess_years(estimate)[0] == 2016


def test_a_year_in_the_copys_navigation_dates_a_text_that_names_none_else() -> None:
    page = "首页>专栏>2020乡村振兴在路上>访谈\n本报记者专访了石桥镇镇长。\n今年全镇新建大棚30个。\n"
    assert guess_years(page) == (2020, 2021)
    assert one(page).year == 2020
    # a date in the navigation is no column's year
    assert guess_years("首页>新闻>2019-05-12\n2017年,全镇新建大棚30个。\n")[0] == 2017


def test_a_list_of_years_is_a_span() -> None:
    cand = one("2018年、2019年两次获评全市先进乡镇。")
    assert (cand.year, cand.year_end) == (2018, 2019)
    cand = one("2015年、2017年和2019年三次承办全县农民运动会。")
    assert (cand.year, cand.year_end) == (2015, 2019)


def test_the_parts_in_a_parenthesis_after_qizhong_take_the_year_of_the_whole() -> None:
    report = "东岭镇2021年工作总结\n2019年认定重点村12个(其中山区村8个,平原村4个)。\n"
    assert [(c.number, c.year) for c in extract(report)] == [("12", 2019), ("8", 2019), ("4", 2019)]


def test_towns_townships_and_groups_are_counters() -> None:
    got = extract("全县辖5镇10乡,安装健身器材4组。")
    assert [(c.number, c.unit, c.word) for c in got] == [
        ("5", "count", "镇"),
        ("10", "count", "乡"),
        ("4", "count", "组"),
    ]
    # the subject of each is the words before the list, not the count before it
    assert [c.subject_zh for c in got[:2]] == ["全县辖", "全县辖"]
    # after a Chinese numeral, 镇 and 乡 are names' (三乡工程), not counts; nor are words
    # that begin with them or with 组 (2020乡村振兴, 2019组织)
    assert extract("全域推进三乡工程。") == []
    assert extract("创建2020乡村振兴示范点,2019组织培训。") == []
    assert [c.value for c in extract("全市18乡镇参赛。")] == [18]


def test_money_without_yuan_after_an_amount_of_yuan() -> None:
    got = extract("全年税收任务260万,完成285万,超额完成任务。")
    assert [(c.number, c.value, c.unit) for c in got] == [
        ("260万", Decimal(2600000), "yuan"),
        ("285万", Decimal(2850000), "yuan"),
    ]
    assert got[1].subject_zh == "税收任务完成"
    # not after a count, nor across a sentence
    assert [c.unit for c in extract("新建大棚12个,完成30万。")] == ["count"]


def test_a_rank_is_not_people() -> None:
    analysis = analyse("在全市乡镇综合考核中排名12位,位列全省3位。")
    assert analysis.candidates == []
    assert [s.reason for s in analysis.skipped] == ["a rank (排名12位), not people"] * 2
    assert one("新招录大学生村官12位。").unit == "people"


@pytest.mark.parametrize(
    "line",
    ["我县地处六盘山片区,山大沟深。", "七台河村新建文化广场。", "修通了三家子至河口的村道。"],
)
def test_places_named_with_a_numeral_are_names(line: str) -> None:
    analysis = analyse(line)
    assert analysis.candidates == []
    assert [s.reason for s in analysis.skipped] == ["a name"]


def test_a_count_before_a_village_word_is_still_a_count() -> None:
    assert one("帮扶三家村级合作社。").value == 3
    assert one("新建两座山塘。").value == 2


def test_firms_counted_by_hu_are_a_count_not_households() -> None:
    got = extract("新增市场主体85户,引进3户企业,新增个体工商户40户;帮扶农户120户。")
    assert [(c.number, c.unit) for c in got] == [
        ("85", "count"),
        ("3", "count"),
        ("40", "count"),
        ("120", "households"),
    ]
    assert got[0].note_en == "counter word 户"


def test_funds_secured_among_the_results_are_results() -> None:
    report = "南岭镇2022年工作总结\n一、工作回顾\n争取上级资金1200万元,争取到项目5个。\n"
    assert [(c.number, c.kind) for c in extract(report)] == [("1200万", "result"), ("5", "result")]
    # among the results, 争取 + a target is still a target
    assert one("南岭镇2022年工作总结\n争取新建大棚20个。\n").kind == "target"


@pytest.mark.parametrize(
    "line, unit, word",
    [
        ("解决了3.2万农村人口的饮水问题。", "people", "农村人口"),
        ("全镇农业人口1.8万。", "people", None),
        ("这个组56户213口人。", "people", "口人"),
    ],
)
def test_people_named_as_a_population_or_by_kou(line: str, unit: str, word: str | None) -> None:
    cand = extract(line)[-1]
    assert cand.unit == unit
    if word:
        assert cand.word == word


def test_a_total_after_figures_of_a_sentence_takes_their_year_and_kind() -> None:
    plan = (
        "梅岭县2020年易地搬迁实施计划\n"
        "2021年启动搬迁贫困人口2万人及同步搬迁人口1万人,共计3万人的搬迁工作。\n"
    )
    got = extract(plan)
    assert [(c.number, c.year, c.kind) for c in got] == [
        ("2万", 2021, "target"),
        ("1万", 2021, "target"),
        ("3万", 2021, "target"),
    ]


# --------------------------------------------------------------------------
# Round 4: spans, five-year reviews, a sentence's year (made-up lines)


@pytest.mark.parametrize(
    "line, span",
    [
        ("2019年工作总结。这十年,全镇新修道路12条。", (2010, 2019)),
        ("2019年工作总结。过去的五年,全镇新修道路12条。", (2015, 2019)),
        ("2019年工作总结。近三年全镇新修道路12条。", (2017, 2019)),
        ("2019年工作总结。去年以来,全镇新建水窖80口。", (2018, 2019)),
        ("2019年工作总结。“十五”期间,全县新修道路12条。", (2001, 2005)),
        ("2019年工作总结。十一五期间全镇新修公路45公里。", (2006, 2010)),
        ("2019年工作总结。“九五”时期全镇新修公路45公里。", (1996, 2000)),
    ],
)
def test_spans_of_the_genre(line: str, span: tuple[int, int]) -> None:
    cand = one(line)
    assert (cand.year, cand.year_end) == span


def test_a_plans_targets_and_a_period_compared_with_are_not_spans() -> None:
    got = extract("2005年工作总结。全县完成生产总值9.1亿元,超“十五”计划目标1.2亿元。")
    assert [(c.year, c.year_end) for c in got] == [(2005, None), (2005, None)]


def test_a_five_year_review_that_names_no_year_is_of_the_plans_last_year() -> None:
    report = (
        "政府工作报告\n一、过去五年工作回顾\n十二五时期,是我乡发展最快的五年。\n"
        "五年来,全乡财政收入由0.6亿元增长到1.5亿元,增长150%;农民人均纯收入增长了90%。\n"
    )
    assert guess_years(report) == (2015, 2016)
    got = extract(report)
    assert [(c.text, c.year, c.year_end) for c in got] == [
        ("0.6亿元", 2011, 2015),
        ("1.5亿元", 2011, 2015),
        ("150%", 2011, 2015),
        ("90%", 2011, 2015),  # after the semicolon: the same sentence's span
    ]


def test_a_sentences_year_reaches_its_later_clauses() -> None:
    got = extract(
        "2017年脱贫工作报告。\n贫困发生率6.2%。2018年全镇计划减贫1200人,年末贫困发生率1.5%。"
        "2016年全镇新建大棚300个,修路18公里,植树5000株。"
    )
    assert [(c.text, c.year) for c in got] == [
        ("6.2%", 2017),
        ("1200人", 2018),
        ("1.5%", 2018),
        ("300个", 2016),
        ("18公里", 2016),
        ("5000株", 2016),
    ]


@pytest.mark.parametrize(
    "line, year",
    [
        # a history (1992年撤并建) is not carried; nor the present (现有), nor a chronology
        ("2020年工作总结。河西镇1992年撤并建,辖18个行政村。", 2020),
        ("2020年工作总结。2014年全乡已脱贫60户,现有贫困户239户。", 2020),
        ("2020年工作总结。2018年脱贫120户,2019年脱贫210户,贫困发生率降至0.5%。", 2020),
    ],
)
def test_what_a_sentences_year_does_not_reach(line: str, year: int) -> None:
    assert extract(line)[-1].year == year


def test_a_result_dated_by_jiezhi_dao_and_an_estimate_are_not_deadlines() -> None:
    got = extract(
        "2012年工作总结。截止到2012年11月底,共完成村庄整治144个。预计到2012年底,实现产值9350万元。"
    )
    assert [(c.year, c.kind) for c in got] == [(2012, "result"), (2012, "result")]


# --------------------------------------------------------------------------
# Round 4: units, numerals and hedges the genre still had (made-up lines)


@pytest.mark.parametrize(
    "line, number, value, unit, qualifier",
    [
        ("全村共种植中药材12种。", "12种", "12", "count", "exact"),
        ("新建蓄水池3.2万立方。", "3.2万立方", "32000", "m3", "exact"),
        ("挖土方12万立方米。", "12万立方米", "120000", "m3", "exact"),
        ("修建渠道2万米。", "2万米", "20000", "m", "exact"),
        ("全乡农田水利工程万米石渠全部硬化。", "万米", "10000", "m", "exact"),
        ("茶叶产值突破億元。", "突破億元", "100000000", "yuan", "at_least"),
        ("新建茶园超过千亩。", "超过千亩", "1000", "mu", "at_least"),
        ("引进项目总投资近百万元。", "近百万元", "1000000", "yuan", "approx"),
        ("建成投资1.6亿的冷链项目。", "1.6亿", "160000000", "yuan", "exact"),
        ("全县总人口达到了64万。", "64万", "640000", "people", "exact"),
        ("全镇现有320个贫困人口。", "320个贫困人口", "320", "people", "exact"),
        ("每年水产品达到了12万吨之上。", "12万吨之上", "120000", "t", "at_least"),
        ("全镇发展茶园3000亩有余。", "3000亩有余", "3000", "mu", "at_least"),
        ("辖7个行政村,其中一个深度贫困村。", "一个", "1", "count", "exact"),
        ("農田改造三萬畝,受益群眾兩千戶。", "三萬畝", "30000", "mu", "exact"),
    ],
)
def test_units_numerals_and_hedges_of_round_4(
    line: str, number: str, value: str, unit: str, qualifier: str
) -> None:
    cand = next(c for c in extract(line) if c.text == number)
    assert (cand.value, cand.unit, cand.qualifier) == (Decimal(value), unit, qualifier)


def test_zhong_counts_kinds_after_digits_only() -> None:
    assert [c.text for c in extract("推行三种模式,新发展5种植大户,引进8种果树。")] == ["8种"]


def test_money_before_de_and_a_share_of_a_task() -> None:
    got = extract("截止6月底,完成税收648万元,占全年任务1250万的52%。完成投资1.2亿元的项目竣工。")
    assert [(c.text, c.unit) for c in got] == [
        ("648万元", "yuan"),
        ("1250万", "yuan"),
        ("52%", "percent"),
        ("1.2亿元", "yuan"),
    ]


@pytest.mark.parametrize(
    "line, reason",
    [
        ("县长访谈实录 (1人在浏览)", "the page's own counter or number"),
        ("编号:230656405乡镇2017年工作报告", "the page's own counter or number"),
        ("沿着300米大河建成滨河公园。", "a name (800米大河)"),
        ("海域面积按十米等深线来计算。", "a criterion (按十米…), not a figure"),
    ],
)
def test_page_counters_document_numbers_and_names_are_not_figures(line: str, reason: str) -> None:
    found = analyse(line)
    assert found.candidates == []
    assert reason in {s.reason for s in found.skipped}


@pytest.mark.parametrize(
    "line, number, unit",
    [
        ("慰问困难群众,送去大米200袋、食用油100桶、慰问品30箱。", "200袋", "count"),
        ("慰问困难群众,送去大米200袋、食用油100桶、慰问品30箱。", "30箱", "count"),
        ("发放宣传册5000册、棉被200床。", "200床", "count"),
        ("举办实用技术培训班5期。", "5期", "count"),
        ("开展3轮安全隐患排查。", "3轮", "count"),
        ("修建防渗渠道3000延米。", "3000延米", "m"),
        ("新建标准厂房13600平方。", "13600平方", "m2"),
        ("检查企业320家次,排查车辆1200辆次。", "320家次", "count"),
        ("检查企业320家次,排查车辆1200辆次。", "1200辆次", "count"),
        ("投放鱼苗10万尾,养蜂300群。", "10万尾", "count"),
        ("投放鱼苗10万尾,养蜂300群。", "300群", "count"),
        ("张贴标语200余幅,发放帐篷50顶,调配马匹20匹。", "200余幅", "count"),
        ("张贴标语200余幅,发放帐篷50顶,调配马匹20匹。", "50顶", "count"),
        ("张贴标语200余幅,发放帐篷50顶,调配马匹20匹。", "20匹", "count"),
    ],
)
def test_counters_of_relief_goods_sessions_and_lengths(line: str, number: str, unit: str) -> None:
    assert (number, unit) in [(c.text, c.unit) for c in extract(line)]


def test_a_phase_and_a_rank_are_not_counts() -> None:
    found = analyse("二期工程完工,3期工程开工。全镇综合考核进入全市前3名,全县前10位。")
    assert found.candidates == []
    assert [s.text for s in found.skipped if s.reason.startswith("a rank")] == ["3名", "10位"]


def test_years_in_chinese_numerals_and_a_title_year_without_nian() -> None:
    report = "二〇二〇年工作总结\n全镇新建道路12条。二〇一九年新建道路8条。\n"
    assert guess_years(report) == (2020, 2021)
    assert [(c.text, c.year, c.quote) for c in extract(report)] == [
        ("12条", 2020, "全镇新建道路12条"),
        ("8条", 2019, "二〇一九年新建道路8条"),  # quoted as written
    ]
    assert guess_years("镇政府2017工作总结\n全镇新建道路12条。\n") == (2017, 2018)


def test_last_year_is_the_year_before_the_text_was_written() -> None:
    report = (
        "2021年政府工作报告\n各位代表:\n去年,全镇实现生产总值12.5亿元,比去年增长8%。"
        "今年,全镇计划新建道路10公里。\n"
    )
    assert [(c.text, c.year, c.kind) for c in extract(report)] == [
        ("12.5亿元", 2020, "result"),
        ("8%", 2020, "result"),  # 比去年: a comparison, of the figure's year
        ("10公里", 2021, "target"),
    ]
    summary = "2020年工作总结\n去年全镇脱贫120户,今年全镇脱贫80户。\n"
    assert [c.year for c in extract(summary)] == [2019, 2020]


def test_a_part_after_qizhong_takes_the_unit_of_the_whole() -> None:
    got = extract(
        "全乡牲畜存栏2.4万头,其中大畜1.1万、小畜1.3万。全县劳动力41万人,其中外出务工6万。"
    )
    assert [(c.text, c.unit, c.word) for c in got] == [
        ("2.4万头", "count", "头"),
        ("1.1万", "count", "头"),
        ("1.3万", "count", "头"),
        ("41万人", "people", "人"),
        ("6万", "people", "人"),
    ]


def test_a_start_year_with_you_dates_the_start_only() -> None:
    got = extract(
        "2018年工作总结\n贫困发生率由2014年的19.2%下降到0.6%,农民收入从2014年的5200元增长到9860元。\n"
    )
    assert [(c.text, c.year) for c in got] == [
        ("19.2%", 2014),
        ("0.6%", 2018),
        ("5200元", 2014),
        ("9860元", 2018),
    ]


def test_the_texts_own_list_of_things_to_do_is_not_a_count() -> None:
    found = analyse("今年,我们将重点抓好三件事。一是新建高标准农田5000亩。")
    assert [c.text for c in found.candidates] == ["5000亩"]
    assert "the text's own outline (六个方面)" in {s.reason for s in found.skipped}


def test_a_subject_does_not_begin_with_last_year_or_we() -> None:
    cand = one("去年我们新修通村公路46公里。")
    assert cand.subject_zh == "新修通村公路"


def test_the_next_five_years_are_a_span_of_targets() -> None:
    report = "2020年工作总结\n今后五年,全镇地区生产总值年均增长7%以上,到2025年达到46亿元。\n"
    assert [(c.text, c.year, c.year_end, c.kind) for c in extract(report)] == [
        ("7%以上", 2021, 2025, "target"),
        ("达到46亿元", 2025, None, "target"),
    ]


def test_subjects_after_hedged_figures_of_a_list() -> None:
    got = extract("五年来,新建农村公路128公里,2600余户9800余人稳定脱贫。")
    assert [c.subject_zh for c in got] == ["新建农村公路", "稳定脱贫", "稳定脱贫"]


def test_a_mid_year_reports_second_half_is_its_plans_and_a_sentences_plan_reaches_on() -> None:
    report = (
        "东城街道2022年上半年工作总结\n1-6月,街道开展志愿服务活动320余场次。\n"
        "下半年,街道将力争全年完成一般公共预算收入2.4亿元,新建口袋公园2个。\n"
    )
    got = extract(report)
    assert [(c.text, c.unit, c.year, c.kind) for c in got] == [
        ("320余场次", "count", 2022, "result"),
        ("2.4亿元", "yuan", 2022, "target"),
        ("2个", "count", 2022, "target"),
    ]
    # a plan in one item of a list (…;) does not reach the next
    got = extract("2016年工作总结\n一是力争完成入库135万斤;二是在村投资1.7亿元建设养殖基地。\n")
    assert [c.kind for c in got] == ["target", "result"]


def test_a_plan_opening_a_sentence_reaches_its_later_clauses() -> None:
    got = extract("2020年工作总结\n全镇新建道路12条。明年,全镇将新建道路20条,改造危房30户。\n")
    assert [(c.text, c.year, c.kind) for c in got] == [
        ("12条", 2020, "result"),
        ("20条", 2021, "target"),
        ("30户", 2021, "target"),
    ]


def test_a_traditional_copys_page_chrome_is_neither_title_nor_figure() -> None:
    page = (
        "當前位置:首頁 > 範文 > 工作總結\n1人在瀏覽 閱讀 236 收藏\n白沙鎮2015年工作總結\n"
        "全年新建沼氣池320個,改造危房186戶。\n"
    )
    found = analyse(page)
    assert found.title == "白沙鎮2015年工作總結"
    assert [(c.text, c.year) for c in found.candidates] == [("320個", 2015), ("186戶", 2015)]


@pytest.mark.parametrize(
    "line, number, value, unit",
    [
        ("参与群众千余人。", "千余人", "1000", "people"),
        ("惠及农户百余户。", "百余户", "100", "households"),
        ("带动就业万余人。", "万余人", "10000", "people"),
        ("投入资金一百多万元。", "一百多万元", "1000000", "yuan"),
        ("争取资金三十余万元。", "三十余万元", "300000", "yuan"),
    ],
)
def test_a_hundred_or_thousand_and_more_in_words(
    line: str, number: str, value: str, unit: str
) -> None:
    cand = one(line)
    assert (cand.text, cand.value, cand.unit, cand.qualifier) == (
        number,
        Decimal(value),
        unit,
        "at_least",
    )


def test_several_hundred_is_not_a_figure() -> None:
    assert extract("几百余人参加,数千余人受益。") == []


def test_a_summary_signed_in_january_at_its_end_is_of_the_year_before() -> None:
    summary = (
        "石门镇工作总结\n一年来,全镇新建道路12条,去年脱贫120户。\n"
        "石门镇人民政府\n二〇二一年一月八日\n"
    )
    assert guess_years(summary) == (2020, 2021)
    assert [(c.text, c.year) for c in extract(summary)] == [("12条", 2020), ("120户", 2020)]
    # a date inside the text, not on a line of its own, is no signature
    assert guess_years("石门镇工作总结\n全镇新建道路12条,2021年1月通车。\n")[0] != 2020


def test_a_sentence_cut_by_a_copys_line_break_keeps_its_span() -> None:
    fragment = (
        "2003年工作总结\n农田水利建设成效显著。去年以来,全乡新修渠道2500米,投工2.4万个工日,累计投入\n"
        "资金240万元,全乡每年可节水157万立方。\n"
    )
    got = extract(fragment)
    assert [(c.text, c.year, c.year_end) for c in got] == [
        ("2500米", 2002, 2003),
        ("2.4万个", 2002, 2003),
        ("240万元", 2002, 2003),
        ("157万立方", 2003, None),  # 每年: a yearly rate
    ]


def test_qizhong_yige_is_a_count_only_after_a_count_of_the_same_word() -> None:
    assert [c.text for c in extract("全镇有5个贫困村,其中一个深度贫困村。")] == ["5个", "一个"]
    assert extract("其中一个重要原因是基础薄弱。") == []


def test_a_target_among_the_results_after_a_plan_of_the_next_year_is_of_that_year() -> None:
    report = (
        "2017年脱贫工作总结\n全镇脱贫320户。2018年全镇计划减贫1400人,年末贫困发生率1.5%。"
        "全镇计划出列贫困村3个。\n全镇计划在村实施危房改造12户。\n"
    )
    assert [(c.text, c.year, c.kind) for c in extract(report)] == [
        ("320户", 2017, "result"),
        ("1400人", 2018, "target"),
        ("1.5%", 2018, "target"),
        ("3个", 2018, "target"),
        ("12户", 2017, "target"),  # another paragraph: the results year's own
    ]


def test_a_yearly_average_is_over_the_span_the_text_reviews() -> None:
    review = "这十年,全苏木新建党支部3个。\n2021年全苏木牧民人均收入达到21243元,年均增长7.2%。\n"
    got = extract(review, results_year=2022)
    assert [(c.text, c.year, c.year_end) for c in got] == [
        ("3个", 2013, 2022),
        ("达到21243元", 2021, None),
        ("7.2%", 2013, 2022),
    ]
    # a text that reviews no span: the average keeps the year it names
    assert [c.year_end for c in extract("2021年人均收入21243元,年均增长7.2%。")] == [None, None]


def test_villages_counted_after_a_list_of_their_names() -> None:
    assert [(c.text, c.unit) for c in extract("侣楼、曹庄两村已率先完成。")] == [("两村", "count")]
    assert extract("三村联建,两村民小组。") == []


def test_an_interview_of_questions_and_answers() -> None:
    interview = (
        "县长谈扶贫开发:让山区群众过上好日子\n"
        "问:近年来我县扶贫开发工作取得了哪些成效?\n"
        "答:“十一五”以来,我县累计投入扶贫资金3.2亿元。"
        "农民人均纯收入由2005年的1860元增加到2008年的2960元。全县新修通村公路860公里。\n"
        "问:今年有哪些打算?\n"
        "答:今年,我们将再投入扶贫资金8000万元,完成30个贫困村的整村推进。\n"
    )
    found = analyse(interview)
    assert found.title == "县长谈扶贫开发:让山区群众过上好日子"  # not a question
    assert (found.results_year, found.plan_year) == (2008, 2009)  # 增加到2008年: a result
    assert [(c.text, c.year, c.year_end, c.kind, c.subject_zh) for c in found.candidates] == [
        ("3.2亿元", 2006, 2008, "result", "我县累计投入扶贫资金"),  # “十一五”以来, after 答:
        ("1860元", 2005, None, "result", "农民人均纯收入"),
        ("2960元", 2008, None, "result", "农民人均纯收入"),
        ("860公里", 2006, 2008, "result", "全县新修通村公路"),  # the paragraph's span
        ("8000万元", 2009, None, "target", "再投入扶贫资金"),  # 问:…打算 opens the plans
        ("30个", 2009, None, "target", "完成…贫困村的整村推进"),  # 今年 in the plans
    ]


@pytest.mark.parametrize(
    "line, span",
    [
        ("2020年工作总结。自2016年以来,全镇累计脱贫860户。", (2016, 2020)),
        ("2020年工作总结。2016年至今,全镇累计脱贫860户。", (2016, 2020)),
        ("2020年工作总结。2018、2019年全镇脱贫320户。", (2018, 2019)),
        ("2020年工作总结。2013年—2015年全镇脱贫320户。", (2013, 2015)),
        ("2020年工作总结。从2013年到2015年,全镇脱贫320户。", (2013, 2015)),
    ],
)
def test_spans_written_with_both_years_or_since(line: str, span: tuple[int, int]) -> None:
    cand = one(line)
    assert (cand.year, cand.year_end) == span
    assert cand.subject_zh in ("全镇累计脱贫", "全镇脱贫")  # no year, no dash


def test_a_baseline_year_compared_with_is_not_the_figures() -> None:
    got = extract("2020年工作总结\n在2015年的基础上,全镇财政收入增长12%。比2019年同期增长8%。\n")
    assert [c.year for c in got] == [2020, 2020]


def test_a_copys_links_to_other_texts_do_not_date_it() -> None:
    page = (
        "乡镇工作总结\n一年来,全镇新建道路12条。截至2019年底,全镇累计脱贫860户。\n"
        "上一篇:2018年乡镇工作总结\n下一篇:2021年乡镇工作总结范文\n"
        "相关推荐:2022年乡镇脱贫攻坚工作总结\n"
    )
    assert guess_years(page) == (2019, 2020)
    assert find_title(page) == "乡镇工作总结"


def test_a_report_on_a_years_task_is_of_that_year() -> None:
    assert guess_years("2017年脱贫攻坚工作报告\n全镇脱贫320户。\n") == (2017, 2018)
    assert guess_years("石门镇2017年政府工作报告\n全镇脱贫320户。\n") == (2016, 2017)


def test_a_labour_force_and_a_population_named_before_the_number_are_people() -> None:
    got = extract("全镇转移农村劳动力1.2万,常住人口2万,其中外出务工6000。")
    assert [(c.text, c.unit) for c in got] == [
        ("1.2万", "people"),
        ("2万", "people"),
        ("6000", "people"),  # a part of the people before
    ]


def test_the_texts_own_slogans_are_not_counts() -> None:
    found = analyse("聚焦打造三个高地,践行四项使命任务,实现三个全覆盖,新建三个村级活动中心。")
    assert [c.text for c in found.candidates] == ["三个"]
    assert found.candidates[0].subject_zh.endswith("村级活动中心")


def test_a_copy_dated_years_after_the_results_it_tells_of_is_dated_by_them() -> None:
    copy = "驻村工作队典型经验材料\n2024-12-10\n2016年,全村脱贫42户。今年,全村新建道路3条。\n"
    assert guess_years(copy) == (2016, 2017)
    assert [c.year for c in extract(copy)] == [2016, 2016]  # 今年: not the copy's year


def test_a_year_does_not_reach_the_next_item_of_a_list_nor_from_a_forecast() -> None:
    report = (
        "2011年工作总结\n三期工程进展顺利,预计2012年建成投产;绿化工程已完成投资593万元。"
        "2011年,全镇新建道路12条;改造危房30户。\n"
    )
    assert [(c.text, c.year, c.kind) for c in extract(report)] == [
        ("593万元", 2011, "result"),
        ("12条", 2011, "result"),
        ("30户", 2011, "result"),  # 2011年, opening the sentence: all of it
    ]


def test_jiandang_lika_is_no_history() -> None:
    copy = "工作队典型经验材料\n2024-12-10\n2014年建档立卡时,该村识别出贫困户63户。\n"
    assert guess_years(copy)[0] == 2014


def test_a_traditional_copys_hectares_rounds_and_crowds() -> None:
    got = extract("新增耕地120公頃,開展3輪排查,帶動群眾3萬餘人增收。")
    assert [(c.text, c.value, c.unit) for c in got] == [
        ("120公頃", Decimal("1200000"), "m2"),
        ("3輪", Decimal("3"), "count"),
        ("3萬餘人", Decimal("30000"), "people"),
    ]


def test_a_list_of_years_with_fenbie_gives_each_figure_its_year() -> None:
    got = extract("2019年工作总结\n2017、2018年分别脱贫120户、210户。\n")
    assert [(c.text, c.year, c.year_end, c.subject_zh) for c in got] == [
        ("120户", 2017, None, "脱贫"),
        ("210户", 2018, None, "脱贫"),
    ]


def test_a_growth_after_a_share_is_of_the_amount() -> None:
    got = extract("1-6月,街道完成一般公共预算收入1.26亿元,占全年任务的52.3%,同比增长6.8%。")
    assert got[-1].subject_zh == "街道完成一般公共预算收入同比增长"


def test_a_clause_from_a_start_to_an_end_is_of_the_figure_before() -> None:
    got = extract("农民人均纯收入预计增长12%左右,由2019年的14646元提高到2020年的16403元。")
    assert [c.subject_zh for c in got[1:]] == ["农民人均纯收入", "农民人均纯收入"]


def test_a_part_in_a_parenthesis_has_its_own_words_as_subject() -> None:
    got = extract("全镇总户数为2823户(其中宗河村1170户),建档立卡贫困村89个(深度贫困村41个)。")
    assert [c.subject_zh for c in got] == ["全镇总户数", "宗河村", "建档立卡贫困村", "深度贫困村"]


def test_thousands_marked_by_commas() -> None:
    got = extract("全县实现地区生产总值1,234.5亿元,全镇共有农户12,345户。投资12,改造345户。")
    assert [(c.text, c.value) for c in got] == [
        ("1,234.5亿元", Decimal("123450000000")),
        ("12,345户", Decimal("12345")),
        ("345户", Decimal("345")),  # 12,改造: a comma between clauses
    ]


def test_full_width_digits_are_read_and_written_as_the_copy_has_them() -> None:
    copy = "２０１９年工作总结\n全镇新建道路１２条,投资３．５亿元,贫困发生率降至１．２％。\n"
    assert guess_years(copy) == (2019, 2020)
    got = extract(copy)
    assert [(c.text, c.value, c.year) for c in got] == [
        ("１２条", Decimal("12"), 2019),
        ("３．５亿元", Decimal("350000000"), 2019),
        ("１．２％", Decimal("1.2"), 2019),
    ]
    assert all(c.quote in copy for c in got)


def test_a_numeral_is_written_as_the_copy_has_it_at_its_place() -> None:
    got = extract("全村另有3萬元,又有5万元,６００多萬元,6-7萬畝。")
    assert [c.number for c in got] == ["3萬", "5万", "６００萬", "6-7萬"]


def test_qunian_yilai_runs_from_the_year_before_the_text_was_written() -> None:
    written_then = "2003年工作总结\n去年以来,全乡建设渠道2500米。\n"
    written_after = (
        "石门镇工作总结\n去年以来,全镇新建水窖80口。\n石门镇人民政府\n二〇二一年一月八日\n"
    )
    assert [(c.year, c.year_end) for c in extract(written_then)] == [(2002, 2003)]
    assert [(c.year, c.year_end) for c in extract(written_after)] == [(2020, None)]


def test_names_of_the_party_line_are_not_counts() -> None:
    got = extract(
        "严格落实中央八项规定精神,为实现两个一百年奋斗目标,坚持四项基本原则,新建八项工程。"
    )
    assert [c.text for c in got] == ["八项"]


def test_subjects_of_a_total_and_after_a_count_of_times() -> None:
    got = extract("发放重点产业帮扶资金31户63人,总计1.26万元。组织贫困劳动力培训4次700余人次。")
    assert [c.subject_zh for c in got][2:] == [
        "发放重点产业帮扶资金",
        "组织贫困劳动力培训",
        "组织贫困劳动力培训",
    ]


def test_an_outline_of_lines_and_priorities_is_not_a_count() -> None:
    got = extract("强化脱贫攻坚和常规工作两条主线;突出交通、水利三项重点,完成三项重点工程。")
    assert [c.text for c in got] == ["三项"]
    assert got[0].subject_zh.endswith("重点工程")


def test_a_baseline_opening_the_text_does_not_date_it() -> None:
    report = (
        "柳树村脱贫攻坚工作总结\n"
        "2014年底,全村有建档立卡贫困户52户186人;截至2019年底,已脱贫50户180人。"
        "2020年,剩余2户6人全部脱贫。\n"
    )
    assert guess_years(report) == (2020, 2021)
    assert [(c.year, c.kind) for c in extract(report)] == [
        (2014, "result"),
        (2014, "result"),
        (2019, "result"),
        (2019, "result"),
        (2020, "result"),
        (2020, "result"),
    ]


def test_a_chronology_of_paragraphs_is_of_its_last_year_and_a_plan_opens_none() -> None:
    chronology = "扶贫纪实\n2013年,全县被确定为贫困县。\n2016年,全县脱贫1.2万人。\n"
    assert guess_years(chronology) == (2016, 2017)
    plans = "扶贫工作\n2016年,全镇脱贫320户。\n2017年,全镇力争脱贫200户。\n"
    assert guess_years(plans) == (2016, 2017)


def test_shangnian_as_a_time_is_last_year_and_as_a_comparison_is_not() -> None:
    got = extract("2020年工作总结\n上年全镇脱贫120户,比上年增长8%,同比上年下降2%。\n")
    assert [c.year for c in got] == [2019, 2020, 2020]


def test_tongguo_and_jingguo_are_no_hedge_before_a_bare_hundred() -> None:
    got = extract("通过百名专家评审,经过千户走访,新建茶园超过千亩。")
    assert [c.text for c in got] == ["超过千亩"]


def test_a_vague_number_is_not_a_figure() -> None:
    found = analyse("投入几十万元,惠及数百户,数十家企业参与,带动上千人。")
    assert [c.text for c in found.candidates] == ["上千人"]
    # 数百户 is no numeral to read at all; 几十万 and 数十 are skipped, and listed
    assert [s.text for s in found.skipped if s.reason == "a vague number"] == ["几十万", "数十"]
