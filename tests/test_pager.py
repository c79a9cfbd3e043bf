"""The pager: tables taller than the screen go through TZCLI_PAGER, else PAGER, else
``less -FRX``; never for short output, in a pipe, for a machine format, with
``--no-pager`` or with TZCLI_PAGER=cat. The fake pager writes what it got to a file."""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

import pytest
from test_terminal import ANSI, run, run_pty

from tzcli import terminal
from tzcli.render import pager

# The calls read the bundled data from a cache filled once a run (this module tests
# nothing of the cache): not a parse of it in every test.
pytestmark = pytest.mark.usefixtures("warm_cache")


def fake_pager(tmp_path: Path) -> tuple[str, Path]:
    """A pager command that records its input (and says it ran) in a file."""
    got = tmp_path / "paged.txt"
    return f"cat > {shlex.quote(str(got))}", got


def test_a_tall_table_on_a_terminal_goes_through_the_pager(tmp_path: Path) -> None:
    command, got = fake_pager(tmp_path)
    code, out = run_pty(["facts"], TZCLI_PAGER=command, TERM="xterm-256color")
    assert code == 0, out
    paged = got.read_text(encoding="utf-8")
    assert "tax_revenue" in paged  # the handle a terminal's table prints (tzcli.handles)
    assert "\x1b[" in paged  # colours kept, for less -R
    assert "tax_revenue" not in out  # the pager had it, not the screen


def test_pager_falls_back_to_pager_and_then_less(tmp_path: Path) -> None:
    command, got = fake_pager(tmp_path)
    code, out = run_pty(["facts"], PAGER=command, TZCLI_PAGER="")  # empty: no pager at all
    assert code == 0 and not got.exists() and "tax_revenue" in out
    env = {"PAGER": command}
    assert pager.pager_command(env) == command
    assert pager.pager_command({"TZCLI_PAGER": "more", **env}) == "more"
    assert pager.pager_command({"TZCLI_PAGER": "cat", **env}) is None
    assert pager.pager_command({"PAGER": " "}) is None


def test_less_is_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    monkeypatch.setattr(shutil, "which", lambda name: f"/usr/bin/{name}")
    assert pager.pager_command({}) == "less -FRX"
    monkeypatch.setattr(shutil, "which", lambda name: None)
    assert pager.pager_command({}) is None


@pytest.mark.parametrize(
    "args",
    [["topics"], ["facts", "--no-pager"], ["facts", "-f", "tsv"], ["facts", "-f", "json"]],
    ids=" ".join,
)
def test_no_pager_for_short_output_no_pager_or_machine_formats(
    tmp_path: Path, args: list[str]
) -> None:
    command, got = fake_pager(tmp_path)
    code, out = run_pty(args, TZCLI_PAGER=command)
    assert code == 0, out
    assert not got.exists(), got.read_text(encoding="utf-8")
    assert ANSI.sub("", out).strip()


def test_no_pager_in_a_pipe(tmp_path: Path) -> None:
    command, got = fake_pager(tmp_path)
    proc = run(["facts", "-f", "table"], TZCLI_PAGER=command)
    assert proc.returncode == 0 and not got.exists()
    assert b"economy.tax_revenue" in proc.stdout


def test_page_prints_short_output_itself(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """In-process: the screen's height decides; the fake pager gets exactly what was drawn."""
    import io

    command, got = fake_pager(tmp_path)
    monkeypatch.setenv("TZCLI_PAGER", command)
    monkeypatch.setattr(terminal, "height", lambda: 5)
    out = io.StringIO()
    pager.page(lambda stream: stream.write("a\nb\n"), out)
    assert out.getvalue() == "a\nb\n" and not got.exists()
    if sys.platform != "win32":
        pager.page(lambda stream: stream.write("line\n" * 9), out)
        assert got.read_text(encoding="utf-8") == "line\n" * 9


def test_a_pager_that_is_not_there_loses_nothing(
    monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TZCLI_PAGER", "no-such-pager-anywhere")
    monkeypatch.setattr(terminal, "height", lambda: 2)
    pager.page(lambda stream: stream.write("line\n" * 5))
    out, err = capfd.readouterr()
    assert out == "line\n" * 5
    assert "no-such-pager-anywhere" in err  # the shell says why
