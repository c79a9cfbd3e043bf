"""What every command shares: the error boundary, the settings, and the output options
(format, columns, sort, limit, no-header, bom), declared once here and worn by every
listing command.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar, overload

import click

from tzcli import query
from tzcli.commands.choices import option_value, split_values
from tzcli.errors import AmountError, DataError, OutputError, QueryError, TzcliError
from tzcli.render import OutputFormat, render
from tzcli.render.cells import visible

if TYPE_CHECKING:
    from decimal import Decimal

    from tzcli.files import Inputs
    from tzcli.listing import Column, Listing
    from tzcli.model import Dataset

F = TypeVar("F", bound=Callable[..., Any])

#: What --lang and --units take, before the command name (the group) or after it.
LANGS = ("en", "zh")
UNIT_SYSTEMS = ("source", "metric")
#: The settings every command takes after its name (``setting_options``) …
SETTINGS = ("data", "lang", "units", "quiet")
#: … but for those that would ignore some: no tables, so no language or units.
COMMAND_SETTINGS = {
    "schema": ("quiet",),
    "validate": ("data", "quiet"),
    "draft": ("data", "quiet"),
    "export": ("data", "quiet"),
}
#: The parameter names of the output options (``output_options``).
OUTPUT_OPTIONS = (
    "fmt",
    "columns",
    "sort",
    "limit",
    "no_header",
    "bom",
    "wrap",
    "layout",
    "no_pager",
)


def refuse_repeats(command: click.Command, ctx: click.Context, args: Sequence[str]) -> None:
    """An option that takes one value given twice (``--year 2016 --year 2017``): a usage
    error, not the last one silently winning."""
    for param in command.get_params(ctx):
        if not isinstance(param, click.Option) or param.multiple or param.is_flag:
            continue
        if param.count or param.name == "help":
            continue
        longs = [o for o in param.opts if o.startswith("--")]
        shorts = [o for o in param.opts if not o.startswith("--")]
        seen = 0
        skip = False
        for arg in args:
            if skip:
                skip = False
                continue
            if arg == "--":
                break
            if arg in longs or arg in shorts:
                seen += 1
                skip = True  # its value
            elif any(arg.startswith(o + "=") for o in longs) or any(
                arg.startswith(o) and len(arg) > len(o) for o in shorts
            ):
                seen += 1
        if seen > 1:
            name = longs[0] if longs else param.opts[0]
            times = "twice" if seen == 2 else f"{seen} times"
            raise click.UsageError(f"{name} was given {times}: give it once", ctx=ctx)


def _show_help(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


class PlainHelp(click.Command):
    """A help option made once, without gettext: Click translates the help option's
    text each time it builds it, and looking for translations imports ``locale`` and
    searches the disk, about 2 ms of every call, for a text tzcli does not translate.

    It keeps Click's contract (tests/test_plain_help.py, for click>=8.4,<9): made once
    a command, as Click caches its own since 8.1.8 (the order of eager callbacks goes
    by the option object); stored under Click 8.5's reserved name, so that no
    parameter called ``help`` meets it."""

    _plain_help: click.Option | None = None
    #: The name Click (8.5) gives its own help option's value, which is never exposed.
    HELP_OPTION_NAME = "_click_default_help"

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        names = self.get_help_option_names(ctx)
        if not names or not self.add_help_option:
            return None
        if self._plain_help is None:
            self._plain_help = click.Option(
                [*names, self.HELP_OPTION_NAME],
                is_flag=True,
                is_eager=True,
                expose_value=False,
                callback=_show_help,
                help="Show this message and exit.",
            )
        return self._plain_help


class TzcliCommand(PlainHelp):
    """The one boundary: the core's errors become one line on stderr.

    A DataError (a data file missing or invalid), an OutputError (a file
    that cannot or may not be written) or any other of the core's errors
    exits 1; a QueryError or
    AmountError (the user asked for something that is not there) is a usage
    error and exits 2, with the command's usage line.
    """

    def __init__(
        self,
        *args: Any,
        examples: Sequence[tuple[str, str]] = (),
        columns: Callable[[], Sequence[Column]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        #: (what it does, the command line): the end of --help, each run by a test.
        self.examples = tuple(examples)
        #: The listing's columns, for the help and completion of --columns and --sort.
        self.column_set = columns
        taken = COMMAND_SETTINGS.get(self.name or "", SETTINGS)
        self.params.extend(
            p for p in setting_options() if p.name not in SETTINGS or p.name in taken
        )

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        raw = list(args)  # Click's parser consumes the list it is given
        try:
            rest = super().parse_args(ctx, args)
        except click.NoSuchOption as exc:
            raise better_no_such_option(self, ctx, exc) from None
        if not ctx.resilient_parsing:
            refuse_repeats(self, ctx, raw)
        return rest

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command's own options first; then, under headings, the output options every
        listing shares and the settings every command shares."""
        own, output, settings = [], [], []
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx)
            if record is None:
                continue
            if param.name in OUTPUT_OPTIONS:
                output.append(record)
            elif param.name in SETTINGS or param.name in ("help", "source"):
                settings.append(record)
            else:
                own.append(record)
        for title, rows in (("Options", own), ("Output options", output), ("Settings", settings)):
            if rows:
                with formatter.section(title):
                    formatter.write_dl(rows)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_epilog(ctx, formatter)
        format_examples(formatter, self.examples)

    def invoke(self, ctx: click.Context) -> Any:
        settings = ctx.find_object(Settings)
        taken = COMMAND_SETTINGS.get(self.name or "", SETTINGS)
        if settings is not None and settings.units != "source" and "units" not in taken:
            if not settings.quiet:  # given before the command name, where the group takes it
                click.echo(
                    f"note: --units {settings.units} does nothing with {self.name}", err=True
                )
        try:
            return super().invoke(ctx)
        except DataError as exc:
            raise click.ClickException(one_line(exc.summary())) from None
        except OutputError as exc:
            raise click.ClickException(one_line(str(exc))) from None
        except (QueryError, AmountError) as exc:
            raise click.UsageError(one_line(str(exc)), ctx=ctx) from None
        except TzcliError as exc:  # any other (a source text that cannot be read …)
            raise click.ClickException(one_line(str(exc))) from None


def format_examples(formatter: click.HelpFormatter, examples: Sequence[tuple[str, str]]) -> None:
    """The Examples section that ends a help: what each does, then ``$ command line``
    (a test finds the lines by that ``$`` and runs each)."""
    if not examples:
        return
    with formatter.section("Examples"):
        for what, line in examples:
            formatter.write_text(what)
            with formatter.indentation():
                formatter.write(f"{'':>{formatter.current_indent}}$ {line}\n")


def one_line(message: str) -> str:
    """A message that may quote a data file (a key, a name, a file name), made safe
    for a terminal: control and bidi characters escaped and visible, so one line."""
    return visible(message)


class Settings:
    """What the group's options chose, handed to every command."""

    def __init__(
        self,
        data: str | None,
        lang: str,
        units: str = "source",
        quiet: bool = False,
        sources: Sequence[str] = (),
    ) -> None:
        self.data = data
        self.lang = lang
        self.units = units
        self.quiet = quiet
        #: --source: only these sources' records (every source when empty)
        self.sources: tuple[str, ...] = tuple(sources)
        self._dataset: Dataset | None = None

    def choose(self, name: str, value: Any) -> None:
        """A setting given again after the command name: the later one wins."""
        if name == "data" and value != self.data:
            self._dataset = None
        if name == "source":
            name, value = "sources", many(value)
        setattr(self, name, value)

    def dataset(self) -> Dataset:
        """The data of --data, only the sources of --source when it is given."""
        if self._dataset is None:
            # The loader is imported here, not at the top: --help, --version and
            # `tzcli schema` need no data.
            from tzcli.commands.progress import loading

            with loading(self.data, self.quiet):
                self._dataset = load_data(self.data, quiet=self.quiet)
        if not self.sources:
            return self._dataset
        known = self._dataset.source_ids()
        for source in self.sources:
            if source not in known:
                raise QueryError(
                    f"--source: no source {source!r} is loaded; the sources: {', '.join(known)}"
                )
        return self._dataset.only(self.sources)

    def inputs(self) -> Inputs:
        """The files the dataset is read from, which no output may replace."""
        from tzcli.files import Inputs

        found = Inputs()
        if self.data == "-":
            return found.add_stdin("the dataset read from stdin")
        from tzcli.dataset import dataset_files, display_name

        names = dataset_files(self.data)
        whose = "the bundled dataset" if self.data is None else "the dataset this command reads"
        folder = self.data is None or os.path.isdir(self.data)
        what = f"a file of {whose}" if folder else whose
        for name in names:
            found.add(name, what, display_name(name))
        return found


pass_settings = click.make_pass_decorator(Settings)


# --------------------------------------------------------------------------
# Output options, declared once


def output_options(func: F, skip: Sequence[str] = ()) -> F:
    """The options every listing command wears: format, columns, sort, limit, header, BOM
    (but those in ``skip``: ``show`` has one record, so no --sort or --limit)."""
    options = [
        click.option(
            "--format",
            "-f",
            "fmt",
            type=Choice([fmt.value for fmt in OutputFormat]),
            default=None,
            help="Output format [default: table on a terminal; otherwise $TZCLI_FORMAT, "
            "else tsv]. tsv writes tab, newline, CR and backslash in a value as \\t \\n "
            "\\r \\\\ (mlr reads them back; pandas and polars do not: use csv).",
        ),
        click.option(
            "--columns",
            "-c",
            metavar="A,B,C",
            cls=ColumnsOption,
            multiple=True,
            help="Columns to show, in this order (repeat -c to add more).",
        ),
        *(
            []
            if "sort" in skip
            else [
                click.option(
                    "--sort",
                    metavar="COLUMN",
                    shell_complete=_complete_sort,
                    help="Sort by a column; -COLUMN for descending.",
                )
            ]
        ),
        *(
            []
            if "limit" in skip
            else [
                click.option(
                    "--limit", type=click.IntRange(min=0), metavar="N", help="Show at most N rows."
                )
            ]
        ),
        click.option("--no-header", is_flag=True, help="Leave out the header line (csv, tsv)."),
        click.option("--bom", is_flag=True, help=BOM_HELP),
        *table_options(),
    ]
    for option in reversed(options):
        func = option(func)
    return func


#: --bom, the spreadsheet mode of csv and tsv (listings and ``export -f csv``).
BOM_HELP = (
    "csv or tsv for a spreadsheet: a UTF-8 byte-order mark, and a ' before text that "
    "begins with = + - @, tab or CR, so no cell runs as a formula (OWASP). Without "
    "--bom, csv and tsv are exact."
)


class Output:
    """The parsed output options of one call."""

    def __init__(
        self,
        fmt: str | None,
        columns: str | Sequence[str] | None,
        sort: str | None,
        limit: int | None,
        no_header: bool,
        bom: bool,
        wrap: bool = False,
        layout: str = "auto",
        no_pager: bool = False,
    ) -> None:
        if columns is not None and not isinstance(columns, str):  # -c a -c b,c: a,b,c
            columns = ",".join(columns) if columns else None
        self.chosen_format = fmt is not None
        if fmt is None:
            fmt = "table" if sys.stdout.isatty() else default_format()
        self.format = OutputFormat(fmt)
        self.columns = _split_names(columns)
        self.sort = sort
        self.limit = limit
        self.header = not no_header
        self.bom = bom
        self.wrap = wrap
        self.layout = layout
        self.pager = not no_pager
        self.idle = idle_options(self.format.value, no_header, bom, wrap, layout, no_pager)
        if not self.chosen_format:  # table options in a pipe: the same command, piped
            self.idle = [line for line in self.idle if "tables only" not in line]

    def warn_idle(self, quiet: bool) -> None:
        """One line on stderr for each option that does nothing with the chosen format."""
        if not quiet:
            for line in self.idle:
                click.echo(f"note: {line}", err=True)

    @property
    def is_table(self) -> bool:
        return self.format is OutputFormat.TABLE


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


def _split_names(text: str | None) -> list[str] | None:
    if text is None:
        return None
    names = [n.strip() for n in text.split(",") if n.strip()]
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
        out = Output(fmt, columns, sort, limit, no_header, bom, wrap, layout, no_pager)
        settings = click.get_current_context().find_object(Settings)
        out.warn_idle(settings.quiet if settings is not None else False)
        return func(*args, out=out, **kwargs)

    return wrapper


def emit(listing: Listing, out: Output, settings: Settings) -> None:
    """Sort, cut, choose columns, and write the listing in the chosen format."""
    lang = settings.lang
    metric = settings.units == "metric"
    if metric and not out.is_table:
        listing = query.with_metric(listing)
    if out.is_table:
        listing = query.with_sources(listing)
    listing = query.arrange(listing, out.sort, out.limit)
    columns = query.select_columns(listing, out.columns) if out.columns else None
    if out.is_table and not listing.vertical:
        from tzcli.render.table import is_terminal  # Rich: a table is drawn

        if is_terminal(sys.stdout):
            # on a terminal, where width is short, ids as their handles (``tzcli.handles``)
            from tzcli.handles import shorten

            listing = shorten(listing, settings.dataset())
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
            type=Choice(["auto", "table", "records"]),
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
    """An amount typed by the user in any form a table prints or a person writes (2e8,
    500 million, 2.1亿, 5千万, 两亿: ``tzcli.amounts``), or a usage error naming the option."""
    if text is None:
        return None
    from tzcli.amounts import parse_amount

    try:
        return parse_amount(text, "amount")
    except AmountError as exc:
        raise click.BadParameter(str(exc), param_hint=f"'{option}'") from None


def amount_bounds(
    low: str | None, high: str | None, names: tuple[str, str]
) -> tuple[Decimal | None, Decimal | None]:
    """A minimum and a maximum (``amount``); a minimum above the maximum is a usage error."""
    from tzcli.amounts import check_bounds

    minimum, maximum = amount(low, names[0]), amount(high, names[1])
    try:
        check_bounds(minimum, maximum, names)
    except AmountError as exc:
        raise click.UsageError(str(exc)) from None
    return minimum, maximum


def many(values: tuple[str, ...]) -> tuple[str, ...]:
    """Repeated or comma-separated choices: --topic a --topic b, or --topic a,b; a value
    that holds a comma is given escaped (``a\\,b``) or in double quotes (``"a,b"``)."""
    out: list[str] = []
    for value in values:
        out.extend(v.strip() for v in split_values(value) if v.strip())
    return tuple(out)


def check_choices(values: Sequence[str], valid: Sequence[str], option: str) -> None:
    """Each value one of ``valid`` (known only once the data is loaded), or a usage error
    that names the closest (``povrty``: did you mean 'poverty'?)."""
    for value in values:
        if value not in valid:
            listed = ", ".join(option_value(v) for v in valid)  # a comma in one: escaped
            raise click.BadParameter(
                f"{value!r} is not one of: {listed}{did_you_mean(value, valid)}",
                param_hint=f"'{option}'",
            )


def did_you_mean(value: str, valid: Sequence[str]) -> str:
    """`` Did you mean 'x'?`` for the closest of ``valid``, or ""."""
    import difflib

    close = difflib.get_close_matches(value.casefold(), list(valid), n=1, cutoff=0.6)
    if not close:
        close = [v for v in valid if v.startswith(value.casefold())][:1] if value else []
    return f". Did you mean {close[0]!r}?" if close else ""


class Choice(click.Choice):  # type: ignore[type-arg]
    """Click's Choice, whose error names the closest choice."""

    def get_invalid_choice_message(self, value: Any, ctx: click.Context | None) -> str:
        message: str = super().get_invalid_choice_message(value, ctx)
        return message.rstrip(".") + did_you_mean(str(value), [str(c) for c in self.choices])


# --------------------------------------------------------------------------
# Settings where people type them: before or after the command name


def _choose_setting(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    """A setting given after the command name: it replaces the group's (the later wins)."""
    if value is None or value is False or value == () or param.name is None:
        return
    ctx.meta[f"tzcli.{param.name}"] = value  # for completion, which makes no Settings
    settings = ctx.find_object(Settings)
    if settings is not None:
        settings.choose(param.name, value)


def data_option_help() -> str:
    return "A dataset file or folder to read instead of the bundled one ('-': stdin)."


def complete_path(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Let the shell complete a file or folder name (what click.Path does)."""
    from click.shell_completion import CompletionItem

    return [CompletionItem(incomplete, type="file")]


def setting_options() -> list[click.Parameter]:
    """--data, --lang, --units and --quiet, worn by every command as well as by the group.

    Eager, so that ``tzcli projects --data x.toml --help`` lists x.toml's sectors."""
    return [
        click.Option(
            ["--data"],
            metavar="PATH",
            is_eager=True,
            expose_value=False,
            callback=_choose_setting,
            shell_complete=complete_path,
            help=data_option_help(),
        ),
        click.Option(
            ["--lang"],
            type=Choice(LANGS),
            is_eager=True,
            expose_value=False,
            callback=_choose_setting,
            help="Language of tables and charts: as before the command name.",
        ),
        click.Option(
            ["--units"],
            type=Choice(UNIT_SYSTEMS),
            is_eager=True,
            expose_value=False,
            callback=_choose_setting,
            help="metric: mu as hectares, amounts in CNY millions: as before the command name.",
        ),
        click.Option(
            ["--source"],
            metavar="SOURCE",
            multiple=True,
            is_eager=True,
            expose_value=False,
            callback=_choose_setting,
            help="Only this source's records (its [meta] id; repeatable, or a,b; "
            "see 'tzcli sources').",
        ),
        click.Option(
            ["--quiet", "-q"],
            is_flag=True,
            default=None,
            is_eager=True,
            expose_value=False,
            callback=_choose_setting,
            help="No progress bar and no notes on stderr (errors still go there).",
        ),
    ]


def load_data(data: str | None, *, use_cache: bool = True, quiet: bool = False) -> Dataset:
    """The dataset of ``--data``: a path, the bundled data (None), or '-' for stdin."""
    from tzcli.dataset import MAX_FILE_BYTES, load, load_text

    if data != "-":
        return load(data, use_cache=use_cache)
    if is_terminal_stdin() and not quiet:
        click.echo("reading a TOML dataset from stdin (end it with Ctrl-D)", err=True)
    raw = stdin_bytes(MAX_FILE_BYTES + 1)
    if raw is None:
        from tzcli.errors import Problem

        raise DataError([Problem("<stdin>", "", CLOSED_STDIN)])
    return load_text(raw)


#: What a closed stdin (``<&-``) is, when '-' asks for it.
CLOSED_STDIN = "stdin is closed: give '-' something to read (… < FILE), or a file name"


def is_terminal_stdin() -> bool:
    try:
        return sys.stdin is not None and sys.stdin.isatty()
    except (OSError, ValueError):
        return False


def stdin_bytes(limit: int = -1) -> bytes | None:
    """Standard input's bytes (at most ``limit``); None when there is no stdin to read
    (closed: ``<&-``, or not readable)."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        return None
    try:
        return bytes(stream.read(limit))
    except (OSError, ValueError):  # a bad descriptor, a closed file
        return None


# --------------------------------------------------------------------------
# Did you mean: the option that does the job on this command

#: What people type for an option, and the options that do that job (kept only
#: where the command has them).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "--min": ("--min-investment",),
    "--max": ("--max-investment",),
    "--minimum": ("--min", "--min-investment"),
    "--maximum": ("--max", "--max-investment"),
    "--investment": ("--min-investment", "--max-investment"),
    "--metric": ("--units",),
    "--unit": ("--units",),
    "--language": ("--lang",),
    "--zh": ("--lang",),
    "--en": ("--lang",),
    "--json": ("--format",),
    "--csv": ("--format",),
    "--tsv": ("--format",),
    "--output": ("--format",),
    "--fields": ("--columns",),
    "--cols": ("--columns",),
    "--select": ("--columns",),
    "--order": ("--sort",),
    "--order-by": ("--sort",),
    "--sort-by": ("--sort",),
    "--top": ("--limit",),
    "--head": ("--limit",),
    "--grep": ("--search",),
    "--query": ("--search",),
    "--find": ("--search",),
    "--file": ("--data",),
    "--dataset": ("--data",),
    "--category": ("--sector", "--pillar"),
    "--industry": ("--sector", "--pillar"),
    "--state": ("--status",),
}


def suggest_options(command: click.Command, ctx: click.Context, typed: str) -> list[str]:
    """Options of ``command`` that do what ``typed`` asks: a longer or shorter form of it
    (``--min`` for ``--min-investment``), a synonym, or a close spelling."""
    import difflib

    name = typed.split("=", 1)[0]
    names = [
        opt
        for param in command.get_params(ctx)
        if isinstance(param, click.Option) and not param.hidden
        for opt in (*param.opts, *param.secondary_opts)
        if opt.startswith("--")
    ]
    found: list[str] = []
    if name.startswith("--") and len(name) > 3:
        found += [n for n in names if n.startswith(name) or name.startswith(n + "-")]
    found += [n for n in SYNONYMS.get(name, ()) if n in names]
    if not found:  # only when nothing does the job: --bom is close to --min, but no help
        found = difflib.get_close_matches(name, names)
    return list(dict.fromkeys(found))


def better_no_such_option(
    command: click.Command, ctx: click.Context, exc: click.NoSuchOption
) -> click.NoSuchOption:
    """Click's error, with the suggestions of ``suggest_options`` (Click's own keep only
    close spellings: ``--min`` is not close to ``--min-investment``)."""
    found = [repr(name) for name in suggest_options(command, ctx, exc.option_name)]
    message = exc.message  # Click's own words, then suggestions as Click words them
    if len(found) == 1:
        message += f" Did you mean {found[0]}?"
    elif found:
        message += f" (Did you mean one of: {', '.join(found)}?)"
    return click.NoSuchOption(exc.option_name, message=message, ctx=ctx)


# --------------------------------------------------------------------------
# Help computed when it is shown (a normal call builds none of it)


def _complete_sort(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from tzcli.commands.complete import complete_sort

    return complete_sort(ctx, param, incomplete)


def _complete_columns(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from tzcli.commands.complete import complete_columns

    return complete_columns(ctx, param, incomplete)


class ColumnsOption(click.Option):
    """--columns, whose help lists the command's columns (its ``column_set``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("shell_complete", _complete_columns)
        super().__init__(*args, **kwargs)

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        from tzcli.commands.choices import column_names

        record = super().get_help_record(ctx)
        names = column_names(ctx.command, metric=False)
        if record is None or not names:
            return record
        spec, text = record
        text = f"{text} One or more of: {', '.join(names)}."
        metric = [n for n in column_names(ctx.command) if n not in names]
        if metric:
            text += f" With --units metric, in csv, tsv and json, also: {', '.join(metric)}."
        return spec, text


class ValuesOption(click.Option):
    """An option with a fixed set of values, listed in its help and offered by completion.

    ``values`` gives them from the dataset (a new interview's sectors appear) or, when
    it takes no argument, from the code (the pillars). Computed only when help or a
    completion is asked for."""

    def __init__(
        self,
        *args: Any,
        values: Callable[[Dataset], Sequence[str]] | Callable[[], Sequence[str]],
        from_data: bool = True,
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("shell_complete", self._complete)
        super().__init__(*args, **kwargs)
        self.values = values
        self.from_data = from_data

    def choices(self, ctx: click.Context) -> list[str]:
        if not self.from_data:
            return list(self.values())  # type: ignore[call-arg]
        from tzcli.commands.choices import help_dataset

        ds = help_dataset(ctx)
        return [] if ds is None else list(self.values(ds))  # type: ignore[call-arg]

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        values = self.choices(ctx)
        if record is None or not values:
            return record
        spec, text = record
        return spec, f"{text} One of: {', '.join(values)}."

    @staticmethod
    def _complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from tzcli.commands.complete import complete_values

        return complete_values(ctx, param, incomplete)
