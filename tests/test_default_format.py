"""``TZCLI_FORMAT``: the format of a listing that goes into a pipe, set once (tsv when
unset); a terminal still gets a table, ``--format`` still wins, a bad value is a usage
error in one line. Run as a user runs it: the installed tzcli, a real pipe, pandas."""

from __future__ import annotations

import os
import pty
import subprocess
import sys

import pytest
from conftest import subprocess_env, tzcli_command

# The calls read the bundled data from a cache filled once a run (this module tests
# nothing of the cache): not a parse of it in every test.
pytestmark = pytest.mark.usefixtures("warm_cache")


def piped(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*tzcli_command(), *args],
        capture_output=True,
        text=True,
        env=subprocess_env(**env),
    )


def test_unset_a_pipe_gets_tsv() -> None:
    done = piped("projects", "--limit", "1")
    assert done.returncode == 0 and done.stdout.split("\n")[0].startswith("id\tname_zh\t")


def test_csv_into_a_pipe_is_read_by_pandas() -> None:
    """The failure the README warns of (tsv read as csv) does not happen."""
    pandas = pytest.importorskip("pandas", reason="pandas is in the test extra")
    import io

    done = piped("projects", TZCLI_FORMAT="csv")
    assert done.returncode == 0, done.stderr
    frame = pandas.read_csv(io.StringIO(done.stdout))
    assert "investment" in frame.columns and len(frame) > 1
    assert frame["investment"].sum() > 0


@pytest.mark.parametrize("value", ["json", "JSON", " jsonl "])
def test_any_machine_format_and_any_case(value: str) -> None:
    done = piped("topics", "--limit", "1", TZCLI_FORMAT=value)
    assert done.returncode == 0 and done.stdout.lstrip().startswith(("[", "{")), done.stdout


def test_the_option_wins_over_the_variable() -> None:
    done = piped("topics", "--limit", "1", "-f", "tsv", TZCLI_FORMAT="json")
    assert done.stdout.startswith("id\t")


def test_a_bad_value_is_one_clear_line_and_exit_2() -> None:
    done = piped("projects", TZCLI_FORMAT="xls")
    assert done.returncode == 2 and done.stdout == ""
    assert "Error: TZCLI_FORMAT='xls' is not a format; use one of table, csv, tsv" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.skipif(sys.platform == "win32", reason="a pty")
def test_a_terminal_still_gets_a_table() -> None:
    """The variable is about pipes: at a terminal the person sees a table."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: tzcli on the terminal
        env = subprocess_env(TZCLI_FORMAT="csv", COLUMNS="100", TZCLI_PAGER="cat")
        os.execvpe(tzcli_command()[0], [*tzcli_command(), "topics", "--limit", "2"], env)
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    text = out.decode("utf-8", "replace")
    assert "Topics" in text and "id,name_zh" not in text, text
