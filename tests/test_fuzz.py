"""Argument fuzzing: whatever a user types, tzcli answers with exit code 0, 1 or 2
and never with a traceback.

Random argument lists for every command, and for the group's own options
(--data, --lang): the command's real option names (with and without values),
its valid values, random text, numbers, unicode, control characters, the
surrogates a non-UTF-8 argv turns into, empty and very long strings.

Everything runs in a temporary working directory; ``export`` only ever gets
bare file names (no path separators), so it can write nowhere else.
"""

from __future__ import annotations

import os
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result
from conftest import commands
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tzcli.cli import cli

# In-process calls read the bundled data from a cache filled once a run (this module
# tests nothing of the cache): not a parse of it in every test.
pytestmark = pytest.mark.usefixtures("warm_cache")

COMMANDS = sorted(commands())  # every command, as the group lists them

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "minimal.toml"

#: Each fuzz test runs twice: quickly in the README's test command (on every Python CI
#: tries, with new random examples each run), and deeply behind ``-m slow`` (CI runs both).
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
DEEP = settings(FUZZ, max_examples=240)


def option_names(command: click.Command) -> list[str]:
    names: list[str] = []
    for param in command.params:
        if isinstance(param, click.Option):
            names.extend(param.opts)
            names.extend(param.secondary_opts)
    return names


def choice_values(command: click.Command) -> list[str]:
    values: list[str] = []
    for param in command.params:
        if isinstance(param.type, click.Choice):
            values.extend(str(c) for c in param.type.choices)
    return values


GROUP_OPTIONS = option_names(cli) + ["--data=" + str(FIXTURE), "--lang=zh", "--lang=en"]

KNOWN_VALUES = [
    # ids, names, topics, statuses, sectors, columns, amounts, years
    "runxin_chp",
    "profile.population_rural",
    "poverty.households_enrolled",
    "plan.poverty",
    "kongshuzhuang",
    "孔书庄",
    "Kongshuzhuang",
    "profile",
    "poverty",
    "energy",
    "approvals_complete",
    "industry",
    "yuan",
    "people",
    "id",
    "value",
    "-value",
    "year",
    "id,value",
    "name_zh,investment",
    "2.1亿",
    "5000万",
    "2e8",
    "2016",
    "2017",
    "0",
    "-1",
    "json",
    "csv",
    "tsv",
    "table",
    "sqlite",
    "markdown",
    "jsonl",
    str(FIXTURE),
    "-",
    "--",
    "-f",
    "-c",
    "-o",
    "-h",
    "--help",
]

# Characters an argv can hold: anything but NUL, including the lone surrogates
# that Python makes of bytes that are not UTF-8 (surrogateescape).
argv_chars = st.characters(blacklist_characters="\x00", blacklist_categories=("Cs",))
surrogate_escapes = st.sampled_from(["\udcff", "\udc80", "a\udce9b", "\udcc3\udca9"])
control_text = st.sampled_from(
    [
        "\x1b[31mred\x1b[0m",
        "\x07",
        "a\bb",
        "\r",
        "\n",
        "\t",
        "\u202eevil",
        "[bold]x[/]",
        "%s%n",
        "{}",
    ]
)
numbers = st.one_of(
    st.integers().map(str),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.floats().map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
long_text = st.one_of(
    st.text(argv_chars, min_size=500, max_size=3000),
    st.integers(min_value=1000, max_value=100_000).map(lambda n: "x" * n),
    st.integers(min_value=1000, max_value=20_000).map(lambda n: "9" * n),
    st.integers(min_value=100, max_value=5000).map(lambda n: "亿" * n),
)
random_text = st.one_of(
    st.just(""),
    st.text(argv_chars, max_size=30),
    st.text(st.characters(whitelist_categories=("Lo", "So", "Mn", "Zs")), max_size=10),
    numbers,
    control_text,
    surrogate_escapes,
)


def tokens_for(names: list[str]) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(names) if names else st.nothing(),
        st.sampled_from(KNOWN_VALUES),
        random_text,
        long_text,
        # an option name glued to a random value: --year=abc
        st.tuples(st.sampled_from(names or ["--x"]), random_text).map(lambda t: f"{t[0]}={t[1]}"),
    )


def argument_lists(command: str) -> st.SearchStrategy[list[str]]:
    sub = commands()[command]
    names = option_names(sub) + choice_values(sub)
    group = st.lists(tokens_for(GROUP_OPTIONS), max_size=3)
    rest = st.lists(tokens_for(names), max_size=8)
    return st.tuples(group, rest).map(lambda t: [*t[0], command, *t[1]])


def safe_for_export(args: list[str]) -> list[str]:
    """No separators in any token: every path export may write is a bare name in the cwd."""
    return [a.replace("/", "_").replace("\\", "_") if a != str(FIXTURE) else a for a in args]


def check(result: Result, args: list[str]) -> None:
    shown = repr(args)[:2000]
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        import traceback

        trace = "".join(traceback.format_exception(*result.exc_info)) if result.exc_info else ""
        pytest.fail(f"{shown} raised {result.exception!r}\n{trace}")
    assert result.exit_code in (0, 1, 2), f"{shown} exited {result.exit_code}"
    assert "Traceback" not in result.stderr, f"{shown}: {result.stderr[-2000:]}"
    if result.exit_code != 0:
        # one clear message: the last line says what went wrong
        assert result.stderr.strip(), f"{shown} failed silently"


@pytest.fixture
def in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def fuzz_command(command: str, data: st.DataObject, in_tmp: Path) -> None:
    args = data.draw(argument_lists(command), label="args")
    if command == "export":
        args = safe_for_export(args)
    result = CliRunner().invoke(cli, args, catch_exceptions=True)
    check(result, args)
    assert Path.cwd() == in_tmp


@pytest.mark.parametrize("command", COMMANDS)
@FUZZ
@given(data=st.data())
def test_fuzz_command(command: str, data: st.DataObject, in_tmp: Path) -> None:
    fuzz_command(command, data, in_tmp)


@pytest.mark.slow
@pytest.mark.parametrize("command", COMMANDS)
@DEEP
@given(data=st.data())
def test_fuzz_command_deeply(command: str, data: st.DataObject, in_tmp: Path) -> None:
    fuzz_command(command, data, in_tmp)


def fuzz_anything(args: list[str]) -> None:
    """No structure at all: any command name anywhere, any option anywhere."""
    if "export" in args:
        args = safe_for_export(args)
    result = CliRunner().invoke(cli, args, catch_exceptions=True)
    check(result, args)


@FUZZ
@given(args=st.lists(tokens_for(GROUP_OPTIONS + COMMANDS), max_size=8))
def test_fuzz_anything(args: list[str], in_tmp: Path) -> None:
    fuzz_anything(args)


@pytest.mark.slow
@DEEP
@given(args=st.lists(tokens_for(GROUP_OPTIONS + COMMANDS), max_size=8))
def test_fuzz_anything_deeply(args: list[str], in_tmp: Path) -> None:
    fuzz_anything(args)


#: The commands that read the data (export and validate write or check, elsewhere).
READERS = [c for c in COMMANDS if c not in ("export", "validate")]


def fuzz_with_the_minimal_dataset(command: str, data: st.DataObject) -> None:
    """The same with a small dataset, so that filters, sorts and formats do run."""
    sub = commands()[command]
    names = option_names(sub) + choice_values(sub)
    rest = data.draw(st.lists(tokens_for(names), max_size=6), label="args")
    args = ["--data", str(FIXTURE), command, *rest]
    result = CliRunner().invoke(cli, args, catch_exceptions=True)
    check(result, args)


@pytest.mark.parametrize("command", READERS)
@FUZZ
@given(data=st.data())
def test_fuzz_options_with_the_minimal_dataset(
    command: str, data: st.DataObject, in_tmp: Path
) -> None:
    fuzz_with_the_minimal_dataset(command, data)


@pytest.mark.slow
@pytest.mark.parametrize("command", READERS)
@DEEP
@given(data=st.data())
def test_fuzz_options_with_the_minimal_dataset_deeply(
    command: str, data: st.DataObject, in_tmp: Path
) -> None:
    fuzz_with_the_minimal_dataset(command, data)


@pytest.mark.parametrize("command", COMMANDS)
def test_option_names_without_values(command: str, in_tmp: Path) -> None:
    """Every option of every command given last, with no value: a usage error or a flag."""
    sub = commands()[command]
    for name in option_names(sub):
        for args in ([command, name], [command, name, "--"], [command, name, ""]):
            if command == "export":
                args = safe_for_export(args)
            result = CliRunner().invoke(cli, args)
            check(result, args)
    for name in option_names(cli):
        for args in ([name], [name, command], [name, "", command]):
            result = CliRunner().invoke(cli, args)
            check(result, args)


def test_export_fuzz_writes_only_in_the_working_directory(in_tmp: Path) -> None:
    """The sanitiser keeps export's writes inside the temporary folder."""
    args = safe_for_export(["export", "-f", "json", "-o", "../escape/../x.json", "--force"])
    assert all("/" not in a for a in args)
    result = CliRunner().invoke(cli, args)
    check(result, args)
    assert not (in_tmp.parent / "escape").exists()
    assert sorted(os.listdir(in_tmp)) in ([], [".._escape_.._x.json"])
