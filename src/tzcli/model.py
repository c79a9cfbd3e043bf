"""The dataset's records as frozen dataclasses: plain values, no I/O.

The loader (``tzcli.dataset``) builds these from TOML after validating it;
everything downstream reads only these.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from tzcli._frozen import dataclass, field  # dataclasses, without their import-time cost

SCHEMA_VERSION = 1

#: Ids: lower case, digits, '_' and '.', no hyphens (formulas subtract with '-').
ID_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$"
#: A reference to a record: its id (within the source), or ``SOURCE:ID``.
REF_PATTERN = r"^([a-z][a-z0-9_]*(\.[a-z0-9_]+)*:)?[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$"
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}$"

#: The closed list of units; values are stored in these base units.
UNITS: tuple[str, ...] = (
    "yuan",
    "people",
    "households",
    "person-times",
    "mu",
    "m",
    "km",
    "m2",
    "count",
    "percent",
    "t",
    "m3",
    # ratios per person or household (derived figures): never scaled as totals are
    "yuan_per_person",
    "mu_per_person",
    "people_per_household",
)

#: What a figure states: a result reported, or a target (a plan's goal).
FIGURE_KINDS: tuple[str, ...] = ("result", "target")

#: What kind of text a source is (``[meta] kind``): how ``cite`` names it.
SOURCE_KINDS: tuple[str, ...] = ("interview", "work_report", "work_summary")

#: Between a source's id and a record's id in a qualified name (``SOURCE:ID``).
SOURCE_SEPARATOR = ":"

#: How a stated number is meant: ``at_least`` for 余 / 以上 / 超过, ``at_most`` for
#: 以下 / 以内 / 不足 / 不到.
QUALIFIERS: tuple[str, ...] = ("exact", "at_least", "approx", "at_most")

#: The pillars of the 2017 plan.
PILLARS: tuple[str, ...] = ("industry", "services", "urbanisation", "party_building", "poverty")

VILLAGE_KINDS: tuple[str, ...] = ("village", "community", "new_rural_community")

#: Whether a project's ``name_zh`` is printed in the text or put together by the dataset.
NAME_KINDS: tuple[str, ...] = ("printed", "constructed")

#: Decimal places a derived figure is shown with when it gives no ``decimals``.
DERIVED_DECIMALS = 2

NOTE_KINDS: tuple[str, ...] = (
    "missing_numeral",
    "damaged_marker",
    "missing_punctuation",
    "possible_typo",
    "inconsistency",
    "arithmetic",
    "other",
)


@dataclass(frozen=True)
class YearMeaning:
    year: int
    meaning_zh: str
    meaning_en: str


@dataclass(frozen=True)
class Meta:
    """Where the figures come from: one published text (an interview, a work report …).

    Only what every text has is required; a work report has no interviewee or host,
    and a draft leaves out what it cannot know (``None``)."""

    id: str
    title_zh: str
    quote: str
    language: str
    years: tuple[YearMeaning, ...]
    published: str | None = None
    kind: str = "interview"
    title_en: str | None = None
    site_zh: str | None = None
    site_en: str | None = None
    section_zh: str | None = None
    section_en: str | None = None
    interviewee_zh: str | None = None
    interviewee_en: str | None = None
    role_zh: str | None = None
    role_en: str | None = None
    host_zh: str | None = None
    host_en: str | None = None
    place_zh: str | None = None
    place_en: str | None = None
    url: str | None = None
    file: str = ""

    def place(self, lang: str = "en") -> str:
        """The place the text is about, in ``lang`` where the meta gives it."""
        zh, en = self.place_zh or "", self.place_en or ""
        return (zh or en) if lang == "zh" else (en or zh)

    def short_place(self, lang: str = "en") -> str:
        """The place in its first words (``Tianzhong Subdistrict``, ``天中街道``): for tables."""
        import re

        return re.split(r"[,，(（]", self.place(lang), maxsplit=1)[0].strip()

    def title(self, lang: str = "en") -> str:
        return self.title_zh if lang == "zh" else (self.title_en or self.title_zh)


@dataclass(frozen=True)
class Topic:
    id: str
    name_zh: str
    name_en: str
    description_en: str | None = None
    source: str = ""


@dataclass(frozen=True)
class Section:
    """A section of the interview, with its numeral as printed."""

    id: str
    year: int
    number_zh: str
    title_zh: str
    title_en: str
    quote: str
    parent: str | None = None
    measures: tuple[Measure, ...] = ()
    #: ``constructed`` when the page prints no such heading (the title is the dataset's).
    title_kind: str = "printed"
    source: str = ""


@dataclass(frozen=True)
class Figure:
    """One number of the interview, or one computed from them (``derived``)."""

    id: str
    topic: str
    year: int
    subject_zh: str
    subject_en: str
    value: Decimal
    unit: str
    qualifier: str
    section: str
    quote: str | None = None
    value_max: Decimal | None = None
    derived: bool = False
    formula: str | None = None
    inputs: tuple[str, ...] = ()
    villages: tuple[str, ...] = ()
    note_en: str | None = None
    note_zh: str | None = None
    flag_en: str | None = None
    project: str | None = None
    plan: str | None = None
    decimals: int | None = None
    kind: str = "result"
    year_end: int | None = None
    reviewed: bool = True
    source: str = ""

    @property
    def years(self) -> str:
        """The year, or the span ``2016–2020`` of a figure that covers several."""
        return str(self.year) if self.year_end is None else f"{self.year}–{self.year_end}"

    def in_year(self, year: int) -> bool:
        """Whether ``--year YEAR`` matches: the year, or any year of the span."""
        if self.year_end is None:
            return self.year == year
        return self.year <= year <= self.year_end

    def shown_value(self) -> Decimal:
        """The value as every output shows it: a derived figure rounded to its
        ``decimals`` (default ``DERIVED_DECIMALS``); a stated
        figure as stated. ``value`` keeps the exact result."""
        if not self.derived:
            return self.value
        return rounded(self.value, DERIVED_DECIMALS if self.decimals is None else self.decimals)


def rounded(value: Decimal, decimals: int) -> Decimal:
    """``value`` to ``decimals`` places, half away from zero (the renderers then drop
    trailing zeros, as for every number); negative ``decimals`` round to tens (-1),
    thousands (-3) …, as a spreadsheet's ROUND does, and give a whole number."""
    from decimal import ROUND_HALF_UP

    result = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    return Decimal(int(result)) if decimals < 0 else result


@dataclass(frozen=True)
class Project:
    """An investment project, reported for 2016 or planned for 2017."""

    id: str
    year: int
    section: str
    name_zh: str
    name_en: str
    sector: str
    status: str
    status_zh: str
    status_en: str
    quote: str
    name_kind: str = "printed"
    company_zh: str | None = None
    company_en: str | None = None
    investment: Figure | None = None
    figures: tuple[Figure, ...] = ()
    villages: tuple[str, ...] = ()
    plan: str | None = None
    note_en: str | None = None
    source: str = ""


@dataclass(frozen=True)
class Measure:
    """A planned measure, stated in words without a number."""

    quote: str
    en: str


@dataclass(frozen=True)
class Plan:
    """One item of the 2017 plan."""

    id: str
    pillar: str
    section: str
    number_zh: str
    title_zh: str
    title_en: str
    quote: str
    measures: tuple[Measure, ...] = ()
    targets: tuple[Figure, ...] = ()
    projects: tuple[str, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class Mention:
    quote: str
    en: str


@dataclass(frozen=True)
class Village:
    """A village or community that the text names."""

    id: str
    name_zh: str
    pinyin: str
    kind: str
    mentions: tuple[Mention, ...] = ()
    source: str = ""


@dataclass(frozen=True)
class SourceNote:
    """An oddity of the source text, recorded rather than fixed."""

    id: str
    kind: str
    quote: str
    text_en: str
    text_zh: str | None = None
    refs: tuple[str, ...] = ()
    context_en: str | None = None
    context_source: str | None = None
    source: str = ""


@dataclass(frozen=True)
class ReplacedId:
    """An id that an earlier version of the data used: what replaced it, or why it went."""

    old: str
    reason_en: str
    new: str | None = None
    source: str = ""


def qualified(source: str, record_id: str) -> str:
    """A record's name that is unique in any corpus: ``SOURCE:ID``."""
    return f"{source}{SOURCE_SEPARATOR}{record_id}"


@dataclass(frozen=True)
class Dataset:
    """Everything loaded: one or more sources' records, validated.

    Ids are unique within a source; the same id may name records of several sources
    (that is what makes them comparable). ``record`` is the one resolver: ``SOURCE:ID``
    always, ``ID`` where it is unique in the loaded data (topics are shared: one
    vocabulary for every source)."""

    metas: tuple[Meta, ...]
    topics: tuple[Topic, ...]
    sections: tuple[Section, ...]
    figures: tuple[Figure, ...]
    projects: tuple[Project, ...]
    plans: tuple[Plan, ...]
    villages: tuple[Village, ...]
    notes: tuple[SourceNote, ...]
    files: tuple[str, ...] = ()
    replaced_ids: tuple[ReplacedId, ...] = ()
    _index: dict[str, object] = field(default_factory=dict, compare=False, repr=False)
    _bare: dict[str, list[object]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def meta(self) -> Meta:
        """The first (for the bundled data: the only) source."""
        return self.metas[0]

    @property
    def several(self) -> bool:
        """Whether more than one source is loaded (rows then say whose they are)."""
        return len(self.metas) > 1

    def _indexed(self) -> None:
        if self._index:
            return
        index, bare = self._index, self._bare
        for meta in self.metas:  # a source by its id (``tzcli show tianzhong_2017``)
            index[meta.id] = meta
            bare.setdefault(meta.id, []).append(meta)
        for topic in self.topics:
            index[topic.id] = topic
            bare.setdefault(topic.id, []).append(topic)
        for group in (
            self.sections,
            self.figures,
            self.projects,
            self.plans,
            self.villages,
            self.notes,
        ):
            for item in group:
                rid, source = item.id, item.source
                index[f"{source}{SOURCE_SEPARATOR}{rid}"] = item
                found = bare.get(rid)
                if found is None:
                    bare[rid] = [item]
                else:
                    found.append(item)

    def candidates(self, name: str) -> list[object]:
        """Every record ``name`` may mean: one for ``SOURCE:ID``, all sources' for ``ID``."""
        self._indexed()
        if SOURCE_SEPARATOR in name:
            found = self._index.get(name)
            if found is None:
                source, _, rid = name.partition(SOURCE_SEPARATOR)
                topic = self._index.get(rid)
                if isinstance(topic, (Topic, Meta)) and any(m.id == source for m in self.metas):
                    return [topic]  # a shared topic, named through any source
            return [] if found is None else [found]
        return list(self._bare.get(name, ()))

    def record(self, name: str, kind: type | None = None) -> object | None:
        """The record ``name`` names (``SOURCE:ID``, or an ``ID`` unique in the loaded
        data), of ``kind`` when given; None when there is none; an ``AmbiguousId``
        (naming the candidates as ``SOURCE:ID``) when several sources have it."""
        found = self.candidates(name)
        if kind is not None:
            found = [item for item in found if isinstance(item, kind)]
        if not found:
            return None
        if len(found) > 1:
            from tzcli.errors import AmbiguousId

            raise AmbiguousId(name, [self.qualified_name(item) for item in found])
        return found[0]

    def within(self, source: str, record_id: str) -> object | None:
        """The record ``record_id`` of ``source`` (a shared topic too), or None."""
        self._indexed()
        found = self._index.get(f"{source}{SOURCE_SEPARATOR}{record_id}")
        if found is None:
            topic = self._index.get(record_id)
            return topic if isinstance(topic, Topic) else None
        return found

    def qualified_name(self, item: object) -> str:
        """``SOURCE:ID`` of a record (a topic or a source is named by its id)."""
        if isinstance(item, (Topic, Meta)):
            return item.id
        return qualified(item.source, item.id)  # type: ignore[attr-defined]

    def name_of(self, item: object) -> str:
        """A record's shortest name: its id where unique in the loaded data, else ``SOURCE:ID``."""
        self._indexed()
        rid: str = item.id  # type: ignore[attr-defined]
        if len(self._bare.get(rid, ())) <= 1:
            return rid
        return self.qualified_name(item)

    def replacement(self, old_id: str) -> ReplacedId | None:
        """What became of an id the data no longer has (see ``[[replaced_ids]]``);
        ``old_id`` may be qualified (``SOURCE:OLD``)."""
        source, sep, rid = old_id.rpartition(SOURCE_SEPARATOR)
        for item in self.replaced_ids:
            if item.old == rid and (not sep or item.source == source):
                return item
        return None

    def ids(self) -> tuple[str, ...]:
        """Every record's shortest name (see ``name_of``)."""
        self._indexed()
        names: list[str] = []
        for rid, items in self._bare.items():
            if len(items) == 1:
                names.append(rid)
            else:
                names += [self.qualified_name(item) for item in items]
        return tuple(names)

    def qualified_ids(self) -> tuple[str, ...]:
        """Every record's ``SOURCE:ID`` (topics by their id)."""
        self._indexed()
        return tuple(self._index)

    def figure(self, figure_id: str) -> Figure:
        found = self.record(figure_id, Figure)
        if not isinstance(found, Figure):
            raise KeyError(figure_id)
        return found

    def meta_for(self, source_id: str) -> Meta:
        for meta in self.metas:
            if meta.id == source_id:
                return meta
        return self.metas[0]

    def source_ids(self) -> tuple[str, ...]:
        return tuple(m.id for m in self.metas)

    def only(self, sources: Sequence[str]) -> Dataset:
        """The records of ``sources`` alone (``--source``); the shared topics all kept."""
        wanted = set(sources)
        if wanted >= set(self.source_ids()):
            return self

        def keep(items: tuple[Any, ...]) -> tuple[Any, ...]:
            return tuple(item for item in items if item.source in wanted)

        metas = tuple(m for m in self.metas if m.id in wanted)
        return Dataset(
            metas=metas,
            topics=self.topics,
            sections=keep(self.sections),
            figures=keep(self.figures),
            projects=keep(self.projects),
            plans=keep(self.plans),
            villages=keep(self.villages),
            notes=keep(self.notes),
            files=tuple(m.file for m in metas),
            replaced_ids=keep(self.replaced_ids),
        )
