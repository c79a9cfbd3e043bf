"""tzcli indicators."""

from __future__ import annotations

import click

from tzcli import query
from tzcli.commands.boundary import TzcliCommand
from tzcli.commands.choices import many, topic_ids
from tzcli.commands.options import check_choices, topic_option
from tzcli.commands.output import Output, emit, with_output
from tzcli.commands.settings import Settings, pass_settings


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
@topic_option
@with_output
@pass_settings
def indicators(settings: Settings, out: Output, topic: tuple[str, ...]) -> None:
    """Derived indicators: each with its formula, the ids it uses, and flags."""
    ds = settings.dataset()
    topics = many(topic)
    check_choices(topics, topic_ids(ds), "--topic")
    emit(query.indicators(ds, topics=topics), out, settings)
