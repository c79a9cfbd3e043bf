"""tzcli plans."""

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
from tzcli.model import PILLARS


@click.command(cls=TzcliCommand)
@click.option(
    "--pillar",
    multiple=True,
    metavar="PILLAR",
    help="industry, services, urbanisation, party_building or poverty.",
)
@with_output
@pass_settings
def plans(settings: Settings, out: Output, pillar: tuple[str, ...]) -> None:
    """The 2017 plan items, with their measures, targets and projects."""
    pillars = many(pillar)
    check_choices(pillars, PILLARS, "--pillar")
    emit(query.plans(settings.dataset(), pillar=pillars), out, settings)
