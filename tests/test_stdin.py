"""What '-' reads (issue 24 items 8 and 13): a closed stdin is one line, never a
traceback; ``--against -`` is stdin; a stdin holding only a byte-order mark says so;
and the messages name the right command and input."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import FIXTURES, subprocess_env, tzcli_command

from tzcli.cli import cli

# The calls read the bundled data from a cache filled once a run (this module tests
# nothing of the cache): not a parse of it in every test.
pytestmark = pytest.mark.usefixtures("warm_cache")

MINIMAL = FIXTURES / "minimal.toml"


def _run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*tzcli_command(), *args],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=60,
        **kwargs,  # type: ignore[arg-type]
    )


def _closed_stdin() -> None:
    os.close(0)


@pytest.mark.parametrize(
    "args",
    [["draft", "-"], ["--data", "-", "stats"], ["validate", "-"], ["draft", "x", "--against", "-"]],
    ids=["draft", "data", "validate", "against"],
)
def test_a_closed_stdin_is_one_line_never_a_traceback(args: list[str], tmp_path: Path) -> None:
    """``tzcli draft - <&-`` (and ``--data -``, ``validate -``) ended in a traceback."""
    (tmp_path / "x").write_text("天中街道新打机井77眼。\n", encoding="utf-8")
    done = _run(args, preexec_fn=_closed_stdin, cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "stdin is closed" in done.stderr, done.stderr
    lines = [line for line in done.stderr.strip().split("\n") if not line.startswith("error: ")]
    assert len(lines) == 1, done.stderr


def test_against_dash_reads_the_dataset_from_stdin(tmp_path: Path) -> None:
    """``--against -`` looked for a file named '-'."""
    text = tmp_path / "t.txt"
    text.write_text("农村人口3.4万人,城市人口3万人。\n", encoding="utf-8")
    done = _run(["draft", str(text), "--against", "-"], input=MINIMAL.read_text(encoding="utf-8"))
    assert "no such file" not in done.stderr, done.stderr
    assert "quotes not verbatim in the text:" in done.stdout, done.stderr
    assert "profile.population_rural" not in done.stdout  # its quote is in the text


def test_a_stdin_of_only_a_byte_order_mark_says_so() -> None:
    """It said "missing required key"."""
    for args in (["--data", "-", "stats"], ["validate", "-"]):
        result = CliRunner().invoke(cli, args, input=b"\xef\xbb\xbf\n")
        assert result.exit_code == 1
        assert "only a byte-order mark" in result.stderr, result.stderr
        assert "missing required key" not in result.stderr


def test_more_problems_name_validate_of_the_file_in_question(tmp_path: Path) -> None:
    """ "run 'tzcli validate' to list them" named a command that checks the bundled data."""
    bad = tmp_path / "my data.toml"
    bad.write_text("x = 1\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["--data", str(bad), "stats"])
    assert result.exit_code == 1
    assert f"tzcli validate '{bad}'" in result.stderr, result.stderr
    listed = CliRunner().invoke(cli, ["validate", str(bad)])
    assert listed.stderr.count("error: ") > 1  # the command named lists them
    result = CliRunner().invoke(cli, ["--data", "-", "stats"], input="x = 1\n")
    assert "tzcli validate - with the same input" in result.stderr, result.stderr


def test_the_json_export_names_the_data_file_by_its_base_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """It wrote ``"file": "/home/…/base.toml"``; the other exports strip the folder."""
    data = tmp_path / "deep" / "base.toml"
    data.parent.mkdir()
    shutil.copy(MINIMAL, data)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = CliRunner().invoke(cli, ["--data", str(data), "export", "-f", "json", "-o", "-"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [s["file"] for s in doc["sources"]] == ["base.toml"]
    assert str(tmp_path) not in result.stdout


def test_a_full_disk_is_one_line_without_exception_ignored(tmp_path: Path) -> None:
    """xlsx on a full disk: our line, then "Exception ignored in ZipFile.__del__" and its
    traceback. Tested on a small tmpfs (root only)."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("needs root to mount a small tmpfs")
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(disk)]).returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        for fmt in ("xlsx", "sqlite", "json", "datapackage"):
            if fmt == "xlsx":
                pytest.importorskip("openpyxl")
            done = _run(["export", "-f", fmt, "-o", str(disk / f"out.{fmt}")])
            assert done.returncode == 1, (fmt, done.stderr)
            assert "Exception ignored" not in done.stderr and "Traceback" not in done.stderr
            assert len(done.stderr.strip().split("\n")) == 1, done.stderr
            assert os.listdir(disk) == [], os.listdir(disk)
    finally:
        subprocess.run(["umount", str(disk)])
