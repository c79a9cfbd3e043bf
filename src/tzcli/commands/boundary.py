"""The one boundary where the core's exceptions become Click errors (``TzcliCommand``),
and what every command's parsing and help share: one value per single option, the
option that does the job suggested for a typo, help laid out under headings with its
examples."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import click

from tzcli.commands.options import COMMAND_SETTINGS, OUTPUT_OPTIONS, SETTINGS, setting_options
from tzcli.commands.settings import Settings
from tzcli.commands.suggest import better_no_such_option
from tzcli.errors import AmountError, DataError, OutputError, QueryError, TzcliError
from tzcli.render.cells import visible

if TYPE_CHECKING:
    from tzcli.listing import Column


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
