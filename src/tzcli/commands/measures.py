"""tzcli measures."""

from __future__ import annotations

import click

from tzcli import query
from tzcli.commands.boundary import TzcliCommand
from tzcli.commands.output import Output, emit, with_output
from tzcli.commands.settings import Settings, pass_settings


@click.command(
    cls=TzcliCommand,
    columns=query.measure_columns,
    examples=[
        ("What the 2016 results say in words:", "tzcli measures --year 2016"),
        ("Clauses on petitions, found in English or Chinese:", "tzcli measures --search petition"),
        (
            "Every clause with its heading, as tsv:",
            "tzcli measures --columns id,title_en,text_en -f tsv",
        ),
    ],
)
@click.option("--year", type=int, help="2016: the clauses of the results; 2017: the plan's.")
@click.option("--search", metavar="TEXT", help="Text in the measure or its heading (zh or en).")
@with_output
@pass_settings
def measures(settings: Settings, out: Output, year: int | None, search: str | None) -> None:
    """What the text says in words: each clause of the results and of the plans."""
    emit(query.measures(settings.dataset(), year=year, search=search), out, settings)
