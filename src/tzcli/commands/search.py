"""tzcli search."""

from __future__ import annotations

import click

from tzcli.commands.boundary import TzcliCommand
from tzcli.commands.choices import many
from tzcli.commands.options import ValuesOption
from tzcli.commands.output import Output, emit, with_output
from tzcli.commands.settings import Settings, pass_settings


def _columns() -> tuple[object, ...]:
    from tzcli.search import search_columns

    return search_columns()


def _kinds() -> tuple[str, ...]:
    from tzcli.search import KINDS

    return KINDS


@click.command(
    cls=TzcliCommand,
    columns=_columns,
    examples=[
        ("Everything the text says of dibao, in one listing:", "tzcli search 低保"),
        ("The same in English, figures only:", "tzcli search dibao --kind figure"),
        ("A village by part of its name:", "tzcli search 东昇"),
    ],
)
@click.argument("text")
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    metavar="KIND",
    cls=ValuesOption,
    values=_kinds,
    from_data=False,
    help="Only records of this kind (repeat, or a,b).",
)
@with_output
@pass_settings
def search(settings: Settings, out: Output, text: str, kinds: tuple[str, ...]) -> None:
    """Search figures, projects, plans, measures, villages and notes (zh or en)."""
    from tzcli.commands.options import check_choices
    from tzcli.search import KINDS
    from tzcli.search import search as find

    chosen = many(kinds)
    check_choices(chosen, KINDS, "--kind")
    emit(find(settings.dataset(), text, kinds=chosen), out, settings)
