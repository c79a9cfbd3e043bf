"""tzcli indicators."""

from __future__ import annotations

import click

from tzcli import query
from tzcli.commands.common import (
    Output,
    Settings,
    TzcliCommand,
    check_choices,
    emit,
    many,
    pass_settings,
    with_output,
)


@click.command(cls=TzcliCommand)
@click.option("--topic", multiple=True, metavar="TOPIC", help="Only this topic (repeatable).")
@with_output
@pass_settings
def indicators(settings: Settings, out: Output, topic: tuple[str, ...]) -> None:
    """Derived indicators: each with its formula, the ids it uses, and flags."""
    ds = settings.dataset()
    topics = many(topic)
    check_choices(topics, [t.id for t in ds.topics], "--topic")
    emit(query.indicators(ds, topics=topics), out, settings)
