"""tzcli concepts."""

from __future__ import annotations

import click

from tzcli import query
from tzcli.commands.boundary import TzcliCommand
from tzcli.commands.output import Output, emit, with_output
from tzcli.commands.settings import Settings, pass_settings


@click.command(
    cls=TzcliCommand,
    columns=query.concept_columns,
    examples=[
        ("The concepts, and how many loaded sources have each:", "tzcli concepts"),
        (
            "Their ids, units and definitions, as tsv:",
            "tzcli concepts --columns id,unit,definition_en --format tsv",
        ),
    ],
)
@with_output
@pass_settings
def concepts(settings: Settings, out: Output) -> None:
    """The shared concepts (ids for comparable figures), with how many sources have each.

    A source's figure that measures one of these has the concept's id (or the id and
    a suffix: poverty.people_lifted.2019); 'tzcli compare ID' finds it in every source.
    """
    emit(query.concepts(settings.dataset()), out, settings)
