"""Shell completion through Click's API, for each kind of value (issue 15).

``ShellComplete.get_completions`` is what ``_TZCLI_COMPLETE=bash_complete tzcli``
answers; the scripts themselves come from ``_TZCLI_COMPLETE={bash,zsh,fish}_source``.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.shell_completion import ShellComplete
from click.testing import CliRunner
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
    assert complete([], "s") == ["schema", "search", "show", "sources", "stats"]


#: The modules of tzcli.commands every call loads (no command's own).
SHARED = ("boundary", "choices", "options", "settings", "suggest")


def test_commands_come_from_the_table_without_importing_them() -> None:
    code = (
        "import sys\n"
        "from click.shell_completion import ShellComplete\n"
        "from tzcli.cli import cli\n"
        "found = ShellComplete(cli, {}, 'tzcli', 'X').get_completions([], '')\n"
        "print(len(found), sorted(m for m in sys.modules if m.startswith('tzcli.commands.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.stdout.split(" ", 1) == [
        str(len(COMMANDS)),
        # what every command shares; no command module
        repr([f"tzcli.commands.{m}" for m in SHARED]) + "\n",
    ]


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
    assert complete(["facts", "--unit"], "y") == ["yuan", "yuan_per_person"]


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


# --------------------------------------------------------------------------
# Issue 24 items 5 and 9: values from the data are safe shell words; Tab never blocks

_MINIMAL = Path(__file__).parent / "fixtures" / "minimal.toml"
_EVIL_VILLAGE = "李竹匠; touch PWNED #"


def _hostile_data(tmp_path: Path) -> Path:
    text = _MINIMAL.read_text(encoding="utf-8")
    text = text.replace('sector = "energy"', 'sector = "energy, heat"')
    text = text.replace('name_zh = "孔书庄"', f'name_zh = "{_EVIL_VILLAGE}"')
    data = tmp_path / "hostile.toml"
    data.write_text(text, encoding="utf-8")
    return data


def _bash_completes(tmp_path: Path, words: list[str]) -> list[str]:
    """What bash's own completion function (Click's script) puts in COMPREPLY."""
    import shlex

    script = (
        'eval "$(_TZCLI_COMPLETE=bash_source tzcli)"\n'
        f"COMP_WORDS=({' '.join(shlex.quote(w) for w in words)})\n"
        f"COMP_CWORD={len(words) - 1}\n"
        "_tzcli_completion tzcli\n"
        'printf "%s\\0" "${COMPREPLY[@]}"\n'
    )
    bin_dir = str(Path(tzcli_command()[0]).parent)
    env = subprocess_env(PATH=bin_dir + os.pathsep + os.environ.get("PATH", ""))
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", script],
        capture_output=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return [w.decode() for w in done.stdout.split(b"\0") if w]


def _as_shell_word(word: str, tmp_path: Path) -> list[str]:
    """The arguments bash makes of ``word`` typed on a command line."""
    done = subprocess.run(
        ["bash", "--norc", "--noprofile", "-c", f'printf "%s\\0" {word}'],
        capture_output=True,
        cwd=tmp_path,
        timeout=60,
    )
    return [w.decode() for w in done.stdout.split(b"\0") if w]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_inserts_a_value_from_the_data_as_one_word_never_as_shell_syntax(
    tmp_path: Path,
) -> None:
    """A village named ``李竹匠; rm -rf ~ #`` was inserted onto the command line as shell
    syntax. Now bash's script gets it escaped: the line runs nothing but tzcli."""
    data = _hostile_data(tmp_path)
    found = _bash_completes(tmp_path, ["tzcli", "--data", str(data), "villages", "李"])
    assert len(found) == 1, found
    assert _as_shell_word(found[0], tmp_path) == [_EVIL_VILLAGE]
    assert not (tmp_path / "PWNED").exists()


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_a_sector_with_a_comma_can_be_completed_and_selected(tmp_path: Path) -> None:
    """A sector holding a comma could never be selected: --sector split it. Now it is
    given escaped (``energy\\, heat``) or quoted (``"energy, heat"``), and completion
    offers it escaped."""
    data = _hostile_data(tmp_path)
    found = _bash_completes(tmp_path, ["tzcli", "--data", str(data), "projects", "--sector", "e"])
    assert len(found) == 1, found
    (argument,) = _as_shell_word(found[0], tmp_path)
    assert argument == "energy\\, heat"
    runner = CliRunner()
    for given in (argument, '"energy, heat"', f"{argument},{argument}"):
        result = runner.invoke(
            cli, ["--data", str(data), "projects", "--sector", given, "-f", "csv", "-c", "id"]
        )
        assert result.exit_code == 0, result.output
        assert result.stdout.split() == ["id", "runxin_chp"], given


def test_values_are_escaped_for_the_shell_asking_and_unsafe_ones_never_offered() -> None:
    from tzcli.commands.complete import shell_word

    assert shell_word("poverty", "bash") == "poverty"
    assert shell_word("a; b", "bash") == "a\\\\;\\\\ b"  # read takes one backslash
    assert shell_word("a; b", "zsh") == "a; b"  # compadd quotes what it inserts
    assert shell_word("a; b", "fish") == "a; b"  # so does fish
    assert shell_word("a,b", "fish") is None  # fish's script splits at commas
    for value in ("a\nplain,evil", "a\rb", "a\x1bb", "a\u202eb", ""):
        assert {shell_word(value, s) for s in ("bash", "zsh", "fish")} == {None}, value
    assert shell_word("*", "bash") is None and shell_word("a?", "bash") is None


def test_a_newline_in_a_value_never_reaches_the_protocol(tmp_path: Path) -> None:
    """A name with newlines injected completion directives (a ``file,…`` line): the
    village named so in a data file is not offered, every line stays ``plain,…``."""
    text = _MINIMAL.read_text(encoding="utf-8")
    data = tmp_path / "nl.toml"
    data.write_text(
        text.replace('name_zh = "孔书庄"', 'name_zh = "孔书庄\\nfile\\n/etc"'), encoding="utf-8"
    )
    words = f"tzcli --data {data} villages "
    for shell in ("bash", "zsh", "fish"):
        env = subprocess_env(
            _TZCLI_COMPLETE=f"{shell}_complete",
            COMP_WORDS=words,
            COMP_CWORD=str(len(words.split())) if shell != "fish" else "",
        )
        done = subprocess.run(tzcli_command(), capture_output=True, text=True, env=env, timeout=30)
        assert done.returncode == 0, done.stderr
        assert "file" not in done.stdout.replace("plain", ""), (shell, done.stdout)
        assert "kongshuzhuang" in done.stdout, (shell, done.stdout)


@pytest.mark.parametrize("how", ["--data", "TZCLI_DATA"])
def test_completion_never_blocks_on_a_fifo(tmp_path: Path, how: str) -> None:
    """Tab froze the shell when --data or TZCLI_DATA named a FIFO."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    words = "tzcli projects --sector "
    extra = {"TZCLI_DATA": str(fifo)} if how == "TZCLI_DATA" else {}
    if how == "--data":
        words = f"tzcli --data {fifo} projects --sector "
    env = subprocess_env(
        _TZCLI_COMPLETE="bash_complete",
        COMP_WORDS=words,
        COMP_CWORD=str(len(words.split())),
        **extra,
    )
    done = subprocess.run(tzcli_command(), capture_output=True, text=True, env=env, timeout=20)
    assert done.returncode == 0 and done.stdout.strip() == "", done.stdout
    assert "Traceback" not in done.stderr


def test_completion_never_reads_a_terminal() -> None:
    """``--data /dev/stdin`` with stdin a terminal: Tab waited for the user's typing."""
    import pty

    primary, secondary = pty.openpty()
    try:
        words = "tzcli --data /dev/stdin projects --sector "
        env = subprocess_env(
            _TZCLI_COMPLETE="bash_complete", COMP_WORDS=words, COMP_CWORD=str(len(words.split()))
        )
        done = subprocess.run(
            tzcli_command(), stdin=secondary, capture_output=True, text=True, env=env, timeout=20
        )
    finally:
        os.close(primary)
        os.close(secondary)
    assert done.returncode == 0 and done.stdout.strip() == "", done.stdout


def test_completion_gives_up_on_slow_data_within_a_second(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from tzcli import dataset

    def slow(*_args: object, **_kwargs: object) -> None:
        time.sleep(5)

    monkeypatch.setattr(dataset, "load", slow)
    start = time.monotonic()
    assert complete(["--data", str(_MINIMAL), "projects", "--sector"]) == []
    assert time.monotonic() - start < 2.5
