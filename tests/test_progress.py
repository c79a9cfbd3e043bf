"""tzcli.commands.progress: a bar on a terminal's stderr for slow work only (issue 15)."""

from __future__ import annotations

import io
import os
import pty
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import subprocess_env

from tzcli.cli import cli
from tzcli.commands import common, progress


class TerminalStream(io.StringIO):
    def isatty(self) -> bool:
        return True


SHOWN: list[TerminalStream] = []


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> TerminalStream:
    """stderr a terminal (CliRunner swaps sys.stderr: the bar is given this one), and no
    delay before the bar."""
    stream = TerminalStream()
    monkeypatch.setattr(progress, "terminal_stderr", lambda: stream)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    SHOWN[:] = [stream]
    return stream


def _wait_for_the_bar() -> None:
    """Work that lasts until the timer's thread has drawn the bar (or 5 s)."""
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and SHOWN and not SHOWN[0].getvalue():
        time.sleep(0.01)


def test_slow_work_on_a_terminal_shows_a_bar_that_goes_away(terminal: TerminalStream) -> None:
    with progress.working("checking big.toml"):
        _wait_for_the_bar()
    out = terminal.getvalue()
    assert "checking big.toml" in out
    assert "\x1b[" in out  # drawn, then cleared (transient)


def test_nothing_when_stderr_is_not_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stderr", stream)
    monkeypatch.setattr(progress, "DELAY", 0.0)
    assert progress.terminal_stderr() is None
    with progress.working("checking big.toml"):
        time.sleep(0.3)
    assert stream.getvalue() == ""
    monkeypatch.setattr(sys, "stderr", TerminalStream())
    assert progress.terminal_stderr() is sys.stderr


def test_quiet_turns_it_off(terminal: TerminalStream) -> None:
    with progress.working("checking big.toml", quiet=True):
        time.sleep(0.3)
    assert terminal.getvalue() == ""


def test_fast_work_shows_nothing(terminal: TerminalStream, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "DELAY", 0.1)
    with progress.working("reading"):
        pass
    time.sleep(0.3)
    assert terminal.getvalue() == ""


def _slow_load(monkeypatch: pytest.MonkeyPatch, seconds: float | None = None) -> None:
    """Loading that waits for the bar, or lasts ``seconds``."""
    real = common.load_data

    def slow(*args: Any, **kwargs: Any) -> Any:
        if seconds is None:
            _wait_for_the_bar()
        else:
            time.sleep(seconds)
        return real(*args, **kwargs)

    monkeypatch.setattr(common, "load_data", slow)
    monkeypatch.setattr("tzcli.commands.validate.load_data", slow)


@pytest.mark.parametrize(
    ("args", "shown"),
    [
        (["validate"], "checking the bundled data"),
        (["--data", "data", "stats", "-f", "tsv"], "reading data"),
        (["stats", "-f", "tsv"], "reading the bundled data"),
    ],
)
def test_loading_and_validating_show_the_bar(
    terminal: TerminalStream, monkeypatch: pytest.MonkeyPatch, args: list[str], shown: str
) -> None:
    _slow_load(monkeypatch)
    monkeypatch.chdir(Path(__file__).resolve().parent.parent)
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert shown in terminal.getvalue()
    assert shown not in result.stdout


def test_quiet_before_or_after_the_command(
    terminal: TerminalStream, monkeypatch: pytest.MonkeyPatch
) -> None:
    _slow_load(monkeypatch, seconds=0.3)
    for args in (["--quiet", "validate"], ["validate", "-q"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
    assert terminal.getvalue() == ""


def test_export_shows_the_bar_and_quiet_drops_its_note(
    terminal: TerminalStream, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from tzcli import exports

    real = exports.write

    def slow(*args: Any, **kwargs: Any) -> None:
        _wait_for_the_bar()
        real(*args, **kwargs)

    monkeypatch.setattr(exports, "write", slow)
    monkeypatch.chdir(tmp_path)  # a short name: the bar is as wide as the terminal
    result = CliRunner().invoke(cli, ["export", "-f", "json", "-o", "x.json"])
    assert result.exit_code == 0 and "writing x.json" in terminal.getvalue()
    result = CliRunner().invoke(cli, ["-q", "export", "-f", "json", "-o", "x.json", "--force"])
    assert result.exit_code == 0 and result.stderr == ""


_WRAPPER = """
import sys, atexit
out = sys.argv.pop(1)
atexit.register(lambda: open(out, "w").write("\\n".join(sorted(sys.modules))))
from tzcli.cli import main
sys.argv[0] = "tzcli"
main()
"""


def test_a_fast_call_on_a_terminal_never_imports_rich(tmp_path: Path) -> None:
    """stderr a real terminal (a pty), stdout a pipe: a cache hit is over before the timer."""
    script = tmp_path / "wrapper.py"
    script.write_text(_WRAPPER, encoding="utf-8")
    env = subprocess_env(TZCLI_CACHE_DIR=str(tmp_path / "cache"))
    for attempt in ("cold", "warm"):
        leader, follower = pty.openpty()
        try:
            done = subprocess.run(
                [sys.executable, str(script), str(tmp_path / attempt), "stats", "-f", "tsv"],
                stdout=subprocess.PIPE,
                stderr=follower,
                env=env,
                timeout=60,
            )
        finally:
            os.close(follower)
            os.close(leader)
        assert done.returncode == 0
    modules = (tmp_path / "warm").read_text().split()
    assert "threading" in modules
    assert [m for m in modules if m == "rich" or m.startswith("rich.")] == []
