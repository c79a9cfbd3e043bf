"""tzcli cite."""

from __future__ import annotations

import datetime
import sys

import click

from tzcli import cite as citations
from tzcli import query
from tzcli.commands.common import Settings, TzcliCommand, pass_settings
from tzcli.errors import QueryError
from tzcli.model import Figure
from tzcli.render import write_utf8


@click.command(cls=TzcliCommand)
@click.argument("record_id", metavar="[ID]", required=False)
@click.option(
    "--style",
    type=click.Choice(citations.STYLES),
    default=None,
    help="Citation style [default: gbt7714 with --lang zh, else apa].",
)
@click.option("--accessed", metavar="YYYY-MM-DD", help="Access date [default: today].")
@pass_settings
def cite(
    settings: Settings, record_id: str | None, style: str | None, accessed: str | None
) -> None:
    """Cite the interview, or one figure of it (with its quote)."""
    ds = settings.dataset()
    when = citations.check_date(accessed) if accessed else datetime.date.today().isoformat()
    figure = None
    meta = ds.meta
    if record_id is not None:
        found = ds.record(record_id)
        if not isinstance(found, Figure):
            close = [
                i for i in query.closest_ids(ds, record_id) if isinstance(ds.record(i), Figure)
            ]
            hint = f"; did you mean: {', '.join(close)}" if close else ""
            raise QueryError(f"no figure with id {record_id!r}{hint}")
        figure = found
        meta = ds.meta_for(found.source)
    chosen = style or ("gbt7714" if settings.lang == "zh" else "apa")
    write_utf8(citations.citation(meta, chosen, when, figure) + "\n", sys.stdout)
