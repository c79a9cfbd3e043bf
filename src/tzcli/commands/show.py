"""tzcli show."""

from __future__ import annotations

from typing import Any

import click

from tzcli import query
from tzcli.commands.boundary import TzcliCommand
from tzcli.commands.output import Output, emit, with_output
from tzcli.commands.settings import Settings, pass_settings
from tzcli.listing import Column


def complete_record_id(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from tzcli.commands.complete import complete_record_id as complete

    return complete(ctx, param, incomplete)


def show_columns() -> list[Column]:
    """What show prints of a figure (other records print their own fields)."""
    return [*query.figure_columns(), Column("citation_zh", "", ""), Column("citation_en", "", "")]


@click.command(
    cls=TzcliCommand,
    columns=show_columns,
    examples=[
        ("A project in full, with its quote:", "tzcli show runxin_chp"),
        (
            "A figure's value and quote only:",
            "tzcli show profile.population_total --columns id,value,unit,quote",
        ),
        ("A measure of the plan, as the plans listing numbers it:", "tzcli show plan.poverty#1"),
    ],
)
@click.argument("record_id", metavar="ID", shell_complete=complete_record_id)
@with_output(skip=("sort", "limit"))
@pass_settings
def show(settings: Settings, out: Output, record_id: str) -> None:
    """One record in full: names, value, quote, section, notes."""
    emit(query.show(settings.dataset(), record_id), out, settings)
