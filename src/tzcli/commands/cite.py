"""tzcli cite."""

from __future__ import annotations

import datetime
import sys
from typing import Any

import click

from tzcli import cite as citations
from tzcli import query
from tzcli.commands.boundary import TzcliCommand
from tzcli.commands.options import Choice
from tzcli.commands.settings import Settings, pass_settings
from tzcli.errors import QueryError
from tzcli.model import Figure
from tzcli.render import write_utf8


def complete_figure_id(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from tzcli.commands.complete import complete_figure_id as complete

    return complete(ctx, param, incomplete)


@click.command(
    cls=TzcliCommand,
    examples=[
        ("The interview, in APA style:", "tzcli cite"),
        (
            "One figure, with its quote, in GB/T 7714:",
            "tzcli cite profile.population_total --style gbt7714",
        ),
        ("With a fixed access date:", "tzcli cite --accessed 2024-05-01"),
    ],
)
@click.argument("record_id", metavar="[ID]", required=False, shell_complete=complete_figure_id)
@click.option(
    "--style",
    type=Choice(citations.STYLES),
    default=None,
    help="Citation style [default: gbt7714 with --lang zh, else apa].",
)
@click.option("--accessed", metavar="YYYY-MM-DD", help="Access date [default: today].")
@pass_settings
def cite(
    settings: Settings, record_id: str | None, style: str | None, accessed: str | None
) -> None:
    """Cite each loaded source, or one figure (with its quote)."""
    ds = settings.dataset()
    when = citations.check_date(accessed) if accessed else datetime.date.today().isoformat()
    chosen = style or ("gbt7714" if settings.lang == "zh" else "apa")
    if record_id is None:  # each loaded source, one citation after the other
        write_utf8(citations.citations(ds.metas, chosen, when) + "\n", sys.stdout)
        return
    from tzcli.handles import for_dataset, resolve

    found = ds.record(resolve(ds, record_id), Figure)
    if not isinstance(found, Figure):
        ending = for_dataset(ds).candidates(record_id)
        if len(ending) > 1:  # a handle's form that several ids end with: name them
            from tzcli.errors import AmbiguousId

            raise AmbiguousId(record_id, ending, ending=True)
        close = [
            i
            for i in query.closest_ids(ds, record_id)
            if any(isinstance(x, Figure) for x in ds.candidates(i))
        ]
        hint = f"; did you mean: {', '.join(close)}" if close else ""
        raise QueryError(f"no figure with id {record_id!r}{hint}")
    meta = ds.meta_for(found.source)
    write_utf8(citations.citation(meta, chosen, when, found) + "\n", sys.stdout)
