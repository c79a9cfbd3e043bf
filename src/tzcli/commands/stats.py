"""tzcli stats."""

from __future__ import annotations

import click

from tzcli import query
from tzcli.commands.boundary import TzcliCommand
from tzcli.commands.output import Output, emit, with_output
from tzcli.commands.settings import Settings, pass_settings


@click.command(
    cls=TzcliCommand,
    columns=query.stats_columns,
    examples=[
        ("The headline figures:", "tzcli stats"),
        ("Only 2016's, as json:", "tzcli stats --year 2016 --format json"),
        (
            "Ids, names and values only, as tsv (show takes each id):",
            "tzcli stats --columns id,subject_en,value --format tsv",
        ),
    ],
)
@click.option("--year", type=int, help="Only headline figures of this year.")
@with_output
@pass_settings
def stats(settings: Settings, out: Output, year: int | None) -> None:
    """Headline figures (profile, economy, enterprises) of each source."""
    emit(query.stats(settings.dataset(), year=year), out, settings)
