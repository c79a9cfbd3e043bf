"""tzcli villages."""

from __future__ import annotations

from typing import Any

import click

from tzcli import query
from tzcli.commands.boundary import TzcliCommand
from tzcli.commands.output import Output, emit, with_output
from tzcli.commands.settings import Settings, pass_settings
from tzcli.listing import Column


def village_columns() -> list[Column]:
    """The columns of the list, then those of one village's (with NAME)."""
    listing = list(query.village_columns())
    names = {c.name for c in listing}
    return listing + [c for c in query.village_detail_columns() if c.name not in names]


def complete_village(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from tzcli.commands.complete import complete_village as complete

    return complete(ctx, param, incomplete)


@click.command(
    cls=TzcliCommand,
    columns=village_columns,
    examples=[
        ("The villages and communities the text names:", "tzcli villages"),
        ("All the text says of one, by name or pinyin:", "tzcli villages 孔书庄"),
        ("The same, by id, as json:", "tzcli villages kongshuzhuang --format json"),
    ],
)
@click.argument("name", required=False, shell_complete=complete_village)
@with_output
@pass_settings
def villages(settings: Settings, out: Output, name: str | None) -> None:
    """The villages and communities the text names; with NAME, all it says of one."""
    ds = settings.dataset()
    listing = query.village_detail(ds, name) if name else query.villages(ds)
    emit(listing, out, settings)
