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
        "tzcli.commands.cite:cite", "Cite the interview, or one figure of it (with its quote)."
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
        "What the text says in words: each clause of the 2016 results and the 2017 plan.",
    ),
    "plans": Entry(
        "tzcli.commands.plans:plans",
        "The 2017 plan items, with their measures, targets and projects.",
    ),
    "poverty": Entry(
        "tzcli.commands.poverty:poverty",
        "Poverty alleviation: 2016 figures (derived ones marked) and 2017 measures.",
    ),
    "projects": Entry(
        "tzcli.commands.projects:projects", "Investment projects, 2016 results and 2017 plans."
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
    "stats": Entry(
        "tzcli.commands.stats:stats",
        "Headline figures of the interview: profile, 2016 economy, enterprises.",
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
