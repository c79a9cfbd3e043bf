"""tzcli villages."""

from __future__ import annotations

import click

from tzcli import query
from tzcli.commands.common import Output, Settings, TzcliCommand, emit, pass_settings, with_output


@click.command(cls=TzcliCommand)
@click.argument("name", required=False)
@with_output
@pass_settings
def villages(settings: Settings, out: Output, name: str | None) -> None:
    """The villages and communities the text names; with NAME, all it says of one."""
    ds = settings.dataset()
    listing = query.village_detail(ds, name) if name else query.villages(ds)
    emit(listing, out, settings)
