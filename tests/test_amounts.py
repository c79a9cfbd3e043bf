"""The amount parser as properties: what it accepts, what it refuses, and that
what tzcli writes for people (2.1亿元, 34,000) reads back as the same amount."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tzcli.amounts import AMOUNT_EXAMPLES, MAX_AMOUNT, parse_amount
from tzcli.errors import AmountError
from tzcli.units import format_number, format_quantity

# In-process calls read the bundled data from a cache filled once a run (this module
# tests nothing of the cache): not a parse of it in every test.
pytestmark = pytest.mark.usefixtures("warm_cache")

# Amounts as the dataset holds them: non-negative, at most 10^15, at most 4 places.
amounts = st.decimals(
    min_value=Decimal(0), max_value=MAX_AMOUNT, places=4, allow_nan=False, allow_infinity=False
)
whole_amounts = st.integers(min_value=0, max_value=int(MAX_AMOUNT)).map(Decimal)


@settings(max_examples=300, deadline=None)
@given(amounts)
@example(Decimal("210000000"))
@example(Decimal("34000"))
@example(Decimal("0.5"))
@example(Decimal("0"))
@example(MAX_AMOUNT)
def test_zh_yuan_format_parses_back(value: Decimal) -> None:
    text = format_number(value, "yuan", "zh")  # 2.1亿元, 3.4万元, 2626元
    assert text.endswith("元")
    assert parse_amount(text) == value


@settings(max_examples=300, deadline=None)
@given(amounts)
def test_zh_plain_number_parses_back(value: Decimal) -> None:
    # the number with its 万/亿 multiplier and no unit: 3.4万, 5亿, 2626
    text = format_number(value, "count", "zh").removesuffix("个")
    assert parse_amount(text) == value


@settings(max_examples=300, deadline=None)
@given(whole_amounts)
def test_grouped_digits_parse_back(value: Decimal) -> None:
    # 34,000 and 1,183 as the English tables write them (thousands separators)
    text = format_number(value, "count", "en")
    assert parse_amount(text) == value


@settings(max_examples=200, deadline=None)
@given(amounts)
def test_exact_qualifier_zh_quantity_parses_back(value: Decimal) -> None:
    assert parse_amount(format_quantity(value, "yuan", "exact", lang="zh")) == value


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=0, max_value=10**15))
def test_all_spellings_of_an_integer_agree(n: int) -> None:
    value = Decimal(n)
    assert parse_amount(str(n)) == value
    assert parse_amount(f"{n:_}") == value
    assert parse_amount(f"{n:,}") == value
    assert parse_amount(f"{n}元") == value
    assert parse_amount(f"{n} yuan") == value
    assert parse_amount(f"  {n}  ") == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2.1亿", 210_000_000),
        ("2.1亿元", 210_000_000),
        ("2.1 亿", 210_000_000),
        ("5000万", 50_000_000),
        ("3.4万", 34_000),
        ("2e8", 200_000_000),
        ("2E8", 200_000_000),
        ("2.1e8", 210_000_000),
        ("200_000_000", 200_000_000),
        ("200,000,000", 200_000_000),
        ("0", 0),
        (".5", Decimal("0.5")),
        ("2万亿", 2 * 10**12),
        ("5千万", 50_000_000),
        ("两亿", 200_000_000),
        ("2億", 200_000_000),
        ("一千五百万", 15_000_000),
        ("1亿5千万", 150_000_000),
        ("500 million", 500_000_000),
        ("CNY 500 million", 500_000_000),
        ("1.37 billion", 1_370_000_000),
        ("0.5b", 500_000_000),
        ("60k", 60_000),
        ("≥ CNY 300 million", 300_000_000),
        ("CNY 1,770.94", Decimal("1770.94")),
        ("11334万元", 113_340_000),
        ("6万余元", 60_000),
        ("3亿元以上", 300_000_000),
        ("30.99", Decimal("30.99")),
    ],
)
def test_known_amounts(text: str, expected: int) -> None:
    value = parse_amount(text)
    assert value == Decimal(expected)


def test_2_1_yi_is_exactly_210000000() -> None:
    value = parse_amount("2.1亿")
    assert value == 210000000
    assert isinstance(value, Decimal)
    # exact: an integer, no exponent, no binary float rounding
    assert str(value) == "210000000"
    assert value.as_tuple().exponent == 0
    assert parse_amount("2.1亿") == parse_amount("210000000") == parse_amount("2.1e8")


REJECTED = [
    "nan",
    "NaN",
    "inf",
    "-inf",
    "Infinity",
    "-1",
    "-0.5",
    "1e400",
    "1e-400",
    "",
    "   ",
    "亿",
    "万",
    "2亿亿",
    "2e8万",
    "2e8亿",
    "garbage",
    "two",
    "2..1",
    "1.2.3",
    "0x10",
    "1e",
    "e8",
    "+-2",
    "2 3",
    "_2",
    "2_",
    "2__0",
    "1,5亿亿",
    "１e９９９９",
    "9" * 30,
    "1" + "0" * 16,  # above the 10^15 ceiling
    "2亿元元",
    "\x1b[31m2\x1b[0m",
    "2\x00",
]


@pytest.mark.parametrize("text", REJECTED)
def test_rejected_with_examples(text: str) -> None:
    with pytest.raises(AmountError) as info:
        parse_amount(text)
    message = str(info.value)
    assert AMOUNT_EXAMPLES in message
    assert "2.1亿" in message and "2e8" in message
    assert "\n" not in message


@pytest.mark.parametrize("value", [None, 5, 2.5, b"2e8", ["2e8"]])
def test_non_text_is_rejected(value: object) -> None:
    with pytest.raises(AmountError):
        parse_amount(value)  # type: ignore[arg-type]


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60))
@example("1" * 5000)
@example("1" * 5000 + "e-4990")
@example("0." + "0" * 5000 + "1")
@example("_".join(["1"] * 2000) + "x")
def test_any_text_parses_or_is_refused_cleanly(text: str) -> None:
    try:
        value = parse_amount(text)
    except AmountError as exc:
        assert AMOUNT_EXAMPLES in str(exc)
        return
    assert value.is_finite()
    assert 0 <= value <= MAX_AMOUNT


@pytest.mark.parametrize("text", ["nan", "inf", "-1", "1e400", "", "亿", "2亿亿", "2e8万", "abc"])
@pytest.mark.parametrize("option", ["--min", "--max"])
def test_the_cli_shows_examples_for_a_bad_amount(text: str, option: str) -> None:
    from click.testing import CliRunner

    from tzcli.cli import cli

    result = CliRunner().invoke(cli, ["facts", option, text, "-f", "json"])
    assert result.exit_code == 2
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert "2.1亿" in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("value", "high", "en", "zh"),
    [
        ("142500", None, "CNY 142,500", "142,500元"),
        ("1770.94", None, "CNY 1,770.94", "1,770.94元"),
        ("113340000", None, "CNY 113.34 million", "113.34百万元"),
        ("3500000000", None, "CNY 3,500 million", "3,500百万元"),
        ("300000000", "500000000", "CNY 300–500 million", "300–500百万元"),
    ],
)
def test_metric_amounts_choose_the_scale_that_fits(
    value: str, high: str | None, en: str, zh: str
) -> None:
    """Never CNY 0.00177 million: below a million, yuan (to the fen)."""
    from tzcli.units import format_metric

    top = Decimal(high) if high else None
    assert format_metric(Decimal(value), "yuan", value_max=top) == en
    assert format_metric(Decimal(value), "yuan", value_max=top, lang="zh") == zh
    assert format_metric(Decimal(value), "yuan", "at_least", top).startswith("≥ CNY ")


# --------------------------------------------------------------------------
# tzcli.amounts: every form a table prints, and the Chinese forms a person types

from tzcli.amounts import check_bounds  # noqa: E402
from tzcli.units import format_metric  # noqa: E402

_ZH_DIGITS = "零一二三四五六七八九"


def _zh_group(n: int) -> str:
    """1 to 9999 in Chinese numerals (一千五百, 两千 is written 二千 here: both read)."""
    out = ""
    zero = False
    for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            if zero and out:
                out += "零"
            out += _ZH_DIGITS[digit] + name
            zero = False
        else:
            zero = True
    return out


def _zh_numeral(n: int) -> str:
    """A positive integer below 10^12 in Chinese numerals: 一亿五千万, 三万零五十."""
    yi, rest = divmod(n, 10**8)
    wan, unit = divmod(rest, 10**4)
    out = ""
    if yi:
        out += _zh_group(yi) + "亿"
    if wan:
        out += ("零" if out and wan < 1000 else "") + _zh_group(wan) + "万"
    if unit:
        out += ("零" if out and unit < 1000 else "") + _zh_group(unit)
    return out


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=1, max_value=10**12 - 1))
@example(200_000_000)
@example(50_000_000)
@example(15_000_000)
def test_chinese_numerals_read_as_their_number(n: int) -> None:
    assert parse_amount(_zh_numeral(n)) == n
    assert parse_amount(_zh_numeral(n) + "元") == n


@settings(max_examples=300, deadline=None)
@given(amounts, st.sampled_from(["exact", "at_least", "approx"]), st.sampled_from(["en", "zh"]))
def test_every_amount_a_table_prints_reads_back(value: Decimal, qualifier: str, lang: str) -> None:
    """CNY 500 million, ≥ CNY 300 million, ~CNY 60,000, 5亿元, 3亿元以上: the amount shown."""
    text = format_quantity(value, "yuan", qualifier, lang=lang)
    assert parse_amount(text) == value, text
    if lang == "en" and text.startswith("CNY "):
        assert parse_amount(text.removeprefix("CNY ")) == value  # 500 million


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10**8).map(lambda n: Decimal(n) / 100))
def test_metric_amounts_read_back_as_shown(value: Decimal) -> None:
    """--units metric prints CNY 113.34 million: that reads back as 113340000."""
    millions = value  # a number of millions, to the hundredth
    text = format_metric(millions * 10**6, "yuan")
    assert parse_amount(text) == millions * 10**6 or millions < 1


@settings(max_examples=300, deadline=None)
@given(st.decimals(min_value=Decimal("0.0001"), max_value=Decimal(10**6), places=4))
def test_decimal_multiples_are_exact(value: Decimal) -> None:
    """2.1亿 is exactly 210000000: decimal, never binary floating point."""
    assert parse_amount(f"{value}亿") == value * 10**8
    assert parse_amount(f"{value}万") == value * 10**4
    assert parse_amount(f"{value} million") == value * 10**6


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=Decimal("0.01"), max_value=MAX_AMOUNT, places=2))
def test_a_negative_amount_is_refused_with_why(value: Decimal) -> None:
    with pytest.raises(AmountError, match="negative"):
        parse_amount(f"-{value}")


@settings(max_examples=200, deadline=None)
@given(amounts, amounts)
def test_bounds_out_of_order_are_refused(low: Decimal, high: Decimal) -> None:
    if low > high:
        with pytest.raises(AmountError, match="nothing can match"):
            check_bounds(low, high, ("--min", "--max"))
    else:
        check_bounds(low, high, ("--min", "--max"))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["projects", "--min-investment", "5亿", "--max-investment", "1亿"], "nothing can match"),
        (["projects", "--min-investment", "-5"], "negative"),
        (["facts", "--max", "1e16"], "out of range"),
    ],
)
def test_the_cli_refuses_impossible_bounds(args: list[str], message: str) -> None:
    from click.testing import CliRunner

    from tzcli.cli import cli

    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and message in result.stderr, result.stderr


@pytest.mark.parametrize("typed", ["CNY 500 million", "500 million", "0.5b", "5亿", "五亿", "5億"])
def test_the_cli_reads_an_amount_as_a_table_prints_it(typed: str) -> None:
    from click.testing import CliRunner

    from tzcli.cli import cli

    result = CliRunner().invoke(
        cli, ["projects", "--min-investment", typed, "-f", "tsv", "-c", "id"]
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.split() == ["id", "runxin_chp"]


# --------------------------------------------------------------------------
# One grammar: what `tzcli draft` reads in a text, an option reads when typed


def test_draft_reads_numbers_with_this_grammar() -> None:
    """draft's numeral reader and multipliers are this module's, not a copy."""
    from tzcli import amounts, draft

    assert draft.zh_number is amounts.chinese_numeral
    assert draft._times is amounts.times
    assert draft._ZH_DIGITS is amounts.DIGITS_ZH


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=1, max_value=10**12 - 1))
def test_a_chinese_numeral_reads_as_an_option_reads_it(n: int) -> None:
    from tzcli.amounts import chinese_numeral

    assert chinese_numeral(_zh_numeral(n)) == parse_amount(_zh_numeral(n)) == n


@pytest.mark.parametrize(
    "digits, multiplier, typed",
    [("5", "千万", "5千万"), ("1.5", "亿", "1.5亿"), ("3", "百万", "3百万"), ("60", "千", "60千")],
)
def test_digits_times_a_multiplier_read_as_typed(digits: str, multiplier: str, typed: str) -> None:
    """5千万元 in a text is the draft's 50000000, and so is --min-investment 5千万."""
    from tzcli.amounts import times

    assert times(digits, multiplier) == parse_amount(typed)


@pytest.mark.parametrize("text", ["百百", "十千", "二百三千", "一千五百百"])
def test_ten_hundred_thousand_fall_within_a_group(text: str) -> None:
    from tzcli.amounts import chinese_numeral

    with pytest.raises(AmountError):
        parse_amount(text)
    with pytest.raises(ValueError):
        chinese_numeral(text)


@pytest.mark.parametrize("count", [2, 5, 200_000])
def test_yi_repeated_is_a_number_out_of_range(count: int) -> None:
    """一亿亿 is 10^16 (每秒亿亿次): above the ceiling, refused as out of range, never an
    overflow however many 亿 follow."""
    with pytest.raises(AmountError, match="out of range"):
        parse_amount("一" + "亿" * count)
