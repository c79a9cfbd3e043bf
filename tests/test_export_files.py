"""Files written by ``export -o PATH``: nothing the user has is ever changed or lost.

- an existing PATH is refused without --force, and left byte for byte as it was;
- the export is written to a temporary file in PATH's folder and renamed into place;
- a failure half-way (simulated: the writer raises after writing part) leaves an
  existing PATH untouched and no temporary file behind, with one clear line and exit 1;
- the sqlite export opens with sqlite3 and holds figures, projects, plans, villages.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import List

import pytest
from click.testing import CliRunner, Result
from conftest import FIXTURES, subprocess_env, tzcli_command

from tzcli import export as exporter
from tzcli.cli import cli

MINIMAL = FIXTURES / "minimal.toml"
FORMATS = ["json", "csv", "sqlite"]
OLD = b"the user's own file, which must survive\n"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    return out


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def one_line_error(result: Result, code: int = 1) -> str:
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
    assert result.exit_code == code, (result.exit_code, result.output)
    lines = result.stderr.strip().split("\n")
    assert lines[-1].startswith("Error: ")
    if code == 1:
        assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[-1]


def leftovers(directory: Path) -> List[str]:
    return sorted(
        p.name for p in directory.iterdir() if p.name.endswith(".tmp") or p.name.startswith(".")
    )


# --------------------------------------------------------------------------
# Refusing to overwrite


@pytest.mark.parametrize("fmt", FORMATS)
def test_refuses_to_overwrite_without_force(folder: Path, fmt: str) -> None:
    target = folder / f"mine.{fmt}"
    target.write_bytes(OLD)
    os.utime(target, (1_000_000_000, 1_000_000_000))
    before = target.stat()
    line = one_line_error(invoke("export", "-f", fmt, "-o", str(target)))
    assert "exists" in line and "--force" in line
    assert target.read_bytes() == OLD
    after = target.stat()
    assert (after.st_mtime_ns, after.st_ino, after.st_mode) == (
        before.st_mtime_ns,
        before.st_ino,
        before.st_mode,
    )
    assert leftovers(folder) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_force_overwrites(folder: Path, fmt: str) -> None:
    target = folder / f"mine.{fmt}"
    target.write_bytes(OLD)
    result = invoke("export", "-f", fmt, "-o", str(target), "--force")
    assert result.exit_code == 0, result.output
    assert target.read_bytes() != OLD
    assert leftovers(folder) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_writes_a_new_file(folder: Path, fmt: str) -> None:
    result = invoke("export", "-f", fmt, "-o", f"new.{fmt}")
    assert result.exit_code == 0, result.output
    assert (folder / f"new.{fmt}").stat().st_size > 0
    assert "wrote new." in result.stderr
    assert leftovers(folder) == []


def test_a_directory_is_never_replaced(folder: Path) -> None:
    (folder / "adir").mkdir()
    (folder / "adir" / "keep.txt").write_bytes(OLD)
    for extra in ([], ["--force"]):
        one_line_error(invoke("export", "-f", "json", "-o", "adir", *extra))
    assert (folder / "adir" / "keep.txt").read_bytes() == OLD


def test_a_missing_folder_is_a_clear_error(folder: Path) -> None:
    line = one_line_error(invoke("export", "-f", "json", "-o", "no/such/folder/x.json"))
    assert "does not exist" in line
    assert not (folder / "no").exists()


def test_sqlite_cannot_go_to_stdout(folder: Path) -> None:
    one_line_error(invoke("export", "-f", "sqlite", "-o", "-"), code=2)
    assert list(folder.iterdir()) == []


# --------------------------------------------------------------------------
# Atomic: a temporary file beside the target, then a rename


@pytest.mark.parametrize("fmt", FORMATS)
def test_written_to_a_temporary_file_beside_the_target_then_renamed(
    folder: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = folder / f"mine.{fmt}"
    target.write_bytes(OLD)
    renames = []
    real_replace = os.replace

    def spy(src: "os.PathLike[str]", dst: "os.PathLike[str]") -> None:
        src_path, dst_path = Path(src), Path(dst)
        # at the moment of the rename: the new data is complete in the temporary
        # file, and the old file is still there, untouched
        renames.append((src_path, dst_path, src_path.stat().st_size, dst_path.read_bytes()))
        real_replace(src, dst)

    monkeypatch.setattr(exporter.os, "replace", spy)
    result = invoke("export", "-f", fmt, "-o", str(target), "--force")
    assert result.exit_code == 0, result.output
    assert len(renames) == 1
    src, dst, size, old_content = renames[0]
    assert dst.resolve() == target.resolve()
    assert src.parent.resolve() == folder.resolve()  # same folder: the rename is atomic
    assert src.name != target.name
    assert old_content == OLD
    assert size == target.stat().st_size
    assert not src.exists()
    assert leftovers(folder) == []


def _partial_write(tmp: Path, data: bytes) -> None:
    with open(tmp, "wb") as handle:
        handle.write(data[: len(data) // 2])
        handle.flush()
    raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("fmt", ["json", "csv"])
@pytest.mark.parametrize("existing", [True, False], ids=["existing", "new"])
def test_failure_mid_write_of_text(
    folder: Path, fmt: str, existing: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = folder / f"mine.{fmt}"
    if existing:
        target.write_bytes(OLD)
    written = []

    def failing_write_bytes(self: Path, data: bytes) -> int:
        written.append(self)
        _partial_write(self, data)
        return 0  # pragma: no cover

    monkeypatch.setattr(Path, "write_bytes", failing_write_bytes)
    args = ["export", "-f", fmt, "-o", str(target)] + (["--force"] if existing else [])
    line = one_line_error(invoke(*args))
    assert "No space left on device" in line
    assert written and written[0].parent.resolve() == folder.resolve()
    assert written[0].name != target.name  # the partial data went to the temporary file
    if existing:
        assert target.read_bytes() == OLD
    else:
        assert not target.exists()
    assert sorted(p.name for p in folder.iterdir()) == ([target.name] if existing else [])


@pytest.mark.parametrize(
    "error",
    [
        OSError(errno.ENOSPC, "No space left on device"),
        sqlite3.OperationalError("database or disk is full"),
    ],
    ids=["oserror", "sqlite-error"],
)
@pytest.mark.parametrize("existing", [True, False], ids=["existing", "new"])
def test_failure_mid_write_of_sqlite(
    folder: Path, existing: bool, error: Exception, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = folder / "mine.sqlite"
    if existing:
        target.write_bytes(OLD)
    real = exporter.write_sqlite

    def failing_write_sqlite(ds: object, path: Path) -> None:
        real(ds, path)  # a whole database in the temporary file …
        with open(path, "r+b") as handle:  # … then cut short, as by a full disk
            handle.truncate(1000)
        raise error

    monkeypatch.setattr(exporter, "write_sqlite", failing_write_sqlite)
    args = ["export", "-f", "sqlite", "-o", str(target)] + (["--force"] if existing else [])
    line = one_line_error(invoke(*args))
    assert "full" in line or "space" in line
    if existing:
        assert target.read_bytes() == OLD
    else:
        assert not target.exists()
    assert sorted(p.name for p in folder.iterdir()) == ([target.name] if existing else [])


def test_interrupted_export_leaves_nothing_half_written(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C in the middle of writing: the old file stays, the temporary file goes."""
    from tzcli.dataset import load

    target = folder / "mine.json"
    target.write_bytes(OLD)

    def interrupted(self: Path, data: bytes) -> int:
        with open(self, "wb") as handle:
            handle.write(data[:100])
        raise KeyboardInterrupt

    monkeypatch.setattr(Path, "write_bytes", interrupted)
    with pytest.raises(KeyboardInterrupt):
        exporter.write(load(MINIMAL), "json", str(target), force=True)
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in folder.iterdir()) == ["mine.json"]


def test_unwritable_folder_is_a_clear_error(tmp_path: Path) -> None:
    """A folder we may not write to: one line, exit 1 (as root: with DAC override dropped)."""
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "mine.json").write_bytes(OLD)
    locked.chmod(0o555)
    prefix: List[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            locked.chmod(0o755)
            pytest.skip("running as root without setpriv: root may write anywhere")
        prefix = [setpriv, "--bounding-set=-dac_override,-dac_read_search"]
    try:
        probe = subprocess.run([*prefix, "touch", str(locked / "probe")], capture_output=True)
        if probe.returncode == 0:
            pytest.skip("this system lets the test write to a read-only folder")
        for extra in ([], ["--force"]):
            proc = subprocess.run(
                [
                    *prefix,
                    *tzcli_command(),
                    "export",
                    "-f",
                    "json",
                    "-o",
                    str(locked / "mine.json"),
                    *extra,
                ],
                capture_output=True,
                env=subprocess_env(),
            )
            err = proc.stderr.decode()
            assert proc.returncode == 1, err
            assert "Traceback" not in err and len(err.strip().split("\n")) == 1, err
        proc = subprocess.run(
            [*prefix, *tzcli_command(), "export", "-f", "sqlite", "-o", str(locked / "new.sqlite")],
            capture_output=True,
            env=subprocess_env(),
        )
        assert proc.returncode == 1 and b"Traceback" not in proc.stderr, proc.stderr.decode()
        assert (locked / "mine.json").read_bytes() == OLD
        assert sorted(p.name for p in locked.iterdir()) == ["mine.json"]
        # a folder that cannot even be entered
        locked.chmod(0)
        proc = subprocess.run(
            [*prefix, *tzcli_command(), "export", "-f", "json", "-o", str(locked / "mine.json")],
            capture_output=True,
            env=subprocess_env(),
        )
        err = proc.stderr.decode()
        assert proc.returncode == 1 and "Traceback" not in err, err
        assert len(err.strip().split("\n")) == 1 and "ermission denied" in err, err
    finally:
        locked.chmod(0o755)
    assert (locked / "mine.json").read_bytes() == OLD


# --------------------------------------------------------------------------
# What is written


def test_sqlite_export_is_readable(folder: Path) -> None:
    result = invoke("export", "-f", "sqlite", "-o", "all.sqlite")
    assert result.exit_code == 0, result.output
    doc = json.loads(invoke("export", "-f", "json", "-o", "-").stdout)
    with sqlite3.connect(f"file:{folder / 'all.sqlite'}?mode=ro", uri=True) as conn:
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        assert {"figures", "projects", "plans", "villages"} <= tables
        for table in ("figures", "projects", "plans", "villages"):
            (count,) = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()
            assert count == len(doc[table]) > 0, table
        (value,) = conn.execute(
            "SELECT value FROM figures WHERE id = 'profile.population_rural'"
        ).fetchone()
        assert value == 34000
        (name,) = conn.execute("SELECT name_zh FROM projects WHERE id = 'runxin_chp'").fetchone()
        assert name == "润鑫热电联产项目"
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


def test_sqlite_export_of_the_minimal_dataset(folder: Path) -> None:
    result = invoke("--data", str(MINIMAL), "export", "-f", "sqlite", "-o", "min.sqlite")
    assert result.exit_code == 0, result.output
    with sqlite3.connect(str(folder / "min.sqlite")) as conn:
        counts = {
            table: conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            for table in ("figures", "projects", "plans", "villages")
        }
    assert counts == {"figures": 6, "projects": 1, "plans": 1, "villages": 1}


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_file_and_stdout_exports_are_the_same_bytes(folder: Path, fmt: str) -> None:
    to_file = invoke("export", "-f", fmt, "-o", f"x.{fmt}")
    assert to_file.exit_code == 0
    to_stdout = invoke("export", "-f", fmt, "-o", "-")
    assert (folder / f"x.{fmt}").read_bytes() == to_stdout.stdout_bytes
