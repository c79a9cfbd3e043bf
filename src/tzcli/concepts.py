"""The shared vocabulary: concepts a source's figures can be (their ids), and the topics.

A concept is a quantity that many texts of the genre report: rural population,
people lifted out of poverty, tax revenue. A source that records one gives the
figure the concept's id (``poverty.people_lifted``), so that ``tzcli compare``
finds it in every source. The first vocabulary is the bundled interview's stated
figures; each concept has names in both languages, its unit, a one-line
definition, and the cues by which ``tzcli draft`` proposes it (Chinese words that
must all be in the figure's subject or clause, and words that rule it out).

Kept as Python data, not a data file: the package's ``data/`` folder is what
``tzcli`` loads as sources, and this is no source. No I/O, nothing done at import.
"""

from __future__ import annotations

from typing import NamedTuple


class Concept(NamedTuple):
    id: str
    topic: str
    name_zh: str
    name_en: str
    unit: str
    definition_en: str
    #: every one of these must be in the subject (or the clause) …
    cues: tuple[str, ...] = ()
    #: … and none of these
    not_cues: tuple[str, ...] = ()


class TopicDefinition(NamedTuple):
    id: str
    name_zh: str
    name_en: str
    description_en: str


#: Topics a source may use without defining them (a file's own definition, where it
#: gives one, must be the same in every file that gives one).
TOPICS: tuple[TopicDefinition, ...] = (
    TopicDefinition(
        "profile",
        "基本情况",
        "Profile of the subdistrict",
        "Villages, communities, population, Party members, farmland.",
    ),
    TopicDefinition(
        "economy",
        "经济",
        "Economy and public finance",
        "Industrial output, tax and local fiscal revenue.",
    ),
    TopicDefinition(
        "enterprises",
        "企业",
        "Enterprises",
        '"Four-above" enterprises, above-size industry, joint-stock conversions, listings.',
    ),
    TopicDefinition(
        "agriculture",
        "农业与农村基础设施",
        "Agriculture and rural infrastructure",
        "Wells, ditches, rural roads, water supply, orchards.",
    ),
    TopicDefinition(
        "poverty",
        "精准脱贫",
        "Poverty alleviation",
        "Targeted poverty alleviation: registered poor households and people on the "
        "platforms, those who exited poverty, workshops, platforms.",
    ),
    TopicDefinition(
        "social_assistance",
        "社会救助",
        "Social assistance",
        "Dibao, relief funds, charity, hardship visits and grants.",
    ),
    TopicDefinition(
        "petitions_stability",
        "信访维稳",
        "Petitions and stability maintenance",
        "Night-watch patrols, police on the ground, the Skynet cameras, disputes "
        "identified and resolved.",
    ),
    TopicDefinition(
        "party_building",
        "党建",
        "Party building",
        "Activity venues, village collective income, study sessions.",
    ),
    TopicDefinition(
        "draft",
        "草稿（未归类）",
        "Drafted, not yet sorted",
        "Figures tzcli draft found but could not give a concept: give each a topic of its own.",
    ),
)

CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "profile.villages_communities",
        "profile",
        "辖村社数",
        "villages and communities under the place",
        "count",
        "Administrative villages and communities the township, subdistrict or county governs.",
        ("辖", "村"),
        ("脱贫", "贫困", "乡镇"),
    ),
    Concept(
        "profile.population_rural",
        "profile",
        "农村人口",
        "rural population",
        "people",
        "People registered as rural residents of the place.",
        ("农村人口",),
    ),
    Concept(
        "profile.population_urban",
        "profile",
        "城市人口",
        "urban population",
        "people",
        "People registered as urban residents of the place.",
        ("城市人口",),
    ),
    Concept(
        "profile.party_members",
        "profile",
        "党员",
        "Party members",
        "people",
        "Members of the Communist Party of China in the place's organisations.",
        ("党员",),
        ("培训", "发展", "教育"),
    ),
    Concept(
        "profile.arable_land",
        "profile",
        "耕地面积",
        "arable land",
        "mu",
        "Farmland of the place, in mu.",
        ("耕地",),
    ),
    Concept(
        "economy.industrial_output",
        "economy",
        "工业总产值",
        "gross industrial output value",
        "yuan",
        "Gross output value of industry in the year, in yuan.",
        ("工业总产值",),
    ),
    Concept(
        "economy.tax_revenue",
        "economy",
        "税收",
        "tax revenue",
        "yuan",
        "Tax revenue collected in the place in the year, in yuan.",
        ("税收",),
    ),
    Concept(
        "economy.local_fiscal_revenue",
        "economy",
        "地方财政收入",
        "local fiscal revenue",
        "yuan",
        "Local general budget (fiscal) revenue in the year, in yuan.",
        ("财政收入",),
    ),
    Concept(
        "enterprises.four_above_new",
        "enterprises",
        "新增四上企业",
        'new "four-above" enterprises',
        "count",
        "Enterprises newly entered in the statistics of the four sectors above designated size.",
        ("四上",),
    ),
    Concept(
        "enterprises.above_size_industrial_total",
        "enterprises",
        "规模以上工业企业",
        "industrial enterprises above designated size",
        "count",
        "Industrial enterprises with revenue above the statistical threshold (total).",
        ("规模以上",),
        ("新增",),
    ),
    Concept(
        "agriculture.wells_new",
        "agriculture",
        "新打机井",
        "new motor-pumped wells sunk",
        "count",
        "Motor-pumped wells sunk for irrigation in the year.",
        ("机井",),
    ),
    Concept(
        "agriculture.rural_roads_new",
        "agriculture",
        "新修农村道路",
        "new rural roads built",
        "km",
        "Length of rural roads built in the year.",
        ("道路",),
    ),
    Concept(
        "agriculture.tap_water_new",
        "agriculture",
        "新铺自来水管网",
        "tap-water mains newly laid",
        "km",
        "Length of tap-water mains laid in the year.",
        ("自来水",),
    ),
    Concept(
        "poverty.households_enrolled",
        "poverty",
        "建档立卡贫困户",
        "registered poor households",
        "households",
        "Poor households on the register (建档立卡) of targeted poverty alleviation.",
        ("贫困户",),
        ("脱贫", "摘帽", "减少"),
    ),
    Concept(
        "poverty.people_enrolled",
        "poverty",
        "建档立卡贫困人口",
        "registered poor people",
        "people",
        "Poor people on the register (建档立卡) of targeted poverty alleviation.",
        ("贫困人口",),
        ("脱贫", "减少"),
    ),
    Concept(
        "poverty.households_lifted",
        "poverty",
        "脱贫户数",
        "households that exited poverty",
        "households",
        "Registered poor households that exited poverty in the year (or span).",
        ("脱贫",),
    ),
    Concept(
        "poverty.people_lifted",
        "poverty",
        "脱贫人口",
        "people who exited poverty",
        "people",
        "Registered poor people who exited poverty in the year (or span).",
        ("脱贫",),
    ),
    Concept(
        "social_assistance.rural_dibao_households",
        "social_assistance",
        "农村低保户",
        "rural dibao households",
        "households",
        "Rural households receiving the minimum living guarantee (低保).",
        ("农村低保",),
    ),
    Concept(
        "social_assistance.rural_dibao_people",
        "social_assistance",
        "农村低保人数",
        "rural dibao recipients",
        "people",
        "Rural people receiving the minimum living guarantee (低保).",
        ("农村低保",),
    ),
    Concept(
        "social_assistance.urban_dibao_households",
        "social_assistance",
        "城市低保户",
        "urban dibao households",
        "households",
        "Urban households receiving the minimum living guarantee (低保).",
        ("城市低保",),
    ),
    Concept(
        "social_assistance.urban_dibao_people",
        "social_assistance",
        "城市低保人数",
        "urban dibao recipients",
        "people",
        "Urban people receiving the minimum living guarantee (低保).",
        ("城市低保",),
    ),
    Concept(
        "social_assistance.relief_funds",
        "social_assistance",
        "发放救助资金",
        "relief funds paid out",
        "yuan",
        "Relief funds of all kinds paid out in the year, in yuan.",
        ("救助",),
    ),
    Concept(
        "petitions_stability.disputes_resolved",
        "petitions_stability",
        "化解矛盾纠纷",
        "disputes resolved",
        "count",
        "Disputes (矛盾纠纷) resolved in the year.",
        ("纠纷", "化解"),
    ),
    Concept(
        "party_building.collective_economy_funds",
        "party_building",
        "扶持村集体经济资金",
        "funds to support village collective economies",
        "yuan",
        "Fiscal funds allocated to support village collective economies, in yuan.",
        ("集体经济",),
    ),
)


def concept(concept_id: str) -> Concept | None:
    for item in CONCEPTS:
        if item.id == concept_id:
            return item
    return None


def of_id(figure_id: str) -> Concept | None:
    """The concept a figure's id says it is: the concept's id, or that id and a
    suffix of its own (``poverty.people_lifted.2019``, ``….target_2020``)."""
    for item in CONCEPTS:
        if figure_id == item.id or figure_id.startswith(item.id + "."):
            return item
    return None


def topic(topic_id: str) -> TopicDefinition | None:
    for item in TOPICS:
        if item.id == topic_id:
            return item
    return None


def propose(subject: str, clause: str, unit: str) -> str | None:
    """The concept a drafted figure plainly is: the first whose unit is the figure's,
    whose cues are all in its subject (or, failing that, its clause) and none of whose
    ruling-out words are in the subject; None when none is plain."""
    for where in (subject, clause):  # the clause: where the subject is badly cut
        for item in CONCEPTS:
            if item.unit != unit or not item.cues:
                continue
            if all(cue in where for cue in item.cues) and not any(
                word in subject for word in item.not_cues
            ):
                return item.id
    return None
