"""The ``tzcli`` group: its options, its lazily loaded commands, and ``main``.

Each command is a module of ``tzcli.commands``, imported only when it is called
(Click's documented lazy-group pattern, "Lazily Loading Subcommands"); the
group's help and its "did you mean" read the table ``tzcli.commands.COMMANDS``
and import none of them. The one boundary where the core's exceptions become
Click errors is ``tzcli.commands.boundary.TzcliCommand.invoke``; the group's options
are the settings every command takes too (``tzcli.commands.options``), declared once.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

from tzcli import __version__
from tzcli.commands import COMMANDS
from tzcli.commands.boundary import PlainHelp, TzcliCommand, format_examples
from tzcli.commands.choices import many
from tzcli.commands.options import group_settings
from tzcli.commands.settings import Settings
from tzcli.commands.suggest import better_no_such_option
from tzcli.status import ExitStatus

if TYPE_CHECKING:
    from click.shell_completion import CompletionItem

#: The end of ``tzcli --help`` (each run by tests/test_common.py).
EXAMPLES = (
    ("The headline figures:", "tzcli stats"),
    ("Every poverty figure, as csv:", "tzcli facts --topic poverty --format csv"),
    ("One record in full, with its quote:", "tzcli show runxin_chp"),
    ("Your own interview's file, read from stdin:", "cat tianzhong.toml | tzcli --data - topics"),
)


class LazyGroup(click.Group, PlainHelp):
    """The ``tzcli`` group: a command's module is imported when the command is asked for."""

    command_class = TzcliCommand

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            module, _, attribute = COMMANDS[cmd_name].target.partition(":")
            command = getattr(importlib.import_module(module), attribute)
            if not isinstance(command, click.Command):  # pragma: no cover - a wrong table
                raise TypeError(f"{COMMANDS[cmd_name].target} is not a Click command")
            self.add_command(command, cmd_name)
        return self.commands.get(cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        name = args[0] if args else ""
        known = name in COMMANDS or name in self.commands
        if name and not known and not name.startswith("-") and not ctx.resilient_parsing:
            # "Did you mean" from the table, without importing every command.
            raise click.NoSuchCommand(name, possibilities=self.list_commands(ctx), ctx=ctx)
        return super().resolve_command(ctx, args)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.NoSuchOption as exc:
            raise better_no_such_option(self, ctx, exc) from None

    def shell_complete(self, ctx: click.Context, incomplete: str) -> list[CompletionItem]:
        """Command names from the table (Click's own would import every command)."""
        from click.shell_completion import CompletionItem

        if incomplete.startswith("-"):
            return super().shell_complete(ctx, incomplete)
        return [
            CompletionItem(name, help=entry.summary)
            for name, entry in sorted(COMMANDS.items())
            if name.startswith(incomplete)
        ]

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        super().format_epilog(ctx, formatter)
        format_examples(formatter, EXAMPLES)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The commands and their whole summaries, from the table (no command imported)."""
        rows = [(name, COMMANDS[name].summary) for name in sorted(COMMANDS)]
        rows += [
            (name, cmd.get_short_help_str(200))
            for name, cmd in sorted(self.commands.items())
            if name not in COMMANDS and not cmd.hidden
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


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


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@group_settings
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_version,
    help="Show the version and exit.",
)
@click.pass_context
def cli(
    ctx: click.Context,
    data: str | None,
    lang: str | None,
    units: str,
    quiet: bool,
    source: tuple[str, ...],
) -> None:
    """Query the figures of Chinese local-government texts, each with its quote.

    Bundled: the 2017 Tianzhong Subdistrict interview (定陶政府网 (Dingtao
    District government website), 政务访谈, 2017-02-28: Party Secretary 穆森 on
    Tianzhong Subdistrict's 2016 results and 2017 plans). With --data FOLDER,
    every *.toml in it (your interviews, reports and drafts) is one corpus:
    'tzcli sources' lists them, 'tzcli compare ID' sets a concept side by side.
    """
    ctx.obj = Settings(data, lang or default_lang(), units, quiet, many(source))


# --------------------------------------------------------------------------
# Entry point


def main(argv: Sequence[str] | None = None) -> None:
    """Click's main, made quiet on a closed pipe: a stdout that fails is one line and
    exit 1, ^C one line and exit 130, never a traceback. The process-wide settings
    (the collector, the standard streams, COLUMNS) are made by the process entry,
    ``tzcli.__main__.run``, never here: a program may call this."""
    try:
        code = _invoke(argv)
        sys.stdout.flush()
    except BrokenPipeError:
        _quiet_pipe()
    except OSError as exc:  # stdout itself failed: a full disk, a closed terminal
        click.echo(f"Error: cannot write the output: {exc.strerror or exc}", err=True)
        sys.exit(ExitStatus.ERROR)
    except KeyboardInterrupt:
        _say_interrupted()
        sys.exit(ExitStatus.INTERRUPTED)
    sys.exit(code)


def _invoke(argv: Sequence[str] | None) -> int:
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
        return ExitStatus.ERROR
    except MemoryError:
        click.echo("Error: out of memory", err=True)
        return ExitStatus.ERROR
    ok = isinstance(result, int) and not isinstance(result, bool)
    return result if ok else ExitStatus.SUCCESS


def _say_interrupted() -> None:
    try:
        click.echo("interrupted", err=True)
    except Exception:  # stderr gone as well
        pass


def _quiet_pipe() -> None:
    """Python's documented SIGPIPE recipe: point stdout at devnull, exit quietly."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # pragma: no cover - stdout without a descriptor
        pass
    sys.exit(ExitStatus.ERROR)
