"""Amounts and quantities: read what a user types, write what a person reads.

Everything is ``Decimal``, so ``2.1亿`` is exactly 210000000 and nothing is
rounded except, on request, for display.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from tzcli.errors import AmountError

#: Amounts above this are refused: no figure of a county comes near it.
MAX_AMOUNT = Decimal(10) ** 15

AMOUNT_EXAMPLES = "2e8, 200000000, 200_000_000, 2亿, 2.1亿, 5000万"

_MULTIPLIERS = {"": Decimal(1), "万": Decimal(10) ** 4, "亿": Decimal(10) ** 8}
#: Compiled on first use (through re's own cache): drawing a table imports this module too.
_AMOUNT = (
    r"^(?P<num>\d+(?:_\d+)*(?:\.\d+(?:_\d+)*)?|\.\d+)"
    r"(?:(?P<exp>[eE][+-]?\d+)|\s*(?P<mult>[万亿]))?"
    r"\s*(?:元|yuan|CNY)?$"
)


def parse_amount(text: str, what: str = "amount") -> Decimal:
    """A non-negative amount from ``2e8``, ``200_000_000``, ``2.1亿``, ``5000万`` …

    Raises AmountError, whose message shows valid examples.
    """
    if (
        isinstance(text, str)
        and "," in text
        and not re.match(r"^\s*\d{1,3}(?:,\d{3})+(?![\d,])", text)
    ):
        # commas only between groups of three digits (200,000,000): "1,5" is no 15
        raise AmountError(
            f"{what} {text!r} is not a number (a comma only groups thousands: 200,000,000); "
            f"examples: {AMOUNT_EXAMPLES}"
        )
    cleaned = text.strip().replace(",", "") if isinstance(text, str) else ""
    match = re.match(_AMOUNT, cleaned)
    if not match:
        raise AmountError(f"{what} {text!r} is not a number; examples: {AMOUNT_EXAMPLES}")
    number = match.group("num").replace("_", "")
    try:
        value = Decimal(number + (match.group("exp") or ""))
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise AmountError(f"{what} {text!r} is not a number; examples: {AMOUNT_EXAMPLES}") from None
    if abs(value.adjusted()) > 20:
        raise AmountError(f"{what} {text!r} is out of range; examples: {AMOUNT_EXAMPLES}")
    value = value * _MULTIPLIERS[match.group("mult") or ""]
    if value > MAX_AMOUNT:
        raise AmountError(f"{what} {text!r} is out of range; examples: {AMOUNT_EXAMPLES}")
    return _plain(value)


def _plain(value: Decimal) -> Decimal:
    """The same number without exponent or trailing zeros: 2.10E+8 → 210000000."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


# --------------------------------------------------------------------------
# Display

UNIT_EN = {
    "yuan": "CNY",
    "people": "people",
    "households": "households",
    "person-times": "person-times",
    "mu": "mu",
    "m": "m",
    "km": "km",
    "m2": "m²",
    "count": "",
    "percent": "%",
    "ha": "ha",
    "t": "t",
    "m3": "m³",
    "yuan_per_person": "CNY/person",
    "mu_per_person": "mu/person",
    "ha_per_person": "ha/person",
    "people_per_household": "per household",
}
UNIT_ZH = {
    "yuan": "元",
    "people": "人",
    "households": "户",
    "person-times": "人次",
    "mu": "亩",
    "m": "米",
    "km": "公里",
    "m2": "平方米",
    "count": "个",
    "percent": "%",
    "ha": "公顷",
    "t": "吨",
    "m3": "立方米",
    "yuan_per_person": "元/人",
    "mu_per_person": "亩/人",
    "ha_per_person": "公顷/人",
    "people_per_household": "人/户",
}


def _digits(value: Decimal, grouping: bool = True, places: int | None = None) -> str:
    """Digits for display; with ``places``, rounded (values below 1 keep 3 significant digits)."""
    value = _plain(value)
    if places is not None and value.as_tuple().exponent < -places:  # type: ignore[operator]
        if value != 0 and abs(value) < 1:
            value = value.quantize(Decimal(1).scaleb(value.adjusted() - 2))
        else:
            value = value.quantize(Decimal(1).scaleb(-places))
        value = _plain(value)
    return f"{value:,}" if grouping else f"{value}"


def _zh_number(value: Decimal, places: int | None) -> str:
    """34000 → 3.4万, 500000000 → 5亿, 2626 → 2626."""
    for mult, name in ((Decimal(10) ** 8, "亿"), (Decimal(10) ** 4, "万")):
        if value >= mult:
            return _digits(value / mult, grouping=False, places=places) + name
    return _digits(value, grouping=False, places=places)


def _en_money(value: Decimal, places: int | None) -> str:
    if value >= Decimal(10) ** 9:
        return f"CNY {_digits(value / Decimal(10) ** 9, places=places)} billion"
    if value >= Decimal(10) ** 6:
        return f"CNY {_digits(value / Decimal(10) ** 6, places=places)} million"
    return f"CNY {_digits(value, places=places)}"


def format_number(value: Decimal, unit: str, lang: str = "en", places: int | None = None) -> str:
    """One number with its unit, for people: ``5亿元`` / ``CNY 500 million``."""
    if lang == "zh":
        if unit == "percent":
            return _digits(value, grouping=False, places=places) + "%"
        if unit in ("ha", "ha_per_person"):
            return _digits(value, grouping=False, places=places) + UNIT_ZH[unit]
        return _zh_number(value, places) + UNIT_ZH[unit]
    if unit == "yuan":
        return _en_money(value, places)
    if unit == "yuan_per_person":
        return f"CNY {_digits(value, places=places)}/person"
    if unit == "percent":
        return _digits(value, places=places) + "%"
    name = UNIT_EN[unit]
    return _digits(value, places=places) + (f" {name}" if name else "")


def format_quantity(
    value: Decimal | None,
    unit: str,
    qualifier: str = "exact",
    value_max: Decimal | None = None,
    lang: str = "en",
    places: int | None = None,
) -> str:
    """A figure for people: qualifiers and ranges visible (``600+ mu``, ``60,000–70,000 m²``)."""
    if value is None:
        return "金额未说明" if lang == "zh" else "unknown"
    text = format_number(value, unit, lang, places)
    if value_max is not None:
        upper = format_number(value_max, unit, lang, places)
        low = format_number(value, "count", lang, places).removesuffix("个").strip()
        if lang == "zh":
            # 6万平方米 – 7万平方米 reads better as 6–7万平方米 when the multiplier matches
            low_zh = _zh_number(value, places)
            up_zh = _zh_number(value_max, places)
            if low_zh[-1:] == up_zh[-1:] and low_zh[-1:] in "万亿":
                text = f"{low_zh[:-1]}–{upper}"
            else:
                text = f"{format_number(value, unit, lang, places)}–{upper}"
        elif unit == "yuan":
            text = f"{text}–{upper}"
        else:
            text = f"{low}–{upper}"
    if qualifier == "at_least":
        if lang == "zh":
            return f"{text}以上"
        return f"≥ {text}" if unit in ("yuan", "percent") else _plus(text)
    if qualifier == "approx":
        return f"约{text}" if lang == "zh" else f"~{text}"
    if qualifier == "at_most":
        return f"{text}以下" if lang == "zh" else f"≤ {text}"
    return text


def _plus(text: str) -> str:
    """600 mu → 600+ mu: the plus goes right after the number."""
    head, sep, tail = text.partition(" ")
    return f"{head}+{sep}{tail}"


# --------------------------------------------------------------------------
# Metric units (--units metric)

_MU_PER_HECTARE = Decimal(15)
_MILLION = Decimal(10) ** 6


def significant_figures(value: Decimal) -> int:
    """The digits a value is given to: 2626 → 4, 0.077 → 2, 600 → 3 (a whole number's
    trailing zeros count: the text does not say they are rounding)."""
    return max(1, len(_plain(value).as_tuple().digits))


def to_significant(value: Decimal, figures: int) -> Decimal:
    """``value`` rounded half away from zero to ``figures`` significant figures."""
    from decimal import ROUND_HALF_UP

    if value == 0:
        return value
    step = Decimal(1).scaleb(value.adjusted() - figures + 1)
    return _plain(value.quantize(step, rounding=ROUND_HALF_UP))


def to_metric(value: Decimal | None, unit: str | None) -> tuple[Decimal | None, str | None]:
    """mu → hectares (1 mu = 1/15 ha) to as many significant figures as the value in
    mu has (2626 mu → 175.1 ha), yuan → CNY millions (exact); per-person amounts
    stay per person; other units as they are."""
    if value is None or unit is None:
        return value, unit
    if unit in ("mu", "mu_per_person"):
        hectares = to_significant(value / _MU_PER_HECTARE, significant_figures(value))
        return hectares, "ha" if unit == "mu" else "ha_per_person"
    if unit == "yuan":
        return _plain(value / _MILLION), "million_yuan"
    return value, unit


def format_metric(
    value: Decimal | None,
    unit: str,
    qualifier: str = "exact",
    value_max: Decimal | None = None,
    lang: str = "en",
) -> str:
    """Like ``format_quantity``, with mu as hectares (to the precision of the value in
    mu) and amounts of a million yuan or more in CNY millions (smaller ones in yuan)."""
    if value is None:
        return format_quantity(None, unit, lang=lang)
    low, metric_unit = to_metric(value, unit)
    high, _ = to_metric(value_max, unit)
    assert low is not None and metric_unit is not None
    if metric_unit == "million_yuan":
        # Millions from a million up; below that, yuan: never "CNY 0.00177 million".
        scale = low if low >= 1 else None
        if scale is None:
            low, high = value, value_max
        text = _digits(low)
        if high is not None:
            text += "–" + _digits(high)
        if scale is None:
            text = f"{text}元" if lang == "zh" else f"CNY {text}"
        else:
            text = f"{text}百万元" if lang == "zh" else f"CNY {text} million"
        if qualifier == "at_least":
            return f"{text}以上" if lang == "zh" else f"≥ {text}"
        if qualifier == "approx":
            return f"约{text}" if lang == "zh" else f"~{text}"
        if qualifier == "at_most":
            return f"{text}以下" if lang == "zh" else f"≤ {text}"
        return text
    return format_quantity(low, metric_unit, qualifier, high, lang=lang)
