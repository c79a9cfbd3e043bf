"""tzcli projects."""

from __future__ import annotations

import click

from tzcli import query
from tzcli.commands.boundary import TzcliCommand
from tzcli.commands.choices import many
from tzcli.commands.options import ValuesOption, amount_bounds, check_choices
from tzcli.commands.output import Output, chart, emit, with_output
from tzcli.commands.settings import Settings, pass_settings
from tzcli.model import Dataset


def statuses(ds: Dataset) -> list[str]:
    return sorted({p.status for p in ds.projects})


def sectors(ds: Dataset) -> list[str]:
    return sorted({p.sector for p in ds.projects})


@click.command(
    cls=TzcliCommand,
    columns=query.project_columns,
    examples=[
        (
            "Projects of at least 200 million yuan, biggest first:",
            "tzcli projects --min-investment 2亿 --sort -investment",
        ),
        (
            "Planned housing projects, in Chinese:",
            "tzcli projects --status planned --sector housing --lang zh",
        ),
        (
            "Names and investments in CNY millions, as csv:",
            "tzcli projects --units metric --columns id,name_en,investment_metric --format csv",
        ),
    ],
)
@click.option(
    "--min-investment", metavar="AMOUNT", help="At least this many yuan (2e8, 2.1亿, 5000万 …)."
)
@click.option("--max-investment", metavar="AMOUNT", help="At most this many yuan.")
@click.option(
    "--status",
    multiple=True,
    metavar="STATUS",
    cls=ValuesOption,
    values=statuses,
    help="Only this status (repeatable, or a,b).",
)
@click.option(
    "--sector",
    multiple=True,
    metavar="SECTOR",
    cls=ValuesOption,
    values=sectors,
    help="Only this sector (repeatable, or a,b).",
)
@click.option(
    "--year",
    type=int,
    cls=ValuesOption,
    values=lambda ds: [str(y) for y in query.years_with_data(ds.projects)],
    help="Only projects of this year.",
)
@click.option("--search", metavar="TEXT", help="Text in the name, company or quote (zh or en).")
@click.option("--chart", "as_chart", is_flag=True, help="Draw investments as bars (on a terminal).")
@with_output
@pass_settings
def projects(
    settings: Settings,
    out: Output,
    min_investment: str | None,
    max_investment: str | None,
    status: tuple[str, ...],
    sector: tuple[str, ...],
    year: int | None,
    search: str | None,
    as_chart: bool,
) -> None:
    """Investment projects, reported and planned."""
    low, high = amount_bounds(
        min_investment, max_investment, ("--min-investment", "--max-investment")
    )
    ds = settings.dataset()
    wanted_statuses, wanted_sectors = many(status), many(sector)
    check_choices(wanted_statuses, statuses(ds), "--status")
    check_choices(wanted_sectors, sectors(ds), "--sector")
    listing = query.projects(
        ds,
        min_investment=low,
        max_investment=high,
        status=wanted_statuses,
        sector=wanted_sectors,
        year=year,
        search=search,
    )
    if not as_chart:
        emit(listing, out, settings)
        return
    lang = settings.lang
    chart(
        listing,
        out,
        label="name",
        value="investment",
        title=listing.title(lang) + (" — 投资" if lang == "zh" else " — investment"),
        empty="no projects with a stated investment",
    )
