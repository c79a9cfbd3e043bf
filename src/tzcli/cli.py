"""The command line: thin Click commands over query and render.

The one boundary where the core's exceptions become Click errors is
``TzcliCommand.invoke``; nothing else exits. Heavy modules (the loader, Rich,
json, sqlite3, difflib) are imported inside the commands that need them.
"""

from __future__ import annotations

import functools
import os
import sys
from typing import TYPE_CHECKING, Any, Callable, Dict, List, Optional, Sequence, Tuple, TypeVar

import click

from tzcli import __version__

if TYPE_CHECKING:
    from decimal import Decimal

    from tzcli.model import Dataset
    from tzcli.query import Listing

F = TypeVar("F", bound=Callable[..., Any])

FORMATS = ("table", "csv", "tsv", "json", "jsonl", "markdown")


def _show_help(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(ctx.get_help(), color=ctx.color)
        ctx.exit()


class _NotLong(click.NoSuchOption):
    """ "Not a long option", said cheaply: Click catches it and tries short options."""

    def __init__(self, option_name: str) -> None:  # no message, no "did you mean"
        Exception.__init__(self, option_name)


class PlainHelp(click.Command):
    """Click without gettext and difflib on the way of a valid call.

    Click translates the help option's text each time it builds it, and
    looking for translations imports ``locale`` and searches the disk: about
    2 ms of every call, for a text tzcli does not translate. And Click tries
    a short option such as ``-f`` as a long one first, building a translated
    "No such option" with "did you mean" suggestions (``difflib``) that it then
    throws away: about 4 ms of every call that uses one.
    """

    def make_parser(self, ctx: click.Context) -> Any:
        parser = super().make_parser(ctx)
        match_long = getattr(parser, "_match_long_opt", None)
        long_opts = getattr(parser, "_long_opt", None)
        prefixes = getattr(parser, "_opt_prefixes", None)
        if match_long is None or not isinstance(long_opts, dict) or prefixes is None:
            return parser  # another Click: its own way, slower but the same

        def quick_match_long(opt: str, explicit_value: Optional[str], state: Any) -> None:
            if opt not in long_opts and opt[:2] not in prefixes:
                raise _NotLong(opt)  # "-f": Click goes on to the short options
            match_long(opt, explicit_value, state)

        setattr(parser, "_match_long_opt", quick_match_long)  # noqa: B010 - a private method
        return parser

    def get_help_option(self, ctx: click.Context) -> Optional[click.Option]:
        names = self.get_help_option_names(ctx)
        if not names or not self.add_help_option:
            return None
        if self._help_option is None:
            self._help_option = click.Option(
                names,
                is_flag=True,
                is_eager=True,
                expose_value=False,
                callback=_show_help,
                help="Show this message and exit.",
            )
        return self._help_option


class TzcliCommand(PlainHelp):
    """The one boundary: the core's errors become one line on stderr.

    A DataError (a data file missing or invalid) or an OutputError (a file
    that cannot or may not be written) exits 1; a QueryError or
    AmountError (the user asked for something that is not there) is a usage
    error and exits 2, with the command's usage line.
    """

    def invoke(self, ctx: click.Context) -> Any:
        from tzcli.errors import AmountError, DataError, OutputError, QueryError

        try:
            return super().invoke(ctx)
        except DataError as exc:
            raise click.ClickException(_one_line(exc.summary())) from None
        except OutputError as exc:
            raise click.ClickException(_one_line(str(exc))) from None
        except (QueryError, AmountError) as exc:
            raise click.UsageError(_one_line(str(exc)), ctx=ctx) from None


def _one_line(message: str) -> str:
    """A message that may quote a data file (a key, a name, a file name), made safe
    for a terminal: control and bidi characters escaped and visible, so one line."""
    from tzcli.render import visible

    return visible(message)


#: Each command's maker: a command and its options are built only when it is
#: called (or listed by --help), not on every start-up (about 2 ms).
_MAKERS: Dict[str, Callable[[], click.Command]] = {}


def lazy_command(name: str) -> Callable[[Callable[[], click.Command]], Callable[[], click.Command]]:
    """Register a function that builds the command ``name``."""

    def register(make: Callable[[], click.Command]) -> Callable[[], click.Command]:
        _MAKERS[name] = make
        return make

    return register


class TzcliGroup(click.Group, PlainHelp):
    """The ``tzcli`` group: builds a subcommand when it is first asked for."""

    command_class = TzcliCommand

    def list_commands(self, ctx: click.Context) -> List[str]:
        return sorted({*self.commands, *_MAKERS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> Optional[click.Command]:
        if cmd_name not in self.commands and cmd_name in _MAKERS:
            self.add_command(_MAKERS[cmd_name](), cmd_name)
        return self.commands.get(cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: List[str]
    ) -> Tuple[Optional[str], Optional[click.Command], List[str]]:
        if args and args[0] not in _MAKERS:
            for name in _MAKERS:  # Click suggests "Did you mean …" from the built ones
                self.get_command(ctx, name)
        return super().resolve_command(ctx, args)


class Settings:
    """What the group's options chose, handed to every command."""

    def __init__(self, data: Optional[str], lang: str, units: str = "source") -> None:
        self.data = data
        self.lang = lang
        self.units = units
        self._dataset: Optional["Dataset"] = None

    def dataset(self) -> "Dataset":
        if self._dataset is None:
            from tzcli.dataset import load

            self._dataset = load(self.data)
        return self._dataset


def default_lang() -> str:
    """zh when the locale is Chinese, else en."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var)
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def _version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(f"tzcli {__version__}")
        ctx.exit()


@click.group(cls=TzcliGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--data",
    metavar="PATH",
    envvar="TZCLI_DATA",
    help="A dataset file or folder to read instead of the bundled one [env: TZCLI_DATA].",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "zh"]),
    envvar="TZCLI_LANG",
    default=None,
    help="Language of tables and charts (machine formats carry both) "
    "[env: TZCLI_LANG; default: zh for a Chinese locale, else en].",
)
@click.option(
    "--units",
    type=click.Choice(["source", "metric"]),
    default="source",
    show_default=True,
    help="metric: mu as hectares, amounts in CNY millions (machine formats add *_metric columns).",
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_version,
    help="Show the version and exit.",
)
@click.pass_context
def cli(ctx: click.Context, data: Optional[str], lang: Optional[str], units: str) -> None:
    """Query the figures of the 2017 Tianzhong Subdistrict interview.

    Source: 定陶政府网 (Dingtao District government website), 政务访谈,
    2017-02-28: Party Secretary 穆森 on Tianzhong Subdistrict's 2016 results
    and 2017 plans. Every figure carries the verbatim quote it came from.
    """
    ctx.obj = Settings(data, lang or default_lang(), units)


# --------------------------------------------------------------------------
# Output options, declared once


def output_options(func: F) -> F:
    """The options every listing command wears: format, columns, sort, limit, header, BOM."""
    options = [
        click.option(
            "--format",
            "-f",
            "fmt",
            type=click.Choice(FORMATS),
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
    ]
    for option in reversed(options):
        func = option(func)
    return func


class Output:
    """The parsed output options of one call."""

    def __init__(
        self,
        fmt: Optional[str],
        columns: Optional[str],
        sort: Optional[str],
        limit: Optional[int],
        no_header: bool,
        bom: bool,
    ) -> None:
        from tzcli.render import OutputFormat

        self.chosen_format = fmt is not None
        if fmt is None:
            fmt = "table" if sys.stdout.isatty() else "tsv"
        self.format = OutputFormat(fmt)
        self.columns = _split_names(columns)
        self.sort = sort
        self.limit = limit
        self.header = not no_header
        self.bom = bom

    @property
    def is_table(self) -> bool:
        return self.format.value == "table"


def _split_names(text: Optional[str]) -> Optional[List[str]]:
    if text is None:
        return None
    names = [n.strip() for n in text.split(",") if n.strip()]
    if not names:
        raise click.BadParameter("give at least one column name", param_hint="'--columns'")
    return names


def emit(listing: "Listing", out: Output, settings: "Settings") -> None:
    """Sort, cut, choose columns, and write the listing in the chosen format."""
    from tzcli.query import arrange, select_columns, with_metric
    from tzcli.render import render

    lang = settings.lang
    metric = settings.units == "metric"
    if metric and not out.is_table:
        listing = with_metric(listing)
    listing = arrange(listing, out.sort, out.limit)
    columns = select_columns(listing, out.columns) if out.columns else None
    if not listing.rows and out.is_table:
        click.echo("no matches" if lang == "en" else "没有符合条件的记录", err=True)
        return
    render(
        listing,
        out.format,
        columns=columns,
        lang=lang,
        header=out.header,
        bom=out.bom,
        metric=metric,
    )


def with_output(func: F) -> F:
    """Wear the output options and hand the command an ``Output``."""

    @output_options
    @functools.wraps(func)
    def wrapper(
        *args: Any,
        fmt: Optional[str],
        columns: Optional[str],
        sort: Optional[str],
        limit: Optional[int],
        no_header: bool,
        bom: bool,
        **kwargs: Any,
    ) -> Any:
        return func(*args, out=Output(fmt, columns, sort, limit, no_header, bom), **kwargs)

    return wrapper  # type: ignore[return-value]


pass_settings = click.make_pass_decorator(Settings)


def _amount(text: Optional[str], option: str) -> Optional["Decimal"]:
    if text is None:
        return None
    from tzcli.errors import AmountError
    from tzcli.units import parse_amount

    try:
        return parse_amount(text, "amount")
    except AmountError as exc:
        raise click.BadParameter(str(exc), param_hint=f"'{option}'") from None


def _many(values: Tuple[str, ...]) -> Tuple[str, ...]:
    """Repeated or comma-separated choices: --topic a --topic b, or --topic a,b."""
    out: List[str] = []
    for value in values:
        out.extend(v.strip() for v in value.split(",") if v.strip())
    return tuple(out)


def _check_choices(values: Sequence[str], valid: Sequence[str], option: str) -> None:
    for value in values:
        if value not in valid:
            raise click.BadParameter(
                f"{value!r} is not one of: {', '.join(valid)}", param_hint=f"'{option}'"
            )


# --------------------------------------------------------------------------
# Commands


@lazy_command("stats")
def _stats() -> click.Command:
    @click.command(cls=TzcliCommand)
    @click.option("--year", type=int, help="Only headline figures of this year.")
    @with_output
    @pass_settings
    def stats(settings: Settings, out: Output, year: Optional[int]) -> None:
        """Headline figures: profile, 2016 economy, enterprises, and the dataset's size."""
        from tzcli import query

        emit(query.stats(settings.dataset(), year=year), out, settings)

    return stats


@lazy_command("projects")
def _projects() -> click.Command:
    @click.command(cls=TzcliCommand)
    @click.option(
        "--min-investment", metavar="AMOUNT", help="At least this many yuan (2e8, 2.1亿, 5000万 …)."
    )
    @click.option("--max-investment", metavar="AMOUNT", help="At most this many yuan.")
    @click.option(
        "--status", multiple=True, metavar="STATUS", help="Only this status (repeatable)."
    )
    @click.option(
        "--sector", multiple=True, metavar="SECTOR", help="Only this sector (repeatable)."
    )
    @click.option("--year", type=int, help="Only projects of this year.")
    @click.option("--search", metavar="TEXT", help="Text in the name, company or quote (zh or en).")
    @click.option("--chart", is_flag=True, help="Draw investments as bars (on a terminal).")
    @with_output
    @pass_settings
    def projects(
        settings: Settings,
        out: Output,
        min_investment: Optional[str],
        max_investment: Optional[str],
        status: Tuple[str, ...],
        sector: Tuple[str, ...],
        year: Optional[int],
        search: Optional[str],
        chart: bool,
    ) -> None:
        """Investment projects, 2016 results and 2017 plans."""
        from tzcli import query

        low = _amount(min_investment, "--min-investment")
        high = _amount(max_investment, "--max-investment")
        ds = settings.dataset()
        statuses, sectors = _many(status), _many(sector)
        _check_choices(statuses, sorted({p.status for p in ds.projects}), "--status")
        _check_choices(sectors, sorted({p.sector for p in ds.projects}), "--sector")
        listing = query.projects(
            ds,
            min_investment=low,
            max_investment=high,
            status=statuses,
            sector=sectors,
            year=year,
            search=search,
        )
        if chart:
            lang = settings.lang
            _chart(
                listing,
                out,
                lang,
                label="name",
                value="investment",
                title=listing.title(lang) + (" — 投资" if lang == "zh" else " — investment"),
                empty="no projects with a stated investment",
            )
            return
        emit(listing, out, settings)

    return projects


def _refuse_chart_options(out: Output) -> None:
    """A chart is drawn, not written in a format: say so rather than ignore the options."""
    if out.chosen_format or out.columns:
        raise click.UsageError("--chart draws bars; it takes no --format or --columns")


def _chart(
    listing: "Listing",
    out: Output,
    lang: str,
    *,
    label: str,
    value: str,
    title: str,
    empty: str,
    units: Sequence[str] = (),
) -> None:
    """Bars of one quantity column of a listing (the rows with a value), after
    --sort/--limit; with ``units``, only rows in those units, grouped by unit."""
    from tzcli.query import arrange
    from tzcli.render import draw_chart
    from tzcli.units import format_quantity

    _refuse_chart_options(out)
    listing = arrange(listing, out.sort, out.limit)
    col = listing.column(value)
    bars = []
    for row in listing.rows:
        unit = col.fixed_unit or row.get(col.unit)
        if row.get(value) is None or unit is None or (units and unit not in units):
            continue
        shown = format_quantity(
            row[value], unit, row.get(col.qualifier) or "exact", row.get(col.value_max), lang
        )
        bars.append((row[f"{label}_{lang}"], row[value], shown, unit))
    if not bars:
        click.echo(empty, err=True)
        return
    bars.sort(key=lambda bar: bar[3])  # stable: one group per unit, listing order within
    draw_chart(title, bars)


@lazy_command("poverty")
def _poverty() -> click.Command:
    @click.command(cls=TzcliCommand)
    @click.option("--year", type=int, help="2016 for results, 2017 for the measures planned.")
    @click.option(
        "--chart", is_flag=True, help="Draw the people and households lifted out against the total."
    )
    @with_output
    @pass_settings
    def poverty(settings: Settings, out: Output, year: Optional[int], chart: bool) -> None:
        """Poverty alleviation: 2016 figures (derived ones marked) and 2017 measures."""
        from tzcli import query

        listing = query.poverty(settings.dataset(), year=year)
        if chart:
            _chart(
                listing,
                out,
                settings.lang,
                label="subject",
                value="value",
                title=listing.title(settings.lang),
                empty="no poverty figures to chart for that year",
                units=("households", "people"),
            )
            return
        emit(listing, out, settings)

    return poverty


@lazy_command("facts")
def _facts() -> click.Command:
    @click.command(cls=TzcliCommand)
    @click.option(
        "--topic",
        multiple=True,
        metavar="TOPIC",
        help="Only this topic (repeatable; see 'tzcli topics').",
    )
    @click.option("--year", type=int, help="Only figures of this year.")
    @click.option(
        "--unit", metavar="UNIT", help="Only this unit (yuan, people, households, mu, …)."
    )
    @click.option(
        "--search", metavar="TEXT", help="Text in the id, subject, quote or note (zh or en)."
    )
    @click.option("--min", "minimum", metavar="VALUE", help="Value at least this (2e8, 3.4万 …).")
    @click.option("--max", "maximum", metavar="VALUE", help="Value at most this.")
    @click.option("--derived/--stated", default=None, help="Only derived, or only stated, figures.")
    @with_output
    @pass_settings
    def facts(
        settings: Settings,
        out: Output,
        topic: Tuple[str, ...],
        year: Optional[int],
        unit: Optional[str],
        search: Optional[str],
        minimum: Optional[str],
        maximum: Optional[str],
        derived: Optional[bool],
    ) -> None:
        """Every figure, with filters: the universal query."""
        from tzcli import query
        from tzcli.model import UNITS

        low, high = _amount(minimum, "--min"), _amount(maximum, "--max")
        ds = settings.dataset()
        topics = _many(topic)
        _check_choices(topics, [t.id for t in ds.topics], "--topic")
        if unit is not None:
            _check_choices([unit], UNITS, "--unit")
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

    return facts


@lazy_command("topics")
def _topics() -> click.Command:
    @click.command(cls=TzcliCommand)
    @with_output
    @pass_settings
    def topics(settings: Settings, out: Output) -> None:
        """The topics, with their names in both languages and their figure counts."""
        from tzcli import query

        emit(query.topics(settings.dataset()), out, settings)

    return topics


@lazy_command("plans")
def _plans() -> click.Command:
    @click.command(cls=TzcliCommand)
    @click.option(
        "--pillar",
        multiple=True,
        metavar="PILLAR",
        help="industry, services, urbanisation, party_building or poverty.",
    )
    @with_output
    @pass_settings
    def plans(settings: Settings, out: Output, pillar: Tuple[str, ...]) -> None:
        """The 2017 plan items, with their measures, targets and projects."""
        from tzcli import query
        from tzcli.model import PILLARS

        pillars = _many(pillar)
        _check_choices(pillars, PILLARS, "--pillar")
        emit(query.plans(settings.dataset(), pillar=pillars), out, settings)

    return plans


@lazy_command("villages")
def _villages() -> click.Command:
    @click.command(cls=TzcliCommand)
    @click.argument("name", required=False)
    @with_output
    @pass_settings
    def villages(settings: Settings, out: Output, name: Optional[str]) -> None:
        """The villages and communities the text names; with NAME, all it says of one."""
        from tzcli import query

        ds = settings.dataset()
        listing = query.village_detail(ds, name) if name else query.villages(ds)
        emit(listing, out, settings)

    return villages


@lazy_command("show")
def _show() -> click.Command:
    @click.command(cls=TzcliCommand)
    @click.argument("record_id", metavar="ID")
    @with_output
    @pass_settings
    def show(settings: Settings, out: Output, record_id: str) -> None:
        """One record in full: names, value, quote, section, notes."""
        from tzcli import query

        emit(query.show(settings.dataset(), record_id), out, settings)

    return show


@lazy_command("indicators")
def _indicators() -> click.Command:
    @click.command(cls=TzcliCommand)
    @click.option("--topic", multiple=True, metavar="TOPIC", help="Only this topic (repeatable).")
    @with_output
    @pass_settings
    def indicators(settings: Settings, out: Output, topic: Tuple[str, ...]) -> None:
        """Derived indicators: each with its formula, the ids it uses, and flags."""
        from tzcli import query

        ds = settings.dataset()
        topics = _many(topic)
        _check_choices(topics, [t.id for t in ds.topics], "--topic")
        emit(query.indicators(ds, topics=topics), out, settings)

    return indicators


@lazy_command("cite")
def _cite() -> click.Command:
    from tzcli.cite import STYLES

    @click.command(cls=TzcliCommand)
    @click.argument("record_id", metavar="[ID]", required=False)
    @click.option(
        "--style",
        type=click.Choice(STYLES),
        default=None,
        help="Citation style [default: gbt7714 with --lang zh, else apa].",
    )
    @click.option("--accessed", metavar="YYYY-MM-DD", help="Access date [default: today].")
    @pass_settings
    def cite(
        settings: Settings, record_id: Optional[str], style: Optional[str], accessed: Optional[str]
    ) -> None:
        """Cite the interview, or one figure of it (with its quote)."""
        import datetime

        from tzcli import cite as citations
        from tzcli.model import Figure
        from tzcli.query import closest_ids

        ds = settings.dataset()
        when = citations.check_date(accessed) if accessed else datetime.date.today().isoformat()
        figure = None
        meta = ds.meta
        if record_id is not None:
            found = ds.record(record_id)
            if not isinstance(found, Figure):
                from tzcli.errors import QueryError

                close = [i for i in closest_ids(ds, record_id) if isinstance(ds.record(i), Figure)]
                hint = f"; did you mean: {', '.join(close)}" if close else ""
                raise QueryError(f"no figure with id {record_id!r}{hint}")
            figure = found
            meta = ds.meta_for(found.source)
        chosen = style or ("gbt7714" if settings.lang == "zh" else "apa")
        from tzcli.render import write_utf8

        write_utf8(citations.citation(meta, chosen, when, figure) + "\n", sys.stdout)

    return cite


@lazy_command("schema")
def _schema() -> click.Command:
    @click.command(cls=TzcliCommand)
    def schema() -> None:
        """Print the JSON Schema of the dataset format (for editors such as taplo)."""
        from tzcli.render import json_document, write_utf8
        from tzcli.schema import json_schema

        write_utf8(json_document(json_schema()), sys.stdout)

    return schema


@lazy_command("validate")
def _validate() -> click.Command:
    @click.command(cls=TzcliCommand)
    @click.argument("path", required=False, metavar="[FILE]")
    @pass_settings
    def validate(settings: Settings, path: Optional[str]) -> None:
        """Check a dataset file or folder (default: --data, or the bundled data)."""
        from tzcli.dataset import load
        from tzcli.errors import DataError

        target = path if path is not None else settings.data
        try:
            ds = load(target, use_cache=False)
        except DataError as exc:
            for problem in exc.problems:
                click.echo(f"error: {_one_line(str(problem))}", err=True)
            raise click.ClickException(f"{len(exc.problems)} problem(s) found") from None
        from tzcli.query import topics

        counts = topics(ds).rows
        derived = sum(row["derived"] for row in counts)
        if target is None:  # where the bundled data lives is an install detail
            shown = "the bundled data (" + ", ".join(os.path.basename(f) for f in ds.files) + ")"
        else:
            shown = ", ".join(ds.files)
        click.echo(
            f"OK: {_one_line(shown)}: {len(ds.figures)} figures "
            f"({len(ds.figures) - derived} stated, {derived} derived), "
            f"{len(ds.projects)} projects, "
            f"{len(ds.plans)} plan items, {len(ds.villages)} villages, {len(ds.notes)} source notes"
        )
        for row in counts:
            click.echo(f"  {row['id']:<20} {row['figures']:>4}")

    return validate


@lazy_command("export")
def _export() -> click.Command:
    @click.command(cls=TzcliCommand)
    @click.option(
        "--format",
        "-f",
        "fmt",
        type=click.Choice(["json", "csv", "sqlite"]),
        required=True,
        help="json: every record; csv: every figure; sqlite: one table per kind of record.",
    )
    @click.option(
        "--output",
        "-o",
        "path",
        required=True,
        metavar="PATH",
        help="Where to write ('-' for stdout; not for sqlite).",
    )
    @click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
    @click.option("--bom", is_flag=True, help="Start csv with a UTF-8 byte-order mark (for Excel).")
    @pass_settings
    def export(settings: Settings, fmt: str, path: str, force: bool, bom: bool) -> None:
        """Write the whole dataset to a file: json, csv or sqlite."""
        from tzcli import export as exporter

        ds = settings.dataset()
        if path == "-":
            if fmt == "sqlite":
                raise click.BadParameter(
                    "sqlite cannot be written to stdout", param_hint="'--output'"
                )
            from tzcli.render import write_utf8

            write_utf8(exporter.text(ds, fmt, bom=bom), sys.stdout)
            return
        exporter.write(ds, fmt, path, force=force, bom=bom)
        click.echo(f"wrote {path}", err=True)

    return export


# --------------------------------------------------------------------------
# Entry point


def main(argv: Optional[Sequence[str]] = None) -> None:
    """Click's main, made quiet on a closed pipe (the console script is
    ``tzcli.__main__.run``, which sets the garbage collector up first).

    Whatever the streams and the environment: a closed stdout is an error that
    says so, a closed stderr swallows messages (they never go to stdout), ^C exits
    130 with one line, and a COLUMNS that is not a width is ignored."""
    import gc

    try:
        _sane_streams()
        _sane_columns()
        try:
            # What stdout's encoding lacks (PYTHONIOENCODING=latin-1, a legacy code page)
            # comes out as \uXXXX instead of a UnicodeEncodeError; machine formats write UTF-8.
            sys.stdout.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        except (AttributeError, ValueError):  # pragma: no cover - a replaced stdout
            pass
        code = _invoke(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_pipe()
    except OSError as exc:  # stdout itself failed: a full disk, a closed terminal
        click.echo(f"Error: cannot write the output: {exc.strerror or exc}", err=True)
        sys.exit(1)
    except KeyboardInterrupt:
        _say_interrupted()
        sys.exit(130)
    finally:
        # The process ends here. The interpreter's last garbage collections would walk
        # every object (Click's, Rich's, the data's) only to free memory the system takes
        # back anyway: a few ms of every call. Frozen objects are skipped by them; objects
        # are still finalised by reference counting as modules are cleared (files close).
        gc.freeze()
    sys.exit(code)


def _invoke(argv: Optional[Sequence[str]]) -> int:
    """Click's main without its standalone mode, whose ^C is "Aborted!" and exit 1:
    the same messages and exit codes otherwise."""
    try:
        result = cli.main(
            args=list(argv) if argv is not None else None,
            prog_name="tzcli",
            standalone_mode=False,
        )
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except click.Abort as exc:
        if isinstance(exc.__cause__, KeyboardInterrupt):
            raise KeyboardInterrupt from None
        click.echo("Aborted!", err=True)
        return 1
    except MemoryError:
        click.echo("Error: out of memory", err=True)
        return 1
    return result if isinstance(result, int) and not isinstance(result, bool) else 0


def _say_interrupted() -> None:
    try:
        click.echo("interrupted", err=True)
    except Exception:  # stderr gone as well
        pass


class _ClosedStream:
    """Stands for a stdout that was closed (``>&-``): every write fails as a write to a
    closed descriptor does, so the call says so instead of losing the output."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, text: str) -> int:
        import errno

        raise OSError(errno.EBADF, "stdout is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def writable(self) -> bool:
        return True


def _sane_streams() -> None:
    """Closed standard descriptors are held open on /dev/null, so that no file tzcli
    opens takes their number (and receives output or messages meant for them)."""
    import io

    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
            continue
        except OSError:
            pass
        try:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
        except OSError:  # pragma: no cover - no /dev/null
            continue
        if fd == 1:
            sys.stdout = _ClosedStream()
        elif fd == 2:  # messages have nowhere to go: they go nowhere, never to stdout
            sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8")
    if sys.stdout is None:
        sys.stdout = _ClosedStream()
    if sys.stderr is None:
        sys.stderr = io.TextIOWrapper(
            io.FileIO(os.open(os.devnull, os.O_WRONLY), "w"), encoding="utf-8"
        )


def _sane_columns() -> None:
    """COLUMNS of 0, negative or not a number means "unknown": ignored, as ls does, so
    the terminal's own width (or 80) is used rather than a page no column fits."""
    value = os.environ.get("COLUMNS")
    if value is None:
        return
    try:
        width = int(value.strip())
    except ValueError:
        width = 0
    if width <= 0:
        del os.environ["COLUMNS"]


def _quiet_pipe() -> None:
    """Python's documented SIGPIPE recipe: point stdout at devnull, exit quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a descriptor
        pass
    sys.exit(1)
