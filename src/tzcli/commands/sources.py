"""tzcli sources."""

from __future__ import annotations

import click

from tzcli import query
from tzcli.commands.boundary import TzcliCommand
from tzcli.commands.output import Output, emit, with_output
from tzcli.commands.settings import Settings, pass_settings


@click.command(
    cls=TzcliCommand,
    columns=query.source_columns,
    examples=[
        ("The sources loaded (with --data FOLDER: every file of it):", "tzcli sources"),
        (
            "Their ids, as a list for --source:",
            "tzcli sources --columns id --format tsv --no-header",
        ),
    ],
)
@with_output
@pass_settings
def sources(settings: Settings, out: Output) -> None:
    """The sources loaded: kind, place, date, figures and how many are unreviewed."""
    emit(query.sources(settings.dataset()), out, settings)
