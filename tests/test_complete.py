"""Shell completion through Click's API, for each kind of value (issue 15).

``ShellComplete.get_completions`` is what ``_TZCLI_COMPLETE=bash_complete tzcli``
answers; the scripts themselves come from ``_TZCLI_COMPLETE={bash,zsh,fish}_source``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.shell_completion import ShellComplete
from conftest import DATA, subprocess_env, tzcli_command

from tzcli.cli import cli
from tzcli.commands import COMMANDS


def complete(args: list[str], incomplete: str = "") -> list[str]:
    comp = ShellComplete(cli, {}, "tzcli", "_TZCLI_COMPLETE")
    return [item.value for item in comp.get_completions(args, incomplete)]


def kinds(args: list[str], incomplete: str = "") -> set[str]:
    comp = ShellComplete(cli, {}, "tzcli", "_TZCLI_COMPLETE")
    return {item.type for item in comp.get_completions(args, incomplete)}


def test_commands() -> None:
    assert complete([]) == sorted(COMMANDS)
    assert complete([], "pro") == ["projects"]
    assert complete([], "s") == ["schema", "search", "show", "stats"]


def test_commands_come_from_the_table_without_importing_them() -> None:
    code = (
        "import sys\n"
        "from click.shell_completion import ShellComplete\n"
        "from tzcli.cli import cli\n"
        "found = ShellComplete(cli, {}, 'tzcli', 'X').get_completions([], '')\n"
        "print(len(found), sorted(m for m in sys.modules if m.startswith('tzcli.commands.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.split(" ", 1) == [str(len(COMMANDS)), "['tzcli.commands.common']\n"]


def test_options_of_the_group_and_of_a_command() -> None:
    assert {"--data", "--lang", "--units", "--quiet", "--version"} <= set(complete([], "--"))
    found = complete(["projects"], "--")
    assert {"--min-investment", "--sector", "--columns", "--lang", "--units", "--data"} <= set(
        found
    )
    assert complete(["projects"], "--min") == ["--min-investment"]


def test_formats() -> None:
    assert complete(["stats", "--format"], "j") == ["json", "jsonl"]
    assert complete(["export", "-f"]) == ["json", "csv", "sqlite", "datapackage", "xlsx"]
    assert complete(["--lang"]) == ["en", "zh"]
    assert complete(["poverty", "--units"], "m") == ["metric"]


def test_columns_one_after_another() -> None:
    assert complete(["projects", "--columns"], "investment_q") == ["investment_qualifier"]
    assert complete(["projects", "-c"], "id,na") == ["id,name_zh", "id,name_en", "id,name_kind"]
    assert "id,id" not in complete(["projects", "-c"], "id,")
    assert complete(["topics", "--sort"], "fig") == ["figures"]
    found = complete(["facts", "--columns"], "value_m")
    assert sorted(found) == ["value_max", "value_max_metric", "value_metric"]


def test_topics_and_other_values_from_the_data() -> None:
    assert complete(["facts", "--topic"], "po") == ["poverty"]
    assert complete(["indicators", "--topic"], "social,pet") == ["social,petitions_stability"]
    assert complete(["projects", "--sector"], "h") == ["housing"]
    assert complete(["projects", "--status"], "in_") == ["in_operation"]
    assert complete(["plans", "--pillar"], "p") == ["party_building", "poverty"]
    assert complete(["facts", "--unit"], "y") == ["yuan"]


def test_ids_for_show_cite_and_villages() -> None:
    shown = complete(["show"], "runxin")
    assert sorted(shown) == [
        "runxin_chp",
        "runxin_chp.investment",
        "runxin_wastewater",
        "runxin_wastewater.investment",
    ]
    assert "rural_dibao_households" in complete(["show"], "rural_dibao_h")  # a handle
    assert "plan.poverty#1" in complete(["show"], "plan.poverty#")
    assert complete(["cite"], "profile.population_t") == ["profile.population_total"]
    assert complete(["cite"], "runxin_chp") == ["runxin_chp.investment"]  # figures only
    assert complete(["villages"], "kong") == ["kongshuzhuang"]
    assert "孔书庄" in complete(["villages"])


def test_ids_come_from_the_data_given(tmp_path: Path) -> None:
    fixture = Path(__file__).parent / "fixtures" / "synthetic_interview.toml"
    from tzcli.dataset import load

    ids = sorted(f.id for f in load(fixture).figures)
    assert sorted(complete(["--data", str(fixture), "cite"])) == ids
    assert sorted(complete(["cite", "--data", str(fixture)])) == ids
    assert complete(["--data", str(tmp_path / "none.toml"), "show"]) == []
    assert complete(["--data", "-", "show"]) == []  # stdin is the data, not completion's


def test_file_paths_are_left_to_the_shell() -> None:
    assert kinds(["--data"], "da") == {"file"}
    assert kinds(["stats", "--data"]) == {"file"}
    assert kinds(["export", "-o"], "out") == {"file"}
    assert kinds(["validate"], "da") == {"file"}


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_the_shell_scripts(shell: str) -> None:
    done = subprocess.run(
        tzcli_command(),
        capture_output=True,
        text=True,
        env=subprocess_env(_TZCLI_COMPLETE=f"{shell}_source"),
    )
    assert done.returncode == 0, done.stderr
    assert "_TZCLI_COMPLETE" in done.stdout and f"{shell}_complete" in done.stdout


def test_the_env_var_protocol_completes_ids(tmp_path: Path) -> None:
    env = subprocess_env(
        _TZCLI_COMPLETE="bash_complete",
        COMP_WORDS="tzcli show profile.population_t",
        COMP_CWORD="2",
        TZCLI_CACHE_DIR=str(tmp_path),
    )
    done = subprocess.run(tzcli_command(), capture_output=True, text=True, env=env)
    assert done.stdout.split() == ["plain,profile.population_total"]


_WRAPPER = """
import sys, atexit
atexit.register(lambda: sys.stderr.write(" ".join(sorted(sys.modules))))
from tzcli.cli import main
main()
"""


def test_completing_ids_with_a_warm_cache_parses_no_toml_and_imports_no_rich(
    tmp_path: Path,
) -> None:
    env = subprocess_env(
        _TZCLI_COMPLETE="bash_complete",
        COMP_WORDS="tzcli show pro",
        COMP_CWORD="2",
        TZCLI_CACHE_DIR=str(tmp_path),
        TZCLI_DATA=str(DATA),
    )
    script = tmp_path / "wrapper.py"
    script.write_text(_WRAPPER, encoding="utf-8")
    first = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env)
    assert "tomllib" in first.stderr.split() or "tomli" in first.stderr.split()  # cold: parsed
    warm = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env)
    modules = warm.stderr.split()
    assert "plain,profile.population_total" in warm.stdout.split()
    assert [m for m in modules if m.split(".")[0] in ("rich", "tomllib", "tomli")] == []
