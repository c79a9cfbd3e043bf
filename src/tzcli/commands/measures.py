"""tzcli measures."""

from __future__ import annotations

import click

from tzcli import query
from tzcli.commands.common import Output, Settings, TzcliCommand, emit, pass_settings, with_output


@click.command(cls=TzcliCommand)
@click.option("--year", type=int, help="2016: the clauses of the results; 2017: the plan's.")
@click.option("--search", metavar="TEXT", help="Text in the measure or its heading (zh or en).")
@with_output
@pass_settings
def measures(settings: Settings, out: Output, year: int | None, search: str | None) -> None:
    """What the text says in words: each clause of the 2016 results and the 2017 plan."""
    emit(query.measures(settings.dataset(), year=year, search=search), out, settings)
