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
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from conftest import FIXTURES, subprocess_env, tzcli_command

from tzcli import exports as exporter
from tzcli import files
from tzcli.cli import cli
from tzcli.errors import OutputError

# In-process calls read the bundled data from a cache filled once a run (this module
# tests nothing of the cache): not a parse of it in every test.
pytestmark = pytest.mark.usefixtures("warm_cache")

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


def leftovers(directory: Path) -> list[str]:
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

    def spy(src: os.PathLike[str], dst: os.PathLike[str]) -> None:
        src_path, dst_path = Path(src), Path(dst)
        # at the moment of the rename: the new data is complete in the temporary
        # file, and the old file is still there, untouched
        renames.append((src_path, dst_path, src_path.stat().st_size, dst_path.read_bytes()))
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", spy)
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
    from tzcli.exports import sqlite

    real = sqlite.write

    def failing_write_sqlite(ds: object, path: Path) -> None:
        real(ds, path)  # a whole database in the temporary file …
        with open(path, "r+b") as handle:  # … then cut short, as by a full disk
            handle.truncate(1000)
        raise error

    monkeypatch.setattr(sqlite, "write", failing_write_sqlite)
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
    prefix: list[str] = []
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


# --------------------------------------------------------------------------
# Only regular files, never one that appeared meanwhile (issue 12, items 7-10)

UNUSED_UID = 54321


def _as_root() -> None:
    if os.geteuid() != 0:
        pytest.skip("needs root: device nodes are made with mknod")


@pytest.mark.parametrize("fmt", ["json", "sqlite"])
def test_a_fifo_at_the_output_is_an_error_even_with_force(folder: Path, fmt: str) -> None:
    import stat

    os.mkfifo(folder / "pipe")
    for extra in ([], ["--force"]):
        line = one_line_error(invoke("export", "-f", fmt, "-o", "pipe", *extra))
        assert "not a regular file" in line, line
    assert stat.S_ISFIFO((folder / "pipe").lstat().st_mode)
    assert sorted(p.name for p in folder.iterdir()) == ["pipe"]


def test_a_device_at_the_output_is_never_replaced(folder: Path) -> None:
    """As root, ``-o /dev/null --force`` replaced the device with a regular file. Tested on
    a device node of our own (a copy of /dev/null), so the machine's is never at risk."""
    import stat

    _as_root()
    node = folder / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    (folder / "to-null").symlink_to(node)
    for name in ("null", "to-null"):
        line = one_line_error(invoke("export", "-f", "sqlite", "-o", name, "--force"))
        assert "not a regular file" in line, line
    assert stat.S_ISCHR(node.lstat().st_mode) and (folder / "to-null").is_symlink()
    assert sorted(p.name for p in folder.iterdir()) == ["null", "to-null"]


def test_a_link_to_stdout_is_refused_and_left_alone(folder: Path) -> None:
    """``-o /dev/stdout --force``: a symlink to a pipe; tested on a link of our own."""
    (folder / "stdout").symlink_to("/proc/self/fd/1")
    proc = subprocess.run(
        [*tzcli_command(), "export", "-f", "json", "-o", str(folder / "stdout"), "--force"],
        capture_output=True,
        env=subprocess_env(),
    )
    err = proc.stderr.decode()
    assert proc.returncode == 1 and len(err.strip().split("\n")) == 1, err
    assert "not a regular file" in err and proc.stdout == b""
    assert os.readlink(folder / "stdout") == "/proc/self/fd/1"


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_symlink_at_the_output_writes_the_file_it_points_to(
    folder: Path, tmp_path: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_folder = tmp_path / "real"
    real_folder.mkdir()
    real = real_folder / f"data.{fmt}"
    real.write_bytes(OLD)
    real.chmod(0o640)
    (folder / "link").symlink_to(real)
    temporaries: list[Path] = []
    real_replace = os.replace

    def spy(src: os.PathLike[str], dst: os.PathLike[str]) -> None:
        if Path(dst).name == real.name:  # not the cache's own renames
            temporaries.append(Path(src))
        real_replace(src, dst)

    monkeypatch.setattr(files.os, "replace", spy)
    one_line_error(invoke("export", "-f", fmt, "-o", "link"))  # it exists: --force needed
    result = invoke("export", "-f", fmt, "-o", "link", "--force")
    assert result.exit_code == 0, result.output
    assert (folder / "link").is_symlink() and os.readlink(folder / "link") == str(real)
    assert real.read_bytes() != OLD and real.stat().st_size > 0
    assert (real.stat().st_mode & 0o777) == 0o640
    assert [t.parent for t in temporaries] == [real_folder]  # atomic: in the file's folder
    assert sorted(p.name for p in real_folder.iterdir()) == [real.name]
    assert leftovers(folder) == []


def test_a_dangling_symlink_needs_force_and_then_creates_its_target(
    folder: Path, tmp_path: Path
) -> None:
    target = tmp_path / "later.json"
    (folder / "dangling").symlink_to(target)
    line = one_line_error(invoke("export", "-f", "json", "-o", "dangling"))
    assert "exists" in line and "--force" in line
    assert (folder / "dangling").is_symlink() and not target.exists()
    result = invoke("export", "-f", "json", "-o", "dangling", "--force")
    assert result.exit_code == 0, result.output
    assert (folder / "dangling").is_symlink() and json.loads(target.read_bytes())


@pytest.mark.parametrize("name", ["newdir/", "adir/"])
def test_an_output_ending_in_a_slash_is_an_error(folder: Path, name: str) -> None:
    (folder / "adir").mkdir()
    for extra in ([], ["--force"]):
        line = one_line_error(invoke("export", "-f", "json", "-o", name, *extra))
        assert name in line
    assert sorted(p.name for p in folder.iterdir()) == ["adir"]
    assert list((folder / "adir").iterdir()) == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_that_appears_during_an_export_is_never_replaced(
    folder: Path, fmt: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --force, the last step is a hard link, which fails on an existing name:
    a file someone made while the export ran stays, byte for byte."""
    target = folder / f"new.{fmt}"
    real_fill = files._write_and_place

    def racing(tmp_target: Path, fill: object, replace: bool, shown: str) -> None:
        def fill_then_race(tmp: Path) -> None:
            fill(tmp)  # type: ignore[operator]
            target.write_bytes(OLD)  # another program makes the file now

        real_fill(tmp_target, fill_then_race, replace, shown)

    monkeypatch.setattr(files, "_write_and_place", racing)
    line = one_line_error(invoke("export", "-f", fmt, "-o", str(target)))
    assert "exists" in line
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in folder.iterdir()) == [target.name]


_SIGNALLED = """
import os, signal, sys
from pathlib import Path
from tzcli.exports import sqlite
signum = getattr(signal, sys.argv.pop(1))
real = sqlite.write
def write_sqlite(ds, path):
    real(ds, path)
    import sqlite3
    conn = sqlite3.connect(str(path))
    conn.execute("BEGIN IMMEDIATE")
    conn.execute("CREATE TABLE extra (x)")  # a -journal beside the temporary file
    os.kill(os.getpid(), signum)
    for _ in range(1000):
        pass
sqlite.write = write_sqlite
from tzcli.cli import main
sys.argv[0] = "tzcli"
main()
"""


@pytest.mark.parametrize("name,code", [("SIGTERM", -15), ("SIGHUP", -1), ("SIGINT", 130)])
def test_a_signal_during_an_export_removes_its_temporary_files(
    folder: Path, name: str, code: int
) -> None:
    target = folder / "mine.sqlite"
    target.write_bytes(OLD)
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            _SIGNALLED,
            name,
            "export",
            "-f",
            "sqlite",
            "-o",
            str(target),
            "--force",
        ],
        capture_output=True,
        env=subprocess_env(),
        timeout=120,
    )
    assert proc.returncode == code, proc.stderr.decode()
    assert b"Traceback" not in proc.stderr, proc.stderr.decode()
    assert target.read_bytes() == OLD
    assert sorted(p.name for p in folder.iterdir()) == ["mine.sqlite"]


def test_two_exporters_in_any_interleaving_never_lose_a_file(tmp_path: Path) -> None:
    """Two exports (json and csv) to one new path, and maybe a user's own file made there,
    their steps interleaved every way hypothesis finds: without --force no step replaces a
    file; at most one export succeeds, and what is at the path is its output or the
    user's file, whole."""
    import itertools
    import threading

    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tzcli.dataset import load

    ds = load(MINIMAL)
    outputs = {"A": exporter.text(ds, "json").encode(), "B": exporter.text(ds, "csv").encode()}
    steps = {"A": ["check", "fill", "place"], "B": ["check", "fill", "place"], "U": ["create"]}
    counter = itertools.count()

    def merges(user: bool) -> st.SearchStrategy[list[str]]:
        pool = [f"A.{s}" for s in steps["A"]] + [f"B.{s}" for s in steps["B"]]
        return st.permutations(pool + (["U.create"] if user else []))

    def in_order(order: list[str]) -> list[str]:
        """A permutation made into an interleaving: each actor's steps in its order."""
        seen: dict[str, int] = {}
        out = []
        for step in order:
            actor = step[0]
            n = seen.get(actor, 0)
            seen[actor] = n + 1
            out.append(f"{actor}.{steps[actor][n]}")
        return out

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.booleans().flatmap(merges))
    def check(permutation: list[str]) -> None:
        order = in_order(permutation)
        target = tmp_path / f"out{next(counter)}" / "export"
        target.parent.mkdir()
        turn = threading.Condition()
        state = {"pos": 0}
        done: dict[str, Any] = {}
        current = threading.local()

        def step(name: str) -> None:
            me = f"{current.actor}.{name}"
            with turn:
                if getattr(current, "started", False):
                    state["pos"] += 1
                    turn.notify_all()
                current.started = True
                ready = turn.wait_for(
                    lambda: state["pos"] >= len(order) or order[state["pos"]] == me, 30
                )
                assert ready, (order, state, me)

        def finish() -> None:
            with turn:
                mine = [s for s in order[state["pos"] + 1 :] if s.startswith(current.actor)]
                if getattr(current, "started", False):
                    state["pos"] += 1
                for s in mine:  # steps it will never take (it failed early)
                    order.remove(s)
                turn.notify_all()

        def exporter_thread(actor: str, fmt: str) -> None:
            current.actor = actor
            try:
                step("check")
                exporter.write(ds, fmt, str(target))
                done[actor] = "ok"
            except OutputError as exc:
                done[actor] = str(exc)
            finally:
                finish()

        def user_thread() -> None:
            current.actor = "U"
            try:
                step("create")
                try:
                    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
                    os.write(fd, OLD)
                    os.close(fd)
                    done["U"] = "ok"
                except FileExistsError:
                    done["U"] = "exists"
            finally:
                finish()

        hooks = _hooks(step)
        threads = [threading.Thread(target=exporter_thread, args=("A", "json"))]
        threads.append(threading.Thread(target=exporter_thread, args=("B", "csv")))
        if any(s.startswith("U.") for s in order):
            threads.append(threading.Thread(target=user_thread))
        with hooks:
            for t in threads:
                t.start()
            for t in threads:
                t.join(60)
        winners = [actor for actor, result in done.items() if result == "ok"]
        assert len(winners) == 1, (order, done)
        (winner,) = winners
        assert target.read_bytes() == (OLD if winner == "U" else outputs[winner]), (order, done)
        assert sorted(p.name for p in target.parent.iterdir()) == ["export"], (order, done)

    check()


class _hooks:
    """Makes the exporter's steps wait for their turn: after the check, after the
    temporary file is filled, before it is put in place."""

    def __init__(self, step: Any) -> None:
        self.step = step
        self.saved: dict[str, Any] = {}

    def __enter__(self) -> _hooks:
        real_check = files.check_file
        real_place = files._place_new
        real_write = files._write_and_place
        step = self.step

        def write_and_place(target: Path, fill: Any, replace: bool, shown: str) -> None:
            def filling(tmp: Path) -> None:
                step("fill")
                fill(tmp)

            real_write(target, filling, replace, shown)

        def place(tmp: Path, target: Path, shown: str) -> None:
            step("place")
            real_place(tmp, target, shown)

        self.saved = {
            "check_file": real_check,
            "_place_new": real_place,
            "_write_and_place": real_write,
        }
        files._write_and_place = write_and_place  # type: ignore[assignment]
        files._place_new = place  # type: ignore[assignment]
        return self

    def __exit__(self, *exc: Any) -> None:
        for name, value in self.saved.items():
            setattr(files, name, value)
