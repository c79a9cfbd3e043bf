"""tzcli facts."""

from __future__ import annotations

import click

from tzcli import query
from tzcli.commands.common import (
    Output,
    Settings,
    TzcliCommand,
    amount,
    check_choices,
    emit,
    many,
    pass_settings,
    with_output,
)
from tzcli.model import UNITS


@click.command(cls=TzcliCommand)
@click.option(
    "--topic",
    multiple=True,
    metavar="TOPIC",
    help="Only this topic (repeatable; see 'tzcli topics').",
)
@click.option("--year", type=int, help="Only figures of this year.")
@click.option("--unit", metavar="UNIT", help="Only this unit (yuan, people, households, mu, …).")
@click.option("--search", metavar="TEXT", help="Text in the id, subject, quote or note (zh or en).")
@click.option("--min", "minimum", metavar="VALUE", help="Value at least this (2e8, 3.4万 …).")
@click.option("--max", "maximum", metavar="VALUE", help="Value at most this.")
@click.option("--derived/--stated", default=None, help="Only derived, or only stated, figures.")
@with_output
@pass_settings
def facts(
    settings: Settings,
    out: Output,
    topic: tuple[str, ...],
    year: int | None,
    unit: str | None,
    search: str | None,
    minimum: str | None,
    maximum: str | None,
    derived: bool | None,
) -> None:
    """Every figure, with filters: the universal query."""
    low, high = amount(minimum, "--min"), amount(maximum, "--max")
    ds = settings.dataset()
    topics = many(topic)
    check_choices(topics, [t.id for t in ds.topics], "--topic")
    if unit is not None:
        check_choices([unit], UNITS, "--unit")
    listing = query.facts(
        ds,
        topics=topics,
        year=year,
        unit=unit,
        search=search,
        minimum=low,
        maximum=high,
        derived=derived,
    )
    emit(listing, out, settings)
