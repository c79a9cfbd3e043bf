"""tzcli topics."""

from __future__ import annotations

import click

from tzcli import query
from tzcli.commands.boundary import TzcliCommand
from tzcli.commands.output import Output, emit, with_output
from tzcli.commands.settings import Settings, pass_settings


@click.command(
    cls=TzcliCommand,
    columns=query.topic_columns,
    examples=[
        ("The topics and their figure counts:", "tzcli topics"),
        (
            "Their ids and Chinese names, as tsv:",
            "tzcli topics --columns id,name_zh --format tsv --no-header",
        ),
    ],
)
@with_output
@pass_settings
def topics(settings: Settings, out: Output) -> None:
    """The topics, with their names in both languages and their figure counts."""
    emit(query.topics(settings.dataset()), out, settings)
