"""tzcli.commands (options, settings, boundary, suggest, output): what every command
shares, tried as a new user tries it (issue 15).

Help: examples (each run here, read from the help text itself), the columns of
--columns, the values of options with a fixed set. Settings typed after the command
name. "Did you mean" naming the option that does the job. --data - (stdin).
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import DATA, FIXTURES, ROOT, commands, subprocess_env, tzcli_command
from hypothesis import given, settings
from hypothesis import strategies as st

from tzcli import load_dataset
from tzcli.cli import cli

# In-process calls read the bundled data from a cache filled once a run (this module
# tests nothing of the cache): not a parse of it in every test.
pytestmark = pytest.mark.usefixtures("warm_cache")

BUNDLED = DATA / "tianzhong.toml"


def help_of(name: str, *before: str) -> str:
    result = CliRunner().invoke(cli, [*before, name, "--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    return result.stdout


def help_examples(text: str) -> list[str]:
    """The command lines of the Examples section of a help text."""
    assert "\nExamples:\n" in text
    section = text.split("\nExamples:\n", 1)[1]
    return [line.strip()[2:] for line in section.splitlines() if line.strip().startswith("$ ")]


def _group_help() -> str:
    result = CliRunner().invoke(cli, ["--help"], terminal_width=100)
    assert result.exit_code == 0, result.output
    return result.stdout


EXAMPLES = [("tzcli", line) for line in help_examples(_group_help())] + [
    (name, line) for name in sorted(commands()) for line in help_examples(help_of(name))
]


# --------------------------------------------------------------------------
# Help: examples


@pytest.mark.parametrize("name", sorted(commands()))
def test_every_help_ends_with_two_to_four_examples_of_its_command(name: str) -> None:
    text = help_of(name)
    found = help_examples(text)
    assert 2 <= len(found) <= 4, found
    assert all(re.match(rf"tzcli (--\S+ \S+ )*{name}\b", line) for line in found), found
    # The examples are the end of the help: nothing after them but examples.
    tail = text.split("\nExamples:\n", 1)[1].strip().splitlines()
    assert tail[-1].strip().startswith("$ tzcli ")


@pytest.mark.parametrize(("name", "line"), EXAMPLES, ids=[line for _, line in EXAMPLES])
def test_every_help_example_runs(name: str, line: str, tmp_path: Path) -> None:
    """Each example as a person would paste it, in a folder holding a copy of the data
    as tianzhong.toml (the file the examples of validate and --data name) and a text
    of the genre as interview.txt (the one draft's examples name)."""
    shutil.copy(BUNDLED, tmp_path / "tianzhong.toml")
    shutil.copy(FIXTURES / "draft" / "qinghe-interview.txt", tmp_path / "interview.txt")
    if any(c in line for c in "|<>"):
        exe = Path(tzcli_command()[0]).parent
        env = subprocess_env(PATH=f"{exe}{os.pathsep}{os.environ.get('PATH', '')}")
        done = subprocess.run(
            ["bash", "-c", f"set -o pipefail; {line}"],
            cwd=tmp_path,
            env=env,
            capture_output=True,
            text=True,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout or list(tmp_path.iterdir()), line
        return
    words = shlex.split(line)
    old = os.getcwd()
    os.chdir(tmp_path)
    try:
        result = CliRunner().invoke(cli, words[1:], catch_exceptions=False)
    finally:
        os.chdir(old)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() or result.stderr.startswith("wrote "), line


def test_the_group_help_ends_with_examples_too() -> None:
    found = help_examples(_group_help())
    assert 2 <= len(found) <= 4
    assert _group_help().rstrip().endswith(f"$ {found[-1]}")


# --------------------------------------------------------------------------
# Help: columns and values


def _listings() -> dict[str, list[list[str]]]:
    """The real columns of each command's listings, as the README's column table is
    checked (tests/test_readme.py): the same query functions, on the bundled data."""
    from tzcli import query
    from tzcli.dataset import load

    ds = load(None)
    return {
        "facts": [[c.name for c in query.facts(ds).columns]],
        "indicators": [[c.name for c in query.indicators(ds).columns]],
        "projects": [[c.name for c in query.projects(ds).columns]],
        "poverty": [[c.name for c in query.poverty(ds).columns]],
        "plans": [[c.name for c in query.plans(ds).columns]],
        "stats": [[c.name for c in query.stats(ds).columns]],
        "topics": [[c.name for c in query.topics(ds).columns]],
        "villages": [
            [c.name for c in query.villages(ds).columns],
            [c.name for c in query.village_detail(ds, "孔书庄").columns],
        ],
        "show": [[c.name for c in query.show(ds, "profile.population_total").columns]],
    }


def _listed(text: str, option: str, lead: str) -> list[str]:
    """The names an option's help lists after ``lead``, up to the end of that sentence."""
    flat = " ".join(text.split())
    part = flat.split(option, 1)[1].split(lead, 1)[1]
    return [n.strip() for n in part.split(".")[0].split(",")]


def test_columns_help_lists_every_listing_column_in_order() -> None:
    for name, listings in _listings().items():
        listed = _listed(help_of(name), "--columns", "One or more of:")
        expected: list[str] = []
        for columns in listings:
            expected += [c for c in columns if c not in expected]
        assert listed == expected, name
    assert "README" not in help_of("facts")


def test_columns_help_names_the_metric_columns() -> None:
    listed = _listed(help_of("projects"), "--columns", "also:")
    assert listed == ["investment_metric", "investment_max_metric", "investment_unit_metric"]
    result = CliRunner().invoke(
        cli, ["projects", "--units", "metric", "-f", "csv", "-c", ",".join(listed)]
    )
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(
    ("command", "option", "values"),
    [
        ("projects", "--status", "approvals_complete, in_operation, planned"),
        ("projects", "--sector", "biomedicine, chemicals, energy"),
        ("plans", "--pillar", "industry, services, urbanisation, party_building, poverty"),
        ("facts", "--topic", "source, profile, economy, enterprises"),
        ("indicators", "--topic", "source, profile, economy"),
        ("facts", "--unit", "yuan"),
        ("facts", "--year", "2016, 2017"),
        ("projects", "--year", "2016, 2017"),
    ],
)
def test_options_with_fixed_values_list_them(command: str, option: str, values: str) -> None:
    listed = ", ".join(_listed(help_of(command), option, "One of:"))
    assert values in listed


def test_listed_values_come_from_the_data(tmp_path: Path) -> None:
    """A new interview's sector appears in the help of the data that has it."""
    text = BUNDLED.read_text(encoding="utf-8").replace(
        'sector = "retail"', 'sector = "aquaculture"'
    )
    (tmp_path / "new.toml").write_text(text, encoding="utf-8")
    new = str(tmp_path / "new.toml")
    assert "aquaculture" not in help_of("projects")
    for before, after in ((["--data", new], []), ([], ["--data", new])):
        result = CliRunner().invoke(cli, [*before, "projects", *after, "--help"])
        assert "aquaculture" in _listed(result.stdout, "--sector", "One of:"), (before, after)
    # and the values are those the option takes
    result = CliRunner().invoke(cli, ["--data", new, "projects", "--sector", "aquaculture"])
    assert result.exit_code == 0 and "wantai_food_street" in result.stdout


def test_help_of_unreadable_data_still_shows_the_options(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--data", str(tmp_path / "none.toml"), "projects", "-h"])
    assert result.exit_code == 0
    assert "--sector SECTOR" in result.stdout and "Examples:" in result.stdout


_WRAPPER = """
import sys, atexit
atexit.register(lambda: sys.stderr.write(" ".join(sorted(sys.modules))))
from tzcli.cli import main
sys.argv[0] = "tzcli"
main()
"""


def test_help_with_values_from_the_data_reads_them_through_the_cache(tmp_path: Path) -> None:
    """The help of projects reads the data (its sectors); with a warm cache that parses
    no TOML and imports no Rich. A help with no values from the data reads no data."""
    script = tmp_path / "wrapper.py"
    script.write_text(_WRAPPER, encoding="utf-8")
    env = subprocess_env(TZCLI_CACHE_DIR=str(tmp_path / "cache"))

    def modules(*args: str) -> list[str]:
        done = subprocess.run(
            [sys.executable, str(script), *args], capture_output=True, text=True, env=env
        )
        assert done.returncode == 0, done.stderr
        return done.stderr.split()

    modules("projects", "--help")  # fills the cache
    warm = modules("projects", "--help")
    assert "tzcli.dataset" in warm
    assert [m for m in warm if m.split(".")[0] in ("rich", "tomllib", "tomli")] == []
    assert "tzcli.dataset" not in modules("stats", "--help")


def test_help_values_are_not_computed_by_a_normal_call(monkeypatch: pytest.MonkeyPatch) -> None:
    from tzcli.commands import choices, options

    def boom(*_args: object) -> None:
        raise AssertionError("help computed on a normal call")

    monkeypatch.setattr(options.ValuesOption, "choices", boom)
    monkeypatch.setattr(choices, "column_names", boom)
    result = CliRunner().invoke(cli, ["projects", "--sector", "housing", "-f", "tsv"])
    assert result.exit_code == 0, result.output


# --------------------------------------------------------------------------
# Settings where people type them


def tsv(*args: str) -> str:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize(
    "args",
    [
        ["projects", "--lang", "zh", "-f", "table", "--limit", "1"],
        ["--lang", "zh", "projects", "-f", "table", "--limit", "1"],
        ["--lang", "en", "projects", "--lang", "zh", "-f", "table", "--limit", "1"],
    ],
)
def test_lang_before_or_after_the_command_and_the_later_wins(args: list[str]) -> None:
    assert "润鑫热电联产项目" in tsv(*args) and "Runxin combined" not in tsv(*args)


def test_lang_after_the_command_wins_over_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TZCLI_LANG", "zh")
    out = tsv("projects", "--lang", "en", "-f", "table", "--limit", "1")
    assert "Runxin combined" in out


def test_units_after_the_command() -> None:
    after = tsv("poverty", "--units", "metric")
    assert after == tsv("--units", "metric", "poverty")
    assert "value_metric" in after.splitlines()[0]
    assert "value_metric" not in tsv("--units", "metric", "poverty", "--units", "source")


def test_data_after_the_command(tmp_path: Path) -> None:
    fixture = ROOT / "tests" / "fixtures" / "minimal.toml"
    assert tsv("topics", "--data", str(fixture)) == tsv("--data", str(fixture), "topics")
    assert tsv("--data", "nowhere.toml", "topics", "--data", str(fixture)) == tsv(
        "--data", str(fixture), "topics"
    )
    result = CliRunner().invoke(cli, ["validate", "--data", str(fixture)])
    assert result.exit_code == 0 and "minimal.toml" in result.stdout


@pytest.mark.parametrize(
    ("args", "suggested"),
    [
        (["projects", "--min", "2亿"], "'--min-investment'"),
        (["projects", "--max", "2亿"], "'--max-investment'"),
        (["facts", "--min-investment", "2亿"], "'--min'"),
        (["stats", "--json"], "'--format'"),
        (["facts", "--grep", "井"], "'--search'"),
        (["projects", "--fromat", "csv"], "'--format'"),
        (["poverty", "--metric"], "'--units'"),
        (["--min", "2亿", "projects"], None),
    ],
)
def test_did_you_mean_names_the_option_that_does_the_job(
    args: list[str], suggested: str | None
) -> None:
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2
    line = result.stderr.strip().splitlines()[-1]
    assert line.startswith(f"Error: No such option '{args[0] if args[0][0] == '-' else args[1]}'")
    if suggested is None:
        assert "Did you mean" not in line
    else:
        assert suggested in line
        if suggested != "'--format'" or args[1] != "--fromat":  # a typo: close spellings
            assert "'--bom'" not in line and "'--limit'" not in line


def test_did_you_mean_offers_only_options_of_the_command() -> None:
    result = CliRunner().invoke(cli, ["stats", "--min", "3"])
    assert "--min-investment" not in result.stderr


# --------------------------------------------------------------------------
# --data - : one TOML document on stdin


def test_data_dash_reads_stdin() -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    piped = CliRunner().invoke(cli, ["--data", "-", "stats", "-f", "tsv"], input=text)
    assert piped.exit_code == 0, piped.output
    assert piped.stdout == tsv("stats", "-f", "tsv")
    after = CliRunner().invoke(cli, ["topics", "--data", "-", "-f", "tsv"], input=text)
    assert after.stdout == tsv("topics", "-f", "tsv")


def test_stdin_is_validated_and_named_stdin() -> None:
    result = CliRunner().invoke(cli, ["--data", "-", "stats"], input="x = 1\n")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: <stdin>: ")
    empty = CliRunner().invoke(cli, ["--data", "-", "stats"], input="")
    assert empty.exit_code == 1 and "<stdin>" in empty.stderr
    bad = CliRunner().invoke(cli, ["validate", "-"], input="a = [\n")
    assert bad.exit_code == 1 and "error: <stdin>:" in bad.stderr
    assert "Traceback" not in result.output + empty.output + bad.output


def test_stdin_validates_and_its_source_file_is_stdin() -> None:
    text = BUNDLED.read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["validate", "-"], input=text)
    figures = len(load_dataset().figures)
    assert result.exit_code == 0 and result.stdout.startswith(f"OK: <stdin>: {figures} figures")
    from tzcli.dataset import load_text

    ds = load_text(text.encode())
    assert ds.files == ("<stdin>",) or list(ds.files) == ["<stdin>"]
    assert {m.file for m in ds.metas} == {"<stdin>"}


def test_stdin_is_never_cached(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TZCLI_CACHE_DIR", str(tmp_path / "cache"))
    text = BUNDLED.read_text(encoding="utf-8")
    CliRunner().invoke(cli, ["--data", "-", "stats"], input=text)
    assert not (tmp_path / "cache").exists() or not any((tmp_path / "cache").iterdir())


def test_stdin_through_a_real_pipe() -> None:
    exe = Path(tzcli_command()[0]).parent
    env = subprocess_env(PATH=f"{exe}{os.pathsep}{os.environ.get('PATH', '')}")
    done = subprocess.run(
        ["bash", "-c", f"cat {shlex.quote(str(BUNDLED))} | tzcli --data - topics -f tsv"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1].startswith("source\t")


# --------------------------------------------------------------------------
# Parsers, on any input


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
def test_stdin_of_any_bytes_is_a_dataset_or_data_errors_naming_stdin(raw: bytes) -> None:
    from tzcli.dataset import load_text
    from tzcli.errors import DataError

    try:
        load_text(raw)
    except DataError as exc:
        assert exc.problems and all(p.file == "<stdin>" for p in exc.problems)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="-abcdefghijklmnopqrstuvwxyz=", min_size=1, max_size=20))
def test_suggestions_are_options_of_the_command(typed: str) -> None:
    import click

    from tzcli.commands.suggest import suggest_options

    command = commands()["projects"]
    ctx = click.Context(command)
    names = {o for p in command.get_params(ctx) for o in (*p.opts, *p.secondary_opts)}
    assert set(suggest_options(command, ctx, typed)) <= names


# --------------------------------------------------------------------------
# Option rules: what a person types is used, or said to be unused


def test_repeated_columns_add_up() -> None:
    from tzcli.cli import cli

    result = CliRunner().invoke(cli, ["facts", "-c", "id", "-c", "value,unit", "--limit", "1"])
    assert result.stdout.splitlines()[0] == "id\tvalue\tunit"


@pytest.mark.parametrize(
    "args",
    [
        ["facts", "--year", "2016", "--year", "2017"],
        ["facts", "--sort", "id", "--sort=value"],
        ["facts", "-f", "csv", "--format", "json"],
        ["projects", "--min-investment", "1", "--min-investment", "2"],
    ],
)
def test_a_single_value_option_given_twice_is_a_usage_error(args: list[str]) -> None:
    from tzcli.cli import cli

    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and "was given twice: give it once" in result.stderr


@pytest.mark.parametrize(
    ("args", "note"),
    [
        (["-f", "tsv", "--bom"], "--bom does nothing with tsv (csv only)"),
        (["-f", "table", "--no-header"], "--no-header does nothing with table"),
        (["-f", "json", "--wrap"], "--wrap does nothing with json (tables only)"),
    ],
)
def test_an_option_that_does_nothing_says_so(args: list[str], note: str) -> None:
    from tzcli.cli import cli

    result = CliRunner().invoke(cli, ["topics", *args])
    assert result.exit_code == 0 and f"note: {note}" in result.stderr
    quiet = CliRunner().invoke(cli, ["topics", *args, "-q"])
    assert quiet.stderr == ""


@pytest.mark.parametrize(
    ("args", "meant"),
    [
        (["projects", "--sector", "energi"], "energy"),
        (["facts", "--topic", "povrty"], "poverty"),
        (["facts", "-f", "jsno"], "json"),
        (["projects", "--layout", "record"], "records"),
    ],
)
def test_did_you_mean_for_values(args: list[str], meant: str) -> None:
    from tzcli.cli import cli

    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and f"Did you mean '{meant}'?" in result.stderr


@pytest.mark.parametrize(
    "args",
    [
        ["schema", "--lang", "zh"],
        ["schema", "--units", "metric"],
        ["validate", "--lang", "zh"],
        ["draft", "x.txt", "--units", "metric"],
        ["show", "runxin_chp", "--sort", "id"],
        ["show", "runxin_chp", "--limit", "1"],
    ],
)
def test_commands_refuse_options_they_would_ignore(args: list[str]) -> None:
    from tzcli.cli import cli

    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2 and "No such option" in result.stderr


def test_help_lists_the_commands_own_options_first() -> None:
    from tzcli.cli import cli

    text = CliRunner().invoke(cli, ["projects", "--help"]).stdout
    own, output, settings = (text.index(h) for h in ("Options:", "Output options:", "Settings:"))
    assert own < output < settings
    assert "--min-investment" in text[own:output] and "--format" in text[output:settings]
    assert "--lang" in text[settings:]


@pytest.mark.parametrize("name", ["data", "lang", "units", "source", "quiet"])
def test_a_setting_reads_the_same_before_and_after_the_command_name(name: str) -> None:
    """The settings are declared once (commands.options): the group's help of each is
    every command's that takes it."""
    import click

    group = click.Context(cli)
    (mine,) = [p for p in cli.params if p.name == name]
    expected = mine.get_help_record(group)
    found = 0
    for command in commands().values():
        for param in command.params:
            if param.name == name:
                assert param.get_help_record(click.Context(command, parent=group)) == expected
                assert param.opts == mine.opts
                found += 1
    assert found >= 10
