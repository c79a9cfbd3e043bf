"""Quantities as a person reads them, and a Decimal's plain form (amounts typed are read
by ``tzcli.amounts``).

Everything is ``Decimal``, so ``2.1亿`` is exactly 210000000 and nothing is
rounded except, on request, for display.
"""

from __future__ import annotations

import re
from decimal import Decimal

_MULTIPLIERS = {"": Decimal(1), "万": Decimal(10) ** 4, "亿": Decimal(10) ** 8}


def plain_number(value: Decimal) -> Decimal:
    """The same number without exponent or trailing zeros: 2.10E+8 → 210000000 (the one
    rule: amounts read, drafted, shown and written all go through it)."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def decimal_text(value: Decimal) -> str:
    """A Decimal in plain notation, exactly: ``210000000``, ``0.0775``, never ``2.1E+8``."""
    return format(plain_number(value), "f")


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
    value = plain_number(value)
    if places is not None and value.as_tuple().exponent < -places:  # type: ignore[operator]
        if value != 0 and abs(value) < 1:
            value = value.quantize(Decimal(1).scaleb(value.adjusted() - 2))
        else:
            value = value.quantize(Decimal(1).scaleb(-places))
        value = plain_number(value)
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
        return _plus(text)
    if qualifier == "approx":
        return f"约{text}" if lang == "zh" else f"~{text}"
    if qualifier == "at_most":
        return f"{text}以下" if lang == "zh" else f"≤ {text}"
    return text


# --------------------------------------------------------------------------
# Chinese as the source writes it

#: A number as a Chinese text writes it, with what belongs to it: 约/近/超过 before,
#: 万/亿, 余/多, the unit or counter word (眼, 家, 次 …), 以上 after.
_SOURCE_NUMBER = (
    r"(?P<before>约|近|超过|超|逾|达)?"
    r"(?P<num>\d+(?:\.\d+)?)(?P<mult>[万亿])?(?P<more>余|多)?"
    r"(?P<unit>平方公里|平方米|公里|公顷|人次|元|人|户|亩|米|吨|"
    r"[个家次处件条眼座所名项栋套间台辆株棵位批场期届]|%)?"
    r"(?P<after>以上|以下|左右)?"
)
#: The unit words of each unit, as a text may write them (count: any counter word).
_UNIT_WORDS = {
    "yuan": ("元",),
    "people": ("人", "名"),
    "households": ("户",),
    "person-times": ("人次",),
    "mu": ("亩",),
    "m": ("米",),
    "km": ("公里",),
    "m2": ("平方米",),
    "percent": ("%",),
    "t": ("吨",),
}


def source_form(
    value: Decimal, unit: str, qualifier: str, quote: str | None, value_max: Decimal | None = None
) -> str | None:
    """The figure as its quote writes it (``77眼``, ``600余亩``, ``11334万元``), when the quote
    holds the value in the figure's unit; else None (the caller formats it)."""
    if not quote or value_max is not None:
        return None
    for match in re.finditer(_SOURCE_NUMBER, quote):
        number = Decimal(match.group("num")) * _MULTIPLIERS[match.group("mult") or ""]
        if number != value:
            continue
        word = match.group("unit") or ""
        if unit == "count":
            if word and not (len(word) == 1 and word not in "元人户亩米吨%"):
                continue
            word = word or "个"
        elif word not in _UNIT_WORDS.get(unit, ()):
            continue
        before, more, after = (match.group(k) or "" for k in ("before", "more", "after"))
        if qualifier == "at_least" and not (more or after or before in ("超过", "超", "逾")):
            after = "以上"
        if qualifier == "approx" and not (before in ("约", "近") or more or after == "左右"):
            before = "约"
        if qualifier == "exact" and (more or after or before in ("约", "近", "超过", "超", "逾")):
            continue
        before = "" if before == "达" else before
        return f"{before}{match.group('num')}{match.group('mult') or ''}{more}{word}{after}"
    return None


def _plus(text: str) -> str:
    """At least: one way in English, ``≥ 600 mu``."""
    return f"≥ {text}"


# --------------------------------------------------------------------------
# Metric units (--units metric)

_MU_PER_HECTARE = Decimal(15)
_MILLION = Decimal(10) ** 6


def significant_figures(value: Decimal) -> int:
    """The digits a value is given to: 2626 → 4, 0.077 → 2, 600 → 3 (a whole number's
    trailing zeros count: the text does not say they are rounding)."""
    return max(1, len(plain_number(value).as_tuple().digits))


def to_significant(value: Decimal, figures: int) -> Decimal:
    """``value`` rounded half away from zero to ``figures`` significant figures."""
    from decimal import ROUND_HALF_UP

    if value == 0:
        return value
    step = Decimal(1).scaleb(value.adjusted() - figures + 1)
    return plain_number(value.quantize(step, rounding=ROUND_HALF_UP))


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
        return plain_number(value / _MILLION), "million_yuan"
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
