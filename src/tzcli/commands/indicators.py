"""tzcli indicators."""

from __future__ import annotations

import click

from tzcli import query
from tzcli.commands.choices import topic_ids
from tzcli.commands.common import (
    Output,
    Settings,
    TzcliCommand,
    ValuesOption,
    check_choices,
    emit,
    many,
    pass_settings,
    with_output,
)


@click.command(
    cls=TzcliCommand,
    columns=query.indicator_columns,
    examples=[
        ("Every derived indicator with its formula:", "tzcli indicators"),
        (
            "The poverty indicators and the ids they use, as json:",
            "tzcli indicators --topic poverty --columns id,value,formula,inputs --format json",
        ),
    ],
)
@click.option(
    "--topic",
    multiple=True,
    metavar="TOPIC",
    cls=ValuesOption,
    values=topic_ids,
    help="Only this topic (repeatable, or a,b).",
)
@with_output
@pass_settings
def indicators(settings: Settings, out: Output, topic: tuple[str, ...]) -> None:
    """Derived indicators: each with its formula, the ids it uses, and flags."""
    ds = settings.dataset()
    topics = many(topic)
    check_choices(topics, topic_ids(ds), "--topic")
    emit(query.indicators(ds, topics=topics), out, settings)
