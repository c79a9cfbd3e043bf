"""The one amount grammar: what a person may type for an amount, read exactly.

Every form a table prints reads back as the amount it shows (``CNY 500 million``,
``500 million``, ``1.37 billion``, ``≥ CNY 300 million``, ``5亿元``, ``11334万元``), and
so do the forms a person types: ``2e8``, ``200,000,000``, ``200_000_000``, ``0.5b``,
``500m``, ``60k``, ``5千万``, ``两亿``, ``2億``, ``一千五百万``, ``1亿5千万``. Numbers are
``Decimal`` throughout, so ``2.1亿`` is exactly 210000000.

Refused, with one line that says why: a negative amount, one above ``MAX_AMOUNT``,
and anything that is not an amount. ``check_bounds`` refuses a minimum above a maximum.

``tzcli draft`` reads a text's numbers with the same grammar: ``chinese_numeral``
(二十二, 一亿零五万, 九点五, 二〇一六) and ``times`` (digits and 万, 亿, 千万 …).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from tzcli.errors import AmountError
from tzcli.units import plain_number

#: Amounts above this are refused: no figure of a county comes near it.
MAX_AMOUNT = Decimal(10) ** 15

AMOUNT_EXAMPLES = "2e8, 200000000, 200_000_000, 500 million, 2亿, 2.1亿, 5000万, 5千万, 两亿"

#: The Chinese digits (the financial forms too) and their values.
DIGITS_ZH = {
    "零": 0, "〇": 0, "一": 1, "壹": 1, "二": 2, "两": 2, "兩": 2, "贰": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}  # fmt: skip
#: Where 亿亿亿… stops growing: far above any amount, and a Decimal that cannot overflow.
_HUGE = Decimal(10) ** 40
#: Multipliers within a group of four digits (十, 百, 千), and of groups (万, 亿).
_SMALL = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_LARGE = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
_WORDS = {
    "k": 10**3,
    "thousand": 10**3,
    "m": 10**6,
    "mn": 10**6,
    "mio": 10**6,
    "million": 10**6,
    "millions": 10**6,
    "b": 10**9,
    "bn": 10**9,
    "billion": 10**9,
    "billions": 10**9,
}
_CURRENCY = r"(?:cny|rmb|yuan|¥|￥|元|人民币)"
#: Around the amount: a currency before or after, a qualifier a table prints before
#: (≥, ~, 约, 超过) or after (以上, 余, 多, +): the bound is the number itself.
_FRAME = (  # patterns as text, compiled on first use (re's own cache): no work at import
    rf"(?i)^(?P<sign>[-−–])?\s*(?:≥|>=|~|约|近|超过|超|逾)?\s*(?P<sign2>[-−])?\s*{_CURRENCY}?\s*"
    rf"(?P<body>.*?)\s*(?:余|多|\+)?\s*{_CURRENCY}?\s*(?:以上)?$"
)
_TOKEN = (
    r"(?i)(?P<num>(?:\d+(?:[,_]\d+)*(?:\.\d+(?:_\d+)*)?|\.\d+)(?:e[+-]?\d+)?)"
    r"|(?P<zh>[零〇一壹二两兩贰三叁四肆五伍六陆七柒八捌九玖])"
    r"|(?P<small>[十拾百佰千仟])"
    r"|(?P<large>[万萬亿億])"
    r"|(?P<word>[a-z]+)"
    r"|(?P<space>\s+)"
)


def parse_amount(text: str, what: str = "amount") -> Decimal:
    """The amount ``text`` stands for (see the module); AmountError, whose message shows
    valid examples, when it stands for none."""
    if not isinstance(text, str):
        raise AmountError(f"{what} {text!r} is not a number; examples: {AMOUNT_EXAMPLES}")
    frame = re.match(_FRAME, text.strip())
    body = frame.group("body") if frame else ""
    value = _number(body) if body else None
    if value is None:
        raise AmountError(f"{what} {text!r} is not a number; examples: {AMOUNT_EXAMPLES}")
    if frame is not None and (frame.group("sign") or frame.group("sign2")) and value != 0:
        raise AmountError(
            f"{what} {text!r} is negative: an amount is 0 or more; examples: {AMOUNT_EXAMPLES}"
        )
    if value > MAX_AMOUNT:
        raise AmountError(
            f"{what} {text!r} is out of range (at most 10^15); examples: {AMOUNT_EXAMPLES}"
        )
    return plain_number(value)


def _number(body: str) -> Decimal | None:
    """The number of ``body`` (digits, Chinese numerals, multipliers), or None."""
    tokens: list[tuple[str, str]] = []
    pos = 0
    for match in re.finditer(_TOKEN, body):
        if match.start() != pos:
            return None
        pos = match.end()
        kind = match.lastgroup or ""
        if kind != "space":
            tokens.append((kind, match.group()))
    if pos != len(body) or not tokens:
        return None
    high = Decimal(0)  # the part read up to the last 亿, multiplied
    wan = Decimal(0)  # the part read since, up to the last 万, multiplied
    group = Decimal(0)  # the group being read (below 万): 十, 百, 千
    current: Decimal | None = None  # the last number, not yet multiplied
    last_small = 10**5  # the group's last 十, 百 or 千
    previous = ""
    for n, (kind, token) in enumerate(tokens):
        if previous == "exp":
            return None  # 2e8万: an exponent is the whole amount
        if kind == "num":
            if current is not None:
                return None  # two numbers side by side
            if "e" in token.casefold():
                kind = "exp"
            current = _decimal(token)
            if current is None:
                return None
        elif kind == "zh":
            if current is not None and current != 0:
                return None  # 五五
            current = Decimal(DIGITS_ZH[token])
        elif kind == "small":
            if _SMALL[token] >= last_small:
                return None  # 百百, 十千: 十, 百, 千 fall within a group
            last_small = _SMALL[token]
            group += (current if current is not None else Decimal(1)) * _SMALL[token]
            current = None
        elif kind == "large":
            amount = group + (current or 0)
            if _LARGE[token] == 10**8:
                if not amount and previous not in ("wan", "yi"):
                    return None  # 亿 alone (but 1.5万亿 is 1.5 × 10^12, 一亿亿 10^16)
                high, wan = min((high + wan + amount) * 10**8, _HUGE), Decimal(0)
                kind = "yi"
            else:
                if not amount:
                    return None
                wan += amount * 10**4
                kind = "wan"
            group, current, last_small = Decimal(0), None, 10**5
        else:  # an English multiplier: the last word of the amount
            word = _WORDS.get(token.casefold())
            if word is None or n != len(tokens) - 1 or current is None:
                return None
            return (high + wan + group + current) * word
        previous = kind
    if all(kind == "word" for kind, _ in tokens):
        return None
    return high + wan + group + (current or 0)


def chinese_numeral(text: str) -> Decimal:
    """A numeral in Chinese characters alone: 二十二 → 22, 一千二百 → 1200, 一百万 →
    1000000, 九点五 → 9.5, 二〇一六 → 2016 (digit by digit); ValueError if it is none
    (三四 is a range, two numbers; 百百; 万)."""
    whole, _, fraction = text.partition("点")
    if not whole or not all(c in DIGITS_ZH or c in _SMALL or c in _LARGE for c in whole):
        raise ValueError(text)
    if fraction and not all(c in DIGITS_ZH and c not in "两兩" for c in fraction):
        raise ValueError(text)
    if len(whole) > 1 and all(c in DIGITS_ZH for c in whole):  # 二〇一六: digit by digit
        if "两" in whole or "兩" in whole or not ("〇" in whole or len(whole) == 4):
            raise ValueError(text)  # 三四 is two numbers, 两 never a digit
        value = Decimal("".join(str(DIGITS_ZH[c]) for c in whole))
    else:
        found = _number(whole)
        if found is None:
            raise ValueError(text)
        value = found
    if fraction:
        value += Decimal("0." + "".join(str(DIGITS_ZH[c]) for c in fraction))
    return value


def scale(multiplier: str) -> Decimal:
    """What a multiplier written after digits stands for: 万 → 10^4, 千万 → 10^7."""
    value = Decimal(1)
    for c in multiplier:
        value *= _SMALL.get(c) or _LARGE[c]
    return value


def times(digits: str, multiplier: str | None) -> Decimal:
    """Digits with at most one point (``1.5``), times a multiplier (万, 亿, 千万) if any."""
    value = Decimal(digits)
    return value * scale(multiplier) if multiplier else value


def _decimal(token: str) -> Decimal | None:
    """Digits with ``,`` or ``_`` grouping, a decimal point and an exponent."""
    digits = token.replace("_", "")
    if "," in digits:
        head, _, tail = digits.partition(".")
        groups = head.split(",")
        if not groups[0] or any(len(g) != 3 for g in groups[1:]):
            return None  # 1,23 is not a grouping
        digits = "".join(groups) + ("." + tail if tail else "")
    try:
        value = Decimal(digits)
    except InvalidOperation:
        return None
    if not value.is_finite() or abs(value.adjusted()) > 20:
        return None
    return value


def check_bounds(
    minimum: Decimal | None, maximum: Decimal | None, names: tuple[str, str] = ("--min", "--max")
) -> None:
    """A minimum above the maximum matches nothing: AmountError, naming both options."""
    if minimum is not None and maximum is not None and minimum > maximum:
        raise AmountError(
            f"{names[0]} ({minimum:,}) is above {names[1]} ({maximum:,}): nothing can match"
        )
