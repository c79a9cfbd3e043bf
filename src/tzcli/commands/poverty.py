"""tzcli poverty."""

from __future__ import annotations

import click

from tzcli import query
from tzcli.commands.boundary import TzcliCommand
from tzcli.commands.options import ValuesOption
from tzcli.commands.output import Output, chart, emit, with_output
from tzcli.commands.settings import Settings, pass_settings


@click.command(
    cls=TzcliCommand,
    columns=query.poverty_columns,
    examples=[
        ("The 2016 results, derived figures marked:", "tzcli poverty --year 2016"),
        ("The measures planned for 2017:", "tzcli poverty --year 2017"),
        ("People and households lifted out, as bars:", "tzcli poverty --year 2016 --chart"),
    ],
)
@click.option(
    "--year",
    type=int,
    cls=ValuesOption,
    values=lambda ds: [str(y) for y in query.poverty_years(ds)],
    help="Only this year (the results' year, or the plans' for the measures planned).",
)
@click.option(
    "--chart",
    "as_chart",
    is_flag=True,
    help="Draw the people and households lifted out against the total.",
)
@with_output
@pass_settings
def poverty(settings: Settings, out: Output, year: int | None, as_chart: bool) -> None:
    """Poverty alleviation: figures (derived ones marked) and the measures planned."""
    listing = query.poverty(settings.dataset(), year=year)
    if not as_chart:
        emit(listing, out, settings)
        return
    chart(
        listing,
        out,
        label="subject",
        value="value",
        title=listing.title(settings.lang),
        empty="no poverty figures to chart for that year",
        units=("households", "people"),
    )
