"""commands.boundary.PlainHelp keeps the contract of Click's ``get_help_option`` that it
overrides, for every Click pyproject.toml allows (click>=8.4,<9; .ci/run runs these tests
on the lowest, the README's command on the newest): the same option as Click's own
(names, flag, eagerness, text, what it does), made once a command (Click caches its own
since 8.1.8: the order of eager callbacks goes by the object), and stored under a name no
parameter meets (Click 8.5). Its gain (~2 ms a call, no gettext) is held by
test_imports.py::test_a_plain_call_does_not_look_up_translations.
"""

from __future__ import annotations

import inspect
import re

import click
import pytest
from click.testing import CliRunner
from conftest import commands

from tzcli.cli import cli
from tzcli.commands.boundary import PlainHelp


def click_version() -> tuple[int, int]:
    from importlib.metadata import version

    major, minor = version("click").split(".")[:2]
    return int(major), int(minor)


def test_click_is_a_version_pyproject_allows() -> None:
    assert (8, 4) <= click_version() < (9, 0)


def test_it_overrides_what_click_calls() -> None:
    """The method Click calls to build the help option, with the signature overridden."""
    assert "get_help_option" in click.Command.__dict__
    params = list(inspect.signature(click.Command.get_help_option).parameters)
    assert params == ["self", "ctx"]
    assert list(inspect.signature(PlainHelp.get_help_option).parameters) == params
    source = inspect.getsource(click.Command.get_params)
    assert "get_help_option" in source, "Click's parameters still include the help option"


def every_command() -> list[click.Command]:
    return [cli, *commands().values()]


@pytest.mark.parametrize("command", every_command(), ids=lambda c: c.name or "tzcli")
def test_the_option_is_clicks_own(command: click.Command) -> None:
    group = cli.make_context("tzcli", [], resilient_parsing=True)
    ctx = group if command is cli else click.Context(command, parent=group, info_name=command.name)
    ours = command.get_help_option(ctx)
    theirs = click.Command.get_help_option(click.Command("x"), ctx)
    assert isinstance(command, PlainHelp)
    assert ours is not None and theirs is not None
    for attribute in ("opts", "secondary_opts", "is_flag", "is_eager", "expose_value", "help"):
        assert getattr(ours, attribute) == getattr(theirs, attribute), attribute
    assert sorted(ours.opts) == ["--help", "-h"]
    if click_version() >= (8, 5):
        assert ours.name == theirs.name
    assert command.get_help_option(ctx) is ours, "made once (Click >= 8.1.8 caches its own)"
    assert [p for p in command.get_params(ctx) if p is ours] == [ours]
    assert ours.name not in {p.name for p in command.params}


def test_a_parameter_called_help_does_not_meet_it() -> None:
    """Click 8.5's fix: an argument named ``help`` and the help option, side by side."""

    @click.command(cls=PlainHelp)
    @click.argument("help")
    def echo(help: str) -> None:  # noqa: A002
        click.echo(help)

    runner = CliRunner()
    assert runner.invoke(echo, ["this"]).output == "this\n"
    shown = runner.invoke(echo, ["--help"])
    assert shown.exit_code == 0 and "Show this message and exit." in shown.output


@pytest.mark.parametrize("args", [["--help"], ["-h"], ["stats", "--help"], ["facts", "-h"]])
def test_help_is_shown_and_ends_the_call(args: list[str]) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0
    assert result.output.startswith("Usage: ")
    assert re.search(r"^  -h, --help +Show this message and exit\.$", result.output, re.M)


def test_help_goes_first_whatever_the_order() -> None:
    """Eager options run in the order given: --help before --version wins, and after."""
    first = CliRunner().invoke(cli, ["--help", "--version"])
    assert first.output.startswith("Usage: ")
    second = CliRunner().invoke(cli, ["--version", "--help"])
    assert second.output.startswith("tzcli ")
