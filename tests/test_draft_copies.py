"""tzcli draft on what copies of the genre do (issue 23, the second round of real texts):
numbers spaced out by a PDF's copy (23 亿元, 2014 年), years left blank by a copier
(20__年), thresholds that sort what is counted (过千万元项目8个), the text's own outline
(六个方面), slogans in quotes, people counted as 人口, and the year a clause's time
phrase gives (今年, / 截至2018年底, / 2014年建档立卡时,). Each on a made-up line."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from tzcli.draft import analyse, extract, guess_years


def figures(text: str, **years: Any) -> list[tuple[str, Decimal, str, str]]:
    return [(c.number, c.value, c.unit, c.qualifier) for c in extract(text, **years)]


def skipped(text: str) -> list[tuple[str, str]]:
    return [(s.text, s.reason) for s in analyse(text, 2020).skipped]


# --------------------------------------------------------------------------
# Spaced numbers and years


def test_a_space_before_the_multiplier_or_year_of_a_copied_pdf() -> None:
    got = extract("2018 年,青石镇实现工业总产值 23 亿元,同比增长 4.65%;新建道路 12 公里。")
    assert [(c.value, c.unit, c.year) for c in got] == [
        (Decimal("2300000000"), "yuan", 2018),
        (Decimal("4.65"), "percent", 2018),
        (Decimal("12"), "km", 2018),
    ]
    assert got[0].number == "23 亿"


def test_a_hedge_word_at_a_lines_end_stays_on_its_line() -> None:
    got = extract("2019年工作总结\n同比增长2.7%;财政收入达\n7352 万元。", results_year=2019)
    assert [(c.value, c.quote) for c in got] == [
        (Decimal("2.7"), "同比增长2.7%"),
        (Decimal("73520000"), "7352 万元"),
    ]


def test_a_year_left_blank_by_a_copier_is_no_year() -> None:
    doc = "扶贫工作报告\n20__年,我镇核实贫困户1139户。201x 年底,新建道路8公里。"
    assert ("20__年", "a year left blank (20__年)") in skipped(doc)
    assert ("201x 年", "a year left blank (20__年)") in skipped(doc)
    assert [c.value for c in extract(doc)] == [Decimal(1139), Decimal(8)]


# --------------------------------------------------------------------------
# What is not a figure


@pytest.mark.parametrize(
    "line, threshold",
    [
        ("全镇共实施过千万元项目8个。", "过千万元"),
        ("其中300万元以上的项目3个。", "300万元以上"),
        ("培育出栏50头以上养殖大户23户。", "50头以上"),
        ("贫困发生率在20%以上的贫困村12个。", "20%以上"),
        ("引进投资超1亿元项目两个。", "超1亿元"),
    ],
)
def test_a_threshold_that_sorts_what_is_counted_is_not_a_figure(line: str, threshold: str) -> None:
    got = extract(line, 2020)
    assert len(got) == 1 and got[0].unit in ("count", "households")
    assert (threshold, "a threshold (过千万元项目8个), not a figure") in skipped(line)


def test_a_hedged_amount_that_sorts_nothing_is_a_figure() -> None:
    assert figures("全年完成投资过500万元,新建项目3个。", results_year=2020) == [
        ("500万", Decimal(5000000), "yuan", "at_least"),
        ("3", Decimal(3), "count", "exact"),
    ]
    assert figures("其中5家企业增幅在50%以上。", results_year=2020)[-1] == (
        "50",
        Decimal(50),
        "percent",
        "at_least",
    )


@pytest.mark.parametrize(
    "line, shown, reason",
    [
        ("主要做了以下六个方面的工作:", "六个方面", "the text's own outline"),
        ("服务圈包含三项内容:", "三项内容", "the text's own outline"),
        (
            "按照“一个中心、两个基本点、三个提升”的思路推进。",
            "一个中心、两个基本点、三个提升",
            "a name",
        ),
        ("获得零家庭暴力社区称号。", "零", "zero as a word"),
        ("实际利用外资130万美元。", "130万美", "a foreign currency"),
    ],
)
def test_not_figures_of_the_genre(line: str, shown: str, reason: str) -> None:
    analysis = analyse(line, 2020)
    assert analysis.candidates == []
    assert any(s.text == shown and reason in s.reason for s in analysis.skipped), analysis.skipped


# --------------------------------------------------------------------------
# Units


@pytest.mark.parametrize(
    "line, value, unit",
    [
        ("全乡总人口3.2万,耕地4万亩。", Decimal(32000), "people"),
        ("辖8个村委会,2.4万人口。", Decimal(24000), "people"),
        ("挖填土方工程量达3000多方。", Decimal(3000), "m3"),
        ("出栏家禽2.6万羽。", Decimal(26000), "count"),
    ],
)
def test_people_as_population_cubic_metres_and_poultry(
    line: str, value: Decimal, unit: str
) -> None:
    assert (value, unit) in [(v, u) for _, v, u, _ in figures(line, results_year=2020)]


def test_a_share_of_the_population_is_not_people() -> None:
    assert all(c.unit != "people" for c in extract("少数民族占全村总人口91。", 2020))


# --------------------------------------------------------------------------
# Years from time phrases


def test_the_last_time_clause_of_a_sentence_gives_the_year() -> None:
    got = extract("2019年工作总结\n近三年来,累计投入资金300万元的基础上,今年,又投入50万元。")
    assert [(c.value, c.year, c.year_end) for c in got] == [
        (Decimal(3000000), 2017, 2019),
        (Decimal(500000), 2019, None),
    ]


@pytest.mark.parametrize(
    "line, year",
    [
        ("截至2018年底,全村有贫困户12户。", 2018),
        ("到2016年6月底,全乡生产总值达7520万元。", 2016),
        ("2014 年建档立卡时,识别贫困户63户。", 2014),
        ("2016年初,全县识别贫困户137户。", 2016),
    ],
)
def test_a_clause_of_time_opening_the_sentence(line: str, year: int) -> None:
    assert extract("2019年工作总结\n" + line)[0].year == year


def test_since_is_a_span_not_the_results_year() -> None:
    doc = "乡五年工作总结\n2011年以来,全乡经济平稳。到2016年6月底,全乡生产总值达7520万元。"
    assert guess_years(doc)[0] == 2016


def test_this_year_of_a_mid_year_summary_copied_later_is_its_year() -> None:
    doc = "某镇2019年上半年工作总结\n发布日期:2020-01-05\n今年,新建道路3公里。"
    assert [(c.value, c.year, c.kind) for c in extract(doc)] == [(Decimal(3), 2019, "result")]


def test_a_range_with_its_unit_at_both_ends_is_one_figure() -> None:
    got = extract("全镇海拔在850米至1300米之间,新建大棚3个到5个。", 2020)
    assert [(c.value, c.value_max, c.unit) for c in got] == [
        (Decimal(850), Decimal(1300), "m"),
        (Decimal(3), Decimal(5), "count"),
    ]
    assert got[0].quote == "全镇海拔在850米至1300米之间"


def test_a_copys_ascii_full_stop_ends_the_quote_but_a_decimal_point_does_not() -> None:
    got = extract("贫困发生率21.8%.二、目标任务\n种植烤烟5040亩.力争完成入库1.5万斤。", 2020)
    assert [c.quote for c in got] == ["贫困发生率21.8%", "种植烤烟5040亩", "力争完成入库1.5万斤"]


def test_writing_three_articles_is_the_texts_outline() -> None:
    analysis = analyse("我们致力写好红色旅游、绿色艾草、特色产业三篇文章。", 2020)
    assert analysis.candidates == []


PARAGRAPH = (
    "2019 年,石门乡党委、政府在县委、县政府的坚强领导下,围绕年初确定的目标任务,强化责任,"
    "狠抓落实,全乡呈现出经济发展、社会进步、人民安居乐业、社会和谐稳定的良好态势。截止 10 "
    "月底,实现工业总产值 23 亿元,同比增长 4.65%;完成固定资产投资 6.12 亿元,财政收入达 "
    "7352 万元。全乡人均耕地面积为 1.6 亩,全村在册人口共有 169 户 409 人,乡村道路硬化里程"
    "达到 46 公里以上,新建村级活动室三个。"
)


def wrap(paragraph: str, cells: int) -> str:
    """The paragraph cut at a page's width, as a PDF's copy has it (a break may fall
    between a number and its unit)."""
    lines, line, used = [], "", 0
    for char in paragraph:
        width = 2 if char >= "\u2e80" else 1
        if used + width > cells:
            lines.append(line)
            line, used = "", 0
        line += char
        used += width
    return "\n".join([*lines, line])


@pytest.mark.parametrize("cells", [54, 48])  # 48: a break between 23 and 亿元
def test_a_hard_wrapped_copy_is_read_as_its_sentences_and_quoted_as_it_is(cells: int) -> None:
    wrapped = "石门乡2019年工作总结\n" + wrap(PARAGRAPH, cells) + "\n一、经济建设成效显著\n"
    got = extract(wrapped)
    assert [(c.value, c.unit, c.year) for c in got] == [
        (Decimal(2300000000), "yuan", 2019),
        (Decimal("4.65"), "percent", 2019),
        (Decimal(612000000), "yuan", 2019),
        (Decimal(73520000), "yuan", 2019),
        (Decimal("1.6"), "mu", 2019),
        (Decimal(169), "households", 2019),
        (Decimal(409), "people", 2019),
        (Decimal(46), "km", 2019),
        (Decimal(3), "count", 2019),
    ]
    assert all(c.quote in wrapped for c in got)  # verbatim: line breaks kept
    # a quote breaks a line only where its figure does (23⏎亿元) or its words are all
    # on the line before; else it is the clause's part on the figure's own line
    spanning = [c for c in got if "\n" in c.text]
    assert bool(spanning) == (cells == 48)
    assert all("\n" in c.quote for c in spanning)
    assert sum("\n" in c.quote for c in got) <= len(spanning) + 1
    assert [c.line for c in got] == [wrapped.count("\n", 0, c.start) + 1 for c in got]


def test_a_text_of_paragraphs_is_not_unwrapped() -> None:
    doc = "青石镇2019年工作总结\n全年新建道路12公里\n新建村级活动室3个\n一、经济建设"
    assert [c.quote for c in extract(doc)] == ["全年新建道路12公里", "新建村级活动室3个"]


def test_sessions_and_the_three_sectors_are_not_counts() -> None:
    got = extract(
        "完成了乡八届人大四次会议确定的任务,全镇三次产业结构调整成效明显,新建厂房2栋。", 2020
    )
    assert [c.text for c in got] == ["2栋"]


def test_an_investment_plan_already_issued_is_a_result() -> None:
    doc = "2019年工作总结\n一、2019年工作回顾\n投资达1860万元的碧宝公路已下达投资计划。"
    assert [(c.value, c.kind, c.year) for c in extract(doc)] == [
        (Decimal(18600000), "result", 2019)
    ]


def test_households_named_by_what_they_are_with_the_noun_in_the_subject() -> None:
    got = extract("带动1.5万贫困户增收,惠及5万贫困人口。", 2020)
    assert [(c.value, c.unit, c.subject_zh, c.note_en) for c in got] == [
        (Decimal(15000), "households", "带动贫困户增收", "counted as 贫困户"),
        (Decimal(50000), "people", "惠及贫困人口", "counted as 贫困人口"),
    ]


def test_people_named_by_what_they_are() -> None:
    got = figures("带动200多农民就业,惠及3万群众,辖12村民小组。", results_year=2020)
    assert got == [
        ("200", Decimal(200), "people", "at_least"),
        ("3万", Decimal(30000), "people", "exact"),
    ]


def test_a_subject_never_ends_in_the_word_for_estimated() -> None:
    assert extract("农村经济总收入预计达12387万元。", 2020)[0].subject_zh == "农村经济总收入"


def test_a_traditional_copy_is_read_and_quoted_as_written() -> None:
    doc = (
        "瓦鋪村2019年工作總結\n"
        "全村3200畝耕地,1.8萬畝林地;15個村民小組249戶853人,計劃明年新建道路5公裡。"
    )
    got = extract(doc)
    assert [(c.value, c.unit, c.kind) for c in got] == [
        (Decimal(3200), "mu", "result"),
        (Decimal(18000), "mu", "result"),
        (Decimal(15), "count", "result"),
        (Decimal(249), "households", "result"),
        (Decimal(853), "people", "result"),
        (Decimal(5), "km", "target"),
    ]
    assert all(c.quote in doc for c in got)
    assert got[1].number == "1.8萬" and got[2].subject_zh == "村民小組"


def test_per_mille_is_a_tenth_of_a_percent_and_one_more_of_a_list_is_a_count() -> None:
    got = figures("全乡辖17个行政村一个居委会,人口自然增长率控制在4.5‰以内。", results_year=2020)
    assert got == [
        ("17", Decimal(17), "count", "exact"),
        ("一", Decimal(1), "count", "exact"),
        ("4.5", Decimal("0.45"), "percent", "at_most"),
    ]
    assert extract("搭建这样一个平台。", 2020) == []


def test_the_year_of_a_long_clause_and_not_a_comparisons_base() -> None:
    doc = (
        "十二五工作总结\n与2010年相比,2015年全镇生产总值、财政总收入、进出口、社会消费品零售额、"
        "各项存款余额分别同比增长了54.5%、50.8%。零售网点12个。"
    )
    got = extract(doc)
    assert [(c.value, c.year) for c in got] == [
        (Decimal("54.5"), 2015),
        (Decimal("50.8"), 2015),
        (Decimal(12), 2015),
    ]
    assert guess_years(doc)[0] == 2015
    assert not any(s.text == "零" for s in analyse(doc).skipped)


def test_a_unit_written_once_after_two_numbers() -> None:
    got = figures("占全县比重分别增加8和5个百分点,新建3、5个大棚,收入3和5万元。", results_year=2020)
    assert got == [
        ("8", Decimal(8), "percent", "exact"),
        ("5", Decimal(5), "percent", "exact"),
        ("3", Decimal(3), "count", "exact"),
        ("5", Decimal(5), "count", "exact"),
        ("5万", Decimal(50000), "yuan", "exact"),
    ]


def test_targets_a_colon_announces_are_of_the_year_it_names() -> None:
    doc = (
        "2018年,全区地区生产总值增长9.3%。\n"
        "区长在报告中提出了2019年经济社会发展主要预期目标:地区生产总值增长9%,"
        "城镇登记失业率控制在4%以内。全年新建道路3公里。\n"
        "明年的主要目标是:新建村级活动室5个。"
    )
    got = extract(doc)
    assert [(c.value, c.year, c.kind) for c in got] == [
        (Decimal("9.3"), 2018, "result"),
        (Decimal(9), 2019, "target"),
        (Decimal(4), 2019, "target"),
        (Decimal(3), 2018, "result"),
        (Decimal(5), 2019, "target"),
    ]


def test_a_traditional_subject_of_a_growth_rate_is_written_as_the_text_has_it() -> None:
    got = extract("2018年,全區地區生產總值達到379.95億元、增長9.3%。", 2018)
    assert [c.subject_zh for c in got] == ["全區地區生產總值", "全區地區生產總值增長"]


def test_money_without_yuan_before_a_verb_where_the_money_word_is_right_before() -> None:
    assert figures("整合涉农资金2000多万完善基础设施建设,新建道路300万米长。", results_year=2020)[
        0
    ] == ("2000万", Decimal(20000000), "yuan", "at_least")
    assert [c.unit for c in extract("辖区300万群众受益。", 2020)] == ["people"]


def test_a_clause_that_is_only_a_figure_goes_with_the_one_before() -> None:
    got = extract("2019年工作总结\n2014年全乡已脱贫60户,226人,现有贫困户239户,848人。")
    assert [(c.value, c.year, c.subject_zh) for c in got] == [
        (Decimal(60), 2014, "全乡已脱贫"),
        (Decimal(226), 2014, "全乡已脱贫"),
        (Decimal(239), 2019, "现有贫困户"),
        (Decimal(848), 2019, "现有贫困户"),
    ]


def test_a_year_blanked_out_entirely_and_one_more_word_after_one() -> None:
    analysis = analyse("____年农民人均纯收入11000余元,有一个一般贫困村。", 2020)
    assert ("____年", "a year left blank (20__年)") in [
        (s.text, s.reason) for s in analysis.skipped
    ]
    assert analysis.candidates[0].subject_zh == "农民人均纯收入"
    assert not any(s.reason == "a name" for s in analysis.skipped)


@pytest.mark.parametrize(
    "head, years",
    [
        (
            "乌镇镇2016年政府工作报告\n2017年1月9日在乌镇镇第十七届人民代表大会第一次会议上\n",
            (2016, 2017),
        ),
        (
            "河西镇2021年政府工作报告\n——2021年1月18日在河西镇第十八届人民代表大会第五次会议上\n",
            (2020, 2021),
        ),
    ],
)
def test_a_report_named_by_the_year_it_reports_on_given_the_next_january(
    head: str, years: tuple[int, int]
) -> None:
    assert guess_years(head + "五年来,全镇累计完成投资140亿元。") == years


def test_a_draft_of_a_hard_wrapped_copy_loads(tmp_path: Any) -> None:
    from click.testing import CliRunner

    from tzcli.cli import cli
    from tzcli.draft import draft_toml

    wrapped = "石门乡2019年工作总结\n" + wrap(PARAGRAPH, 48) + "\n一、经济建设成效显著\n"
    path = tmp_path / "shimen.toml"
    path.write_text(draft_toml(wrapped, "shimen"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--data", str(path), "facts", "-f", "json"])
    assert result.exit_code == 0, result.output
    quotes = [row["quote"] for row in json.loads(result.stdout)]
    assert any("\n" in quote for quote in quotes)
    assert all(quote in wrapped for quote in quotes)


@pytest.mark.parametrize(
    "line, subject",
    [
        ("1—10月共排查调处矛盾纠纷26起。", "排查调处矛盾纠纷"),
        ("1月至10月救助各类困难对象9307人次。", "救助各类困难对象"),
        ("生产总值同期增长10%左右,预计达11922.35万元。", "生产总值"),
    ],
)
def test_subjects_without_months_or_the_hedge_of_the_figure_before(line: str, subject: str) -> None:
    assert extract(line, 2020)[-1].subject_zh == subject


@pytest.mark.parametrize(
    "line, subjects",
    [
        (
            "预计2013年投资总额、GDP和财政收入分别达到105亿元、185.7亿元和18.9亿元。",
            ["投资总额", "GDP", "财政收入"],
        ),
        (
            "2015年全镇生产总值、财政总收入分别同比增长了54.5%、50.8%。",
            ["全镇生产总值同比增长", "财政总收入同比增长"],
        ),
        (
            "城、乡居民人均可支配收入分别增长8%、9%。",
            ["城居民人均可支配收入增长", "乡居民人均可支配收入增长"],
        ),
    ],
)
def test_each_figure_of_a_respective_list_has_its_own_subject(
    line: str, subjects: list[str]
) -> None:
    assert [c.subject_zh for c in extract(line, 2020)] == subjects
