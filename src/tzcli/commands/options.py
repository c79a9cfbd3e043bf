"""The options, declared once: the settings the group and every command take, the output
options every listing wears, the kinds of option whose help and completion come from the
data or the command, and the reading of the values people type.

Completion callbacks are here, beside their options; each imports ``complete`` only when
a completion is asked for (``complete`` imports ``choices``, never this module).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

import click
from click.core import ParameterSource

from tzcli.commands.choices import option_value, topic_ids
from tzcli.commands.settings import Settings
from tzcli.commands.suggest import did_you_mean
from tzcli.errors import AmountError
from tzcli.render import LAYOUTS, OutputFormat

if TYPE_CHECKING:
    from decimal import Decimal

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


class Choice(click.Choice):  # type: ignore[type-arg]
    """Click's Choice, whose error names the closest choice."""

    def get_invalid_choice_message(self, value: Any, ctx: click.Context | None) -> str:
        message: str = super().get_invalid_choice_message(value, ctx)
        return message.rstrip(".") + did_you_mean(str(value), [str(c) for c in self.choices])


# --------------------------------------------------------------------------
# The settings: the group's options, and the same again after the command name


def complete_path(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    """Let the shell complete a file or folder name (what click.Path does)."""
    from click.shell_completion import CompletionItem

    return [CompletionItem(incomplete, type="file")]


def _setting_declarations() -> dict[str, tuple[list[str], dict[str, Any]]]:
    """Each setting once: its names and what it takes, its help (the same before and after
    the command name), its default."""
    return {
        "data": (
            ["--data"],
            dict(
                metavar="PATH",
                shell_complete=complete_path,
                help="A dataset file or folder to read instead of the bundled one "
                "('-': stdin). [env: TZCLI_DATA]",
            ),
        ),
        "lang": (
            ["--lang"],
            dict(
                type=Choice(LANGS),
                default=None,
                help="Language of tables and charts (machine formats carry both) "
                "[env: TZCLI_LANG; default: zh for a Chinese locale, else en].",
            ),
        ),
        "units": (
            ["--units"],
            dict(
                type=Choice(UNIT_SYSTEMS),
                default="source",
                show_default=True,
                help="metric: mu as hectares, amounts in CNY millions "
                "(machine formats add *_metric columns).",
            ),
        ),
        "quiet": (
            ["--quiet", "-q"],
            dict(
                is_flag=True,
                help="No progress bar and no notes on stderr (errors still go there).",
            ),
        ),
        "source": (
            ["--source"],
            dict(
                metavar="SOURCE",
                multiple=True,
                help="Only this source's records (its [meta] id; repeatable, or a,b; "
                "see 'tzcli sources').",
            ),
        ),
    }


#: The environment variables the group reads its settings from.
_ENVVARS = {"data": "TZCLI_DATA", "lang": "TZCLI_LANG"}


def group_settings(func: F) -> F:
    """The settings on the group, before the command name: their values (or those of
    ``TZCLI_DATA`` and ``TZCLI_LANG``) are the group callback's arguments."""
    for name, (decls, attrs) in reversed(_setting_declarations().items()):
        if name in _ENVVARS:
            attrs = {**attrs, "envvar": _ENVVARS[name]}
        func = click.option(*decls, **attrs)(func)
    return func


def _choose_setting(ctx: click.Context, param: click.Parameter, value: Any) -> None:
    """A setting given after the command name: it replaces the group's (the later wins)."""
    if param.name is None or ctx.get_parameter_source(param.name) != ParameterSource.COMMANDLINE:
        return
    ctx.meta[f"tzcli.{param.name}"] = value  # for completion, which makes no Settings
    settings = ctx.find_object(Settings)
    if settings is not None:
        settings.choose(param.name, value)


def setting_options() -> list[click.Parameter]:
    """--data, --lang, --units, --source and --quiet, worn by every command as well as by
    the group (the same declarations).

    Eager, so that ``tzcli projects --data x.toml --help`` lists x.toml's sectors."""
    declared = _setting_declarations()
    return [
        click.Option(
            declared[name][0],
            is_eager=True,
            expose_value=False,
            callback=_choose_setting,
            **declared[name][1],
        )
        for name in ("data", "lang", "units", "source", "quiet")
    ]


# --------------------------------------------------------------------------
# Output options, worn by every listing command


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


def table_options() -> list[Callable[[F], F]]:
    """How a table is laid out on a terminal: wrapped text, the layout, the pager."""
    return [
        click.option(
            "--wrap", is_flag=True, help="Show text whole, wrapped (tables on a terminal)."
        ),
        click.option(
            "--layout",
            type=Choice(LAYOUTS),
            default="auto",
            show_default=True,
            help="A table on a terminal: auto (records when the id and value do not fit), "
            "table, or records (one block per record).",
        ),
        click.option("--no-pager", is_flag=True, help="Never page a table taller than the screen."),
    ]


# --------------------------------------------------------------------------
# Options whose help and completion are computed when asked for (a normal call builds none)


def _complete_sort(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from tzcli.commands.complete import complete_sort

    return complete_sort(ctx, param, incomplete)


def _complete_columns(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from tzcli.commands.complete import complete_columns

    return complete_columns(ctx, param, incomplete)


def _complete_values(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
    from tzcli.commands.complete import complete_values

    return complete_values(ctx, param, incomplete)


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
        kwargs.setdefault("shell_complete", _complete_values)
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


def topic_option(func: F) -> F:
    """``--topic``, the same for each command that filters by topic (the data's topics)."""
    return click.option(
        "--topic",
        multiple=True,
        metavar="TOPIC",
        cls=ValuesOption,
        values=topic_ids,
        help="Only this topic (repeatable, or a,b; see 'tzcli topics').",
    )(func)


# --------------------------------------------------------------------------
# Option values: what people type, read


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
