"""The dataset's records as frozen dataclasses: plain values, no I/O.

The loader (``tzcli.dataset``) builds these from TOML after validating it;
everything downstream reads only these.
"""

from __future__ import annotations

from decimal import Decimal

from tzcli._frozen import dataclass, field  # dataclasses, without their import-time cost

SCHEMA_VERSION = 1

#: Ids: lower case, digits, '_' and '.', no hyphens (formulas subtract with '-').
ID_PATTERN = r"^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*$"
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
    # ratios per person or household (derived figures): never scaled as totals are
    "yuan_per_person",
    "mu_per_person",
    "people_per_household",
)

#: How a stated number is meant: ``at_least`` for 余 / 以上 / 超过.
QUALIFIERS: tuple[str, ...] = ("exact", "at_least", "approx")

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
    """Where the figures come from: one published interview."""

    id: str
    title_zh: str
    title_en: str
    quote: str
    site_zh: str
    site_en: str
    section_zh: str
    section_en: str
    published: str
    interviewee_zh: str
    interviewee_en: str
    role_zh: str
    role_en: str
    host_zh: str
    host_en: str
    place_zh: str
    place_en: str
    language: str
    years: tuple[YearMeaning, ...]
    url: str | None = None
    file: str = ""


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
    source: str = ""

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


@dataclass(frozen=True)
class Dataset:
    """Everything loaded: one or more interviews' records, validated."""

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

    @property
    def meta(self) -> Meta:
        """The first (for the bundled data: the only) source."""
        return self.metas[0]

    def record(self, record_id: str) -> object | None:
        """Any record by id, or None."""
        if not self._index:
            for group in (
                self.topics,
                self.sections,
                self.figures,
                self.projects,
                self.plans,
                self.villages,
                self.notes,
            ):
                for item in group:
                    self._index[item.id] = item
        return self._index.get(record_id)

    def replacement(self, old_id: str) -> ReplacedId | None:
        """What became of an id the data no longer has (see ``[[replaced_ids]]``)."""
        for item in self.replaced_ids:
            if item.old == old_id:
                return item
        return None

    def ids(self) -> tuple[str, ...]:
        self.record("")
        return tuple(self._index)

    def figure(self, figure_id: str) -> Figure:
        found = self.record(figure_id)
        if not isinstance(found, Figure):
            raise KeyError(figure_id)
        return found

    def meta_for(self, source_id: str) -> Meta:
        for meta in self.metas:
            if meta.id == source_id:
                return meta
        return self.metas[0]
