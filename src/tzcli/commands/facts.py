"""tzcli facts."""

from __future__ import annotations

import click

from tzcli import query
from tzcli.commands.boundary import TzcliCommand
from tzcli.commands.choices import many, topic_ids
from tzcli.commands.options import ValuesOption, amount_bounds, check_choices, topic_option
from tzcli.commands.output import Output, emit, with_output
from tzcli.commands.settings import Settings, pass_settings
from tzcli.model import UNITS


@click.command(
    cls=TzcliCommand,
    columns=query.figure_columns,
    examples=[
        ("Poverty figures of 2016:", "tzcli facts --topic poverty --year 2016"),
        (
            "Figures of at least 100 million yuan, biggest first:",
            "tzcli facts --unit yuan --min 1亿 --sort -value",
        ),
        (
            "Every figure whose quote or names mention wells, as csv:",
            "tzcli facts --search 机井 --format csv",
        ),
    ],
)
@topic_option
@click.option(
    "--year",
    type=int,
    cls=ValuesOption,
    values=lambda ds: [str(y) for y in query.years_with_data(ds.figures)],
    help="Only figures of this year.",
)
@click.option(
    "--unit",
    metavar="UNIT",
    cls=ValuesOption,
    values=lambda: UNITS,
    from_data=False,
    help="Only this unit.",
)
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
    low, high = amount_bounds(minimum, maximum, ("--min", "--max"))
    ds = settings.dataset()
    topics = many(topic)
    check_choices(topics, topic_ids(ds), "--topic")
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
