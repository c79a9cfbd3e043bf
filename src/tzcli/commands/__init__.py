"""The commands: one module each, loaded only when called (or asked for by completion).

``COMMANDS`` is the one list of them, with the one-line summary that ``tzcli --help``
shows, so that help, the "did you mean" of a typo and the list of commands need no
command module at all. ``tests/test_cli.py`` checks each summary against its
command's docstring.
"""

from __future__ import annotations

from typing import NamedTuple


class Entry(NamedTuple):
    """Where a command lives (``module:attribute``) and what ``tzcli --help`` says of it."""

    target: str
    summary: str


COMMANDS: dict[str, Entry] = {
    "cite": Entry(
        "tzcli.commands.cite:cite", "Cite each loaded source, or one figure (with its quote)."
    ),
    "compare": Entry(
        "tzcli.commands.compare:compare",
        "One concept (or several) across every loaded source: a row per source and year.",
    ),
    "concepts": Entry(
        "tzcli.commands.concepts:concepts",
        "The shared concepts (ids for comparable figures), with how many sources have each.",
    ),
    "draft": Entry(
        "tzcli.commands.draft:draft",
        "Draft a dataset file from TEXT (UTF-8 or GB18030; '-' for stdin).",
    ),
    "export": Entry(
        "tzcli.commands.export:export",
        "Write the whole dataset: json, csv, sqlite, a data package or xlsx.",
    ),
    "facts": Entry(
        "tzcli.commands.facts:facts", "Every figure, with filters: the universal query."
    ),
    "indicators": Entry(
        "tzcli.commands.indicators:indicators",
        "Derived indicators: each with its formula, the ids it uses, and flags.",
    ),
    "measures": Entry(
        "tzcli.commands.measures:measures",
        "What the text says in words: each clause of the results and of the plans.",
    ),
    "plans": Entry(
        "tzcli.commands.plans:plans",
        "The plan items, with their measures, targets and projects.",
    ),
    "poverty": Entry(
        "tzcli.commands.poverty:poverty",
        "Poverty alleviation: figures (derived ones marked) and the measures planned.",
    ),
    "projects": Entry(
        "tzcli.commands.projects:projects", "Investment projects, reported and planned."
    ),
    "schema": Entry(
        "tzcli.commands.schema:schema",
        "Print the JSON Schema of the dataset format (for editors such as taplo).",
    ),
    "search": Entry(
        "tzcli.commands.search:search",
        "Search figures, projects, plans, measures, villages and notes (zh or en).",
    ),
    "show": Entry(
        "tzcli.commands.show:show", "One record in full: names, value, quote, section, notes."
    ),
    "sources": Entry(
        "tzcli.commands.sources:sources",
        "The sources loaded: kind, place, date, figures and how many are unreviewed.",
    ),
    "stats": Entry(
        "tzcli.commands.stats:stats",
        "Headline figures (profile, economy, enterprises) of each source.",
    ),
    "topics": Entry(
        "tzcli.commands.topics:topics",
        "The topics, with their names in both languages and their figure counts.",
    ),
    "validate": Entry(
        "tzcli.commands.validate:validate",
        "Check a dataset file or folder (default: --data, or the bundled data).",
    ),
    "villages": Entry(
        "tzcli.commands.villages:villages",
        "The villages and communities the text names; with NAME, all it says of one.",
    ),
}
