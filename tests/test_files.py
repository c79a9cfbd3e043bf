"""tzcli.files, the one writer (issue 24 items 1 and 2): every command that writes goes
through it, writes only regular files, follows symlinks, respects the umask, and never
writes over what it reads, --force or not."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from conftest import FIXTURES, ROOT, subprocess_env, tzcli_command

from tzcli import exports
from tzcli.cli import cli

MINIMAL = FIXTURES / "minimal.toml"
TEXT = "天中街道2016年完成工业总产值35亿元，新打机井77眼。\n"
OLD = b"the user's own file, which must survive\n"
FORMATS = [f.name for f in exports.FORMATS.values() if not f.folder]  # the file formats


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copy(MINIMAL, tmp_path / "ds.toml")
    (tmp_path / "t.txt").write_text(TEXT, encoding="utf-8")
    return tmp_path


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def refused(result: Result, *words: str) -> str:
    assert result.exit_code == 1, (result.exit_code, result.output, result.exc_info)
    lines = result.stderr.strip().split("\n")
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


# --------------------------------------------------------------------------
# Item 1: draft -o writes what export writes, and nothing else


def test_draft_output_refuses_a_fifo_even_with_force(here: Path) -> None:
    os.mkfifo(here / "pipe")
    for extra in ([], ["--force"]):
        refused(invoke("draft", "t.txt", "-o", "pipe", *extra), "not a regular file")
    assert stat.S_ISFIFO((here / "pipe").lstat().st_mode)


def test_draft_output_never_replaces_a_device(here: Path) -> None:
    """As root, ``draft -o /dev/null --force`` replaced the system's /dev/null with a file.
    Tested on a device node of our own."""
    if os.geteuid() != 0:
        pytest.skip("needs root: device nodes are made with mknod")
    node = here / "null"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    refused(invoke("draft", "t.txt", "-o", "null", "--force"), "not a regular file")
    assert stat.S_ISCHR(node.lstat().st_mode)


def test_draft_output_through_a_symlink_writes_its_target_and_keeps_the_link(here: Path) -> None:
    (here / "real.toml").write_bytes(OLD)
    (here / "link.toml").symlink_to("real.toml")
    refused(invoke("draft", "t.txt", "-o", "link.toml"), "exists")
    assert invoke("draft", "t.txt", "-o", "link.toml", "--force").exit_code == 0
    assert (here / "link.toml").is_symlink() and os.readlink(here / "link.toml") == "real.toml"
    assert (here / "real.toml").read_text(encoding="utf-8").startswith("#")


@pytest.mark.parametrize("mask", [0o022, 0o027, 0o002])
def test_draft_output_respects_the_umask(here: Path, mask: int) -> None:
    old = os.umask(mask)
    try:
        assert invoke("draft", "t.txt", "-o", "new.toml").exit_code == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE((here / "new.toml").stat().st_mode) == 0o666 & ~mask


# --------------------------------------------------------------------------
# Item 2: never the input


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("how", ["itself", "symlink", "hardlink"])
def test_export_never_writes_over_the_dataset_it_reads(here: Path, fmt: str, how: str) -> None:
    pytest.importorskip("openpyxl") if fmt == "xlsx" else None
    target = {"itself": "ds.toml", "symlink": "link.toml", "hardlink": "hard.toml"}[how]
    if how == "symlink":
        (here / "link.toml").symlink_to("ds.toml")
    if how == "hardlink":
        os.link(here / "ds.toml", here / "hard.toml")
    result = invoke("--data", "ds.toml", "export", "-f", fmt, "-o", target, "--force")
    refused(result, "the dataset this command reads", "--force or not")
    assert (here / "ds.toml").read_bytes() == MINIMAL.read_bytes()


def test_export_never_writes_over_a_file_of_a_dataset_folder(here: Path) -> None:
    (here / "d").mkdir()
    shutil.copy(MINIMAL, here / "d" / "a.toml")
    result = invoke("--data", "d", "export", "-f", "json", "-o", "d/a.toml", "--force")
    refused(result, "a file of the dataset this command reads")
    assert (here / "d" / "a.toml").read_bytes() == MINIMAL.read_bytes()


def test_export_never_writes_over_the_bundled_data(
    here: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Tested on a copy of the bundled folder, so a failure never harms the real one."""
    from tzcli import dataset

    bundled = here / "bundled"
    bundled.mkdir()
    shutil.copy(MINIMAL, bundled / "tianzhong.toml")
    monkeypatch.setattr(dataset, "_bundled_folder", lambda _file: str(bundled))
    result = invoke("export", "-f", "json", "-o", str(bundled / "tianzhong.toml"), "--force")
    refused(result, "a file of the bundled dataset")
    assert (bundled / "tianzhong.toml").read_bytes() == MINIMAL.read_bytes()


def test_export_never_writes_over_the_file_stdin_reads(here: Path) -> None:
    """``tzcli --data - export -o ds.toml --force < ds.toml``: stdin is that file."""
    with open(here / "ds.toml", "rb") as stdin:
        proc = subprocess.run(
            [*tzcli_command(), "--data", "-", "export", "-f", "csv", "-o", "ds.toml", "--force"],
            stdin=stdin,
            capture_output=True,
            env=subprocess_env(),
            cwd=here,
        )
    err = proc.stderr.decode()
    assert proc.returncode == 1 and "read from stdin" in err and "Traceback" not in err, err
    assert (here / "ds.toml").read_bytes() == MINIMAL.read_bytes()


def test_draft_never_writes_over_its_text_or_the_against_dataset(here: Path) -> None:
    (here / "t-link.txt").symlink_to("t.txt")
    refused(invoke("draft", "t.txt", "-o", "t.txt", "--force"), "the text being drafted")
    refused(invoke("draft", "t.txt", "-o", "t-link.txt", "--force"), "the text being drafted")
    result = invoke("draft", "t.txt", "--against", "ds.toml", "-o", "ds.toml", "--force")
    refused(result, "--against dataset")
    assert result.stdout == ""  # refused before any work
    assert (here / "t.txt").read_text(encoding="utf-8") == TEXT
    assert (here / "ds.toml").read_bytes() == MINIMAL.read_bytes()
    with open(here / "t.txt", "rb") as stdin:
        proc = subprocess.run(
            [*tzcli_command(), "draft", "-", "-o", "t.txt", "--force"],
            stdin=stdin,
            capture_output=True,
            env=subprocess_env(),
            cwd=here,
        )
    assert proc.returncode == 1 and b"the text being drafted" in proc.stderr, proc.stderr
    assert (here / "t.txt").read_text(encoding="utf-8") == TEXT


def test_a_data_package_is_never_written_over_a_folder_holding_the_dataset(here: Path) -> None:
    (here / "pkg").mkdir()
    shutil.copy(MINIMAL, here / "pkg" / "ds.toml")
    (here / "pkg" / "NOTES.txt").write_text("notes", encoding="utf-8")
    result = invoke("--data", "pkg/ds.toml", "export", "-f", "datapackage", "-o", "pkg", "--force")
    refused(result, "pkg holds the dataset this command reads")
    result = invoke("export", "-f", "datapackage", "-o", "pkg", "--force")
    refused(result, "not a data package folder")
    assert sorted(p.name for p in (here / "pkg").iterdir()) == ["NOTES.txt", "ds.toml"]


def test_metadata_through_a_symlink_to_the_output_is_refused(here: Path) -> None:
    """The same-file guard compared ``abspath``: a symlink got past it."""
    (here / "meta.json").symlink_to("tz.db")
    result = invoke("export", "-f", "sqlite", "-o", "tz.db", "--metadata", "meta.json")
    assert result.exit_code == 2 and "same file as --output" in result.stderr, result.stderr
    assert not (here / "tz.db").exists()


def test_metadata_never_writes_over_the_dataset(here: Path) -> None:
    result = invoke(
        "--data", "ds.toml", "export", "-f", "sqlite", "-o", "tz.db", "--metadata", "ds.toml"
    )
    refused(result, "the dataset this command reads")
    assert not (here / "tz.db").exists()
    assert (here / "ds.toml").read_bytes() == MINIMAL.read_bytes()


def test_man_pages_go_through_the_one_writer(tmp_path: Path) -> None:
    """docs/make_man.py wrote with a bare open(): a FIFO named like a page blocked it."""
    os.mkfifo(tmp_path / "tzcli.1")
    proc = subprocess.run(
        [sys.executable, str(ROOT / "docs" / "make_man.py"), str(tmp_path)],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=60,
    )
    assert proc.returncode == 1 and "not a regular file" in proc.stderr, proc.stderr
    assert stat.S_ISFIFO((tmp_path / "tzcli.1").lstat().st_mode)


# --------------------------------------------------------------------------
# The rules as a property


def test_random_targets_never_lose_what_they_must_not(tmp_path: Path) -> None:
    """Hypothesis picks a target (a new name, the user's file, a link to it, a dangling
    link, a FIFO, a device and a link to it (as root), a folder, the dataset, a link or
    hard link to it, the text), a command (export in a format, draft with --against)
    and --force: the dataset, the FIFO, the device and the folder are never lost or
    replaced, the text never by draft; the user's file (or the text, to export) only
    with --force, and a link stays a link."""
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    kinds = [
        "new",
        "file",
        "link-to-file",
        "dangling",
        "fifo",
        "folder",
        "dataset",
        "link-to-dataset",
        "hardlink-to-dataset",
        "text",
        "link-to-text",
    ]
    if os.geteuid() == 0:  # a device node of our own (a copy of /dev/null), as root
        kinds += ["device", "link-to-device"]
    counter = iter(range(10**6))

    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        st.sampled_from(kinds),
        st.sampled_from(["json", "csv", "sqlite", "datapackage", "draft"]),
        st.booleans(),
    )
    def check(kind: str, command: str, force: bool) -> None:
        root = tmp_path / f"r{next(counter)}"
        root.mkdir()
        shutil.copy(MINIMAL, root / "ds.toml")
        (root / "t.txt").write_text(TEXT, encoding="utf-8")
        (root / "mine").write_bytes(OLD)
        os.mkfifo(root / "pipe")
        (root / "dir").mkdir()
        (root / "dir" / "keep").write_bytes(OLD)
        if os.geteuid() == 0:
            os.mknod(root / "null", stat.S_IFCHR | 0o666, os.makedev(1, 3))
        made = {
            "device": "null",
            "new": "out",
            "file": "mine",
            "fifo": "pipe",
            "folder": "dir",
            "dataset": "ds.toml",
            "text": "t.txt",
        }
        links = {
            "link-to-file": "mine",
            "dangling": "nowhere",
            "link-to-dataset": "ds.toml",
            "link-to-text": "t.txt",
            "link-to-device": "null",
        }
        if kind in links:
            (root / "target").symlink_to(links[kind])
            target = "target"
        elif kind == "hardlink-to-dataset":
            os.link(root / "ds.toml", root / "target")
            target = "target"
        else:
            target = made[kind]
        path = str(root / target)
        extra = ["--force"] if force else []
        if command == "draft":
            args = ["--data", str(root / "ds.toml"), "draft", str(root / "t.txt")]
            args += ["--against", str(root / "ds.toml"), "-o", path, *extra]
        else:
            args = ["--data", str(root / "ds.toml"), "export", "-f", command, "-o", path, *extra]
        result = CliRunner().invoke(cli, args)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.exc_info
        assert "Traceback" not in result.stderr
        # never lost, never replaced
        assert (root / "ds.toml").read_bytes() == MINIMAL.read_bytes()
        text_replaced = (root / "t.txt").read_bytes() != TEXT.encode()
        user_file = force and command not in ("draft", "datapackage")
        assert not text_replaced or (user_file and kind in ("text", "link-to-text"))
        assert stat.S_ISFIFO((root / "pipe").lstat().st_mode)
        assert (root / "dir" / "keep").read_bytes() == OLD
        if os.geteuid() == 0:
            assert stat.S_ISCHR((root / "null").lstat().st_mode)
        mine_replaced = (root / "mine").read_bytes() != OLD
        may_replace = force and kind in ("file", "link-to-file") and command != "datapackage"
        assert not mine_replaced or may_replace, (kind, command, force)
        if kind in links:
            assert (root / "target").is_symlink()
        inputs = ["dataset", "link-to-dataset", "hardlink-to-dataset"]
        if kind in inputs or (command == "draft" and kind in ("text", "link-to-text")):
            assert result.exit_code == 1, (kind, command, result.output)
        leftovers = [p.name for p in root.iterdir() if p.name.startswith(".")]
        assert leftovers == [], leftovers

    check()


UNUSED_UID = 54321  # no such user on a test machine; files are chowned to it as root


@pytest.mark.parametrize("command", ["export", "draft"])
def test_a_file_of_another_user_is_never_replaced_by_one_without_the_right(
    here: Path, command: str
) -> None:
    """As root with DAC override dropped (setpriv), a file and folder of an unused uid:
    ``--force`` ends in one line, the file whole, no temporary file left."""
    if os.geteuid() != 0:
        pytest.skip("needs root to chown to another uid")
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("setpriv (util-linux) is not installed")
    theirs = here / "theirs"
    theirs.mkdir()
    (theirs / "out.toml").write_bytes(OLD)
    for path in (theirs / "out.toml", theirs):
        os.chown(path, UNUSED_UID, UNUSED_UID)
    (theirs / "out.toml").chmod(0o644)
    theirs.chmod(0o755)
    args = (
        ["export", "-f", "json", "-o", str(theirs / "out.toml"), "--force"]
        if command == "export"
        else ["draft", str(here / "t.txt"), "-o", str(theirs / "out.toml"), "--force"]
    )
    proc = subprocess.run(
        [setpriv, "--bounding-set=-dac_override,-dac_read_search", *tzcli_command(), *args],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().split("\n")) == 1
    assert "ermission denied" in proc.stderr, proc.stderr
    assert (theirs / "out.toml").read_bytes() == OLD
    assert sorted(os.listdir(theirs)) == ["out.toml"]
