"""tzcli compare."""

from __future__ import annotations

import click

from tzcli import query
from tzcli.commands.boundary import TzcliCommand
from tzcli.commands.output import Output, chart, emit, with_output
from tzcli.commands.settings import Settings, pass_settings


def complete_concept(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[object]:
    """The vocabulary's concept ids (no data needed)."""
    from click.shell_completion import CompletionItem

    from tzcli.concepts import CONCEPTS

    return [CompletionItem(c.id, help=c.name_en) for c in CONCEPTS if c.id.startswith(incomplete)]


@click.command(
    cls=TzcliCommand,
    columns=query.compare_columns,
    examples=[
        ("People lifted out of poverty, in every source:", "tzcli compare poverty.people_lifted"),
        (
            "Tax revenue and rural population, results of 2016 only, as csv:",
            "tzcli compare economy.tax_revenue profile.population_rural --year 2016 --format csv",
        ),
        ("As bars, biggest first:", "tzcli compare poverty.people_lifted --sort -value --chart"),
    ],
)
@click.argument(
    "concept_ids", nargs=-1, required=True, metavar="ID...", shell_complete=complete_concept
)
@click.option(
    "--year",
    type=int,
    help="Only figures of this year (a span such as 2016–2020 matches each year it covers).",
)
@click.option("--chart", "as_chart", is_flag=True, help="Draw the values as bars (a terminal).")
@with_output
@pass_settings
def compare(
    settings: Settings, out: Output, concept_ids: tuple[str, ...], year: int | None, as_chart: bool
) -> None:
    """One concept (or several) across every loaded source: a row per source and year.

    ID is a concept's id ('tzcli concepts') or any figure id; each row gives the
    source, its place, the year (or span), whether the figure is a result or a
    target, its value and the quote it came from; 'draft' marks a figure no one
    has reviewed yet (reviewed = false).
    """
    listing = query.compare(settings.dataset(), concept_ids, year=year)
    if not as_chart:
        emit(listing, out, settings)
        return
    from tzcli._frozen import replace

    lang = settings.lang
    rows = []
    for row in listing.rows:
        mark = "" if row["reviewed"] else (" 草稿" if lang == "zh" else " draft")
        target = ("目标" if lang == "zh" else " target") if row["kind"] == "target" else ""
        place = row[f"place_{lang}"] or row["source"]
        label = f"{place} {row['years']}{target}{mark}"
        rows.append({**row, "label_zh": label, "label_en": label})
    chart(
        replace(listing, rows=rows),
        out,
        label="label",
        value="value",
        title=listing.title(lang),
        empty="no figures to chart",
    )
