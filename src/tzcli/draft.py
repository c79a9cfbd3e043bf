"""From the text of an interview (政务访谈, 工作总结 …) to a dataset draft.

Pure: no Click, no Rich, standard library only (cn2an and jionlp were measured
and not taken: see docs/draft-walkthrough.md). ``extract`` finds every stated
number with its value, unit, hedge, verbatim clause, section and year;
``draft_toml`` writes them as a TOML file in the dataset format that loads as it
is, each figure ``reviewed = false``; ``against`` is the quote check of a dataset
against its text.
"""

from __future__ import annotations

import bisect
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from tzcli.amounts import DIGITS_ZH as _ZH_DIGITS
from tzcli.amounts import chinese_numeral as zh_number
from tzcli.amounts import scale
from tzcli.amounts import times as _times
from tzcli.errors import SourceTextError
from tzcli.units import plain_number

if TYPE_CHECKING:
    from tzcli.files import Inputs
    from tzcli.model import Dataset

#: Bigger texts are refused (an interview is ~11 KB, a county's work report ~60 KB):
#: past it a draft could no longer be read by a person, nor loaded (see docs/draft-walkthrough.md).
MAX_TEXT_BYTES = 2 * 1024 * 1024
#: A text with more figures, or more sections, than this is refused: split it.
MAX_FIGURES = 20_000
MAX_SECTIONS = 5_000
#: Skipped numbers listed one by one in a draft; the rest are counted in one comment.
MAX_SKIPPED_LISTED = 5_000
#: The largest integer a dataset can carry (SQLite's, and the loader's, 64 bits).
INT64_MAX = 2**63 - 1

# --------------------------------------------------------------------------
# Words of the genre

#: Units as printed → the format's unit (counter words: ``count``, the word kept in a note).
_COUNTERS = (
    "个家眼处件条次辆所张座栋幢盏台套项场篇份本株棵头只羽间支块部架艘起宗口盘批组镇乡种"
    "袋桶箱册床期轮尾匹幅顶群"
)
#: Counters read after Arabic digits only (辖5镇10乡; 三乡工程 is a name), where a list or
#: the clause goes on after them (5镇10乡152个村, 18乡镇; not 2020乡村振兴).
_DIGIT_COUNTERS = frozenset("镇乡")
_TOWNS_AFTER = re.compile(r"$|[\d、和及与()（）乡镇，,。；;：:\n]")
#: 种 that begins a word (种植, 种养, 种子), not a counter of kinds.
_SOW_WORD = re.compile(r"[植养子苗粮田草地菜树]")
#: After 期 / 轮: a phase's name (3期工程), not a count of sessions.
_PHASE_WORD = re.compile(r"[工项间末初中刊号]|货|限")
#: 组 that begins a word (组织, 组建), not a counter.
_GROUP_WORD = re.compile(r"[织建成合团长员委别件图阁]")
UNIT_WORDS: dict[str, str] = {
    "个百分点": "percent",
    "人次": "person-times",
    "人口": "people",
    # people named by what they are, after the number (带动200多农民, 惠及3万群众)
    "农民": "people",
    "群众": "people",
    "村民": "people",
    "居民": "people",
    "贫困人口": "people",
    "贫困群众": "people",
    "农村人口": "people",
    "农业人口": "people",
    "城镇人口": "people",
    "常住人口": "people",
    "户籍人口": "people",
    "口人": "people",  # 104户308口人: 口 counts the people of households
    # households named by what they are (带动1.5万贫困户增收)
    "贫困户": "households",
    "农户": "households",
    "困难户": "households",
    "脱贫户": "households",
    "低保户": "households",
    "平方公里": "m2",
    "平方千米": "m2",
    "k㎡": "m2",
    "km²": "m2",
    "平方米": "m2",
    "平米": "m2",
    "㎡": "m2",
    "m²": "m2",
    "公顷": "m2",
    "立方米": "m3",
    "立方": "m3",  # 27.3万立方: 米 left out
    "个贫困人口": "people",  # 8066个贫困人口: people, counted with 个
    "m³": "m3",
    "方": "m3",
    "公里": "km",
    "千米": "km",
    "延米": "m",  # 修建渠道3000延米: metres run
    "米": "m",
    "平方": "m2",  # 厂房13600平方: 米 left out
    "亩": "mu",
    "元": "yuan",
    "人": "people",
    "名": "people",
    "位": "people",
    "户": "households",
    "吨": "t",
    "公斤": "t",
    "千克": "t",
    "斤": "t",
    "担": "t",
    "%": "percent",
    "‰": "percent",
    "％": "percent",
    "车次": "count",
    "剂次": "count",
    "架次": "count",
    "班次": "count",
    "批次": "count",
    "场次": "count",
    "户次": "count",
    "家次": "count",
    "件次": "count",
    "轮次": "count",
    "台次": "count",
    "辆次": "count",
    "艘次": "count",
    **{c: "count" for c in _COUNTERS},
}
#: Units that are nouns (200多农民, 1.5万贫困户): the word is part of what is counted.
_NOUN_UNITS = frozenset(
    ("人口", "农民", "群众", "村民", "居民", "贫困人口", "贫困群众")
    + ("农村人口", "农业人口", "城镇人口", "常住人口", "户籍人口")
    + ("贫困户", "农户", "困难户", "脱贫户", "低保户", "个贫困人口")
)
#: Units stated in a multiple of the format's: the factor (exact) and the note.
UNIT_FACTORS: dict[str, tuple[Decimal, str]] = {
    "平方公里": (Decimal(10) ** 6, "square kilometres (平方公里)"),
    "平方千米": (Decimal(10) ** 6, "square kilometres (平方千米)"),
    "k㎡": (Decimal(10) ** 6, "square kilometres (k㎡)"),
    "km²": (Decimal(10) ** 6, "square kilometres (km²)"),
    "公顷": (Decimal(10) ** 4, "hectares (公顷)"),
    "公斤": (Decimal("0.001"), "kilograms (公斤)"),
    "千克": (Decimal("0.001"), "kilograms (千克)"),
    "斤": (Decimal("0.0005"), "jin (斤, 500 g)"),
    "担": (Decimal("0.05"), "dan (担, 50 kg)"),
    "‰": (Decimal("0.1"), "per mille (‰)"),
}
_UNIT_RE = "|".join(sorted(map(re.escape, UNIT_WORDS), key=len, reverse=True))
#: 村 counts villages only after a list of their names (侣楼、曹庄两村): see _VILLAGES.
UNIT_WORDS["村"] = "count"
_VILLAGES = re.compile(r"(?P<h2>)(?P<space>)(?P<unit>村)(?P<h3>)(?![民委级庄组干集部落里镇])")
_NAME_LIST = re.compile(r"[\u4e00-\u9fff]{2,4}(?:、[\u4e00-\u9fff]{2,4})+\Z")
#: 方 is a volume only after a number with 万 (20万方) or in 土方/石方; else it is a word.
_FANG_OK = re.compile(r"万$")

#: Hedge words before a number and what they make of it (达 alone: as stated, exact).
_BEFORE = {
    "超过": "at_least",
    "突破": "at_least",
    "不少于": "at_least",
    "不低于": "at_least",
    "至少": "at_least",
    "逾": "at_least",
    "超": "at_least",
    "过": "at_least",  # 过500万元 (not 通过, 经过: see _candidate)
    "上": "at_least",  # 上万人 (only before 万/亿 alone)
    "大约": "approx",
    "约": "approx",
    "将近": "approx",
    "接近": "approx",
    "近": "approx",
    "不足": "at_most",
    "不到": "at_most",
    "低于": "at_most",
    "不超过": "at_most",
    "最多": "at_most",
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
    "以下": "at_most",
    "以内": "at_most",
    "之上": "at_least",
    "有余": "at_least",
    "之下": "at_most",
    "之内": "at_most",
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
    "两不愁三保障",
    "两不愁",
    "三保障",
    "四不摘",
    "六个精准",
    "五个一批",
    "两新",
    "两委",
    "三农",
    "三资",
    "十九大",
    "二十大",
    "三次产业",
    "一二三产",
    "上一篇",
    "下一篇",
    "八项规定",
    "四项基本原则",
    "两个一百年",
    "三个务必",
)
#: A policy's name of the form 五个一批, 三个一工程: a numeral, a counter, then 一.
_POLICY_NAME = re.compile(
    r"[一二两三四五六七八九十]个一(?![般些样直定起切致])[\u4e00-\u9fff]"
    r"|[一二两三四五六七八九十]人(?:小组|工作组|团队)"
)

#: Places named with a numeral and a counter: 六盘山, 七台河, 五台山, 三家村, 八家子 ….
_PLACE_NAME = re.compile(
    r"[一二两三四五六七八九十]"
    r"(?:盘(?:山|水)|台(?:河|山|县)|家(?:村|庄|店|屯|寨|湾|铺|窝|坪|沟|营|岭|堡|子|车|渠)(?![级民委办集]))"
)

#: Digits, with thousands marked by commas where a copy does (1,234.5亿元: not a list 12,345).
_NUM = r"(?:\d{1,3}(?:,\d{3})+(?![\d,])|\d+)(?:\.\d+)?"
_MULT_RE = r"(?:千万|百万|万|亿|千(?![米克瓦]))"
#: Bounded (16 characters): no numeral of the genre is longer, and 一亿亿亿… stays linear.
_ZH = (
    r"(?:[一二两三四五六七八九十〇零][零〇一二两三四五六七八九十百千万亿]{0,15}|[百千][万亿]{1,2})"
    r"(?:点[零〇一二三四五六七八九]{1,8})?"
)
#: One pass finds every number-like run; what follows and precedes decides the rest.
_TOKEN = re.compile(
    rf"(?P<date>\d{{4}}-\d{{1,2}}-\d{{1,2}}|\d{{4}}年\d{{1,2}}月(?:\d{{1,2}}日)?"
    rf"|\d{{1,2}}月(?:\d{{1,2}}日|份)|\d{{1,2}}日)"
    rf"|(?P<year>(?:19|20)\d\d(?:[-—–~至到](?:19|20)?\d\d)?[ \t]?年(?:度)?)"
    rf"|(?P<masked>(?:(?:19|20)(?:\d[xX_*＊]|[xX_*＊]{{2}})|[_＿]{{2,4}}|[xX*＊]{{2,4}})"
    rf"[ \t]?年(?:度)?)"
    rf"|(?P<phone>\d{{3,4}}-\d{{7,8}}|1[3-9]\d{{9}}(?!\d))"
    rf"|(?P<pct>百分之(?P<pctnum>{_ZH}))"
    rf"|(?P<ar>(?P<a1>{_NUM})(?P<h1>[余多])?(?:[ \t]{{0,2}}(?P<m1>{_MULT_RE}))?"
    rf"(?:[ \t]?(?P<sep>[-~～—–至到])[ \t]?(?P<a2>{_NUM})(?P<m2>{_MULT_RE})?)?)"
    rf"|(?P<zhmore>(?P<zm>{_ZH})(?P<zh1>[余多])(?P<zmul>[万亿]))"
    rf"|(?P<zh>{_ZH})"
    rf"|(?P<wan>(?<=[逾近超上破过])(?<![通经度越跨错难不]过)(?:[百千万亿]|千万|百万)"
    rf"(?=[人户元名家亩吨米]|平方|公里)"
    rf"|(?<![\d一二两三四五六七八九十百千万亿〇零.])万(?=米[^粮面饭])"
    rf"|(?<![\d一二两三四五六七八九十百千万亿〇零.几数])[百千万](?=余[人户元名家亩吨米个])"
    rf")"
)
_TAIL = re.compile(
    rf"(?P<h2>[余多])?(?P<space>[ \u00a0]{{0,2}})(?P<unit>{_UNIT_RE})"
    rf"(?P<h3>以上|以下|以内|之上|之下|之内|有余|左右|上下|多)?"
)
#: After the unit: a ratio (元/㎡, 元/人, 万元/亩) or a duration (9个月), not an amount or a count.
_RATIO = re.compile(r"[/／每](?:平方米|㎡|m²|[^\s，,。；;、：:()（）]{1,2})")
#: 十一届一次、二次会议, 十六届三中全会: a numeral after 届 numbers a session.
_SESSION = re.compile(
    r"届(?:人大|人代会|党代会|人民代表大会)?(?:[一二三四五六七八九十]{1,3}次?[、和及])?$"
)
#: 四次会议, 三次全会: the number of a session, after its numeral.
_GROUP_NOUN = re.compile(r"小组|组|委员会|委|专业|合作|代表|议事|自治|理事")
_SESSION_AFTER = re.compile(r"次(?:会议|全会|全体会议|全委会|代表大会|党代会)")
_DURATION_WORDS = re.compile(r"(?:多|余)?(?:年(?!度|底|末|前)|个?月|天|日|小时|分钟|周|季度)")
_DURATION = re.compile(r"(?:个)?(?:月|小时|工作日|星期|季度)")
_BEFORE_TAIL = re.compile(rf"(?:{_BEFORE_RE})\Z")  # \Z: not across a line
#: Where a clause ends; control and bidi characters too, so that no quote carries one.
_INVISIBLE = (
    "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n")
    + "".join(chr(c) for c in range(0x7F, 0xA0))
    + "\u200b\u200c\u200d\u200e\u200f\u2028\u2029\u202a\u202b\u202c\u202d\u202e"
    + "\u2060\u2061\u2062\u2063\u2064\u2066\u2067\u2068\u2069\ufeff"
)
_INVISIBLE_RE = re.compile(f"[{re.escape(_INVISIBLE)}]+")
_CLAUSE_END = frozenset("，,。；;：:！!？?\n】]" + _INVISIBLE)
_SPACE = " \t\u3000\u00a0\r"
_MARKER = re.compile(  # matched at a clause's start (no ^: re's pos is not a start)
    r"(?:[一二三四五六七八九十]+[、是]|[(（][一二三四五六七八九十]+[)）]|[)）、])[\s\u3000\u00a0]*"
)
_HEADING = re.compile(
    r"^(?P<num>[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）]|、|[)）]"
    r"|第[一二三四五六七八九十]+部分[,，:：、 ]?)"
)
#: A heading that opens the plans (numbered or not), and one that opens results again.
_PLAN_WORDS = re.compile(r"打算|下一步|计划|预期目标|工作思路|工作安排|工作要点|展望|谋划|今后")
_RESULT_WORDS = re.compile(r"总结|回顾|成效|成绩|完成情况|基本情况|取得|开展情况|主要做法|工作成果")
#: Clause cues: a result told in the plans, a target told among the results.
_RESULT_CUES = re.compile(r"去年|上年|全年完成|已完成|已经|累计完成|完成了|实现了")
_PLAN_CUES = re.compile(
    r"(?<!完成)(?<!年度)(?<!超)(?<!下达)(?<!投资)计划(?!任务|目标任务|的)|力争"
    r"|争取(?!到|了|上级|中央|国家|省|市级|各类|各级|资金|项目)|拟|下一步|明年|目标(?:是|为)"
    r"|确保(?!了)|将(?:完成|实现|新建|建设|投资|达到|新增|打造|改造|实施|争取)"
)


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
    year_end: int | None = None  # a span year..year_end (2016–2020, 五年来, 十三五期间)
    kind: str = "result"  # "result" | "target" (plan / target)
    concept: str | None = None  # a concept id proposed where the text says so plainly
    subject_zh: str = ""
    value_max: Decimal | None = None
    word: str = ""  #: the unit or counter word as printed
    hedge: str = ""  #: the hedge words as printed
    line: int = 0
    item: str = ""  #: the list marker (一是 …) the clause is under, if any

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
        if self.word in UNIT_FACTORS:
            notes.append(f"stated in {UNIT_FACTORS[self.word][1]}")
        if self.word == "方":
            notes.append("stated in 方 (cubic metres)")
        if self.word in _NOUN_UNITS:
            notes.append(f"counted as {self.word}")
        if self.qualifier == "at_most" and not re.search("以下|以内|不超过|最多", self.hedge):
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
    title: str = ""


# --------------------------------------------------------------------------
# Numbers


def _digits(number: str) -> str:
    """1,234.5 → 1234.5: the thousands' commas of a copy, for the amount grammar."""
    return number.replace(",", "")


def _zh_value(text: str) -> tuple[Decimal, Decimal | None]:
    """A Chinese numeral, or a range of two neighbouring digits (三四 → 3 to 4)."""
    if len(text) == 2 and text[0] in _ZH_DIGITS and text[1] in _ZH_DIGITS:
        low, high = _ZH_DIGITS[text[0]], _ZH_DIGITS[text[1]]
        if low and high == low + 1:
            return Decimal(low), Decimal(high)
        raise ValueError(text)
    return zh_number(text), None


# --------------------------------------------------------------------------
# The text: lines, title, years

#: Line breaks of every kind (CR alone, NEL, LS, PS, VT, FF) read as a newline.
_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")


def read_text(path: str | os.PathLike[str]) -> str:
    """A text file as UTF-8 if it is, else as GB18030 (which covers GBK and GB2312)."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_TEXT_BYTES + 1)
    except OSError as exc:
        raise SourceTextError(f"cannot read {os.fspath(path)}: {exc.strerror or exc}") from None
    return decode(raw, os.fspath(path))


def normalise(text: str) -> str:
    """The text as ``analyse`` and ``against`` read it: every line break a ``\n``."""
    return _BREAKS.sub("\n", text)


def decode(raw: bytes, name: str = "text") -> str:
    """UTF-8 (with or without a byte-order mark), else GB18030; NUL bytes mean not text.

    Every kind of line break becomes ``\n`` (so a CR-only file has its lines);
    a text over ``MAX_TEXT_BYTES`` is refused."""
    if len(raw) > MAX_TEXT_BYTES:
        raise SourceTextError(
            f"{name} is over the limit of {MAX_TEXT_BYTES // (1024 * 1024)} MiB for a draft; "
            "split it into its reports"
        )
    if b"\x00" in raw:
        raise SourceTextError(f"{name} is not a text file (it has NUL bytes)")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not text.strip():
            raise SourceTextError(f"{name} is empty")
        return _BREAKS.sub("\n", text)
    raise SourceTextError(f"{name} is neither UTF-8 nor GB18030 text")  # pragma: no cover


#: A year named (2019年, 2019 年), not a date's (2019年6月) nor a span's start (2011年以来).
_YEAR_NAMED = re.compile(
    r"(?<![与比较])((?:19|20)\d\d)[ \t]?年(?![ \t]?\d{1,2}[ \t]?月|以来|至今|相比|比较)"
)


def _years_in(text: str) -> list[int]:
    return [int(m.group(1)) for m in _YEAR_NAMED.finditer(text)]


#: Lines of a copied page that are not the text: navigation, sharing, the copier's ads.
_CHROME = re.compile(
    r"分享到|这里能搜索|当前位置|首页|>>|›|»|发布时间|发布日期|来源[:：]|点击[:：]|浏览|阅读[:：]|"
    r"字号|打印|关闭|收藏|下载|上一篇|下一篇|责任编辑|审核|编辑[:：]|作者[:：]|本文档|本站|【|"
    r"\[|→|范文|^\s*[-·•]|^\d{4}[-/.]\d\d|^\s*时间[:：]|网站|版权|登录|注册"
    r"|^\s*(?:问|答|记者|主持人)[:：]|相关推荐|相关阅读|相关文章|推荐阅读|热门文章|猜你喜欢|延伸阅读"
)
_TITLE_WORDS = re.compile(r"总结|报告|计划|打算|访谈|汇报|工作|要点|情况|述职|发言|讲话|规划|谈")


def find_title(text: str) -> str:
    """The text's own title: among its first lines, a short one that is not page chrome
    (分享到:, navigation, a copier's ads), preferring one that reads as a title."""
    return _title_lines(text)[0]


def _title_lines(text: str) -> list[str]:
    """The lines that could be the title, best first (never empty: "" at worst)."""
    lines = []
    for raw in text.split("\n", 40)[:40]:
        line = _INVISIBLE_RE.split(raw.strip(_SPACE + _INVISIBLE), maxsplit=1)[0].strip(_SPACE)
        read = line.translate(_TRADITIONAL)  # 當前位置, 工作總結: a traditional copy's too
        if line and len(line) <= 60 and not _CHROME.search(read) and "。" not in line:
            lines.append(line)
    titled = [
        ln
        for ln in lines
        if _TITLE_WORDS.search(ln.translate(_TRADITIONAL)) and not ln.endswith((":", "："))
    ]
    return titled + [ln for ln in lines if ln not in titled] or [""]


#: A year at the head of a paragraph or heading (2016年, / 一、2019年工作总结): the results'.
_HEAD_YEAR = re.compile(
    r"^[\s\u3000\u00a0]*(?:[一二三四五六七八九十]+、|[(（][一二三四五六七八九十]+[)）])?"
    r"[\s\u3000\u00a0]*((?:19|20)\d\d)[ \t]?年"
    r"(?!\d{1,2}月|[一二三四五六七八九十]{1,2}月|以来|至今)(?:度)?(.{0,8})",
    re.M,
)
#: When a report was given: 2017年1月9日在乌镇镇第十七届人民代表大会第一次会议上.
_GIVEN = re.compile(
    r"((?:19|20)\d\d)[ \t]?年(\d{1,2})月\d{1,2}日[^\n。]{0,30}?(?:人民代表大会|人代会|代表大会)"
)
#: A year in a copy's navigation (首页>专题>2019精准扶贫在行动): the column the text is filed in.
_CRUMB_YEAR = re.compile(
    r"^[^\n]*(?:首页|当前位置|>|»)[^\n]*?(?<!\d)((?:19|20)\d\d)(?=[\u4e00-\u9fff])(?!年)", re.M
)
_MID_YEAR = re.compile(r"上半年|半年|季度|1[-—–至]\d{1,2}月")
_PUBLISHED = re.compile(r"((?:19|20)\d\d)[-/.年](\d{1,2})[-/.月](\d{1,2})")
#: The date a report is signed at its end (二〇二一年一月八日, read as 2021年一月八日).
_SIGNED = re.compile(
    r"^[ \t\u3000]*((?:19|20)\d\d)年(\d{1,2}|十[一二]?|[一二三四五六七八九])月"
    r"(?:\d{1,2}|[一二三]?十?[一二三四五六七八九十])日[ \t\u3000]*$",
    re.M,
)


def _published(text: str) -> tuple[int, int] | None:
    """(year, month) the text was written: a date near its top (a page's, a congress's),
    else one it is signed with at its end."""
    found = _PUBLISHED.search(text, 0, min(len(text), 3000))
    if found:
        return int(found.group(1)), int(found.group(2))
    signed = list(_SIGNED.finditer(text, max(0, len(text) - 300)))
    if signed:
        month = signed[-1].group(2)
        return int(signed[-1].group(1)), int(month) if month.isdigit() else int(zh_number(month))
    return None


#: A year written in Chinese numerals (二〇二〇年, 二0一九年, 一九九二年).
_ZH_YEAR = re.compile(r"(?:一九|二[〇零○0OＯ])[〇零○0OＯ一二三四五六七八九]{2}(?=[ \t]?年)")
_ZH_YEAR_DIGITS = str.maketrans("〇零○0OＯ一二三四五六七八九", "00000012345678" + "9")


def _zh_years(text: str) -> str:
    """二〇二〇年 read as 2020年: one digit a character, so every position stays."""
    return _ZH_YEAR.sub(lambda m: m.group().translate(_ZH_YEAR_DIGITS), text)


#: A title's year without 年 (镇政府2017工作报告, 2019年度 is read by _YEAR_NAMED).
_TITLE_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)(?=[ \t]?(?:工作|政府|上半年|下半年|年度))")


def _title_years(title: str) -> list[int]:
    title = _zh_years(title.translate(_TRADITIONAL))
    return _years_in(title) or [int(y) for y in _TITLE_YEAR.findall(title)]


def guess_years(text: str, title: str | None = None) -> tuple[int, int]:
    """(results year, plan year) of a text of the genre, without being told.

    The title first (2019年工作总结 → 2019; 2021年政府工作报告 → results 2020,
    plans 2021; 上半年 … 下半年 → one year for both), then the years that open
    its paragraphs and headings (the plans' excluded), then the date it was
    written (a summary of January–April is of the year before), then a year in
    the copy's navigation, then the latest year a result is told of (not a
    target's, a deadline's or a forecast's), then the first year named."""
    return _guess_years(_zh_years(text.translate(_TRADITIONAL)), title)


def _guess_years(text: str, title: str | None) -> tuple[int, int]:
    """guess_years of a text already read through the table (analyse's)."""
    title = find_title(text) if title is None else title
    years = _title_years(title)
    if not years:  # a copier's title first (减贫摘帽工作总结), the text's own below it
        for line in _title_lines(text)[1:]:
            if _TITLE_WORDS.search(line) and _title_years(line):
                title = line
                years = _title_years(line)
                break
    if years:
        first = years[0]
        if re.search("上半年|前三季度|一季度|1-\\d+月|下半年", title):
            return first, first
        if len(years) > 1 and years[1] > first:
            return first, years[1]
        if re.search("政府工作报告|工作报告", title) and not re.search(
            "总结|回顾|脱贫|扶贫|攻坚|整改|专项", title
        ):  # a congress's report (2021年政府工作报告), not a report on a year's task
            given = _GIVEN.search(text, 0, min(len(text), 5000))
            if given and int(given.group(1)) == first + 1 and int(given.group(2)) <= 6:
                return first, first + 1  # 2016年政府工作报告, given in January 2017: of 2016
            return first - 1, first
        if re.search("计划|打算|要点|思路", title) and not re.search("总结|回顾|情况", title):
            return first - 1, first
        return first, first + 1
    heads = [
        int(m.group(1))
        for m in _HEAD_YEAR.finditer(text, 0, min(len(text), 200_000))
        if not _PLAN_WORDS.search(m.group(2))
        and not re.match(r"\s*[,，]?\s*(?:我们|全\w)?将", m.group(2))
        and not m.group(2).startswith(("底", "末"))  # 2014年底,全村有贫困户…: a baseline
        and not _PLAN_CUES.search(m.group(2))  # 2017年,全镇力争…: a plan's
    ]
    published = _published(text)
    if heads:
        best = max(set(heads), key=lambda y: (heads.count(y), y))  # a chronology: its last
        return best, best + 1
    told = _result_years(_NAV_LINE.sub("", text[:200_000]))
    if published and not (told and max(told) < published[0] - 1):
        year, month = published
        results = year - 1 if month <= 4 else year
        return results, results + 1
    crumb = _CRUMB_YEAR.search("\n".join(text.split("\n", 3)[:3]))
    if crumb:  # 首页>专题>2019精准扶贫在行动>人物对话: filed under its year
        year = int(crumb.group(1))
        return year, year + 1
    # the latest year a result is told of (a report is of its last year: 2013年底 a
    # baseline, 1992年 a history); else the first year named; else the first date's
    # (到2016年6月底); else any (2011年以来)
    if told:  # (a copy dated years after the results it tells of is dated by them)
        latest = max(told)
        return latest, latest + 1
    named = (
        _years_in(text[:200_000])
        or [int(y) for y in re.findall(r"((?:19|20)\d\d)[ \t]?年\d{1,2}月", text[:200_000])]
        or [int(y) for y in re.findall(r"((?:19|20)\d\d)[ \t]?年", text[:200_000])]
    )
    if not named:  # 十二五时期…五年来 with no year named: a review of that plan's five years
        period = _REVIEWED_PLAN.search(text, 0, min(len(text), 200_000))
        if period:
            end = _FIVE_YEAR_PLANS[period.group("plan") or period.group("plan2")][1]
            return end, end + 1
    first = named[0] if named else 2000
    return first, first + 1


#: The first five-year plan's period a text names (十二五时期, “十五”期间), where it
#: names no year: the report reviews it (a report to a new congress).
_REVIEWED_PLAN = re.compile(
    r"(?<![比较与同由])(?:[“\"](?P<plan>(?:十[一二三四]?|九)五)[”\"]|(?P<plan2>(?:十[一二三四]?|九)五))"
    r"(?:期间|时期|以来)"
)


#: A copy's links to other texts (上一篇:2018年工作总结, 相关推荐: …): their years are not its.
_NAV_LINE = re.compile(
    r"^[^\n]{0,20}(?:上一篇|下一篇|相关推荐|相关阅读|相关文章|推荐阅读|热门文章|猜你喜欢|延伸阅读)"
    r"[^\n]*$",
    re.M,
)
#: A year a result is told of: named (2019年), or a date's (2020年3月), not a deadline's
#: (到2020年; 截至2018年底 is a result's) nor a span's start (2011年以来).
_TOLD_YEAR = re.compile(
    r"(?<![与比较于])(?<!(?<!截止|截至|增加|增长|提高|下降|减少|上升|扩大)到)(?<![^截]至)"
    r"((?:19|20)\d\d)[ \t]?年(?!以来|至今|相比|比较|[ \t]?[是将]|底前|前)"
)
#: What makes a clause a target's, besides a plan's cues and a heading of the plans.
_TARGET_CLAUSE = re.compile(r"将|目标|为[^，,。]{0,4}实现")


def _result_years(text: str) -> list[int]:
    """The years named in clauses that tell a result: not a target's (到2020年, 计划, 力争,
    将 …), nor a deadline's (2020年底前), nor the plans' heading's (2021年工作打算), nor
    a year described (2013年是…的第一年)."""
    years = []
    for m in _TOLD_YEAR.finditer(text):
        if _HISTORY.match(text, m.start()):
            continue  # 1997年开始种植烟叶: the place's history, not a result told
        low = max(0, m.start() - 30)
        left = max(text.rfind(c, low, m.start()) for c in "，,。；;：:\n")
        if left < 0:  # no punctuation in the 30 characters before: the window's start
            left = low - 1
        high = min(len(text), m.end() + 30)
        rights = [i for i in (text.find(c, m.end(), high) for c in "，,。；;：:\n") if i >= 0]
        right = min(rights) if rights else high
        clause = text[left + 1 : right]
        if left >= 0 and text[left] in ":：":
            # 将围绕三大目标:1、2014年实现现代化: a list a colon announces goes with it
            clause = text[max(0, left - 30) : left] + clause
        if right < len(text) and text[right] in ",，" and len(clause.strip(_SPACE)) <= 12:
            # 2020年,我们将…: a year that is its own clause goes with the next one
            nxt = [i for i in (text.find(c, right + 1, right + 40) for c in "，,。；;：:\n")]
            clause += text[right : min([i for i in nxt if i >= 0], default=right + 40)]
        if _PLAN_CUES.search(clause) or _PLAN_WORDS.search(clause):
            continue
        if _TARGET_CLAUSE.search(clause) or "预计" in text[max(0, m.start() - 3) : m.start()]:
            continue  # 预计2012年建成: a forecast (预计实现…亿元 is an estimated result)
        years.append(int(m.group(1)))
    return years


_ZH_COUNT = {
    "两": 2,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
    "十": 10,
}
#: A five-year plan's period (十三五期间, “十五”, 九五时期): not its plan or targets
#: (“十五”计划目标), nor a period compared with (比“九五”).
_PLAN_PERIOD = (
    r"(?<![比较与同由])(?:(?P<q>[“\"])(?P<plan>(?:十[一二三四]?|九)五)[”\"](?!计划|规划|目标)"
    r"(?:期间|以来|时期|末)?"
    r"|(?P<plan2>十[一二三四]?五|九五)(?:期间|以来|时期|末|规划))"
)
#: Words for the last N years (五年来, 近三年, 这十年, 过去的五年).
_N_YEARS = (
    r"(?:(?:近|这|过去的?)(?P<n>[两二三四五六七八九十]|\d{1,2})年(?:来|以来|间|中)?"
    r"|(?P<n2>[两二三四五六七八九十]|\d)年(?:来|以来|间))"
)
_SPAN_CUES = re.compile(
    r"(?P<range>(?P<y1>(?:19|20)\d\d)年?\s*[-—–~至到]\s*(?P<y2>(?:19|20)?\d\d)年)"
    rf"|(?P<period>{_PLAN_PERIOD})"
    r"|(?P<since>(?P<y0>(?:19|20)\d\d)年(?:以来|至今|来))"
    r"|(?P<lastyear>(?:去年|上年)以来)"
    r"|(?P<ahead>(?:今后|未来)(?P<n3>[两二三四五六七八九十]|\d{1,2})年)"
    rf"|(?P<nyears>{_N_YEARS})"
    r"|(?P<list>(?:19|20)\d\d年?(?:[、和及与](?:19|20)\d\d年?){0,6}[、和及与](?:19|20)\d\d年)"
)
#: The spans a text may review (五年来, 这十年, 十三五期间), found over the whole text.
_REVIEW_CUES = re.compile(rf"(?P<period>{_PLAN_PERIOD})|(?P<nyears>{_N_YEARS})")
_FIVE_YEAR_PLANS = {
    "九五": (1996, 2000),
    "十五": (2001, 2005),
    "十一五": (2006, 2010),
    "十二五": (2011, 2015),
    "十三五": (2016, 2020),
    "十四五": (2021, 2025),
}
#: What leads from a start to where things are now (由…增长到, 从…下降至).
_TO_NOW = re.compile(r"[到至]|增长为|下降为|提高为")
_DEADLINE = re.compile(
    r"(?:到|至|于|在)((?:19|20)\d\d)年(?:底|末|前|年底)?|((?:19|20)\d\d)年(?:底前|前)"
)


def _clause_years(
    clause: str, at: int, results_year: int, this_year: int = 0
) -> tuple[int | None, int | None, bool]:
    """The year (or span) the clause names for a figure at ``at`` in it: (year, year_end,
    deadline). The nearest before the figure; else the first after it."""
    best: tuple[int, int | None, bool, int] | None = None
    after: tuple[int, int | None, bool, int] | None = None
    covered: list[tuple[int, int]] = []
    for m in _SPAN_CUES.finditer(clause):
        covered.append((m.start(), max(m.end(), m.start() + 12)))
        if m.group("range"):
            y1, y2s = int(m.group("y1")), m.group("y2")
            y2 = int(y2s) if len(y2s) == 4 else y1 // 100 * 100 + int(y2s)
            span: tuple[int, int | None, bool, int] = (
                y1,
                y2 if y2 > y1 else None,
                False,
                m.start(),
            )
        elif m.group("period"):
            plan = m.group("plan") or m.group("plan2")
            low, high = _FIVE_YEAR_PLANS[plan]
            if m.group().endswith("以来") and results_year > low:
                high = results_year  # “十一五”以来: from the plan's first year to the results'
            span = (low, high, False, m.start())
        elif m.group("ahead"):  # 今后五年: the plans' years, from the year after the results
            n_ahead = m.group("n3")
            n = int(n_ahead) if n_ahead.isdigit() else _ZH_COUNT.get(n_ahead, 0)
            if n < 2:
                continue
            span = (results_year + 1, results_year + n, False, m.start())
        elif m.group("lastyear"):  # 去年以来: from the year before the text was written
            since = (this_year or results_year) - 1
            span = (since, results_year if results_year > since else None, False, m.start())
        elif m.group("list"):  # 2017年、2018年两次: the years of a list, as their span
            listed = [int(y) for y in re.findall(r"\d{4}", m.group("list"))]
            low, high = min(listed), max(listed)
            span = (low, high if high > low else None, False, m.start())
        elif m.group("since"):
            y0 = int(m.group("y0"))
            span = (y0, results_year if results_year > y0 else None, False, m.start())
        else:
            n_text = m.group("n") or m.group("n2")
            n = int(n_text) if n_text.isdigit() else _ZH_COUNT.get(n_text, 0)
            if n < 2:
                continue
            span = (results_year - n + 1, results_year, False, m.start())
        if m.start() < at:
            best = span
        elif after is None:
            after = span
    for m in _CLAUSE_YEAR.finditer(clause):
        if any(low <= m.start() < high for low, high in covered):
            continue  # part of a span found above
        if clause[m.start() - 1 : m.start()] in ("由", "从") and _TO_NOW.search(
            clause, m.end(), max(m.end(), at)
        ):
            continue  # 由2014年的19.2%下降到0.6%: the year of the start only, not of the end
        deadline = bool(_DEADLINE.match(clause, max(0, m.start() - 1))) or clause.startswith(
            "底前", m.end()
        )
        if re.search(
            r"(?:截止|截至|预计)到?\Z|(?:增加|增长|提高|下降|减少|上升|扩大)到\Z",
            clause[max(0, m.start() - 4) : m.start()],
        ):  # 截止到2012年11月底: a result's date; 预计到2020年底: an estimate;
            deadline = False  # 增加到2008年的2960元: where a growth reached
        found = (int(m.group(1)), None, deadline, m.start())
        if m.start() < at:
            if best is None or best[3] < m.start():
                best = found
        elif after is None or after[3] > m.start():
            after = found
    pick = best or after
    if pick is None:
        return None, None, False
    return pick[0], pick[1], pick[2]


def _ends_clause(text: str, at: int) -> bool:
    """Punctuation that ends a clause; an ASCII full stop too where no digit follows it
    (贫困发生率21.8%.二、 …: a copy's full stop, not a decimal point)."""
    char = text[at]
    if char in _CLAUSE_END:
        return True
    return char == "." and not text[at + 1 : at + 2].isdigit()


def _clause(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause around [start, end): between punctuation, trimmed of spaces and markers,
    at most 30 characters before the number and 20 after, cut where a word begins.

    The walk is bounded, so a run-on clause costs no more than a short one."""
    limit = max(0, start - 31)
    left = start
    while left > limit and not _ends_clause(text, left - 1):
        left -= 1
    cut_left = left == limit and left > 0 and not _ends_clause(text, left - 1)
    right = end
    stop = min(len(text), end + 21)
    while right < stop and not _ends_clause(text, right):
        right += 1
    cut_right = right == stop and right < len(text) and not _ends_clause(text, right)
    while left < start and text[left] in _SPACE:
        left += 1
    while right > end and text[right - 1] in _SPACE:
        right -= 1
    marker = _MARKER.match(text, left, start)
    if marker and marker.end() <= start:
        left = marker.end()
    if cut_left:
        left = start - 30
        # never begin inside a number (016年…) nor in the middle of a phrase when a
        # boundary (、 的 和 及 space) is near
        head = _NUMBER_HEAD.match(text, left, start)
        if head and text[left - 1 : left].isdigit():
            left = head.end()
        edge = _WORD_EDGE.match(text, left, start)
        if edge and edge.end() < start:
            left = edge.end()
    if cut_right:
        right = end + 20
        while right > end and (text[right - 1].isdigit() or text[right - 1] in ".．"):
            right -= 1
    return left, right


_CLAUSE_YEAR = re.compile(
    r"(?<![与比较])((?:19|20)\d\d)[ \t]?年(?!\d{1,2}[-—–~至到]|相比|比较|(?:的|度)?基础上|同期)"
)
_NUMBER_HEAD = re.compile(r"[\d.．,，%％年月日号万亿元个人户]*")
_WORD_EDGE = re.compile(r"[^、的和及与 \u3000]{0,8}[、的和及与 \u3000]")
_LIST_NUMBER = re.compile(
    r"[\d一二两三四五六七八九十百千万亿.]+[^\d\s、，,]{0,8}?[、，,和及]"
    r"|[\d.]+[万亿]?[余多]?[个户人名家所座项条处亩元吨]{1,2}[(（]"  # 41个(其中贫困村28个
)
_LEADING_DIGITS = re.compile(
    r"^(?:(?:19|20)\d\d(?:[-—–~至到](?:19|20)?\d\d)?年(?:度|底|末|以来)?"
    r"|[\d.．%％]+(?:[万亿]?[余多]?[户人个名家]|月(?:底|初|末|中旬|上旬|下旬|份)?|日|号)?)?[,，、]?"
    r"(?:“?(?:十[一二三四]?|九)五”?(?:期间|以来|时期)|[一二三四五六七八九十两]年(?:来|以来)|今年以来|全年"
    r"|(?:近|这|过去的?)(?:[两二三四五六七八九十]|\d{1,2})年(?:来|以来|间|中)?|(?:去年|上年)以来)?[,，]?"
)
_REACH = re.compile(r"^(?:达到|达|为|增至|提高到|增加到|降至|下降到|突破)$")
_GROWTH_END = re.compile(
    r"(?:同比|同期|比上年|较上年)?(?:增长|增加|提高|下降|减少|降低|上升|增收)$"
)
_WORDS_BEFORE = re.compile(r"[\u4e00-\u9fff]{1,12}(?=[^\u4e00-\u9fff\n]*\Z)")
_REACH_AT = re.compile(r"达到|达|突破|超过")
_NUMBER_AHEAD = re.compile(r"^[\d.]+[万亿]?[余多]?[户人个名家镇乡组]")
_TRAILING_NUMBER = re.compile(r"[\d.]+[万亿]?[余多]?[户人个名家镇乡组次]$")
_SUBJECT_EDGE = re.compile(r"[^、的和及与]{0,8}[、的和及与]")
_GROWTH = re.compile(
    r"^(?:其中)?(?:同比|比上年|较上年|比去年|较去年|年均|增速|增幅)?(?:分别)?"
    r"(?:增长|下降|提高|增加|减少|降低|上升|增速|增幅|提升)(?:了|为|达)?$"
)
_SUBJECT_HEAD = re.compile(
    r"^(?:其中|全年|共|累计|去年|今年|上年|本年|当年|我们(?=[\u4e00-\u9fff]{2})|[，,、—–~\-]"
    r"|(?:19|20)?[\d_＿xX*＊]{2,4}年|"
    r"(?:\d{1,2}月?[—–\-~～至到])?\d{1,2}月(?:份|底|初|末|中旬|上旬|下旬)?(?:以来)?|"
    r"(?:我们|我镇|我乡|全镇|全乡)?(?:将|要|力争|计划|争取|确保|预计)+)+"
)
_SUBJECT_TAIL = re.compile(
    r"(?:预计|共计|总计|合计|共|计|为|到|了|有|就|达到|达|是|超过|突破|超|逾|约|近|不足)+$"
)
_TAIL_WORDS = re.compile(
    r"[\u4e00-\u9fff“”]{0,10}(?:[(（][\u4e00-\u9fff]{1,4}[)）][\u4e00-\u9fff]{0,6})?"
)


#: From a start to an end (由2005年的1860元增加到2008年的): not what is counted.
_FROM_TO = re.compile(r"(?:由|从)(?=$|[^，,；;。]*[\d年])[^，,；;。]*$")


def _noun_subject(subject: str, word: str) -> str:
    """带动1.5万贫困户增收 → 带动贫困户增收: a unit that is a noun belongs to the subject."""
    if word not in _NOUN_UNITS or word in subject:
        return subject
    word = word.lstrip("个")  # 1240个贫困人口: 贫困人口
    return subject.replace("…", word, 1) if "…" in subject else subject + word


def _subject(
    text: str, qs: int, qe: int, start: int, end: int, unit: str, previous: str | None
) -> str:
    """What is counted, from the clause: the words before the number (and those after a
    count: 216个村(居)民小组), never beginning or ending inside a number; a growth rate
    gets the subject of the figure it follows (固定资产投资 同比增长)."""
    before = text[qs:start].strip(_SPACE + '“”"')
    # 增加18%,达到9170元: a clause that is only "reaches N" is of the figure before it
    reaches = _REACH.match(before) is not None or (
        not before and _REACH_AT.match(text, start) is not None
    )
    # 发放帮扶资金31户63人,总计1.26万元: an amount in all, of the figure before it
    reaches = reaches or (before in ("总计", "合计", "共计") and unit in ("yuan", "percent"))
    # after the last number of the clause before this one: its words only
    ends = [found.end() for found in _LIST_NUMBER.finditer(before)]
    if ends:
        before = before[ends[-1] :]
    before = _SUBJECT_HEAD.sub("", before)
    # 10%左右,预计达11922.35万元: only a hedge word left is a level of the figure before
    reaches = reaches or (not before and _REACH_AT.match(text, start) is not None)
    before = _SUBJECT_TAIL.sub("", before)
    before = _LEADING_DIGITS.sub("", before.lstrip('“”"'))
    before = _TRAILING_NUMBER.sub("", before)  # 已脱贫120户560人: 已脱贫 for both
    # 农民人均纯收入由2005年的1860元增加到2008年的2960元: what grew, for both ends
    stripped = _FROM_TO.sub("", before)
    if before and not stripped:  # 由2020年的14646元提高到…: of the figure before it
        reaches = True
    before = stripped
    after = text[end:qe].strip(_SPACE)
    if not before:  # 14008户56962人如期脱贫: the words after the figure that follows
        after = _NUMBER_AHEAD.sub("", after, count=1)
    words = _TAIL_WORDS.match(after)
    tail = words.group(0) if words else ""
    if tail and tail[-1] in "(（":
        tail = tail[:-1]
    if previous and ((not before and (unit == "percent" or reaches)) or _GROWTH.match(before)):
        if reaches:  # the level the growth reached: 农民人均纯收入, not …增加
            previous = _SUBJECT_TAIL.sub("", _GROWTH_END.sub("", previous)) or previous
        before = f"{previous}{before}"  # 增加18%,达到9170元: of the figure it follows
    if unit in ("count", "people", "households") and tail:
        subject = f"{before}…{tail}" if before else tail
    else:
        subject = before or tail
    if len(subject) > 24:
        cut = len(subject) - 24
        edge = _SUBJECT_EDGE.match(subject, cut)
        subject = subject[edge.end() :] if edge and edge.end() < len(subject) else subject[cut:]
    subject = subject.strip(_SPACE + "、，,")
    if subject:
        return subject
    # no words in the clause (浏览:215次): the words just before it; a draft writes
    # no placeholder, and never a subject that begins with a number
    near = _WORDS_BEFORE.search(text, max(0, qs - 16), qs)
    return near.group() if near else text[start:end].lstrip("0123456789.．%％ ") or "?"


#: Plain cues of a concept of the shared vocabulary (the bundled interview's stated
#: figures): a cue in the clause before the number, and the unit the concept has.
CONCEPTS: tuple[tuple[str, str, str], ...] = (
    (r"农村人口|农业人口", "people", "profile.population_rural"),
    (r"城市人口|城镇人口|非农业人口", "people", "profile.population_urban"),
    (r"总人口", "people", "profile.population_total"),
    (r"党员(?!干部|群众|志愿)", "people", "profile.party_members"),
    (r"耕地(?:面积)?", "mu", "profile.arable_land"),
    (r"工业总产值", "yuan", "economy.industrial_output"),
    (r"税收", "yuan", "economy.tax_revenue"),
    (r"地方财政收入", "yuan", "economy.local_fiscal_revenue"),
    (r"建档立卡(?:贫困户|贫困人口)?", "households", "poverty.households_enrolled"),
    (r"建档立卡(?:贫困户|贫困人口)?", "people", "poverty.people_enrolled"),
    (r"(?<!未)脱贫|摘帽|脱离贫困", "households", "poverty.households_lifted"),
    (r"(?<!未)脱贫|脱离贫困|减贫", "people", "poverty.people_lifted"),
    (r"农村低保", "households", "social_assistance.rural_dibao_households"),
    (r"农村低保", "people", "social_assistance.rural_dibao_people"),
    (r"城市低保|城镇低保", "households", "social_assistance.urban_dibao_households"),
    (r"城市低保|城镇低保", "people", "social_assistance.urban_dibao_people"),
)
_CONCEPTS: dict[str, list[tuple[re.Pattern[str], str]]] = {}
for _cue, _unit, _cid in CONCEPTS:
    _CONCEPTS.setdefault(_unit, []).append((re.compile(_cue), _cid))


def _concept(before: str, unit: str, word: str) -> str | None:
    """A concept id where the words before the number say so plainly, else None."""
    near = before[-12:]
    for cue, cid in _CONCEPTS.get(unit, ()):
        if cue.search(near):
            return cid
    return None


@dataclass
class _Scan:
    """The state of one pass over the lines: year mode and current sections."""

    results_year: int
    plan_year: int
    source_id: str
    plans: bool = False
    section_year: int | None = None  #: a heading's own year (2016年脱贫计划:)
    this_year: int = 0  #: the year the text was written in (今年), where its date says
    review: tuple[int, int] | None = None  #: the span the text reviews (这十年, 五年来), if any
    told: bool = False  #: the years were given (--year): headings' own years are not used
    line_head: str = ""  #: the first characters of the paragraph being read
    top: Heading | None = None
    sub: Heading | None = None
    counters: dict[int, int] = field(default_factory=dict)

    @property
    def year(self) -> int:
        if self.section_year is not None:
            return self.section_year
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

    The results and plan years are ``guess_years``' unless given (``plan_year``
    defaults to the year after the results); the plans begin at a heading
    (numbered or not) or a host's question that speaks of 打算 / 计划 / 目标 /
    下一步 …, or a heading naming the plan year. Each figure's year is the one
    its clause names (a span where it names one), else its section's.
    Linear in the text: every walk is bounded, and a text with more than
    ``MAX_FIGURES`` figures or ``MAX_SECTIONS`` sections is refused.
    """
    text = _BREAKS.sub("\n", text)
    original, text = text, _zh_years(_unwrap(text.translate(_TRADITIONAL)))
    title = find_title(original)
    told = results_year is not None or plan_year is not None
    guessed = _guess_years(text, title)
    if results_year is None:
        results_year = guessed[0] if plan_year is None else plan_year - 1
        if plan_year is None:
            plan_year = guessed[1]
    if plan_year is None:
        plan_year = results_year + 1
    out = Analysis(text, results_year, plan_year, title=title)
    scan = _Scan(results_year, plan_year, source_id, told=told)
    published = _published(text)
    written = published[0] if published else 0
    if written > results_year + 1:
        written = 0  # a copy's date, years after: not when the text was written
    scan.this_year = written if written > results_year else results_year
    named_in_title = _title_years(title)
    if named_in_title and named_in_title[0] == results_year + 1 and not written:
        scan.this_year = named_in_title[0]  # 2021年政府工作报告 (of 2020): given in 2021
    if _MID_YEAR.search(title):  # a mid-year report's 今年 is the year it reports on
        scan.this_year = results_year
    scan.review = _review_span(text, results_year)
    starts: list[int] = []
    blocked = _names(text, out, starts)
    for bad in _INVISIBLE_RE.finditer(text):
        shown = " ".join(f"U+{ord(c):04X}" for c in bad.group()[:8])
        out.skipped.append(
            Skipped(bad.start(), shown, "a control or bidi character, left out of quotes", 0)
        )
    pos = 0
    for number, raw_line in enumerate(text.split("\n"), start=1):
        line_start = pos
        pos += len(raw_line) + 1
        line = raw_line.lstrip(_SPACE + _INVISIBLE)
        if not line:
            continue
        offset = line_start + len(raw_line) - len(line)
        _sections(scan, out, line, offset)
        _numbers(scan, out, text, offset, offset + len(line), number, blocked)
    out.candidates = _respective_subjects(out.candidates, text)
    if len(out.sections) > MAX_SECTIONS:
        raise SourceTextError(
            f"the text has over {MAX_SECTIONS} headings; a draft is for one report: split it"
        )
    lines = _line_starts(original)
    out.skipped = [
        s if s.line else Skipped(s.start, s.text, s.reason, bisect.bisect_right(lines, s.start))
        for s in out.skipped
    ]
    if original != text:  # a hard-wrapped or traditional copy: quotes as the original has them
        out.text = original
        forms = _written_forms(original)
        out.candidates = [
            _replace(
                c,
                **_line_quote(original, c.quote_start, c.quote_start + len(c.quote), c),
                line=bisect.bisect_right(lines, c.start),
                number=_number_as_written(c, text, original),
                subject_zh=_JOINED.sub("", _as_written(c.subject_zh, forms)),
            )
            for c in out.candidates
        ]
        out.skipped = [
            Skipped(s.start, s.text, s.reason, bisect.bisect_right(lines, s.start))
            for s in out.skipped
        ]
        out.sections = [_quoted_as_written(sec, text, original) for sec in out.sections]
    return out


#: Traditional characters of the words draft reads (units, numerals, hedges, cues) and
#: their simplified forms, one for one (and full-width digits, ２０１９年, as ASCII): a
#: traditional copy (萬元, 戶, 畝, 計劃) is read as
#: the simplified text, and quoted as it is.
_TRADITIONAL = str.maketrans(
    "萬億兩個戶畝噸項處條輛張間塊臺場棟盞頭隻餘約達幾為來過內後將計劃預爭確擬標點謀總結顧績況開實現貧脫農稅財產資額銷務鎮鄉縣區屆會議歲與對於並從"
    "發還這裡裏車劑級組機構營業邊種設築舉屬黨員選辦報導備濟錢貸補貼撥獎贈費籌兌數線歷創傳統廣東廠樓層單雙幹態園圍莊醫療衛險養殘學師風華壩溝橋燈電"
    "網館藝體遊樂擔積勞動轉遷倉麥穀豬雞鴨魚馬樹蘋葉藥筍棗較漲減長書記訪談問題彙匯規畫準門戰鬥擊們該災環護綠試驗慶節"
    "當頁範瀏覽閱讀載佈時關閉編輯審權錄註職講話幣圓檔頻圖複製聯繫鏈頃輪眾薦責號礎參據"
    "０１２３４５６７８９．",
    "万亿两个户亩吨项处条辆张间块台场栋盏头只余约达几为来过内后将计划预争确拟标点谋总结顾绩况开实现贫脱农税财产资额销务镇乡县区届会议岁与对于并从"
    "发还这里里车剂级组机构营业边种设筑举属党员选办报导备济钱贷补贴拨奖赠费筹兑数线历创传统广东厂楼层单双干态园围庄医疗卫险养残学师风华坝沟桥灯电"
    "网馆艺体游乐担积劳动转迁仓麦谷猪鸡鸭鱼马树苹叶药笋枣较涨减长书记访谈问题汇汇规画准门战斗击们该灾环护绿试验庆节"
    "当页范浏览阅读载布时关闭编辑审权录注职讲话币圆档频图复制联系链顷轮众荐责号础参据"
    "0123456789.",
)
_TRADITIONAL_RE = re.compile("[" + "".join(chr(c) for c in _TRADITIONAL) + "]")
#: How a line ends a sentence or a heading (not cut by a copy's width).
_LINE_DONE = frozenset("。；;！!？?：:」』”)）】]")
#: How a line begins a heading or an item, never the rest of a sentence.
_LINE_OPENS = re.compile(
    r"[\s\u3000]*(?:[一二三四五六七八九十]+[、是]|[(（【\[]|\d+[、.．)）]|第|——)"
)


#: A line break made a space between two Chinese characters (耕地面⏎积): no space at all.
_JOINED = re.compile(r"(?<=[\u4e00-\u9fff]) (?=[\u4e00-\u9fff])")


def _cells(line: str) -> int:
    """The width a line takes on a page: two cells a Chinese character, one an ASCII one."""
    return len(line) + sum(1 for char in line if char >= "\u2e80")


def _unwrap(text: str) -> str:
    """A hard-wrapped copy (a PDF's lines cut at one width, 实现工业总产值 23⏎亿元) read as
    its sentences: each line break inside a sentence becomes a space. The length, and so
    every position and every quote taken from the original, stays as it was. Only a text
    whose long lines mostly end unpunctuated at one width is read so."""
    lines = text.split("\n")
    cells = [_cells(line.strip(_SPACE)) for line in lines]
    lengths = sorted(c for c in cells if c)
    if len(lengths) < 6:
        return text
    width = lengths[len(lengths) * 9 // 10]
    cut = [
        i
        for i, line in enumerate(lines[:-1])
        if cells[i] >= max(32, width * 0.85) and line.rstrip(_SPACE)[-1:] not in _LINE_DONE
    ]
    if len(cut) < 4 or len(cut) * 10 < len(lengths) * 3:
        return text
    out = list(text)
    ends = []
    pos = 0
    for line in lines:
        pos += len(line)
        ends.append(pos)
        pos += 1
    for i in cut:
        following = lines[i + 1]
        if following.strip(_SPACE) and not _LINE_OPENS.match(following):
            out[ends[i]] = " "
    return "".join(out)


def _written_forms(original: str) -> dict[str, str]:
    """Each simplified character of the table that the original writes traditional (万 → 萬),
    found in one pass (a regular expression's, not a Python loop over the text)."""
    found = set(_TRADITIONAL_RE.findall(original))
    forms = {chr(_TRADITIONAL[ord(char)]): char for char in found}
    if not forms:
        return forms
    # a character the original writes both ways (1 and １, 万 and 萬) is left as read
    both = set(re.findall("[" + re.escape("".join(forms)) + "]", original))
    return {simple: written for simple, written in forms.items() if simple not in both}


def _number_as_written(cand: Candidate, read: str, original: str) -> str:
    """The numeral as the original has it at the figure's place (one character for one:
    萬 where it writes 萬, 万 where it writes 万): each character of the number as read,
    found in order in the figure's span."""
    out = []
    at = cand.start
    for char in cand.number:
        found = read.find(char, at, cand.end)
        if found < 0:
            return cand.number
        out.append(char if original[found] == "\n" else original[found])  # 23⏎亿: "23 亿"
        at = found + 1
    return "".join(out)


def _as_written(words: str, written: dict[str, str]) -> str:
    """Words taken from the text as read (萬 read as 万) written as the original has them."""
    return "".join(written.get(char, char) for char in words) if written else words


def _line_quote(original: str, qs: int, qe: int, cand: Candidate) -> dict[str, Any]:
    """A quote as the original has it: of a hard-wrapped copy, the part of the clause on
    the figure's own line where the figure is on one line (a quote breaks a line only
    where the figure does: 23⏎亿元)."""
    if "\n" in original[cand.start : cand.end]:
        return {"quote": original[qs:qe], "quote_start": qs}
    before = original.rfind("\n", qs, cand.start)
    after = original.find("\n", cand.end, qe)
    low = before + 1 if before >= 0 else qs
    high = after if after >= 0 else qe
    while low < cand.start and original[low] in _SPACE:
        low += 1
    while high > cand.end and original[high - 1] in _SPACE:
        high -= 1
    words = original[low : cand.start] + original[cand.end : high]
    if not re.search(r"[\u4e00-\u9fff]", words):  # 达⏎7352 万元: the words are on the line before
        return {"quote": original[qs:qe], "quote_start": qs}
    return {"quote": original[low:high], "quote_start": low}


def _quoted_as_written(sec: Heading, read: str, original: str) -> Heading:
    """A section's quote as the original text has it (the same length, where it was read)."""
    import dataclasses

    at = read.find(sec.quote, sec.start)
    if at < 0 or not sec.quote:
        return sec
    return dataclasses.replace(sec, quote=original[at : at + len(sec.quote)])


#: What joins the items of a list (投资总额、GDP和财政收入) and its figures (105亿元、185.7亿元).
_LIST_JOIN = re.compile(r"[、和及与]|以及")
_RESPECTIVE_VERB = re.compile(
    r"^(?:同比|比上年|较上年|年均)?(?:增长|增加|提高|下降|减少|降低|上升)"
)


#: An item of a list that is a year (2017、2018年; 2017年和2018年全镇): its year, its words.
_LISTED_YEAR = re.compile(r"((?:19|20)\d\d)年?")


def _respective_subjects(cands: list[Candidate], text: str) -> list[Candidate]:
    """投资总额、GDP和财政收入分别达到105亿元、185.7亿元和18.9亿元: each figure of a list
    after 分别 gets its own item of the list before it as the subject (with the verb
    where it is a growth: 生产总值同比增长), where the two lists are as long."""
    out = list(cands)
    i = 0
    while i < len(out):
        first = out[i]
        said = text.rfind("分别", max(0, first.start - 12), first.start)
        if said < 0 or any(_ends_clause(text, k) for k in range(said, first.start)):
            i += 1
            continue
        run = [i]
        while run[-1] + 1 < len(out):
            prev, nxt = out[run[-1]], out[run[-1] + 1]
            if _LIST_JOIN.fullmatch(text[prev.end : nxt.start].strip(_SPACE)) is None:
                break
            run.append(run[-1] + 1)
        left = said
        while left > max(0, said - 60) and not _ends_clause(text, left - 1):
            left -= 1
        items = [part.strip(_SPACE) for part in _LIST_JOIN.split(text[left:said])]
        years = [_LISTED_YEAR.match(item) for item in items]
        if len(run) > 1 and len(items) == len(run) and all(years):
            # 2017、2018年分别脱贫120户、210户: each figure of its own year
            shared = out[run[0]].subject_zh.replace("分别", "")  # 分别脱贫: 脱贫, for each
            for j, year in zip(run, years, strict=True):
                assert year is not None
                out[j] = _replace(out[j], year=int(year.group(1)), year_end=None, subject_zh=shared)
        elif len(run) > 1 and len(items) == len(run) and all(items):
            # 城、乡居民人均可支配收入: the short items share the last one's noun
            short = {len(item) for item in items[:-1]}
            if len(short) == 1 and (n := short.pop()) <= 2 and len(items[-1]) > n + 1:
                items = [item + items[-1][n:] for item in items[:-1]] + [items[-1]]
            verb = _RESPECTIVE_VERB.match(text[said + 2 : first.start].strip(_SPACE))
            for j, item in zip(run, items, strict=True):
                subject = _SUBJECT_HEAD.sub("", item) or item
                out[j] = _replace(out[j], subject_zh=subject + (verb.group() if verb else ""))
        i = run[-1] + 1
    return out


def _line_starts(text: str) -> list[int]:
    return [0] + [m.end() for m in re.finditer("\n", text)]


def _names(text: str, out: Analysis, starts: list[int]) -> bytearray:
    """Where names with numerals in them are (NAMES, 五个一批, short terms in “…”): a mask
    of the text's positions, so a number is checked in constant time."""
    spans = []
    for name in NAMES:
        for found in re.finditer(re.escape(name), text):
            spans.append((found.start(), found.end()))
    for found in _POLICY_NAME.finditer(text):
        spans.append((found.start(), found.end()))
    for found in _PLACE_NAME.finditer(text):
        spans.append((found.start(), found.end()))
    for found in re.finditer(r"[“\"]([^”\"\n]{1,40})[”\"]", text):
        inner = found.group(1)
        # a short term, or a slogan of short parts (一个围绕、二个注重、五个提升)
        parts = re.split(r"[、,，]", inner)
        slogan = len(parts) > 1 and all(0 < len(part) <= 6 for part in parts)
        if (len(inner) <= 10 or slogan) and re.search(r"[一二两三四五六七八九十百千万亿\d]", inner):
            spans.append((found.start(1), found.end(1)))
    spans.sort()
    mask = bytearray(len(text) + 1)
    covered_to = 0
    for start, end in spans:
        if start >= covered_to:
            out.skipped.append(Skipped(start, text[start:end], "a name", 0))
        if end > covered_to:
            mask[max(start, covered_to) : end] = b"\x01" * (end - max(start, covered_to))
            covered_to = end
    return mask


def _new_section(
    scan: _Scan, out: Analysis, number_zh: str, title: str, quote: str, start: int, level: int
) -> Heading:
    key = scan.year if level == 1 else id(scan.top)
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
    if len(out.sections) <= MAX_SECTIONS:
        out.sections.append(heading)
    return heading


def _start_part(scan: _Scan, out: Analysis, text: str, start: int) -> None:
    """An untitled section where results (or plans) begin, quoting its first clause."""
    qs, qe = _clause(text, start, start)
    while qe < len(text) and text[qe] not in _CLAUSE_END and qe - qs < 40:
        qe += 1
    quote = text[qs:qe].strip(_SPACE) or text[start : start + 1]
    scan.top = _new_section(scan, out, "", quote, quote, start, 1)
    scan.sub = None


_TITLE_END = re.compile(r"[。；;:：!！?？]")
#: A line that is a heading without a number: short, no sentence in it, often a colon.
_BARE_HEADING = re.compile(r"^[^。；;，,!！?？]{2,24}[:：]?$")
#: A paragraph opening the plans: 下一步, 明年, 2021年 …, then 将 / 计划 / 要 / 力争.
_PLAN_OPENING = re.compile(
    r"^(?:展望未来|展望(?P<year2>(?:19|20)\d\d)年?"
    r"|(?:下一步|今后|明年|新的一年|下半年|(?P<year>(?:19|20)\d\d)年)"
    r"[^。]{0,12}?(?:我们|全\w{1,2}|我\w)?(?:将|计划|要|力争|打算|拟))"
)


def _sections(scan: _Scan, out: Analysis, line: str, offset: int) -> None:
    heading = _HEADING.match(line)
    is_question = line.startswith(("[主持人]", "【主持人】", "问:", "问：", "记者:", "记者："))
    bare = heading is None and not is_question and _BARE_HEADING.match(line) is not None
    head = line[:60]
    if heading is not None:  # a heading's own words, not the text run into it
        head = _TITLE_END.split(head, maxsplit=1)[0]
    plan_words = _PLAN_WORDS.search(head)
    named = _years_in(head[:20])
    opening = _PLAN_OPENING.match(line) if not scan.plans else None
    if opening and opening.group("year") and int(opening.group("year")) != scan.plan_year:
        opening = None
    result_words = _RESULT_WORDS.search(head)
    if (heading or bare) and scan.plans and result_words and not plan_words:
        scan.plans = False  # results again (一、2020年工作总结 after a plan section)
        scan.section_year = (
            named[0] if named and named[0] < scan.plan_year and not scan.told else None
        )
    elif (
        (heading or is_question or bare)
        and (plan_words and not result_words)
        or (heading and str(scan.plan_year) + "年" in line[:20] and not result_words)
        or opening
    ):
        scan.section_year = (
            named[0]
            if named and (heading or bare) and named[0] != scan.plan_year and not scan.told
            else None
        )
        if not scan.plans or scan.section_year is not None:
            scan.plans = True
            if out.plans_start is None:
                out.plans_start = offset
            if heading is None:
                at = offset + (plan_words.start() if plan_words and not opening else 0)
                _start_part(scan, out, out.text, at)
                return
    if scan.top is None and not heading:
        _start_part(scan, out, out.text, offset)
        return
    if not heading:
        return
    marker = heading.group("num")
    rest = line[heading.end() : heading.end() + 200]
    title = re.split(r"[。；;:：!！?？]", rest, maxsplit=1)[0].strip(_SPACE)
    if len(title) > 30:  # a heading run into its text (punctuation missing): its start
        title = title[:30].rstrip(_SPACE + "".join(_CLAUSE_END))
    title = _INVISIBLE_RE.split(title, maxsplit=1)[0]
    quote = (marker + title).strip(_SPACE) if title else marker.strip(_SPACE)
    level = 2 if marker[0] in "(（)）" else 1
    number_zh = marker.rstrip("、,，:： ") if level == 1 else marker
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
    blocked: bytearray,
) -> None:
    item = ""
    scan.line_head = text[start : min(end, start + 16)]
    previous: Candidate | None = None  # the last figure of the sentence
    consumed = start  # the end of a range read whole (850米至1300米)
    for found in _TOKEN.finditer(text, start, end):
        at = found.start()
        kind = found.lastgroup
        if blocked[at] or at < consumed:
            continue
        if kind in ("date", "year", "phone", "masked"):
            reason = {
                "date": "a date",
                "year": "a year",
                "phone": "a phone number",
                "masked": "a year left blank (20__年)",
            }[kind]
            if kind == "year" and found.group()[4:5] not in ("年", " ", "\t"):
                reason = "a span of years"
            out.skipped.append(Skipped(at, found.group(), reason, line))
            continue
        tail = _TAIL.match(text, found.end()) if kind != "pct" else None
        if (
            tail is not None
            and tail.group("unit") in ("村民", "居民", "农民")
            and _GROUP_NOUN.match(text, tail.end())
        ):
            tail = None  # 12村民小组, 5居民委员会: a group of them, not people
        if tail is not None and tail.group("space") and kind != "ar":
            tail = None  # a space before the unit: only after Arabic digits (1853 人)
        if (
            tail is not None
            and tail.group("unit") in _DIGIT_COUNTERS
            and (kind != "ar" or not _TOWNS_AFTER.match(text, tail.end()))
        ):
            tail = None  # 三乡工程, 2020乡村振兴: names and words (5镇10乡 is a count)
        if (
            tail is not None
            and tail.group("unit") == "种"
            and (kind != "ar" or _SOW_WORD.match(text, tail.end()))
        ):
            tail = None  # 三种模式 (the text's outline), 10种植户: 种 counts kinds after digits
        if (
            tail is not None
            and tail.group("unit") in "期轮"
            and (kind != "ar" or _PHASE_WORD.match(text, tail.end()))
        ):
            tail = None  # 二期工程: a phase; 培训班5期, 3轮排查 are counts
        if tail is not None and tail.group("unit") == "组" and _GROUP_WORD.match(text, tail.end()):
            tail = None  # 2019组织, 3组建: words, not groups
        if (
            tail is not None
            and tail.group("unit") == "方"
            and found.group("m1") != "万"
            and not (kind == "ar" and text[tail.end() : tail.end() + 1] in _CLAUSE_END | {""})
        ):
            tail = None  # 三方面, 各方: not cubic metres (万方 is, and 4000多方。)
        following = text[found.end() : found.end() + 1]
        if (
            tail is None
            and kind == "zh"
            and following == "村"
            and _NAME_LIST.search(text, max(0, at - 16), at)
        ):
            tail = _VILLAGES.match(text, found.end())  # 侣楼、曹庄两村: the villages named
        if (
            kind in ("zh", "zhmore", "wan")
            and text[at - 1 : at] in ("几", "数")
            and at > 0
            and text[at] in "十百千万亿"
        ):  # 几十万元, 数百户: a vague number, not a figure
            out.skipped.append(Skipped(at - 1, text[at - 1 : found.end()], "a vague number", line))
            continue
        if kind == "zhmore" and tail is None and not _money_context(text, at, found.end()):
            out.skipped.append(Skipped(at, found.group(), "no unit", line))
            continue
        if kind == "zh":
            numeral = found.group("zh")
            if numeral in ("零", "〇"):
                if tail is not None:  # 零事故, 零家庭暴力 (零售, 零星: not numbers at all)
                    out.skipped.append(Skipped(at, numeral, "zero as a word (零事故)", line))
                continue
            if following in "是、" and following:
                out.skipped.append(Skipped(at, numeral + following, "a list marker", line))
                if following == "是":
                    item = numeral + following
                continue
            if text[at - 1 : at] in "(（" and at > 0 and following in ")）":
                out.skipped.append(Skipped(at - 1, f"({numeral})", "a section number", line))
                continue
            if _SESSION.search(text, max(0, at - 8), at) or (
                _SESSION_AFTER.match(text, found.end()) and text[at - 1 : at] != "第"
            ):
                out.skipped.append(Skipped(at, numeral + following, "an ordinal", line))
                continue  # 十一届一次、二次会议: sessions, not counts
            if tail is None or text[at - 1 : at] == "第":
                if tail is None and _money_context(text, at, found.end()):
                    pass  # 突破百亿, 税收三千万: money without 元
                else:
                    continue  # 统一, 逐一, 第一 …: not numbers at all
            elif numeral == "一":
                after = text[tail.end() : tail.end() + 1]
                # 辖17个行政村一个居委会: one more of a count just before it
                listed = (
                    previous is not None
                    and previous.unit == "count"
                    and 0 < at - previous.end <= 8
                    and not any(_ends_clause(text, i) for i in range(previous.end, at))
                    and "的" not in text[previous.end : at]
                )
                # 5个贫困村,其中一个深度贫困: one of a count just before (其中一个原因: an article)
                part = (
                    text[max(0, at - 2) : at] == "其中"
                    and previous is not None
                    and previous.unit == "count"
                    and previous.word == tail.group("unit")
                    and 0 < at - previous.end <= 16
                    and "。" not in text[previous.end : at]
                )
                if not (after == "" or after in _CLAUSE_END or after in "、和及" or listed or part):
                    out.skipped.append(Skipped(at, text[at : tail.end()], "一 + counter", line))
                    continue  # 这样一个平台: an article; 中心小学一所。: a count
        word_before = ""
        if kind == "ar" and tail is None and _PEOPLE_BEFORE.search(text, max(0, at - 8), at):
            share = "占" in text[max(0, at - 12) : at]  # 占全村总人口91: a share, not people
            if text[found.end() : found.end() + 1] in _CLAUSE_END | {"", "、"} and not share:
                word_before = "人口"  # 人口45万, 总人口3568: people, the unit before the number
        if kind == "ar" and tail is None and not word_before and previous is not None:
            word_before = _whole_unit(previous, text, at, found.end())
        shared = False
        if kind == "ar" and tail is None and not word_before and text[at - 1 : at] != "第":
            later = _SHARED_UNIT.match(text, found.end())
            later_tail = _TAIL.match(text, later.end()) if later else None
            if later_tail is not None and later_tail.group("unit") != "方":
                tail, shared = later_tail, True  # 分别增加8和5个百分点: the unit of both
        if kind == "ar" and (tail is None or text[at - 1 : at] == "第") and not word_before:
            if (
                tail is None
                and text[at - 1 : at] != "第"
                and (
                    _money_context(text, at, found.end())
                    or _money_follows(previous, text, at, found.end())
                )
            ):
                pass  # 完成投资1.55亿, 税收360万, 任务174万,完成198万: money without 元
            else:
                reason = "an ordinal" if text[at - 1 : at] == "第" else "no unit"
                if reason == "no unit" and _DURATION_WORDS.match(text, found.end()):
                    reason = "a duration, not a count"
                elif reason == "no unit" and _FOREIGN_MONEY.match(text, found.end()):
                    reason = "a foreign currency, which the format has no unit for"
                out.skipped.append(Skipped(at, text[at : found.end() + 1].strip(), reason, line))
                continue
        if tail is not None:
            after = text[tail.end() : tail.end() + 4]
            unit = tail.group("unit")
            ratio = _RATIO.match(text, tail.end())
            if ratio and not tail.group("h3"):
                shown = text[at : ratio.end()]
                out.skipped.append(Skipped(at, shown, "a ratio (per unit), not an amount", line))
                continue
            chrome = _PAGE_COUNTER.match(text, tail.end())
            if chrome or _DOC_NUMBER.search(text, max(0, at - 6), at):
                shown = text[at : chrome.end() if chrome else tail.end()]
                out.skipped.append(Skipped(at, shown, "the page's own counter or number", line))
                continue
            if unit in ("镇", "乡") and found.group("a1") and len(found.group("a1")) > 4:
                out.skipped.append(Skipped(at, text[at : tail.end()], "not a count", line))
                continue  # 230656405乡镇: a document number run into the text
            if _CRITERION.search(text, max(0, at - 2), at):
                shown = text[at : tail.end()]
                out.skipped.append(Skipped(at, shown, "a criterion (按十米…), not a figure", line))
                continue
            if unit == "米" and _NAMED_BY_WIDTH.match(text, tail.end()):
                shown = text[at : tail.end() + 2]
                out.skipped.append(Skipped(at, shown, "a name (800米大河)", line))
                continue
            if unit in ("位", "名") and _RANK_BEFORE.search(text, max(0, at - 4), at):
                shown = text[at : tail.end()]
                out.skipped.append(Skipped(at, shown, "a rank (排名12位), not people", line))
                continue
            if (
                (unit == "个" and after.startswith("方面"))
                or (unit == "篇" and after[:2] == "文章")
                or (unit == "项" and after[:2] == "内容")
                or (
                    unit == "件"
                    and kind == "zh"
                    and after[:2] in ("事,", "事。", "事:", "事：", "大事")
                )
                or (
                    unit in ("个", "项", "条")
                    and kind == "zh"
                    and _SLOGAN_NOUN.match(text, tail.end())
                )
            ):
                shown = text[at : tail.end() + 2]
                out.skipped.append(Skipped(at, shown, "the text's own outline (六个方面)", line))
                continue
            if unit in ("个", "多个") or (unit == "个" and tail.group("h2")):
                if _DURATION.match(after):
                    out.skipped.append(
                        Skipped(at, text[at : tail.end() + 1], "a duration, not a count", line)
                    )
                    continue
        try:
            # 完成…1.26亿元,占全年任务的52.3%,同比增长6.8%: the growth of the amount, not the share
            of = previous
            if (
                previous is not None
                and previous.unit == "percent"
                and previous.subject_zh.startswith("占")
                and len(out.candidates) > 1
                and "。" not in text[out.candidates[-2].end : at]
            ):
                of = out.candidates[-2]
            growth_of = of.subject_zh if of is not None else None
            cand = _candidate(
                scan, out, text, found, tail, line, item, previous, word_before, growth_of
            )
        except (ValueError, ArithmeticError) as exc:  # AmountError too: not a number
            reason = str(exc) if str(exc).startswith("a value") else "not a number"
            out.skipped.append(Skipped(at, found.group()[:40], reason, line))
            continue
        if _is_threshold(cand, text):
            shown = text[cand.start : cand.end]
            out.skipped.append(
                Skipped(at, shown, "a threshold (过千万元项目8个), not a figure", line)
            )
            continue
        if previous is not None and "。" in text[previous.end : cand.start]:
            previous = None
        if shared:  # the figure ends at its own numeral; the unit is the next one's
            cand = _replace(cand, end=found.end())
        cand = _unit_range(cand, text, tail)
        consumed = cand.end
        out.candidates.append(_shared_hedge(out.candidates, cand, text))
        if len(out.candidates) > MAX_FIGURES:
            raise SourceTextError(
                f"the text has over {MAX_FIGURES} figures; a draft is for one report: split it"
            )
        previous = out.candidates[-1]


#: Firms counted by 户 (新增“五上”企业62户, 新增工商户220户, 引进2户企业): a count.
_FIRMS_BEFORE = re.compile(
    r"(?:企业|公司|工商户|商户|市场主体|合作社|家庭农场)[”\"]?[^，,。；;、]{0,3}\Z"
)
_FIRMS_AFTER = re.compile(r"(?:企业|公司|工商户|商户|市场主体)")
#: 打造三个高地, 践行四项使命, 实现三个全覆盖: the text's own slogans, not counts.
_SLOGAN_NOUN = re.compile(
    r"(?:[\u4e00-\u9fff]{0,2})(?:高地|使命|全覆盖|率先|原则|理念|战略|定位|抓手|意识|自信|维护|"
    r"坚持|转变|优先|重点(?!工程|项目|村|企业|户|人群)|中心任务|关键|主线)"
)
#: A copy's page counter after the number (1人在浏览, 23人收藏), not a figure of the text.
_PAGE_COUNTER = re.compile(r"[ \t]?在?(?:浏览|阅读|收藏|点赞|评论|分享|关注|看过|下载)")
#: A document number (编号:230656405, 文号), not a figure.
_DOC_NUMBER = re.compile(r"(?:编号|文号|字第|〔\d{4}〕|\[\d{4}\])[:： \t]?\Z")
#: 按十米等深线来计算: a criterion a measure is taken by, not a figure.
_CRITERION = re.compile(r"按照?\Z")
#: 800米大河: a place named by its width (200米大道 may be a length: read).
_NAMED_BY_WIDTH = re.compile(r"大河|大江")
#: 排名12位, 位列全省3位: a rank, not people.
_RANK_BEFORE = re.compile(
    r"(?:(?:排名|排位|排在|排|位列|名列|列|居)(?:全[省市县区镇国]|第)?|(?:全[省市县区镇国])?前)\Z"
)
#: 人口45万, 总人口为3568: the unit (people) named before the number.
_PEOPLE_BEFORE = re.compile(r"(?:人口|劳动力)(?:总数|数)?(?:为|达到了?|达|有|约|近|共)?[ \t]?\Z")
#: What follows a threshold: the things it sorts, and their count (…项目8个, …的贫困村92个).
_THRESHOLD_AHEAD = re.compile(
    r"的?[\u4e00-\u9fff（）()]{1,10}?(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千]+)[万亿]?"
    r"(?:个|家|户|人|名|项|座|所|处|条|村|辆|台|套)"
)


#: 其中大畜3.3万: a part of the figure just before, in its unit (the clause opens with 其中).
_PART_OPENS = re.compile(r"[,，;；、(（][ \t]?其中[:：]?[\u4e00-\u9fff]{0,8}\Z")


def _whole_unit(previous: Candidate, text: str, start: int, end: int) -> str:
    """The unit word of the figure just before (3.66万头 … 其中大畜3.3万) for a number with
    no unit in a clause that opens with 其中 and ends with it; else ""."""
    word = previous.word or {"people": "人", "households": "户"}.get(previous.unit, "")
    if word not in UNIT_WORDS or UNIT_WORDS[word] == "yuan":
        return ""  # money has its own rule (_money_follows)
    if not 0 < start - previous.end <= 14 or text[end : end + 1] not in _CLAUSE_END | {"", "、"}:
        return ""
    if _PART_OPENS.search(text, previous.end, start):
        return word
    # 其中大畜1.1万、小畜1.3万: the next part of the same list
    if _NEXT_PART.fullmatch(text, previous.end, start):
        low = max(0, previous.start - 20)
        opened = max(text.rfind(c, low, previous.start) for c in ",，;；(（")
        if opened >= 0 and text.startswith("其中", opened + 1):
            return word
    return ""


_NEXT_PART = re.compile(r"、[\u4e00-\u9fff]{1,8}")


#: 850米至1300米, 3个到5个: the second end of a range that repeats the unit.
_RANGE_AGAIN = re.compile(rf"[ \t]?[-~～—–至到][ \t]?(?P<a2>{_NUM})(?P<m2>万|亿)?[ \t]?")


def _unit_range(cand: Candidate, text: str, tail: re.Match[str] | None) -> Candidate:
    """A range whose unit is written at both ends (海拔850米至1300米): one figure."""
    if tail is None or cand.value_max is not None or cand.hedge:
        return cand
    again = _RANGE_AGAIN.match(text, cand.end)
    unit = tail.group("unit")
    if again is None or not text.startswith(unit, again.end()):
        return cand
    high = _times(_digits(again.group("a2")), again.group("m2"))
    if unit in UNIT_FACTORS:
        high = high * UNIT_FACTORS[unit][0]
    if high <= cand.value or abs(high) > INT64_MAX:
        return cand
    end = again.end() + len(unit)
    qs, qe = _clause(text, cand.start, end)
    number = f"{cand.number}{unit}{text[cand.end : again.end()].strip()}"
    return _replace(
        cand,
        value_max=plain_number(high),
        end=end,
        number=number,
        quote=text[qs:qe],
        quote_start=qs,
    )


def _is_threshold(cand: Candidate, text: str) -> bool:
    """过千万元项目8个, 50头以上养殖大户23户, 20%以上的贫困村92个: a hedged amount that sorts
    the things counted right after it (no punctuation between) is a class, not a figure."""
    hedge = cand.hedge
    if not (hedge.endswith(("以上", "以下")) or hedge.startswith(("过", "超"))):
        return False
    return _THRESHOLD_AHEAD.match(text, cand.end) is not None


#: 8和5个百分点, 3、5个: a number whose unit is written once, after the next number.
_SHARED_UNIT = re.compile(rf"[和、及与][ \t]?{_NUM}(?![\d.万亿])")
_FOREIGN_MONEY = re.compile(r"[余多]?[ \t]?(?:万|亿)?(?:美元|美金|港元|港币|欧元|日元|英镑)")
_MONEY_WORDS = re.compile(
    r"(?:投资|税收|资金|收入|产值|总额|社零|营业额|销售额|财政|利润|金额|拨付|补贴|补助|贷款|融资|"
    r"收益|生产总值|GDP|消费|奖补|捐款|捐赠|经费|支出|预算|募集|兑现|发放)"
    r"[^，,。；;：:\n]{0,6}\Z"
)


_MONEY_RIGHT_BEFORE = re.compile(
    r"(?:投资|税收|资金|收入|产值|总额|经费|补贴|补助|贷款|奖补|捐款)(?:共计|共|达到|达|约|近|为|了)?\Z"
)


def _money_context(text: str, start: int, end: int) -> bool:
    """A number with 万 or 亿 and no unit, in a clause about money (税收360万)."""
    token = text[start:end]
    if token[-1:] not in ("万", "亿"):
        return False
    nxt = text[end : end + 1]
    if nxt and nxt not in _CLAUSE_END and nxt not in "、的，以左大":
        # 整合涉农资金2000多万完善…: a verb may follow where the money word is right before
        return _MONEY_RIGHT_BEFORE.search(text, max(0, start - 8), start) is not None
    return _MONEY_WORDS.search(text, max(0, start - 12), start) is not None


#: 任务174万,完成198万: what joins an amount to the one before it, of the same money.
_MONEY_AGAIN = re.compile(
    r"[,，、]?[ \t]?(?:实际|已|共|累计)?(?:完成|实现|到位|达到|达|为|增至|其中"
    r"|占(?:全年|年度|上半年|全年度)?(?:目标)?(?:任务|计划))?[ \t]?\Z"
)


def _money_follows(previous: Candidate | None, text: str, start: int, end: int) -> bool:
    """A number with 万 or 亿 and no unit right after an amount of yuan, joined by a
    comma and 完成 / 实现 / 其中 (任务174万,完成198万): the same money again."""
    if previous is None or previous.unit != "yuan" or text[end - 1 : end] not in ("万", "亿"):
        return False
    if not 0 < start - previous.end <= 10:
        return False
    nxt = text[end : end + 1]
    if nxt and nxt not in _CLAUSE_END and nxt not in "、的，":
        return False
    return _MONEY_AGAIN.match(text[previous.end : start]) is not None


def _shared_hedge(done: list[Candidate], cand: Candidate, text: str) -> Candidate:
    """分别在450万吨、200万吨、400万吨以上: a hedge after the last of a list of the same unit,
    where 分别 or 均 says the list is one statement, hedges each."""
    if cand.qualifier == "exact" or cand.hedge[-2:] not in ("以上", "以下", "以内", "左右"):
        return cand
    said = cand.quote[: cand.start - cand.quote_start]
    if "分别" not in said and "均" not in said:
        return cand
    i = len(done) - 1
    end = cand.start
    while i >= 0:
        prev = done[i]
        if prev.quote_start != cand.quote_start or prev.unit != cand.unit or prev.hedge:
            break
        if text[prev.end : end] not in ("、", ",", "，", "和", "及", "与"):
            break
        done[i] = _replace(prev, qualifier=cand.qualifier, hedge=cand.hedge[-2:])
        end = prev.start
        i -= 1
    return cand


def _replace(cand: Candidate, **changes: object) -> Candidate:
    import dataclasses

    return dataclasses.replace(cand, **changes)  # type: ignore[arg-type]


def _candidate(
    scan: _Scan,
    out: Analysis,
    text: str,
    found: re.Match[str],
    tail: re.Match[str] | None,
    line: int,
    item: str,
    previous: Candidate | None,
    word_before: str = "",
    growth_of: str | None = None,
) -> Candidate:
    kind = found.lastgroup
    value_max: Decimal | None = None
    hedges: list[str] = []
    if len(found.group()) > 40:
        raise ValueError("a value beyond 64 bits (a numeral of over 40 characters)")
    unit, word = "yuan", ""
    end = found.end()
    if kind == "pct":
        value, value_max = _zh_value(found.group("pctnum"))
        unit, word, end = "percent", "百分之", found.end()
        number = found.group()
    else:
        if tail is not None:
            unit, word, end = UNIT_WORDS[tail.group("unit")], tail.group("unit"), tail.end()
            hedges += [h for h in (tail.group("h2"), tail.group("h3")) if h]
        elif word_before:
            unit, word = UNIT_WORDS[word_before], word_before
        if kind == "ar":
            m1, m2 = found.group("m1"), found.group("m2")
            if found.group("h1"):
                hedges.append(found.group("h1"))
            if found.group("a2"):
                value = _times(_digits(found.group("a1")), m1 or m2)
                value_max = _times(_digits(found.group("a2")), m2 or m1)
                if value_max <= value:
                    raise ValueError("not a range")
            else:
                value = _times(_digits(found.group("a1")), m1)
            number = found.group("ar")
            if found.group("h1"):  # 6万余 / 600多万: the hedge word is not the number
                number = number.replace(found.group("h1"), "", 1)
        elif kind == "wan":
            number = found.group("wan")
            value = scale(number)
        elif kind == "zhmore":  # 一百多万元: the hedge between the numeral and 万
            value = zh_number(found.group("zm")) * scale(found.group("zmul"))
            hedges.append(found.group("zh1"))
            number = found.group("zm") + found.group("zmul")
        else:
            value, value_max = _zh_value(found.group("zh"))
            number = found.group("zh")
    if word in UNIT_FACTORS:
        factor = UNIT_FACTORS[word][0]
        value = value * factor
        value_max = value_max * factor if value_max is not None else None
    if abs(value) > INT64_MAX or (value_max is not None and abs(value_max) > INT64_MAX):
        raise ValueError("a value beyond 64 bits, which a dataset cannot carry")
    begin = found.start()
    before = _BEFORE_TAIL.search(text, max(0, begin - 3), begin)
    char_before = text[begin - 2 : begin - 1] if before else ""
    if (
        before
        and (before.group() != "上" or kind == "wan")
        and not (before.group() == "超" and char_before and char_before in "赶高")
        and not (before.group() == "过" and char_before and char_before in "通经度越跨错难不")
    ):
        hedges.insert(0, before.group())
        begin = before.start()
    qualifier = "exact"
    kinds = [_BEFORE.get(h) or _AFTER[h] for h in hedges]
    for q in ("at_least", "at_most", "approx"):
        if q in kinds:
            qualifier = q
            break
    qs, qe = _clause(text, begin, end)
    clause = text[qs:qe]
    before_words = text[qs:begin]
    if word == "户" and (
        _FIRMS_BEFORE.search(text, max(qs, begin - 10), begin) or _FIRMS_AFTER.match(text, end)
    ):
        unit = "count"  # 新增企业62户, 引进2户企业: firms counted by 户, not households
    year, year_end, target = _figure_year(scan, text, qs, qe, begin, previous)
    section = scan.sub or scan.top
    assert section is not None
    if kind == "wan" or (tail is None and kind != "pct" and word_before in ("", "人口")):
        word = ""  # money without 元
    subject = (
        previous.subject_zh
        if previous is not None and _BARE_FIGURE.fullmatch(clause.strip(_SPACE))
        else _noun_subject(
            _subject(
                text,
                qs,
                qe,
                begin,
                end,
                unit,
                growth_of
                if growth_of is not None
                else (previous.subject_zh if previous is not None else None),
            ),
            word,
        )
    )
    if not word and unit == "yuan" and _money_follows(previous, text, found.start(), found.end()):
        assert previous is not None
        subject = previous.subject_zh + subject  # 税收任务260万,完成285万: 税收任务完成
    return Candidate(
        start=begin,
        end=end,
        number=number,
        value=plain_number(value),
        value_max=plain_number(value_max) if value_max is not None else None,
        unit=unit,
        qualifier=qualifier,
        quote=clause,
        quote_start=qs,
        section=section.id,
        year=year,
        year_end=year_end,
        kind="target" if target else "result",
        concept=_concept(before_words, unit, word),
        subject_zh=subject,
        word=word,
        hedge="".join(hedges),
        line=line,
        item=item,
    )


#: A year or span that opens a paragraph (五年来, / 2018年, / 十三五期间,).
#: Words of a span that open a paragraph or a sentence (五年来, 近三年, 这十年, 十五期间,
#: 去年以来): the same spans as _SPAN_CUES, without its groups.
_SPAN_WORDS = (
    r"(?:近|这|过去的?)(?:[两二三四五六七八九十]|\d{1,2})年(?:来|以来|间|中)?"
    r"|[两二三四五六七八九十]年(?:来|以来)|“?(?:十[一二三四]?|九)五”?(?:期间|以来|时期)"
    r"|(?:去年|上年)以来|(?:今后|未来)(?:[两二三四五六七八九十]|\d{1,2})年"
)
_PARAGRAPH_TIME = re.compile(rf"(?:{_SPAN_WORDS}|(?:19|20)\d\d年(?:以来)?)[,，]")
_OPENING_TIME = re.compile(
    r"(?:其中|在|截至|截止|到|自|从)?(?:(?:19|20)\d\d(?:年?[-—–~至到](?:19|20)?\d\d)?[ \t]?年"
    r"(?:度|以来|至今|全年|初|底|末|\d{1,2}月(?:底|末|初|份)?|[^,，。；;\d]{1,8}?时)?"
    rf"|{_SPAN_WORDS})"
    r"(?=[,，])"
)
_DATELINE = re.compile(r"((?:19|20)\d\d)[-/.]\d{1,2}[-/.]\d{1,2}(?:\s|$)")
_THIS_YEAR = re.compile(r"(?<![比较同])今年(?!以来)")
#: 去年 as the time of a clause, not a comparison (比去年, 较去年, 去年同期) nor a span's start.
_LAST_YEAR = re.compile(r"(?<![比较同与于])(?<!比上)(?:去年|上年)(?!同期|以来|相比|比较|底前)")
_SENTENCE_END = frozenset("。！!？?；;\n")
_COMMA_SPLIT = re.compile(r"[,，]")
_THIS_YEAR_CLAUSE = re.compile(r"(?:今年|本年)(?:以来|上半年|前三季度|全年)?")


def _sentence_start(text: str, qs: int) -> int:
    """Where the sentence of a clause begins (at most 150 characters back)."""
    left = qs
    limit = max(0, qs - 150)
    while left > limit and text[left - 1] not in _SENTENCE_END:
        left -= 1
    return left


#: Who speaks, at a paragraph's head (答:, 【嘉宾】王明:, [王明]): not part of its sentence.
_SPEAKER = re.compile(
    r"^[\s\u3000]*(?:(?:问|答|记者|主持人)[:：]|[【\[][^】\]\n]{1,12}[】\]](?:[^:：,，。\n]{1,6}[:：])?)"
)


def _this_year(scan: _Scan) -> int:
    """今年: the year the text was written in; in its plans, the plan year (今年,我们将…)."""
    return max(scan.this_year, scan.plan_year) if scan.plans else scan.this_year


def _sentence_head(text: str, qs: int) -> str:
    """The sentence before a clause: where a year or span named once (2017年, /
    五年来,) covers the clauses that follow it."""
    left = _sentence_start(text, qs)
    head = text[left:qs] if left == 0 or text[left - 1] in _SENTENCE_END else ""
    # only a year or span that is a whole clause of the sentence carries, the last one
    # before the figure (2017年, / 五年来, … 今年, — not 河西镇1992年撤并建, nor
    # 其中2018年已脱贫120户,)
    found = ""
    for part in _COMMA_SPLIT.split(_SPEAKER.sub("", head, count=1)):
        part = part.lstrip(_SPACE)
        opening = _OPENING_TIME.match(part + ",")
        if opening and len(opening.group()) == len(part):
            found = opening.group()
        elif _THIS_YEAR_CLAUSE.fullmatch(part):
            found = "今年"
        elif part in ("去年", "去年全年", "上年"):
            found = "去年"
        elif part == "明年":
            found = "明年"
    return found


#: A year that dates an event of the place's history (1992年撤并建, 1997年开始种植): not
#: carried to the clauses after it.
_HISTORY = re.compile(
    r"(?:19|20)\d\d[ \t]?年(?:撤|建(?!档|成|设)|成立|设立|开始|始|划归|更名|合并|改名|改为|组建|起)"
)
#: Where a sentence ends, for the year it names (a semicolon does not end it).
_FULL_STOP = frozenset("。！!？?\n")


def _sentence_year(scan: _Scan, text: str, qs: int) -> tuple[int | None, int | None, bool]:
    """The year or span named last in the earlier clauses of the sentence (2016年全镇
    新建大棚300个,修路18公里; 五年来,…增长101.5%;农民…增长了125%), not a history's
    (1992年撤并建,辖18个行政村). Bounded: 200 characters back."""
    limit = max(0, qs - 200)
    left = max(limit, *(text.rfind(c, limit, qs) + 1 for c in "。！!？?"))
    pos = qs
    while (cut := text.rfind("\n", left, pos)) >= 0:  # a line break ends it, unless it cuts it
        if not _cut_line(text, cut):
            left = cut + 1
            break
        pos = cut
    earlier = text[left:qs]
    if "年" not in earlier and "五" not in earlier:
        return None, None, False  # no year nor span named (the common case, found fast)
    earlier = _SPEAKER.sub("", earlier, count=1)
    if not earlier or _HISTORY.search(earlier) or _NOW.match(text, qs):
        return None, None, False
    if (
        "每年" in re.split(r"[,，。；;\n]", text[qs : qs + 16], maxsplit=1)[0]
    ):  # 每年可节水157万立方: a yearly rate, not of the span
        return None, None, False
    if len(set(_CLAUSE_YEAR.findall(earlier))) > 1:
        return None, None, False  # 2018年已脱贫…,2019年已脱贫…,全镇…降至0.5%: a history to now
    named, named_end, deadline = _clause_years(
        earlier, len(earlier), scan.results_year, scan.this_year
    )
    if named_end is not None and not _OPENING_TIME.match(earlier.lstrip(_SPACE)):
        return None, None, False  # a span carries only from the sentence's head (五年来,…)
    if named_end is None:  # a year, within its item of a list (…;) and not a forecast's
        item = earlier[max(earlier.rfind(";"), earlier.rfind("；")) + 1 :]
        opens = _OPENING_TIME.match(earlier.lstrip(_SPACE))  # 2020年,…;…: the whole sentence
        if not (opens or _CLAUSE_YEAR.search(item)) or re.search(
            r"预计[^，,]{0,3}(?:19|20)\d\d", item
        ):
            return None, None, False
    return named, named_end, deadline


def _cut_line(text: str, at: int) -> bool:
    """Whether the line break at ``at`` cuts a sentence (a copy's fragment: 累计投入⏎资金240万元):
    the line before, not a short heading, ends inside a clause, and the next begins one."""
    if text[at] != "\n" or at == 0:
        return False
    before = text[max(0, at - 20) : at]
    return (
        len(before) == 20
        and "\n" not in before
        and "\u4e00" <= before[-1] <= "\u9fff"
        and "\u4e00" <= text[at + 1 : at + 2] <= "\u9fff"
    )


#: An average over years (年均增长), which a single year cannot carry.
_YEARLY_AVERAGE = re.compile(r"年均")


def _review_span(text: str, results_year: int) -> tuple[int, int] | None:
    """The span a text reviews: the first of 这十年, 五年来, 十三五期间 … it names, ending
    by the results year (bounded: the first 200,000 characters)."""
    for m in _REVIEW_CUES.finditer(text, 0, min(len(text), 200_000)):
        if m.group("nyears") or m.group("period"):
            low, high, _ = _clause_years(m.group(), len(m.group()), results_year)
            if low is not None and high is not None and high <= results_year:
                return low, high
    return None


#: A clause of the present state (现有建档立卡贫困户239户), not of the year named before it.
_NOW = re.compile(r"[\s\u3000]*(?:现有|目前|现在|至今|当前|如今)")


def _sentence_plans(text: str, qs: int) -> bool:
    """Whether the sentence opens with a time and a plan (2020年,全镇将…; 下半年,街道将…;
    bounded: 200 characters back), so its later clauses that name no time are targets too."""
    limit = max(0, qs - 200)
    left = max(limit, *(text.rfind(c, limit, qs) + 1 for c in _SENTENCE_END))
    if left == qs:
        return False
    head = text[left:qs].lstrip(_SPACE)
    if not (_OPENING_TIME.match(head) or _PLAN_TIME.match(head)):
        return False  # 我镇计划今年脱贫68户,实现脱贫77户: only a time opening a plan reaches on
    first = _COMMA_SPLIT.split(head, maxsplit=2)
    return any(_PLAN_CUES.search(part) for part in first[:2]) and not _RESULT_CUES.search(head)


_PLAN_TIME = re.compile(r"明年|下半年|下一步|今后|新的一年|(?:19|20)\d\d年")


#: A clause before a colon that announces the targets after it (2019年主要预期目标:).
_ANNOUNCED = re.compile(
    r"(?:((?:19|20)\d\d)[ \t]?年|明年|下一步|今后)[^。；;:：\n]{0,20}?"
    r"(?:预期目标|主要目标|目标任务|工作目标|奋斗目标|目标是|计划|打算)[^。；;:：\n]{0,6}[:：]\s*\Z"
)


def _announced_year(scan: _Scan, text: str, qs: int) -> int | None:
    """The year of the targets a colon before the clause announces, in the same line and
    sentence (2019年经济社会发展主要预期目标:…), or None. Bounded: 200 characters back."""
    low = max(0, qs - 200)
    line = text.rfind("\n", low, qs)
    low = line + 1 if line >= 0 else low
    colon = max(text.rfind(":", low, qs), text.rfind("：", low, qs))
    if colon < 0 or text.find("。", colon, qs) >= 0:
        return None
    found = _ANNOUNCED.search(text, max(low, colon - 40), colon + 1)
    if found is None:
        return None
    year = int(found.group(1)) if found.group(1) else scan.plan_year
    return year if year >= scan.results_year else None


_BARE_FIGURE = re.compile(
    r"(?:约|近|超|逾)?[\d.．]+(?:万|亿)?(?:余|多)?(?:人次|人|户|个|名|家|亩|元|%|％)?(?:以上|左右)?"
)


_PARTS_OPEN = re.compile(r"[(（]\s*其中")
#: A clause that totals the figures before it in its sentence.
_TOTAL = re.compile(r"(?:共计|合计|总计|累计共|共)(?![同享建治])")


def _inside_parts(text: str, qs: int, previous: int) -> bool:
    """Whether ``qs`` is inside a parenthesis that opens with 其中, still open, and the
    figure at ``previous`` is before ``qs`` (…41个(其中贫困村28个,非贫困村13个)).
    Bounded: 80 characters back."""
    if previous >= qs:
        return False
    low = max(0, qs - 80)
    opened = max(text.rfind("(", low, qs), text.rfind("（", low, qs))
    if opened < 0 or not _PARTS_OPEN.match(text, opened):
        return False
    between = text[opened:qs]
    return ")" not in between and "）" not in between and "。" not in between


def _figure_year(
    scan: _Scan, text: str, qs: int, qe: int, begin: int, previous: Candidate | None = None
) -> tuple[int, int | None, bool]:
    """(year, year_end, is a target) of a figure from its clause and section."""
    clause = text[qs:qe]
    # a little before the clause too: 2016年已脱贫170户898人 names the year for both
    named, named_end, deadline = _clause_years(
        clause, begin - qs, scan.results_year, scan.this_year
    )
    if named is None and qs > 0 and not _ends_clause(text, qs - 1):
        # a clause longer than the quote's window: its year may be further back
        # (2015年全镇生产总值、财政总收入、…分别同比增长了54.5%)
        left = qs
        while left > max(0, qs - 80) and not _ends_clause(text, left - 1):
            left -= 1
        named, named_end, deadline = _clause_years(
            text[left:qe], begin - left, scan.results_year, scan.this_year
        )
    if named is None and _THIS_YEAR.search(clause):  # 计划今年脱贫68户: the year written in
        named = _this_year(scan)
    if named is None and _LAST_YEAR.search(clause, 0, begin - qs):
        named = scan.this_year - 1  # 去年全镇脱贫120户: the year before the text was written
    if (
        named is None
        and previous is not None
        and _BARE_FIGURE.fullmatch(clause.strip(_SPACE))
        and "。" not in text[previous.end : qs]
    ):  # 2014年全乡已脱贫60户,226人: a clause that is only a figure goes with the one before
        return previous.year, previous.year_end, previous.kind == "target"
    if named is None and previous is not None and clause.lstrip(_SPACE).startswith("其中"):
        # 其中五保户5户5人: a part of the figures just before, of their year
        return previous.year, previous.year_end, previous.kind == "target"
    if (
        named is None
        and previous is not None
        and _TOTAL.match(clause.lstrip(_SPACE))
        and "。" not in text[previous.end : qs]
    ):  # …9万人及同步搬迁人口9万人,共计18万人: the total of the figures before, their year
        return previous.year, previous.year_end, previous.kind == "target"
    if named is None and previous is not None and _inside_parts(text, qs, previous.start):
        # 41个(其中贫困村28个,非贫困村13个): every part in the parenthesis, of their year
        return previous.year, previous.year_end, previous.kind == "target"
    if named is None:  # 2017年,该县又有25个贫困村…: a year that opens the sentence
        head = _sentence_head(text, qs)
        if head == "今年":
            named = _this_year(scan)
        elif head == "去年":
            named = scan.this_year - 1
        elif head == "明年":
            named = scan.this_year + 1
        elif head:
            named, named_end, deadline = _clause_years(
                head, len(head), scan.results_year, scan.this_year
            )
        else:  # 2016年全镇新建大棚300个,修路18公里: the year an earlier clause names
            named, named_end, deadline = _sentence_year(scan, text, qs)
    dateline = _DATELINE.match(scan.line_head)
    if named is None and dateline:  # 2017-02-28  点击:126次: the page's own count, that day
        named = int(dateline.group(1))
    if named is None and scan.line_head:  # 五年来,… opening the paragraph: all of it
        opening = _PARAGRAPH_TIME.match(_SPEAKER.sub("", scan.line_head, count=1))
        if opening and _CLAUSE_YEAR.search(text, _sentence_start(text, qs), qe):
            opening = None  # a sentence naming years of its own is not under it
        if opening:
            named, named_end, deadline = _clause_years(
                opening.group(), opening.end(), scan.results_year, scan.this_year
            )
    if named is None:  # 提出了2019年主要预期目标:…增长9%: a list of targets after a colon
        announced = _announced_year(scan, text, qs)
        if announced is not None:
            named, named_end, deadline = announced, None, True
    plan_cue = _PLAN_CUES.search(clause) is not None
    result_cue = _RESULT_CUES.search(clause) is not None
    if not plan_cue and not result_cue and not scan.plans and named is None:
        plan_cue = _sentence_plans(text, qs)  # 2020年,全镇将新建…,改造…: all of it a plan
    target = scan.plans
    if scan.plans and result_cue and not plan_cue:
        target = False
    elif not scan.plans and plan_cue:
        target = True
    year = scan.year
    if not scan.plans and plan_cue and scan.section_year is None:
        # a target told among the results: next year's if it says 明年 or the text was
        # written the year after its results; else the year's own (计划在村实施12户)
        later = "明年" in clause or scan.this_year > scan.results_year
        if not later and scan.plan_year > scan.results_year:
            # 2018年全镇计划减贫1400人。全镇计划出列贫困村3个: the plan year named just before
            low = max(0, qs - 200, text.rfind("\n", 0, qs) + 1)
            later = (
                re.search(
                    rf"{scan.plan_year}[ \t]?年[^。；;\n]{{0,8}}?(?:计划|力争|将|目标)",
                    text[low:qs],
                )
                is not None
            )
        year = scan.plan_year if later else scan.results_year
    if scan.plans and not target and scan.section_year is None:
        year = scan.results_year
    if (
        named_end is None
        and scan.review is not None
        and not target
        and not plan_cue
        and _YEARLY_AVERAGE.search(clause, 0, begin - qs)
    ):  # 2021年…,年均增长7.2% in a text of 这十年: an average over the span it reviews
        named, named_end = scan.review
    if named is not None:
        year = named
        if named > scan.results_year and scan.plan_year > scan.results_year:
            target = True  # a later year named (or a span after the results: 今后五年): a target
        elif deadline and named >= scan.results_year:
            target = True
        elif named < scan.results_year or (named_end is not None and not plan_cue):
            target = target and plan_cue
    return year, named_end, target


# --------------------------------------------------------------------------
# The TOML draft


_TOML_ESCAPE = re.compile('["\\\\\x00-\x1f\x7f]')
_TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t"}


def _toml_escape(found: re.Match[str]) -> str:
    ch = found.group()
    return _TOML_ESCAPES.get(ch) or f"\\u{ord(ch):04x}"


def _toml_str(text: str) -> str:
    """A TOML basic string: quotes, backslashes and control characters escaped."""
    return '"' + _TOML_ESCAPE.sub(_toml_escape, text) + '"'


def _comment(text: str) -> str:
    """Text made safe for one TOML comment line: no control character, no line break
    (a hard-wrapped copy's figure, 23⏎亿元, is shown on one line)."""
    return _INVISIBLE_RE.sub(" ", text).replace("\n", " ")


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
    text = analysis.text  # its line breaks made one kind
    lines = [ln.strip(_SPACE) for ln in text.split("\n") if ln.strip(_SPACE)]
    title = analysis.title or (lines[0] if lines else source_id)[:60]
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
    return str(plain_number(value))


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
    more = len(skipped) - MAX_SKIPPED_LISTED
    if more > 0:  # a draft stays a size a person can read and the loader can load
        skipped = skipped[:MAX_SKIPPED_LISTED]
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
    if more > 0:
        out.append(f"# … and {more} more numbers skipped (not listed)")
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


@dataclass(frozen=True)
class Number:
    """A number of the text as ``against`` reads it (not as the draft does)."""

    start: int
    text: str
    line: int
    kind: str  #: "number", "year or date", or for what it could not read, why

    @property
    def end(self) -> int:
        return self.start + len(self.text)


#: ``against``'s own reading, sharing nothing with the draft's: every run of digits
#: (with its decimal part), 百分之…, and every Chinese numeral that a measure word,
#: a unit or 万/亿 follows. Nothing is skipped: years, dates and numbers in names too.
_READ_DIGITS = re.compile(r"[0-9]+(?:[.,][0-9]+)*(?:[余多]?[万亿])?")
_READ_ZH = re.compile(
    r"百分之[零〇一二两三四五六七八九十百千点]+"
    r"|(?<![0-9.余多])[零〇一二两三四五六七八九十百千万亿]+(?=[余多]?[万亿]?["
    + _COUNTERS
    + r"人户元亩米吨年月日天届次倍成名位方斤种类批级期轮季周岁%％]|平方|公里|公顷)"
)
_READ_VAGUE = re.compile(
    r"[0-9０-９]*[０-９]+[0-9０-９]*|[①-⑳⑴-⒇⒈-⒛Ⅰ-Ⅻⅰ-ⅻ]+|(?:几|数|若干)[十百千万亿]+|[十百千万]余?几"
)
_DATE_LIKE = re.compile(
    r"(?:19|20)[0-9]{2}(?=年|-[0-9]|/[0-9]|\.[0-9]{1,2}\.)|[0-9]{1,2}(?=月|日|号|时|点|:[0-9])"
)
_DATES = re.compile(
    r"(?:19|20)[0-9]{2}([-/.])[0-9]{1,2}\1[0-9]{1,2}|[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?"
)


def read_numbers(text: str) -> tuple[list[Number], list[Number]]:
    """Every number of ``text`` (digits, 百分之…, Chinese numerals with a measure word),
    and what looks like a number that this reading cannot read (full-width digits,
    ①, Ⅲ, 几十, 数百 …). Linear: one regex pass each."""
    lines = _line_starts(text)

    def at(start: int, found: str, kind: str) -> Number:
        return Number(start, found, bisect.bisect_right(lines, start), kind)

    dated = bytearray(len(text) + 1)
    for m in _DATES.finditer(text):
        dated[m.start() : m.end()] = b"\x01" * (m.end() - m.start())
    numbers = []
    for m in _READ_DIGITS.finditer(text):
        date = dated[m.start()] or _DATE_LIKE.match(text, m.start())
        kind = "year or date" if date else "number"
        numbers.append(at(m.start(), m.group(), kind))
    for m in _READ_ZH.finditer(text):
        numbers.append(at(m.start(), m.group(), "number"))
    numbers.sort(key=lambda n: n.start)
    unread = [at(m.start(), m.group(), "not read") for m in _READ_VAGUE.finditer(text)]
    return numbers, unread


def against(text: str, ds: Dataset) -> tuple[list[Number], list[tuple[str, str]], list[Number]]:
    """The text's numbers no quote of ``ds`` covers, ``ds``'s quotes not in the text, and
    what looked like a number but could not be read.

    The numbers are ``read_numbers``': a reading of its own, so what the draft
    skipped or misread is reported too. Covered means the whole numeral lies
    inside an occurrence of a quote (any occurrence counts). Linear in the text
    and the quotes: the covered positions are a running sum over the occurrences.
    """
    text = _BREAKS.sub("\n", text)
    depth = [0] * (len(text) + 1)
    missing: list[tuple[str, str]] = []
    for where, quote in dataset_quotes(ds):
        quote = _BREAKS.sub("\n", quote)
        found = text.find(quote) if quote else -1
        if found < 0:
            missing.append((where, quote))
        while found >= 0:
            depth[found] += 1
            depth[found + len(quote)] -= 1
            found = text.find(quote, found + max(1, len(quote)))
    covered = bytearray(len(text) + 1)
    running = 0
    for i in range(len(text)):
        running += depth[i]
        covered[i] = running > 0
    numbers, unread = read_numbers(text)
    uncovered = [n for n in numbers if not (covered[n.start] and covered[n.end - 1])]
    return uncovered, missing, unread
