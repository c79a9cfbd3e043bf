"""From the text of an interview (政务访谈, 工作总结 …) to a dataset draft.

Pure: no Click, no Rich, standard library only (cn2an and jionlp were measured
and not taken: see docs/draft-walkthrough.md). ``extract`` finds every stated
number with its value, unit, hedge, verbatim clause, section and year;
``draft_toml`` writes them as a TOML file in the dataset format that loads as it
is, each figure ``reviewed = false``; ``against`` is the quote check of a dataset
against its text.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from tzcli.errors import SourceTextError
from tzcli.units import parse_amount

if TYPE_CHECKING:
    from tzcli.files import Inputs
    from tzcli.model import Dataset

#: The one mark of what a person must still write; ``tzcli validate`` lists them.
TODO = "TODO"

#: Bigger texts are refused: no interview comes near it.
MAX_TEXT_BYTES = 20 * 1024 * 1024

# --------------------------------------------------------------------------
# Words of the genre

#: Units as printed → (the format's unit, counter word kept in a note or None).
_COUNTERS = "个家眼处件条次辆所张座栋幢盏台套项场篇份本株棵头只间支块部架艘起宗口"
UNIT_WORDS: dict[str, str] = {
    "个百分点": "percent",
    "人次": "person-times",
    "平方米": "m2",
    "平米": "m2",
    "㎡": "m2",
    "公里": "km",
    "千米": "km",
    "米": "m",
    "亩": "mu",
    "元": "yuan",
    "人": "people",
    "名": "people",
    "位": "people",
    "户": "households",
    "吨": "t",
    "%": "percent",
    "％": "percent",
    **{c: "count" for c in _COUNTERS},
}
_UNIT_RE = "|".join(sorted(map(re.escape, UNIT_WORDS), key=len, reverse=True))

#: Hedge words before a number and what they make of it (达 alone: as stated, exact).
_BEFORE = {
    "超过": "at_least",
    "不少于": "at_least",
    "不低于": "at_least",
    "逾": "at_least",
    "大约": "approx",
    "约": "approx",
    "将近": "approx",
    "接近": "approx",
    "近": "approx",
    "不足": "below",
    "不到": "below",
    "低于": "below",
    "达到": "exact",
    "达": "exact",
}
_BEFORE_RE = "|".join(sorted(map(re.escape, _BEFORE), key=len, reverse=True))
_AFTER = {
    "余": "at_least",
    "多": "at_least",
    "以上": "at_least",
    "左右": "approx",
    "上下": "approx",
}

#: Numbers inside names are not figures (besides any short term in “…”).
NAMES = (
    "两学一做",
    "一村一品",
    "三位一体",
    "五位一体",
    "一岗双责",
    "三大堆",
    "千县万村",
    "一次性",
    "一站式",
    "一条龙",
    "一张蓝图",
    "一把手",
    "一肩挑",
    "三个代表",
    "四个意识",
    "四个自信",
    "两个维护",
    "两个确立",
    "四个全面",
    "三会一课",
    "四议两公开",
    "三重一大",
    "两新",
    "两委",
    "三农",
    "三资",
    "十九大",
    "二十大",
)

_ZH_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_ZH_SMALL = {"十": 10, "百": 100, "千": 1000}
_MULT = {
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "亿": Decimal(10) ** 8,
    "万": Decimal(10) ** 4,
    "千": Decimal(10) ** 3,
}

_NUM = r"\d+(?:\.\d+)?"
_MULT_RE = r"(?:千万|百万|万|亿|千(?![米克瓦]))"
_ZH = (
    r"[一二两三四五六七八九十〇零][零〇一二两三四五六七八九十百千万亿]*"
    r"(?:点[零〇一二三四五六七八九]+)?"
)
#: One pass finds every number-like run; what follows and precedes decides the rest.
_TOKEN = re.compile(
    rf"(?P<date>\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{4}}年\d{{1,2}}月(?:\d{{1,2}}日)?"
    rf"|\d{{1,2}}月(?:\d{{1,2}}日|份)|\d{{1,2}}日)"
    rf"|(?P<year>(?:19|20)\d\d年(?:度)?)"
    rf"|(?P<phone>\d{{3,4}}-\d{{7,8}}|1[3-9]\d{{9}}(?!\d))"
    rf"|(?P<pct>百分之(?P<pctnum>{_ZH}))"
    rf"|(?P<ar>(?P<a1>{_NUM})(?P<h1>[余多])?(?P<m1>{_MULT_RE})?"
    rf"(?:\s*(?P<sep>[-~～—–至到])\s*(?P<a2>{_NUM})(?P<m2>{_MULT_RE})?)?)"
    rf"|(?P<zh>{_ZH})"
)
_TAIL = re.compile(rf"(?P<h2>[余多])?(?P<unit>{_UNIT_RE})(?P<h3>以上|左右|上下|多)?")
_BEFORE_TAIL = re.compile(rf"(?:{_BEFORE_RE})$")
_CLAUSE_END = "，,。；;：:！!？?\n"
_SPACE = " \t\u3000\u00a0\r"
_MARKER = re.compile(  # matched at a clause's start (no ^: re's pos is not a start)
    r"(?:[一二三四五六七八九十]+[、是]|[(（][一二三四五六七八九十]+[)）]|[)）、])[\s\u3000\u00a0]*"
)
_HEADING = re.compile(
    r"^(?P<num>[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|、|[)）])"
)
_PLAN_WORDS = re.compile(r"打算|下一步|工作计划|工作思路|工作安排|重点工作")
_RESULT_CUES = re.compile(r"去年|上年|全年完成")
_PLAN_CUES = re.compile(r"计划|下一步|明年")


# --------------------------------------------------------------------------
# Records


@dataclass(frozen=True)
class Candidate:
    """One stated number: what it is worth, what it counts, where it was said."""

    start: int  #: where the figure begins (its hedge word or numeral)
    end: int  #: after its unit and trailing hedge
    number: str  #: the numeral as printed, with 万/亿 and both ends of a range
    value: Decimal
    unit: str
    qualifier: str
    quote: str
    quote_start: int
    section: str
    year: int
    subject_zh: str
    value_max: Decimal | None = None
    word: str = ""  #: the unit or counter word as printed
    hedge: str = ""  #: the hedge words as printed
    line: int = 0
    item: str = ""  #: the list marker (一是 …) the clause is under, if any
    year_end: int | None = None
    kind: str = "result"
    concept: str | None = None

    @property
    def text(self) -> str:
        return self.quote[self.start - self.quote_start : self.end - self.quote_start]

    @property
    def note_en(self) -> str | None:
        notes = []
        if self.unit == "count" and self.word:
            notes.append(f"counter word {self.word}")
        if self.word == "个百分点":
            notes.append("percentage points (个百分点)")
        if "不足" in self.hedge or "不到" in self.hedge or "低于" in self.hedge:
            notes.append(f"stated as an upper bound ({self.hedge}: less than)")
        return "; ".join(notes) or None


@dataclass(frozen=True)
class Skipped:
    """A number that is not a figure (a year, a date, a marker, a name …), shown as a comment."""

    start: int
    text: str
    reason: str
    line: int


@dataclass(frozen=True)
class Heading:
    """A section of the text, from its heading (一、, (一)) or where results or plans begin."""

    id: str
    year: int
    number_zh: str
    title_zh: str
    quote: str
    start: int
    parent: str | None = None


@dataclass
class Analysis:
    """Everything ``extract`` found in one text."""

    text: str
    results_year: int
    plan_year: int
    candidates: list[Candidate] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    sections: list[Heading] = field(default_factory=list)
    plans_start: int | None = None


# --------------------------------------------------------------------------
# Numbers


def zh_number(text: str) -> Decimal:
    """二十二 → 22, 一千二百 → 1200, 一百万 → 1000000, 九点五 → 9.5; ValueError if not a numeral."""
    whole, _, frac = text.partition("点")
    if not whole or (frac and not all(c in _ZH_DIGITS and c != "两" for c in frac)):
        raise ValueError(text)
    if len(whole) > 1 and all(c in _ZH_DIGITS for c in whole):  # 二〇一六: digit by digit
        if "两" in whole or not ("〇" in whole or len(whole) == 4):
            raise ValueError(text)  # 三四 is a range (see _zh_value), 两 never a digit
        number = "".join(str(_ZH_DIGITS[c]) for c in whole)
    else:
        total, section, digit = 0, 0, None
        last_small = 10**9
        for ch in whole:
            if ch in _ZH_DIGITS:
                if digit is not None and digit != 0:
                    raise ValueError(text)  # 三四: a range, not one number
                digit = _ZH_DIGITS[ch]
            elif ch in _ZH_SMALL:
                size = _ZH_SMALL[ch]
                if size >= last_small:
                    raise ValueError(text)
                last_small = size
                section += (1 if digit is None else digit) * size
                digit = None
            else:  # 万 / 亿
                value = section + (digit or 0)
                if value == 0 and total == 0:
                    raise ValueError(text)
                total = (total + value) * 10**8 if ch == "亿" else total + value * 10**4
                section, digit, last_small = 0, None, 10**9
        number = str(total + section + (digit or 0))
    return Decimal(number + ("." + "".join(str(_ZH_DIGITS[c]) for c in frac) if frac else ""))


def _zh_value(text: str) -> tuple[Decimal, Decimal | None]:
    """A Chinese numeral, or a range of two neighbouring digits (三四 → 3 to 4)."""
    if len(text) == 2 and text[0] in _ZH_DIGITS and text[1] in _ZH_DIGITS:
        low, high = _ZH_DIGITS[text[0]], _ZH_DIGITS[text[1]]
        if low and high == low + 1:
            return Decimal(low), Decimal(high)
        raise ValueError(text)
    return zh_number(text), None


def _times(number: str, mult: str | None) -> Decimal:
    return parse_amount(number) * _MULT[mult] if mult else parse_amount(number)


def _plain(value: Decimal) -> Decimal:
    return Decimal(int(value)) if value == value.to_integral_value() else value.normalize()


# --------------------------------------------------------------------------
# The text: lines, sections, years


def read_text(path: str | os.PathLike[str]) -> str:
    """A text file as UTF-8 if it is, else as GB18030 (which covers GBK and GB2312)."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_TEXT_BYTES + 1)
    except OSError as exc:
        raise SourceTextError(f"cannot read {os.fspath(path)}: {exc.strerror or exc}") from None
    if len(raw) > MAX_TEXT_BYTES:
        raise SourceTextError(f"{os.fspath(path)} is over the limit of {MAX_TEXT_BYTES} bytes")
    return decode(raw, os.fspath(path))


def decode(raw: bytes, name: str = "text") -> str:
    """UTF-8 (with or without a byte-order mark), else GB18030; NUL bytes mean not text."""
    if b"\x00" in raw:
        raise SourceTextError(f"{name} is not a text file (it has NUL bytes)")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not text.strip():
            raise SourceTextError(f"{name} is empty")
        return text.replace("\r\n", "\n")
    raise SourceTextError(f"{name} is neither UTF-8 nor GB18030 text")  # pragma: no cover


def _years_in(text: str) -> list[int]:
    return [int(m.group(1)) for m in re.finditer(r"((?:19|20)\d\d)年(?!\d{1,2}月)", text)]


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around [start, end): between punctuation, trimmed of spaces and markers."""
    left = start
    while left > 0 and text[left - 1] not in _CLAUSE_END:
        left -= 1
    right = end
    while right < len(text) and text[right] not in _CLAUSE_END:
        right += 1
    while left < start and text[left] in _SPACE:
        left += 1
    while right > end and text[right - 1] in _SPACE:
        right -= 1
    marker = _MARKER.match(text, left, start)
    if marker and marker.end() <= start:
        left = marker.end()
    if start - left > 30:  # a run-on clause: keep the 30 characters before the number
        left = start - 30
    if right - end > 20:
        right = end + 20
    return left, right


def _subject(text: str, qs: int, qe: int, start: int, end: int, unit: str) -> str:
    """What is counted, drafted from the clause: the words before (and after) the number."""
    before = text[qs:start].strip(_SPACE + '“”"')
    before = re.sub(r"^(?:其中|全年|共|[，,、])+", "", before)
    before = re.sub(r"(?:共计|共|计|为|到|了|有|达到|达|是)+$", "", before)
    words = re.match(r"[\u4e00-\u9fff“”]{0,10}", text[end:qe].strip(_SPACE))
    tail = words.group(0) if words else ""
    if unit in ("count", "people", "households") and tail:
        subject = f"{before}…{tail}" if before else tail
    else:
        subject = before or tail
    return subject[-24:] or text[qs:qe].strip(_SPACE)[-24:]  # no words around: the clause


@dataclass
class _Scan:
    """The state of one pass over the lines: year mode and current sections."""

    results_year: int
    plan_year: int
    source_id: str
    plans: bool = False
    top: Heading | None = None
    sub: Heading | None = None
    counters: dict[int, int] = field(default_factory=dict)

    @property
    def year(self) -> int:
        return self.plan_year if self.plans else self.results_year


def extract(
    text: str,
    results_year: int | None = None,
    plan_year: int | None = None,
    source_id: str = "draft",
) -> list[Candidate]:
    """Every stated number of ``text``, in order (see ``analyse`` for the rest)."""
    return analyse(text, results_year, plan_year, source_id).candidates


def analyse(
    text: str,
    results_year: int | None = None,
    plan_year: int | None = None,
    source_id: str = "draft",
) -> Analysis:
    """Figures, skipped numbers and sections of ``text``.

    The results year is the first year the text names (``results_year``
    overrides it) and the plan year the next one; the plans begin at the
    first heading or host's question that speaks of 打算 / 下一步 / 计划,
    or a heading naming the plan year.
    """
    years = _years_in(text)
    if results_year is None:
        results_year = years[0] if years else 2000
    if plan_year is None:
        plan_year = results_year + 1
    out = Analysis(text, results_year, plan_year)
    scan = _Scan(results_year, plan_year, source_id)
    blocked = _names(text, out)
    pos = 0
    for number, raw_line in enumerate(text.split("\n"), start=1):
        line_start = pos
        pos += len(raw_line) + 1
        line = raw_line.lstrip(_SPACE)
        if not line:
            continue
        offset = line_start + len(raw_line) - len(line)
        _sections(scan, out, line, offset)
        _numbers(scan, out, text, offset, offset + len(line), number, blocked)
    return out


def _names(text: str, out: Analysis) -> list[tuple[int, int]]:
    """Spans of names with numerals in them (NAMES, short terms in quotation marks)."""
    spans = []
    for name in NAMES:
        for found in re.finditer(re.escape(name), text):
            spans.append((found.start(), found.end()))
    for found in re.finditer(r"[“\"]([^”\"\n]{1,10})[”\"]", text):
        if re.search(r"[一二两三四五六七八九十百千万\d]", found.group(1)):
            spans.append((found.start(1), found.end(1)))
    spans.sort()
    seen: set[int] = set()
    for start, end in spans:
        if start not in seen:
            seen.add(start)
            line = text.count("\n", 0, start) + 1
            out.skipped.append(Skipped(start, text[start:end], "a name", line))
    return spans


def _new_section(
    scan: _Scan, out: Analysis, number_zh: str, title: str, quote: str, start: int, level: int
) -> Heading:
    key = 0 if level == 1 else id(scan.top)
    scan.counters[key] = scan.counters.get(key, 0) + 1
    n = scan.counters[key]
    if level == 1:
        sid = f"{scan.source_id}.s{scan.year}_{n}"
        parent = None
    else:
        assert scan.top is not None
        sid = f"{scan.top.id}_{n}"
        parent = scan.top.id
    heading = Heading(sid, scan.year, number_zh, title or quote, quote, start, parent)
    out.sections.append(heading)
    return heading


def _start_part(scan: _Scan, out: Analysis, text: str, start: int) -> None:
    """An untitled section where results (or plans) begin, quoting its first clause."""
    qs, qe = _clause(text, start, start)
    while qe < len(text) and text[qe] not in _CLAUSE_END and qe - qs < 40:
        qe += 1
    quote = text[qs:qe].strip(_SPACE) or text[start : start + 1]
    scan.counters = {}
    scan.top = _new_section(scan, out, "", quote, quote, start, 1)
    scan.sub = None


def _sections(scan: _Scan, out: Analysis, line: str, offset: int) -> None:
    heading = _HEADING.match(line)
    is_question = line.startswith("[主持人]") or line.startswith("【主持人】")
    plan_words = _PLAN_WORDS.search(line[:60])
    if (
        not scan.plans
        and (heading or is_question)
        and (plan_words or (heading and str(scan.plan_year) + "年" in line[:20]))
    ):
        scan.plans = True
        out.plans_start = offset
        if heading is None:
            at = offset + (plan_words.start() if plan_words else 0)
            _start_part(scan, out, out.text, at)
            return
        scan.counters = {}
    if scan.top is None and not heading:
        _start_part(scan, out, out.text, offset)
        return
    if not heading:
        return
    marker = heading.group("num")
    rest = line[heading.end() :]
    title = re.split(r"[。；;:：!！?？]", rest, maxsplit=1)[0].strip(_SPACE)
    if len(title) > 30:  # a heading run into its text (punctuation missing): its start
        title = title[:30].rstrip(_SPACE + _CLAUSE_END)
    quote = (marker + title).strip(_SPACE) if title else marker
    level = 2 if marker[0] in "(（)）" else 1
    number_zh = marker.rstrip("、") if level == 1 else marker
    if level == 1 or scan.top is None:
        scan.top = _new_section(scan, out, number_zh, title, quote, offset, 1)
        scan.sub = None
    else:
        scan.sub = _new_section(scan, out, number_zh, title, quote, offset, 2)


def _numbers(
    scan: _Scan,
    out: Analysis,
    text: str,
    start: int,
    end: int,
    line: int,
    blocked: list[tuple[int, int]],
) -> None:
    item = ""
    for found in _TOKEN.finditer(text, start, end):
        at = found.start()
        kind = found.lastgroup
        if any(a <= at < b for a, b in blocked):
            continue
        if kind == "date" or kind == "year" or kind == "phone":
            reason = {"date": "a date", "year": "a year", "phone": "a phone number"}[kind]
            out.skipped.append(Skipped(at, found.group(), reason, line))
            continue
        tail = _TAIL.match(text, found.end()) if kind != "pct" else None
        following = text[found.end() : found.end() + 1]
        if kind == "zh":
            numeral = found.group("zh")
            if following in "是、" and following:
                out.skipped.append(Skipped(at, numeral + following, "a list marker", line))
                if following == "是":
                    item = numeral + following
                continue
            if text[at - 1 : at] in "(（" and at > 0 and following in ")）":
                out.skipped.append(Skipped(at - 1, f"({numeral})", "a section number", line))
                continue
            if tail is None or text[at - 1 : at] == "第":
                continue  # 统一, 逐一, 第一 …: not numbers at all
            if numeral == "一":
                out.skipped.append(Skipped(at, text[at : tail.end()], "一 + counter", line))
                continue
        if kind == "ar" and (tail is None or text[at - 1 : at] == "第"):
            reason = "an ordinal" if text[at - 1 : at] == "第" else "no unit"
            out.skipped.append(Skipped(at, text[at : found.end() + 1].strip(), reason, line))
            continue
        try:
            cand = _candidate(scan, out, text, found, tail, line, item)
        except (ValueError, ArithmeticError):  # AmountError too: out of range, not a number
            out.skipped.append(Skipped(at, found.group(), "not a number", line))
            continue
        out.candidates.append(cand)


def _candidate(
    scan: _Scan,
    out: Analysis,
    text: str,
    found: re.Match[str],
    tail: re.Match[str] | None,
    line: int,
    item: str,
) -> Candidate:
    kind = found.lastgroup
    value_max: Decimal | None = None
    hedges: list[str] = []
    if kind == "pct":
        value, value_max = _zh_value(found.group("pctnum"))
        unit, word, end = "percent", "百分之", found.end()
        number = found.group()
    else:
        assert tail is not None
        unit, word, end = UNIT_WORDS[tail.group("unit")], tail.group("unit"), tail.end()
        hedges += [h for h in (tail.group("h2"), tail.group("h3")) if h]
        if kind == "ar":
            m1, m2 = found.group("m1"), found.group("m2")
            if found.group("h1"):
                hedges.append(found.group("h1"))
            if found.group("a2"):
                value = _times(found.group("a1"), m1 or m2)
                value_max = _times(found.group("a2"), m2 or m1)
                if value_max <= value:
                    raise ValueError("not a range")
            else:
                value = _times(found.group("a1"), m1)
            number = found.group("ar")
            if found.group("h1"):  # 6万余 / 600多万: the hedge word is not the number
                number = number.replace(found.group("h1"), "", 1)
        else:
            value, value_max = _zh_value(found.group("zh"))
            number = found.group("zh")
    begin = found.start()
    before = _BEFORE_TAIL.search(text, max(0, begin - 3), begin)
    if before:
        hedges.insert(0, before.group())
        begin = before.start()
    qualifier = "exact"
    kinds = [_BEFORE.get(h) or _AFTER[h] for h in hedges]
    if "at_least" in kinds:
        qualifier = "at_least"
    elif "approx" in kinds or "below" in kinds:
        qualifier = "approx"  # 不足 N: the format has no "below"; a note says so
    qs, qe = _clause(text, begin, end)
    clause = text[qs:qe]
    year = scan.year
    named = [y for y in _years_in(clause) if y in (scan.results_year, scan.plan_year)]
    if named:
        year = named[0]
    elif scan.plans and _RESULT_CUES.search(clause) and not _PLAN_CUES.search(clause):
        year = scan.results_year
    elif not scan.plans and _PLAN_CUES.search(clause):
        year = scan.plan_year
    section = scan.sub or scan.top
    assert section is not None
    return Candidate(
        start=begin,
        end=end,
        number=number,
        value=_plain(value),
        value_max=_plain(value_max) if value_max is not None else None,
        unit=unit,
        qualifier=qualifier,
        quote=clause,
        quote_start=qs,
        section=section.id,
        year=year,
        subject_zh=_subject(text, qs, qe, begin, end, unit),
        word=word,
        hedge="".join(hedges),
        line=line,
        item=item,
    )


# --------------------------------------------------------------------------
# The TOML draft


def _toml_str(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    out = []
    for ch in text:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _comment(text: str) -> str:
    return re.sub(r"[\x00-\x1f\x7f]+", " ", text)


def source_id_for(name: str) -> str:
    """An id for the source from a file name: ``Qinghe Interview.txt`` → ``qinghe_interview``."""
    stem = os.path.splitext(os.path.basename(name))[0].lower()
    slug = re.sub(r"[^a-z0-9]+", "_", stem).strip("_")
    if not slug or not slug[0].isalpha():
        slug = "text_" + slug if slug else "text"
    return slug


#: What the title says the text is, for ``[meta] kind``.
_KIND_WORDS = (("工作报告", "work_report"), ("工作总结", "work_summary"), ("访谈", "interview"))
#: A place the title names: a county, district, township, town or subdistrict.
_PLACE = re.compile(r"([\u4e00-\u9fff]{1,8}?(?:自治县|县|区|街道办事处|街道|镇|乡))")


def _meta(text: str, source_id: str, analysis: Analysis) -> list[tuple[str, str]]:
    """What the text says of itself: its title, date, kind, place, speakers. What it
    does not say is left out (those keys are optional), never written as a placeholder."""
    lines = [ln.strip(_SPACE) for ln in text.split("\n") if ln.strip(_SPACE)]
    title = next(
        (
            ln
            for ln in lines
            if ">>" not in ln
            and "【" not in ln
            and not ln.startswith("[")
            and not re.match(r"^\d{4}-\d\d-\d\d", ln)
            and len(ln) <= 60
        ),
        None,
    )
    if title is None:
        title = (lines[0] if lines else source_id)[:60]
    published = None
    found = re.search(r"(\d{4})-(\d{1,2})-(\d{1,2})", text) or re.search(
        r"(\d{4})年(\d{1,2})月(\d{1,2})日", text
    )
    if found:
        y, m, d = (int(g) for g in found.groups())
        try:
            import datetime

            published = datetime.date(y, m, d).isoformat()
        except ValueError:
            published = None
    trail = re.search(r">>\s*([^\n]+)$", text, re.M)
    section_zh = None
    if trail:
        crumbs = [c.strip(_SPACE) for c in trail.string[: trail.end()].split("\n")[-1].split(">>")]
        section_zh = " >> ".join(c for c in crumbs[1:] if c) or None
    speakers = re.findall(r"^[\s\u3000\u00a0]*[\[【]([^\]】\n]{1,12})[\]】]", text, re.M)
    host = "主持人" if "主持人" in speakers else None
    guests = [s for s in speakers if s != "主持人"]
    guest = max(set(guests), key=guests.count) if guests else None
    kind = next((k for word, k in _KIND_WORDS if word in title), None)
    if kind is None:
        kind = "interview" if host or guest else "work_report"
    place = _PLACE.search(title)
    fields: list[tuple[str, str | None]] = [
        ("id", source_id),
        ("kind", kind),
        ("title_zh", title),
        ("quote", title),
        ("published", published),
        ("section_zh", section_zh),
        ("place_zh", place.group(1) if place else None),
        ("interviewee_zh", guest if kind == "interview" else None),
        ("host_zh", host if kind == "interview" else None),
        ("language", "zh"),
    ]
    return [(key, value) for key, value in fields if value is not None]


def _number(value: Decimal) -> str:
    return str(_plain(value))


def draft_toml(
    text: str,
    source_id: str = "draft",
    results_year: int | None = None,
    plan_year: int | None = None,
) -> str:
    """A dataset file for ``text``, valid as written: every figure found, marked
    ``reviewed = false`` until a person has checked it against the text.

    A figure that plainly is a concept of the shared vocabulary (``tzcli concepts``)
    gets the concept's id (when no other figure of the draft has it), topic and
    English name; any other a serial id, the topic ``draft`` and, until a person
    writes one, the subject in the text's words in English too. Skipped numbers
    (years, dates, markers, names …) are comments at the place they occur, so a
    person sees what was left out and why.
    """
    from tzcli import concepts as vocabulary

    analysis = analyse(text, results_year, plan_year, source_id)
    out = [
        "# A draft written by `tzcli draft`: it loads as it is (every figure reviewed = false).",
        "# Check each figure against the text, correct it, write its English subject, then",
        "# set reviewed = true; `tzcli validate` lists what each unreviewed figure lacks.",
        "",
        "schema_version = 1",
        "",
        "[meta]",
    ]
    out += [f"{key} = {_toml_str(value)}" for key, value in _meta(text, source_id, analysis)]
    years = [(analysis.results_year, "工作成果(已完成)", "results reported for")]
    if analysis.plans_start is not None or any(
        c.year == analysis.plan_year for c in analysis.candidates
    ):
        years.append((analysis.plan_year, "工作打算(计划)", "plans for"))
    for year, zh, en in years:
        out += [
            "",
            "[[meta.years]]",
            f"year = {year}",
            f"meaning_zh = {_toml_str(f'{year}年{zh}')}",
            f"meaning_en = {_toml_str(f'{en} {year}')}",
        ]
    for sec in analysis.sections:
        out += [
            "",
            "[[sections]]",
            f"id = {_toml_str(sec.id)}",
            f"year = {sec.year}",
            f"number_zh = {_toml_str(sec.number_zh)}",
            f"title_zh = {_toml_str(sec.title_zh)}",
            f"title_en = {_toml_str(sec.title_zh)}  # the text's words: translate",
            f"quote = {_toml_str(sec.quote)}",
        ]
        if sec.parent:
            out.append(f"parent = {_toml_str(sec.parent)}")
    kinds = [
        cand.kind if cand.kind != "result" or cand.year != analysis.plan_year else "target"
        for cand in analysis.candidates
    ]
    ids: list[str] = []
    taken: set[str] = set()
    width = max(3, len(str(len(analysis.candidates))))
    for n, cand in enumerate(analysis.candidates, 1):
        concept_id = cand.concept or vocabulary.propose(cand.subject_zh, cand.quote, cand.unit)
        # The concept's id for the first figure of it; a second (another year, a target)
        # the concept's id and its year, which compare finds as well.
        choices = [] if concept_id is None else [concept_id, f"{concept_id}.{cand.year}"]
        if concept_id is not None and kinds[n - 1] == "target":
            choices = [f"{concept_id}.target_{cand.year}", *choices]
        fig_id = next((c for c in choices if c not in taken), f"{source_id}.f{n:0{width}d}")
        taken.add(fig_id)
        ids.append(fig_id)
    skipped = sorted(analysis.skipped, key=lambda s: s.start)
    k = 0
    for cand, fig_id, kind in zip(analysis.candidates, ids, kinds, strict=True):
        out.append("")
        while k < len(skipped) and skipped[k].start < cand.start:
            s = skipped[k]
            out.append(f"# skipped (line {s.line}, {s.reason}): {_comment(s.text)}")
            k += 1
        where = f"line {cand.line}" + (f", {cand.item}" if cand.item else "")
        known = vocabulary.of_id(fig_id)
        topic = known.topic if known is not None else "draft"
        subject_en = known.name_en if known is not None else cand.subject_zh
        out += [f"# {where}: {_comment(cand.text)}"]
        out += [
            "[[figures]]",
            f"id = {_toml_str(fig_id)}",
            f"topic = {_toml_str(topic)}",
            f"section = {_toml_str(cand.section)}",
            f"year = {cand.year}",
        ]
        if cand.year_end is not None and cand.year_end > cand.year:
            out.append(f"year_end = {cand.year_end}")
        if kind != "result":
            out.append(f"kind = {_toml_str(kind)}")
        out += [
            f"subject_zh = {_toml_str(cand.subject_zh)}",
            f"subject_en = {_toml_str(subject_en)}",
            f"value = {_number(cand.value)}",
        ]
        if cand.value_max is not None:
            out.append(f"value_max = {_number(cand.value_max)}")
        out += [
            f"unit = {_toml_str(cand.unit)}",
            f"qualifier = {_toml_str(cand.qualifier)}",
            f"quote = {_toml_str(cand.quote)}",
        ]
        if cand.note_en:
            out.append(f"note_en = {_toml_str(cand.note_en)}")
        out.append("reviewed = false")
    if k < len(skipped):
        out.append("")
    for s in skipped[k:]:
        out.append(f"# skipped (line {s.line}, {s.reason}): {_comment(s.text)}")
    return "\n".join(out) + "\n"


def write_draft(path: str, content: str, force: bool = False, inputs: Inputs | None = None) -> None:
    """Write ``content`` to ``path`` by the rules of ``tzcli.files`` (atomic, only a
    regular file, never over one without ``force``, never over ``inputs``)."""
    from tzcli import files

    files.write_file(path, content.encode("utf-8"), force=force, inputs=inputs or files.NO_INPUTS)


# --------------------------------------------------------------------------
# Against a dataset


def dataset_quotes(ds: Dataset) -> list[tuple[str, str]]:
    """(where, quote) for every quote of a loaded dataset."""
    quotes: list[tuple[str, str]] = []
    for meta in ds.metas:
        quotes.append((f"meta {meta.id}", meta.quote))
    for group in (ds.sections, ds.figures, ds.projects, ds.plans, ds.notes):
        for rec in group:
            quote = getattr(rec, "quote", None)
            if quote:
                quotes.append((rec.id, quote))
    for plan in ds.plans:
        for i, measure in enumerate(plan.measures):
            quotes.append((f"{plan.id}.measures[{i}]", measure.quote))
    for village in ds.villages:
        for i, mention in enumerate(village.mentions):
            quotes.append((f"{village.id}.mentions[{i}]", mention.quote))
    return quotes


def against(text: str, ds: Dataset) -> tuple[list[Candidate], list[tuple[str, str]]]:
    """The text's figures that no quote of ``ds`` covers, and ``ds``'s quotes not in the text.

    Covered means the figure's numeral lies inside an occurrence of a quote
    (any occurrence counts).
    """
    covered = bytearray(len(text) + 1)
    missing: list[tuple[str, str]] = []
    for where, quote in dataset_quotes(ds):
        at = text.find(quote)
        if at < 0:
            missing.append((where, quote))
        while at >= 0:
            covered[at : at + len(quote)] = b"\x01" * len(quote)
            at = text.find(quote, at + 1)
    uncovered = []
    for cand in extract(text):
        first = cand.start + cand.text.find(cand.number[:1])
        if not covered[first]:
            uncovered.append(cand)
    return uncovered, missing
