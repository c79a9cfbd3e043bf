"""What the command line's process does with the datasets it loads (``tzcli.__main__``,
``tzcli.process.after_load``), and that a program calling the loader is not affected:
its collector, its frozen objects and the lifetime of its datasets stay its own."""

from __future__ import annotations

import gc
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import subprocess_env

from tzcli import cache, dataset, process

_KEPT = """
import atexit, gc, sys, weakref
out = sys.argv.pop(1)
import tzcli.__main__ as entry
seen = []
kept = entry._kept_to_the_end
def watched(data):
    seen.append((weakref.ref(data), len(data.figures)))
    kept(data)
entry._kept_to_the_end = watched
def report():
    alive = [ref() is not None for ref, _ in seen]
    frozen = gc.get_freeze_count() >= sum(n for _, n in seen)
    open(out, "w").write(f"{len(seen)} {alive} {frozen}")
atexit.register(report)
sys.argv[0] = "tzcli"
entry.run()
"""


@pytest.mark.parametrize(
    "args", [["stats", "--format", "tsv"], ["facts", "--format", "csv"], ["show", "nosuchid"]]
)
def test_the_command_line_keeps_its_dataset_frozen_to_the_end(
    tmp_path: Path, args: list[str]
) -> None:
    """The dataset a call loads is frozen as soon as it is made and still alive as the
    interpreter ends (never freed one object at a time), on success and on error."""
    script = tmp_path / "kept.py"
    script.write_text(_KEPT, encoding="utf-8")
    out = tmp_path / "kept.txt"
    done = subprocess.run(
        [sys.executable, str(script), str(out), *args],
        capture_output=True,
        env=subprocess_env(),
        check=False,
    )
    assert done.returncode == (0 if args[0] != "show" else 2), done.stderr
    assert out.read_text(encoding="utf-8") == "1 [True] True"


def test_a_program_loading_data_keeps_its_collector_and_frees_its_datasets() -> None:
    code = (
        "import gc, weakref\n"
        "from tzcli import dataset, process\n"
        "frozen, enabled = gc.get_freeze_count(), gc.isenabled()\n"
        "data = dataset.load()\n"
        "ref = weakref.ref(data)\n"
        "del data\n"
        "print(process.after_load is None, gc.get_freeze_count() - frozen,\n"
        "      gc.isenabled() == enabled, ref() is None)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=subprocess_env()
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "0", "True", "True"]
    assert process.after_load is None  # nor did the test process's own calls set it


def _corpus(folder: Path, files: int) -> Path:
    """``files`` copies of the bundled file (derived figures, formulas, notes), each a
    source of its own, as benchmarks/scale.py --folder writes them."""
    bundled = Path(dataset.dataset_files()[0]).read_text(encoding="utf-8")
    first = re.search(r'(?m)^id = "([a-z0-9_]+)"', bundled)
    assert first is not None
    folder.mkdir()
    for i in range(files):
        text = bundled.replace(first.group(0), f'id = "s{i}"', 1)
        (folder / f"s{i}.toml").write_text(text, encoding="utf-8")
    return folder


def _garbage_of(load: object) -> int:
    """How many objects in reference cycles ``load()`` leaves behind for the collector."""
    gc.collect()
    gc.disable()
    try:
        kept = load()  # type: ignore[operator]
        found = gc.collect()
    finally:
        gc.enable()
    del kept
    return found


def test_loading_leaves_no_reference_cycles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The loader works with the collector off, and the command line's process freezes
    what is left: a cycle made while loading (a formula's closures naming each other
    held every record of their file) would stay in memory for the whole call. Parsed,
    written to the cache, read from it: none."""
    monkeypatch.setattr(cache, "RACY_SECONDS", 0)
    corpus = _corpus(tmp_path / "corpus", 3)
    dataset.load(use_cache=False)  # the loader's modules imported: their garbage is not ours
    assert _garbage_of(lambda: dataset.load(use_cache=False)) == 0
    assert _garbage_of(lambda: dataset.load(corpus)) == 0  # parsed, entries written
    assert _garbage_of(lambda: dataset.load(corpus)) == 0  # read from the entries
    shutil.rmtree(corpus)
