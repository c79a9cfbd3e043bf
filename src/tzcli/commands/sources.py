"""tzcli sources."""

from __future__ import annotations

import click

from tzcli import query
from tzcli.commands.common import Output, Settings, TzcliCommand, emit, pass_settings, with_output


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
