"""What every command shares: the error boundary, the settings, and the output options
(format, columns, sort, limit, no-header, bom), declared once here and worn by every
listing command.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click

from tzcli import query
from tzcli.errors import AmountError, DataError, OutputError, QueryError
from tzcli.render import OutputFormat, render
from tzcli.render.cells import visible

if TYPE_CHECKING:
    from decimal import Decimal

    from tzcli.listing import Column, Listing
    from tzcli.model import Dataset

F = TypeVar("F", bound=Callable[..., Any])


def _show_help(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


class PlainHelp(click.Command):
    """A help option made once, without gettext: Click translates the help option's
    text each time it builds it, and looking for translations imports ``locale`` and
    searches the disk, about 2 ms of every call, for a text tzcli does not translate."""

    _plain_help: click.Option | None = None

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        names = self.get_help_option_names(ctx)
        if not names or not self.add_help_option:
            return None
        if self._plain_help is None:
            self._plain_help = click.Option(
                names,
                is_flag=True,
                is_eager=True,
                expose_value=False,
                callback=_show_help,
                help="Show this message and exit.",
            )
        return self._plain_help


class TzcliCommand(PlainHelp):
    """The one boundary: the core's errors become one line on stderr.

    A DataError (a data file missing or invalid) or an OutputError (a file
    that cannot or may not be written) exits 1; a QueryError or
    AmountError (the user asked for something that is not there) is a usage
    error and exits 2, with the command's usage line.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except DataError as exc:
            raise click.ClickException(one_line(exc.summary())) from None
        except OutputError as exc:
            raise click.ClickException(one_line(str(exc))) from None
        except (QueryError, AmountError) as exc:
            raise click.UsageError(one_line(str(exc)), ctx=ctx) from None


def one_line(message: str) -> str:
    """A message that may quote a data file (a key, a name, a file name), made safe
    for a terminal: control and bidi characters escaped and visible, so one line."""
    return visible(message)


class Settings:
    """What the group's options chose, handed to every command."""

    def __init__(self, data: str | None, lang: str, units: str = "source") -> None:
        self.data = data
        self.lang = lang
        self.units = units
        self._dataset: Dataset | None = None

    def dataset(self) -> Dataset:
        if self._dataset is None:
            # The loader is imported here, not at the top: --help, --version and
            # `tzcli schema` need no data.
            from tzcli.dataset import load

            self._dataset = load(self.data)
        return self._dataset


pass_settings = click.make_pass_decorator(Settings)


# --------------------------------------------------------------------------
# Output options, declared once


def output_options(func: F) -> F:
    """The options every listing command wears: format, columns, sort, limit, header, BOM."""
    options = [
        click.option(
            "--format",
            "-f",
            "fmt",
            type=click.Choice([fmt.value for fmt in OutputFormat]),
            default=None,
            help="Output format [default: table on a terminal, tsv otherwise].",
        ),
        click.option(
            "--columns",
            "-c",
            metavar="A,B,C",
            help="Columns to show, in this order (see the README for the names).",
        ),
        click.option("--sort", metavar="COLUMN", help="Sort by a column; -COLUMN for descending."),
        click.option(
            "--limit", type=click.IntRange(min=0), metavar="N", help="Show at most N rows."
        ),
        click.option("--no-header", is_flag=True, help="Leave out the header line (csv, tsv)."),
        click.option(
            "--bom", is_flag=True, help="Start csv with a UTF-8 byte-order mark (for Excel)."
        ),
        *table_options(),
    ]
    for option in reversed(options):
        func = option(func)
    return func


class Output:
    """The parsed output options of one call."""

    def __init__(
        self,
        fmt: str | None,
        columns: str | None,
        sort: str | None,
        limit: int | None,
        no_header: bool,
        bom: bool,
        wrap: bool = False,
        layout: str = "auto",
        no_pager: bool = False,
    ) -> None:
        self.chosen_format = fmt is not None
        if fmt is None:
            fmt = "table" if sys.stdout.isatty() else "tsv"
        self.format = OutputFormat(fmt)
        self.columns = _split_names(columns)
        self.sort = sort
        self.limit = limit
        self.header = not no_header
        self.bom = bom
        self.wrap = wrap
        self.layout = layout
        self.pager = not no_pager

    @property
    def is_table(self) -> bool:
        return self.format is OutputFormat.TABLE


def _split_names(text: str | None) -> list[str] | None:
    if text is None:
        return None
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise click.BadParameter("give at least one column name", param_hint="'--columns'")
    return names


def with_output(func: F) -> F:
    """Wear the output options and hand the command an ``Output``."""

    @output_options
    @functools.wraps(func)
    def wrapper(
        *args: Any,
        fmt: str | None,
        columns: str | None,
        sort: str | None,
        limit: int | None,
        no_header: bool,
        bom: bool,
        wrap: bool,
        layout: str,
        no_pager: bool,
        **kwargs: Any,
    ) -> Any:
        out = Output(fmt, columns, sort, limit, no_header, bom, wrap, layout, no_pager)
        return func(*args, out=out, **kwargs)

    return wrapper  # type: ignore[return-value]


def emit(listing: Listing, out: Output, settings: Settings) -> None:
    """Sort, cut, choose columns, and write the listing in the chosen format."""
    lang = settings.lang
    metric = settings.units == "metric"
    if metric and not out.is_table:
        listing = query.with_metric(listing)
    listing = query.arrange(listing, out.sort, out.limit)
    columns = query.select_columns(listing, out.columns) if out.columns else None
    if not listing.rows and out.is_table:
        click.echo("no matches" if lang == "en" else "没有符合条件的记录", err=True)
        return
    if out.is_table and out.pager and sys.stdout.isatty():
        paged(listing, out, columns, lang, metric)
        return
    render(
        listing,
        out.format,
        columns=columns,
        lang=lang,
        header=out.header,
        bom=out.bom,
        metric=metric,
        wrap=out.wrap,
        layout=out.layout,
    )


def table_options() -> list[Callable[[F], F]]:
    """How a table is laid out on a terminal: wrapped text, the layout, the pager."""
    return [
        click.option(
            "--wrap", is_flag=True, help="Show text whole, wrapped (tables on a terminal)."
        ),
        click.option(
            "--layout",
            type=click.Choice(["auto", "table", "records"]),
            default="auto",
            show_default=True,
            help="A table on a terminal: auto (records when the id and value do not fit), "
            "table, or records (one block per record).",
        ),
        click.option("--no-pager", is_flag=True, help="Never page a table taller than the screen."),
    ]


def paged(
    listing: Listing, out: Output, columns: Sequence[Column] | None, lang: str, metric: bool
) -> None:
    """A table on a terminal, through TZCLI_PAGER / PAGER / ``less -FRX`` when it is taller
    than the screen (see ``render.pager``)."""
    from tzcli.render.pager import page

    page(
        lambda stream: render(
            listing,
            out.format,
            columns=columns,
            lang=lang,
            metric=metric,
            wrap=out.wrap,
            layout=out.layout,
            out=stream,
        )
    )


def chart(
    listing: Listing,
    out: Output,
    lang: str,
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
    bars = chart_bars(arranged, lang, label=label, value=value, units=units)
    if not bars:
        click.echo(empty, err=True)
        return
    draw_chart(title, bars)


# --------------------------------------------------------------------------
# Option values


def amount(text: str | None, option: str) -> Decimal | None:
    """An amount typed by the user (2e8, 2.1亿, 5000万), or a usage error naming the option."""
    if text is None:
        return None
    from tzcli.units import parse_amount

    try:
        return parse_amount(text, "amount")
    except AmountError as exc:
        raise click.BadParameter(str(exc), param_hint=f"'{option}'") from None


def many(values: tuple[str, ...]) -> tuple[str, ...]:
    """Repeated or comma-separated choices: --topic a --topic b, or --topic a,b."""
    out: list[str] = []
    for value in values:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return tuple(out)


def check_choices(values: Sequence[str], valid: Sequence[str], option: str) -> None:
    """Each value one of ``valid`` (known only once the data is loaded), or a usage error."""
    for value in values:
        if value not in valid:
            raise click.BadParameter(
                f"{value!r} is not one of: {', '.join(valid)}", param_hint=f"'{option}'"
            )
