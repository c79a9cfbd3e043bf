"""Pipes and encodings, with real subprocesses.

- ``tzcli <command> -f <format> | head -1`` exits quietly for every listing
  command and every format: no BrokenPipeError, no "Exception ignored" on stderr
  (Python's documented SIGPIPE recipe). Also with a reader that is gone before
  tzcli writes a byte, and with output far larger than a pipe's buffer.
- Under LC_ALL=C, an ASCII-only C locale, PYTHONIOENCODING=gbk / latin-1 / ascii
  (as on a Chinese Windows console), machine formats still write correct UTF-8,
  byte for byte what a UTF-8 terminal gets; tables and messages never traceback.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURES, listing_calls, output_formats, subprocess_env, tzcli_command

# Hundreds of calls that test pipes and encodings, not the cache: the cache is filled once.
pytestmark = pytest.mark.usefixtures("warm_cache")

FORMATS = output_formats()
LISTINGS = listing_calls()
OTHERS = {
    "projects-chart": ["projects", "--chart"],
    "poverty-chart": ["poverty", "--chart"],
    "export-json": ["export", "-f", "json", "-o", "-"],
    "export-csv": ["export", "-f", "csv", "-o", "-"],
    "validate": ["validate"],
    "help": ["--help"],
    "facts-help": ["facts", "--help"],
    "version": ["--version"],
}

NOISE = ("Traceback", "BrokenPipeError", "Exception ignored", "Error", "error")


def quiet(stderr: bytes) -> None:
    text = stderr.decode("utf-8", "replace")
    for word in NOISE:
        assert word not in text, text


def head_one(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """``tzcli ARGS 2>FILE | head -1`` in bash (no pipefail): stdout is head's line,
    stderr is tzcli's own stderr (from FILE), returncode is tzcli's."""
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        err_file = Path(folder) / "stderr"
        command = shlex.join([*tzcli_command(), *args])
        script = f'{command} 2>{shlex.quote(str(err_file))} | head -1; exit "${{PIPESTATUS[0]}}"'
        proc = subprocess.run(
            ["bash", "-c", script], capture_output=True, env=env or subprocess_env(), timeout=120
        )
        err = err_file.read_bytes()
    assert proc.stderr == b"", proc.stderr  # bash itself said nothing
    return subprocess.CompletedProcess(args, proc.returncode, proc.stdout, err)


def closed_pipe(args: list[str], env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """tzcli writing into a pipe whose reader has already gone: every write fails."""
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        return subprocess.run(
            [*tzcli_command(), *args],
            stdout=write_end,
            stderr=subprocess.PIPE,
            env=env or subprocess_env(),
            timeout=120,
        )
    finally:
        os.close(write_end)


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A dataset whose listings are far bigger than a pipe's buffer (64 KiB)."""
    text = (FIXTURES / "minimal.toml").read_text(encoding="utf-8")
    figures = "".join(
        f"""
[[figures]]
id = "poverty.bulk_{i}"
topic = "poverty"
section = "s2016.livelihood"
year = 2016
subject_zh = "批量数据{i}"
subject_en = "generated figure {i}"
value = {i}
unit = "households"
qualifier = "exact"
quote = "两级扶贫平台共计1183户"
"""
        for i in range(3000)
    )
    path = tmp_path_factory.mktemp("large") / "large.toml"
    path.write_text(text + figures, encoding="utf-8")
    return path


# --------------------------------------------------------------------------
# | head -1


def matrix(rows: list[Any], columns: list[str], shift: int = 0) -> list[Any]:
    """Every row × every column, as parameters (row, column). The README's test command
    runs a diagonal (each row once, with the column ``shift`` places along; each column
    at least once when there are as many rows), ``-m slow`` the rest: CI runs both, the
    whole matrix."""
    params = []
    for i, row in enumerate(rows):
        for j, column in enumerate(columns):
            quick = j == (i + shift) % len(columns)
            marks = () if quick else (pytest.mark.slow,)
            shown = " ".join(row) if isinstance(row, list) else row
            params.append(pytest.param(row, column, id=f"{column}-{shown}", marks=marks))
    return params


def every_listing_in_every_format(shift: int) -> list[Any]:
    return matrix(list(LISTINGS), FORMATS, shift)


def test_the_quick_diagonal_has_every_row_and_every_column() -> None:
    for rows, columns in ((list(LISTINGS), FORMATS), (TEXT_CALLS, list(ENCODINGS))):
        for shift in (0, 1):
            quick = [p.values for p in matrix(rows, columns, shift) if not p.marks]
            assert [row for row, _ in quick] == rows
            assert {column for _, column in quick} == set(columns)
        assert len(matrix(rows, columns)) == len(rows) * len(columns)
    quick = [p.values for p in matrix(FORMATS, ["facts", "poverty"]) if not p.marks]
    assert [fmt for fmt, _ in quick] == FORMATS and {c for _, c in quick} == {"facts", "poverty"}
    quick = [p.values for p in matrix(list(ENCODINGS), MACHINE) if not p.marks]
    assert [encoding for encoding, _ in quick] == list(ENCODINGS)
    assert {fmt for _, fmt in quick} == set(MACHINE)


@pytest.mark.parametrize(("name", "fmt"), every_listing_in_every_format(0))
def test_head_one_is_quiet(name: str, fmt: str) -> None:
    proc = head_one([*LISTINGS[name], "-f", fmt])
    quiet(proc.stderr)
    assert proc.returncode in (0, 1), proc.returncode
    assert proc.stdout.count(b"\n") == 1


@pytest.mark.parametrize("name", list(OTHERS))
def test_head_one_is_quiet_for_other_output(name: str) -> None:
    proc = head_one(OTHERS[name])
    quiet(proc.stderr)
    assert proc.returncode in (0, 1)


@pytest.mark.parametrize(("fmt", "command"), matrix(FORMATS, ["facts", "poverty"]))
def test_head_one_is_quiet_with_output_larger_than_the_pipe(
    large: Path, command: str, fmt: str
) -> None:
    proc = head_one(["--data", str(large), command, "-f", fmt])
    quiet(proc.stderr)
    assert proc.returncode in (0, 1)
    assert proc.stdout.count(b"\n") == 1


@pytest.mark.parametrize(("name", "fmt"), every_listing_in_every_format(1))
def test_reader_gone_before_the_first_byte(name: str, fmt: str) -> None:
    proc = closed_pipe([*LISTINGS[name], "-f", fmt])
    quiet(proc.stderr)
    assert proc.returncode in (0, 1)


@pytest.mark.parametrize("name", list(OTHERS))
def test_reader_gone_for_other_output(name: str) -> None:
    proc = closed_pipe(OTHERS[name])
    quiet(proc.stderr)
    assert proc.returncode in (0, 1)


def test_reader_gone_with_large_output(large: Path) -> None:
    for fmt in FORMATS:
        proc = closed_pipe(["--data", str(large), "facts", "-f", fmt])
        quiet(proc.stderr)
        assert proc.returncode in (0, 1)


def test_errors_still_reach_stderr_when_stdout_is_gone() -> None:
    proc = closed_pipe(["show", "no.such.record"])
    assert proc.returncode == 2
    err = proc.stderr.decode()
    assert "no record with id" in err and "Traceback" not in err


# --------------------------------------------------------------------------
# Encodings


def env_with(**settings: str | None) -> dict[str, str]:
    env = subprocess_env()
    for key, value in settings.items():
        if value is None:
            env.pop(key, None)
        else:
            env[key] = value
    return env


ENCODINGS = {
    "LC_ALL=C": dict(LC_ALL="C", LANG="C", PYTHONIOENCODING=None),
    "ascii-C-locale": dict(
        LC_ALL="C", LANG="C", PYTHONIOENCODING=None, PYTHONUTF8="0", PYTHONCOERCECLOCALE="0"
    ),
    "gbk": dict(PYTHONIOENCODING="gbk"),
    "latin-1": dict(PYTHONIOENCODING="latin-1"),
    "ascii": dict(PYTHONIOENCODING="ascii"),
    "cp1252": dict(PYTHONIOENCODING="cp1252"),
}
MACHINE = ["csv", "tsv", "json", "jsonl", "markdown"]
CHINESE = [["facts"], ["villages", "kongshuzhuang"], ["show", "runxin_chp"]]


def run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run([*tzcli_command(), *args], capture_output=True, env=env, timeout=120)


_REFERENCE: dict[tuple, bytes] = {}


def reference(args: list[str]) -> bytes:
    """What tzcli writes with a UTF-8 locale (computed once per argument list, in this
    process: the tests' locale is C.UTF-8, and a machine format is the same bytes)."""
    from click.testing import CliRunner

    from tzcli.cli import cli

    key = tuple(args)
    if key not in _REFERENCE:
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        _REFERENCE[key] = result.stdout_bytes
    return _REFERENCE[key]


@pytest.mark.parametrize(("encoding", "fmt"), matrix(list(ENCODINGS), MACHINE))
def test_machine_formats_are_utf8_whatever_the_locale(encoding: str, fmt: str) -> None:
    for args in CHINESE:
        expected = reference([*args, "-f", fmt])
        proc = run([*args, "-f", fmt], env_with(**ENCODINGS[encoding]))
        assert b"Traceback" not in proc.stderr, proc.stderr.decode()
        assert proc.returncode == 0
        text = proc.stdout.decode("utf-8")  # strict: correct UTF-8 or this fails
        assert text == expected.decode("utf-8")
        assert "润鑫" in text or "孔书庄" in text or "农村人口" in text


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_export_is_utf8_whatever_the_locale(encoding: str, tmp_path: Path) -> None:
    for fmt in ("json", "csv"):
        expected = reference(["export", "-f", fmt, "-o", "-"])
        proc = run(["export", "-f", fmt, "-o", "-"], env_with(**ENCODINGS[encoding]))
        assert proc.returncode == 0, proc.stderr.decode()
        assert proc.stdout == expected
        proc.stdout.decode("utf-8")
        target = tmp_path / f"{encoding}.{fmt}"
        written = run(["export", "-f", fmt, "-o", str(target)], env_with(**ENCODINGS[encoding]))
        assert written.returncode == 0, written.stderr.decode()
        assert target.read_bytes() == expected


#: Calls that print tables, charts, help and messages (text a console must show).
TEXT_CALLS: list[list[str]] = [
    ["--lang", "zh", "stats", "-f", "table"],
    ["--lang", "en", "facts", "-f", "table"],  # − and ² are not in GBK or latin-1
    ["--lang", "zh", "villages", "kongshuzhuang", "-f", "table"],
    ["--lang", "zh", "show", "runxin_chp", "-f", "table"],
    ["--lang", "zh", "projects", "--chart"],
    ["--lang", "en", "poverty", "--chart"],
    ["--lang", "zh", "facts", "-f", "table", "--search", "no such text anywhere"],
    ["--help"],
    ["facts", "--help"],
    ["validate"],
]


@pytest.mark.parametrize(("args", "encoding"), matrix(TEXT_CALLS, list(ENCODINGS)))
def test_tables_and_messages_never_traceback(encoding: str, args: list[str]) -> None:
    env = env_with(**ENCODINGS[encoding])
    proc = run(args, env)
    assert b"Traceback" not in proc.stderr, proc.stderr.decode("utf-8", "replace")
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")
    python_encoding = ENCODINGS[encoding].get("PYTHONIOENCODING") or (
        "ascii" if encoding == "ascii-C-locale" else "utf-8"
    )
    # what a console in that encoding shows: text it can decode (\uXXXX for the rest).
    # Click writes UTF-8 to a stream that claims to be ASCII (it takes that for a
    # misconfigured locale), so --help there is UTF-8.
    try:
        proc.stdout.decode(python_encoding)
    except UnicodeDecodeError:
        assert python_encoding == "ascii" and "--help" in args
        proc.stdout.decode("utf-8")


@pytest.mark.parametrize("encoding", list(ENCODINGS))
def test_errors_with_chinese_text_never_traceback(encoding: str) -> None:
    env = env_with(**ENCODINGS[encoding])
    proc = run(["villages", "nowhere"], env)  # the message lists the Chinese names
    err = proc.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err
    assert proc.returncode == 2
    assert err.strip().split("\n")[-1].startswith("Error: no village")
    missing = run(["--data", "没有这个文件.toml", "stats"], env)
    assert b"Traceback" not in missing.stderr
    assert missing.returncode == 1
