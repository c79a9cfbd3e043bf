"""tzcli projects."""

from __future__ import annotations

import click

from tzcli import query
from tzcli.commands.common import (
    Output,
    Settings,
    TzcliCommand,
    amount,
    chart,
    check_choices,
    emit,
    many,
    pass_settings,
    with_output,
)


@click.command(cls=TzcliCommand)
@click.option(
    "--min-investment", metavar="AMOUNT", help="At least this many yuan (2e8, 2.1亿, 5000万 …)."
)
@click.option("--max-investment", metavar="AMOUNT", help="At most this many yuan.")
@click.option("--status", multiple=True, metavar="STATUS", help="Only this status (repeatable).")
@click.option("--sector", multiple=True, metavar="SECTOR", help="Only this sector (repeatable).")
@click.option("--year", type=int, help="Only projects of this year.")
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
    """Investment projects, 2016 results and 2017 plans."""
    low = amount(min_investment, "--min-investment")
    high = amount(max_investment, "--max-investment")
    ds = settings.dataset()
    statuses, sectors = many(status), many(sector)
    check_choices(statuses, sorted({p.status for p in ds.projects}), "--status")
    check_choices(sectors, sorted({p.sector for p in ds.projects}), "--sector")
    listing = query.projects(
        ds,
        min_investment=low,
        max_investment=high,
        status=statuses,
        sector=sectors,
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
        lang,
        label="name",
        value="investment",
        title=listing.title(lang) + (" — 投资" if lang == "zh" else " — investment"),
        empty="no projects with a stated investment",
    )
