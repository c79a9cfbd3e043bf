"""A listing's way out: the output options of one call read into one frozen ``Output``
(whose ``write`` is the ``render.WriteOptions`` every writer is handed), and ``emit``,
which sorts, cuts and writes a listing in the chosen format (a table through the pager
on a terminal), or ``chart``, which draws its bars."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, overload

import click

from tzcli import query, terminal
from tzcli._frozen import dataclass  # dataclasses, without their import-time cost
from tzcli.commands.options import output_options
from tzcli.commands.settings import Settings
from tzcli.render import OutputFormat, WriteOptions, render

if TYPE_CHECKING:
    from tzcli.listing import Listing

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class Output:
    """The output options of one call: the format (and whether it was chosen), what to
    show (columns, sort, limit), the pager, and what the writer is handed (``write``)."""

    format: OutputFormat
    chosen_format: bool
    columns: tuple[str, ...] | None
    sort: str | None
    limit: int | None
    pager: bool
    write: WriteOptions
    #: One line for each option that does nothing with the format (``warn_idle``).
    idle: tuple[str, ...] = ()

    @property
    def is_table(self) -> bool:
        return self.format is OutputFormat.TABLE

    def warn_idle(self, quiet: bool) -> None:
        """One line on stderr for each option that does nothing with the chosen format."""
        if not quiet:
            for line in self.idle:
                click.echo(f"note: {line}", err=True)


def read_output(
    fmt: str | None,
    columns: str | Sequence[str] | None,
    sort: str | None,
    limit: int | None,
    no_header: bool,
    bom: bool,
    wrap: bool = False,
    layout: str = "auto",
    no_pager: bool = False,
    *,
    lang: str = "en",
    metric: bool = False,
) -> Output:
    """The output options as Click hands them (``-c a -c b,c``: a,b,c), read once."""
    if columns is not None and not isinstance(columns, str):
        columns = ",".join(columns) if columns else None
    chosen = fmt is not None
    if fmt is None:
        fmt = "table" if terminal.is_terminal(sys.stdout) else default_format()
    idle = idle_options(fmt, no_header, bom, wrap, layout, no_pager)
    if not chosen:  # table options in a pipe: the same command, piped
        idle = [line for line in idle if "tables only" not in line]
    return Output(
        OutputFormat(fmt),
        chosen,
        _split_names(columns),
        sort,
        limit,
        not no_pager,
        WriteOptions(lang, not no_header, bom, metric, wrap, layout),
        tuple(idle),
    )


def idle_options(
    fmt: str, no_header: bool, bom: bool, wrap: bool, layout: str, no_pager: bool
) -> list[str]:
    """What the options chosen do not do with ``fmt``, one line each."""
    idle = []
    if bom and fmt != "csv":
        idle.append(f"--bom does nothing with {fmt} (csv only)")
    if no_header and fmt not in ("csv", "tsv"):
        idle.append(f"--no-header does nothing with {fmt} (csv and tsv only)")
    if fmt != "table":
        for flag, name in (
            (wrap, "--wrap"),
            (layout != "auto", "--layout"),
            (no_pager, "--no-pager"),
        ):
            if flag:
                idle.append(f"{name} does nothing with {fmt} (tables only)")
    return idle


def default_format() -> str:
    """The format of a listing that is not on a terminal: ``TZCLI_FORMAT`` if set (one
    setting for every pipe, as gh's config has), else tsv; a bad value is a usage error."""
    import os

    chosen = os.environ.get("TZCLI_FORMAT", "").strip()
    if not chosen:
        return "tsv"
    names = [fmt.value for fmt in OutputFormat]
    if chosen.lower() not in names:
        raise click.UsageError(
            f"TZCLI_FORMAT={chosen!r} is not a format; use one of {', '.join(names)} "
            "(or unset it for tsv)"
        )
    return chosen.lower()


def _split_names(text: str | None) -> tuple[str, ...] | None:
    if text is None:
        return None
    names = tuple(n.strip() for n in text.split(",") if n.strip())
    if not names:
        raise click.BadParameter("give at least one column name", param_hint="'--columns'")
    return names


@overload
def with_output(func: F) -> F: ...
@overload
def with_output(func: None = None, *, skip: Sequence[str] = ()) -> Callable[[F], F]: ...
def with_output(func: F | None = None, *, skip: Sequence[str] = ()) -> Any:
    """Wear the output options (but ``skip``) and hand the command an ``Output``."""
    if func is None:
        return lambda f: with_output(f, skip=skip)

    @functools.partial(output_options, skip=skip)
    @functools.wraps(func)
    def wrapper(
        *args: Any,
        fmt: str | None,
        columns: tuple[str, ...],
        sort: str | None = None,
        limit: int | None = None,
        no_header: bool,
        bom: bool,
        wrap: bool,
        layout: str,
        no_pager: bool,
        **kwargs: Any,
    ) -> Any:
        # The settings are final here: every eager setting has been read.
        settings = click.get_current_context().find_object(Settings)
        lang, metric = (settings.lang, settings.metric) if settings else ("en", False)
        chosen = (fmt, columns, sort, limit, no_header, bom, wrap, layout, no_pager)
        out = read_output(*chosen, lang=lang, metric=metric)
        out.warn_idle(settings.quiet if settings is not None else False)
        return func(*args, out=out, **kwargs)

    return wrapper


def emit(listing: Listing, out: Output, settings: Settings) -> None:
    """Sort, cut, choose columns, and write the listing in the chosen format."""
    if out.write.metric and not out.is_table:
        listing = query.with_metric(listing)
    if out.is_table:
        listing = query.with_sources(listing, headings=not out.columns)
    listing = query.arrange(listing, out.sort, out.limit)
    columns = query.select_columns(listing, out.columns) if out.columns else None
    on_terminal = terminal.is_terminal(sys.stdout)
    if out.is_table and not listing.vertical and on_terminal:
        # on a terminal, where width is short, ids as their handles (``tzcli.handles``),
        # unique in all the data (--source or not: show reads them there)
        from tzcli.handles import shorten

        listing = shorten(listing, settings.whole_dataset())
    if not listing.rows and out.is_table:
        click.echo("no matches" if out.write.lang == "en" else "没有符合条件的记录", err=True)
        return
    if out.is_table and out.pager and on_terminal:
        from tzcli.render.pager import page  # TZCLI_PAGER / PAGER / less -FRX, when taller

        page(lambda stream: render(listing, out.format, columns, out.write, stream))
        return
    render(listing, out.format, columns, out.write)


def chart(
    listing: Listing,
    out: Output,
    *,
    label: str,
    value: str,
    title: str,
    empty: str,
    units: Sequence[str] = (),
) -> None:
    """Bars of one quantity column of a listing, after --sort/--limit (see
    ``render.table.chart_bars``); a chart takes no --format or --columns."""
    from tzcli.render.table import chart_bars, draw_chart  # Rich: only for a chart

    if out.chosen_format or out.columns:
        raise click.UsageError("--chart draws bars; it takes no --format or --columns")
    arranged = query.arrange(listing, out.sort, out.limit)
    bars = chart_bars(arranged, out.write.lang, label=label, value=value, units=units)
    if not bars:
        click.echo(empty, err=True)
        return
    draw_chart(title, bars)
