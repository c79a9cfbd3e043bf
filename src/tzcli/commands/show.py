"""tzcli show."""

from __future__ import annotations

import click

from tzcli import query
from tzcli.commands.common import Output, Settings, TzcliCommand, emit, pass_settings, with_output


@click.command(cls=TzcliCommand)
@click.argument("record_id", metavar="ID")
@with_output
@pass_settings
def show(settings: Settings, out: Output, record_id: str) -> None:
    """One record in full: names, value, quote, section, notes."""
    emit(query.show(settings.dataset(), record_id), out, settings)
