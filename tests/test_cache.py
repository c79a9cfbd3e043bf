"""The cache of validated data: every way it can fail falls back to parsing the
TOML, so it can make a call faster and never make an answer wrong.

Each test has its own cache folder (TZCLI_CACHE_DIR, from conftest). Data
files written by a test are brand new, and the cache does not store a file
changed in the last ``RACY_SECONDS`` (a second change in the same
timestamp tick could go unseen); most tests turn that wait off with the
``no_racy_wait`` fixture, and one test checks the wait itself. Nothing here
measures time.
"""

from __future__ import annotations

import marshal
import os
import stat
import subprocess
import sys
import textwrap
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT, subprocess_env, tzcli_command

from tzcli import cache, dataset
from tzcli.dataset import load
from tzcli.errors import DataError

# --------------------------------------------------------------------------
# Helpers


def dataset_text(source: str = "src_a", prefix: str = "a", value: str = "34000") -> str:
    """A small valid dataset: one source, a topic, a section, a stated and a derived figure."""
    return textwrap.dedent(
        f"""\
        schema_version = 1

        [meta]
        id = "{source}"
        title_zh = "标题"
        title_en = "Title"
        quote = "标题"
        site_zh = "网站"
        site_en = "Website"
        section_zh = "栏目"
        section_en = "Section"
        published = "2017-02-28"
        interviewee_zh = "某人"
        interviewee_en = "Someone"
        role_zh = "书记"
        role_en = "Secretary"
        host_zh = "主持人"
        host_en = "Host"
        place_zh = "某地"
        place_en = "Somewhere"
        language = "zh"

        [[meta.years]]
        year = 2016
        meaning_zh = "结果"
        meaning_en = "results"

        [[topics]]
        id = "{prefix}_topic"
        name_zh = "主题"
        name_en = "Topic"

        [[sections]]
        id = "{prefix}_section"
        year = 2016
        number_zh = "一"
        title_zh = "第一部分"
        title_en = "Part one"
        quote = "一、第一部分"

        [[figures]]
        id = "{prefix}.people"
        topic = "{prefix}_topic"
        section = "{prefix}_section"
        year = 2016
        subject_zh = "人口"
        subject_en = "people"
        value = {value}
        unit = "people"
        qualifier = "exact"
        quote = "人口{value}人"

        [[figures]]
        id = "{prefix}.double"
        topic = "{prefix}_topic"
        section = "{prefix}_section"
        year = 2016
        subject_zh = "人口的两倍"
        subject_en = "twice the people"
        unit = "people"
        qualifier = "exact"
        derived = true
        formula = "{prefix}.people * 2"
        """
    )


def many_figures_text(count: int) -> str:
    """The small dataset and ``count`` more stated figures (a bigger entry to race on)."""
    extra = "".join(
        textwrap.dedent(
            f"""
            [[figures]]
            id = "a.extra_{i}"
            topic = "a_topic"
            section = "a_section"
            year = 2016
            subject_zh = "第{i}项"
            subject_en = "item {i}, with a longer English subject to make the entry bigger"
            value = {i}
            unit = "count"
            qualifier = "exact"
            quote = "第{i}项{i}个"
            """
        )
        for i in range(count)
    )
    return dataset_text() + extra


@pytest.fixture
def no_racy_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cache files however recently they changed (the tests change them on purpose)."""
    monkeypatch.setattr(cache, "RACY_SECONDS", 0)


@pytest.fixture
def data_file(tmp_path: Path) -> Path:
    path = tmp_path / "data" / "small.toml"
    path.parent.mkdir()
    path.write_text(dataset_text(), encoding="utf-8")
    return path


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the files parsed from TOML (a cache hit parses none)."""
    calls: list[int] = []
    real = dataset.parse_file

    def counting(path: Any, raw: Any = None) -> Any:
        calls.append(1)
        return real(path, raw)

    monkeypatch.setattr(dataset, "parse_file", counting)
    return calls


def cache_root() -> Path:
    return Path(os.environ["TZCLI_CACHE_DIR"])


def entries() -> list[Path]:
    root = cache_root()
    return sorted(root.glob("*.marshal")) if root.is_dir() else []


def key_of(path: Path | None) -> Any:
    """The key of a one-file dataset's entry (the loader keeps one entry a file)."""
    (key,) = cache.keys_for(dataset.dataset_files(path))
    return key


def people(path: Path) -> Decimal:
    return load(path).figure("a.people").value


def set_value(path: Path, value: str) -> None:
    path.write_text(dataset_text(value=value), encoding="utf-8")


# --------------------------------------------------------------------------
# Hits and misses


def test_miss_writes_an_entry_and_a_hit_skips_parsing(
    data_file: Path, parses: list[int], no_racy_wait: None
) -> None:
    assert entries() == []
    first = load(data_file)
    assert len(parses) == 1
    assert len(entries()) == 1
    second = load(data_file)
    assert len(parses) == 1, "the second load should come from the cache"
    assert second == first
    assert second.figure("a.double").value == Decimal(68000)


def test_hit_equals_fresh_parse_of_the_bundled_data(parses: list[int]) -> None:
    fresh = load(use_cache=False)
    load()  # fills the cache (the bundled file is not new)
    if not entries():
        pytest.skip("the bundled data file was changed in the last seconds: not cached yet")
    count = len(parses)
    cached = load()
    assert len(parses) == count
    assert cached == fresh
    assert cached.files == fresh.files
    assert [m.file for m in cached.metas] == [m.file for m in fresh.metas]
    assert repr(cached) == repr(fresh)


def test_hit_equals_fresh_parse_of_a_folder(
    tmp_path: Path, parses: list[int], no_racy_wait: None
) -> None:
    folder = tmp_path / "two"
    folder.mkdir()
    (folder / "b.toml").write_text(dataset_text("src_b", "b", "12"), encoding="utf-8")
    (folder / "a.toml").write_text(dataset_text("src_a", "a", "7"), encoding="utf-8")
    (folder / "notes.txt").write_text("not data", encoding="utf-8")
    fresh = load(folder, use_cache=False)
    load(folder)
    cached = load(folder)
    assert len(parses) == 4  # both files, by the uncached load and the first cached one
    assert cached == fresh
    assert cached.files == fresh.files and len(cached.files) == 2
    assert [f.value for f in cached.figures] == [Decimal(7), Decimal(14), Decimal(12), Decimal(24)]


def test_file_names_follow_the_current_folder_on_a_hit(
    data_file: Path, monkeypatch: pytest.MonkeyPatch, no_racy_wait: None
) -> None:
    monkeypatch.chdir(data_file.parent)
    here = load(data_file)
    assert here.files == ("small.toml",)
    monkeypatch.chdir(data_file.parent.parent)
    there = load(data_file)  # a hit, written from another folder
    assert there.files == load(data_file, use_cache=False).files == ("data/small.toml",)
    assert there.metas[0].file == "data/small.toml"


def test_validate_never_uses_the_cache(
    data_file: Path, parses: list[int], no_racy_wait: None
) -> None:
    load(data_file, use_cache=False)
    load(data_file, use_cache=False)
    assert len(parses) == 2
    assert entries() == []


# --------------------------------------------------------------------------
# Stale entries


def test_stale_content_of_the_same_size(
    data_file: Path, parses: list[int], no_racy_wait: None
) -> None:
    assert people(data_file) == Decimal(34000)
    before = data_file.stat()
    set_value(data_file, "35000")  # same size
    assert data_file.stat().st_size == before.st_size
    # put the old mtime back: the change still shows in ctime (and is not racy here)
    os.utime(data_file, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert people(data_file) == Decimal(35000)
    assert len(parses) == 2


def test_stale_size(data_file: Path, parses: list[int], no_racy_wait: None) -> None:
    assert people(data_file) == Decimal(34000)
    set_value(data_file, "340001")
    assert people(data_file) == Decimal(340001)
    assert people(data_file) == Decimal(340001)
    assert len(parses) == 2


def test_stale_mtime(data_file: Path, parses: list[int], no_racy_wait: None) -> None:
    load(data_file)
    st = data_file.stat()
    os.utime(data_file, ns=(st.st_atime_ns, st.st_mtime_ns - 10**9))
    load(data_file)
    assert len(parses) == 2


def test_replaced_file(data_file: Path, parses: list[int], no_racy_wait: None) -> None:
    assert people(data_file) == Decimal(34000)
    other = data_file.with_name("other.toml")
    other.write_text(dataset_text(value="12345"), encoding="utf-8")
    os.replace(other, data_file)  # another inode at the same path
    assert people(data_file) == Decimal(12345)
    assert len(parses) == 2


def test_a_file_added_to_a_folder(tmp_path: Path, parses: list[int], no_racy_wait: None) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "a.toml").write_text(dataset_text(), encoding="utf-8")
    assert len(load(folder).metas) == 1
    (folder / "b.toml").write_text(dataset_text("src_b", "b"), encoding="utf-8")
    assert len(load(folder).metas) == 2
    assert len(parses) == 2


def test_a_new_tzcli_version_is_a_miss(
    data_file: Path, parses: list[int], no_racy_wait: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tzcli import _version

    load(data_file)
    monkeypatch.setattr(_version, "__version__", "999.0")
    load(data_file)
    assert len(parses) == 2
    assert len(entries()) == 1, "the new entry replaces the old one"


def test_a_file_changed_just_now_is_not_cached(data_file: Path, parses: list[int]) -> None:
    # no no_racy_wait: the file was written a moment ago
    assert cache.keys_for(dataset.dataset_files(data_file))[0][-1] == "racy"
    load(data_file)
    load(data_file)
    assert len(parses) == 2
    assert entries() == []


# --------------------------------------------------------------------------
# Corrupt entries


def _fill(data_file: Path) -> Path:
    load(data_file)
    (entry,) = entries()
    return entry


def stored_of(entry: bytes) -> Any:
    """The (key, payload) tuple inside an entry's bytes."""
    parts = cache._unpack(entry)
    assert parts is not None
    return marshal.loads(parts[1])


def packed(obj: Any, names: list[str] | None = None) -> bytes:
    """An entry holding ``obj``, with a right checksum: what a buggy writer would leave."""
    return cache._pack(names or [], marshal.dumps(obj))


@pytest.mark.parametrize(
    "corrupt",
    [
        pytest.param(lambda good, key: b"", id="empty"),
        pytest.param(lambda good, key: b"\x00garbage\xff" * 100, id="garbage"),
        pytest.param(lambda good, key: os.urandom(4096), id="random"),
        pytest.param(lambda good, key: good[: len(good) // 2], id="truncated"),
        pytest.param(lambda good, key: good[:-1], id="last-byte-missing"),
        pytest.param(lambda good, key: good + b"\x00", id="a-byte-added"),
        pytest.param(lambda good, key: marshal.dumps(stored_of(good)), id="no-header"),
        pytest.param(lambda good, key: packed("hello"), id="a-string"),
        pytest.param(lambda good, key: packed((key,)), id="a-1-tuple"),
        pytest.param(lambda good, key: packed((key, None)), id="no-payload"),
        pytest.param(lambda good, key: packed((key, [1, 2, 3])), id="payload-a-list"),
        pytest.param(lambda good, key: packed((key, {})), id="payload-empty-dict"),
        pytest.param(
            lambda good, key: packed((key, {"files": [], "metas": [], "figures": [{}]})),
            id="payload-records-missing-keys",
        ),
        pytest.param(
            lambda good, key: packed((key, {**stored_of(good)[1], "figures": [{"id": 1}]})),
            id="payload-figure-of-the-wrong-shape",
        ),
        pytest.param(lambda good, key: packed((key[:-1], stored_of(good)[1])), id="key-cut"),
        pytest.param(lambda good, key: packed(((), stored_of(good)[1])), id="key-empty"),
    ],
)
def test_corrupt_entry_falls_back_to_parsing(
    data_file: Path,
    parses: list[int],
    no_racy_wait: None,
    corrupt: Callable[[bytes, Any], bytes],
) -> None:
    expected = load(data_file, use_cache=False)
    entry = _fill(data_file)
    entry.write_bytes(corrupt(entry.read_bytes(), key_of(data_file)))
    count = len(parses)
    assert load(data_file) == expected
    assert len(parses) == count + 1
    # and the entry was rewritten: the next call is a hit again
    assert load(data_file) == expected
    assert len(parses) == count + 1


def test_entry_of_another_user_is_ignored(
    data_file: Path, parses: list[int], no_racy_wait: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fill(data_file)
    monkeypatch.setattr(os, "geteuid", lambda: os.stat(cache_root()).st_uid + 1, raising=False)
    load(data_file)
    assert len(parses) == 2


def test_a_leftover_temporary_file_is_harmless(
    data_file: Path, parses: list[int], no_racy_wait: None
) -> None:
    entry = _fill(data_file)
    Path(f"{entry}.99999.dead.tmp").write_bytes(b"half a write")
    assert people(data_file) == Decimal(34000)
    assert len(parses) == 1


def test_a_payload_marshal_cannot_store_is_not_written() -> None:
    key = ("tzcli-cache", 0, "0", 1, "tag", (), ("/nonexistent", 1, 2, 3, 4, 5))
    assert cache.write(key, {"x": object()}) is False
    assert entries() == []
    assert list(cache_root().glob("*.tmp")) == []


# --------------------------------------------------------------------------
# Where the cache lives, and when there is nowhere to put it


def test_cache_under_xdg_cache_home(
    data_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_racy_wait: None
) -> None:
    monkeypatch.delenv("TZCLI_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == str(tmp_path / "xdg" / "tzcli")
    load(data_file)
    assert len(list((tmp_path / "xdg" / "tzcli").glob("data-*.marshal"))) == 1
    assert not (tmp_path / "home").exists()


def test_cache_under_home_without_xdg(
    data_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_racy_wait: None
) -> None:
    monkeypatch.delenv("TZCLI_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache.cache_dir() == str(tmp_path / "home" / ".cache" / "tzcli")
    load(data_file)
    folder = tmp_path / "home" / ".cache" / "tzcli"
    assert len(list(folder.glob("data-*.marshal"))) == 1
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_relative_xdg_cache_home_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TZCLI_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/cache")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.cache_dir() == str(tmp_path / ".cache" / "tzcli")


def _deny_writes_under(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    """What a read-only folder does to a user who is not root: root (as in CI) would
    write anyway, so the refusal is simulated for every write under ``root``."""
    if os.geteuid() != 0:
        return  # the real permissions do it
    real_makedirs, real_open = os.makedirs, os.open

    def denied(path: Any) -> bool:
        return str(path).startswith(str(root))

    def makedirs(path: Any, *args: Any, **kwargs: Any) -> None:
        if denied(path) and not os.path.isdir(path):
            raise PermissionError(13, "Permission denied", str(path))
        real_makedirs(path, *args, **kwargs)

    def open_(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if denied(path) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "makedirs", makedirs)
    monkeypatch.setattr(os, "open", open_)


def test_read_only_home(
    data_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    parses: list[int],
    no_racy_wait: None,
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o555)
    try:
        monkeypatch.delenv("TZCLI_CACHE_DIR")
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
        monkeypatch.setenv("HOME", str(home))
        _deny_writes_under(monkeypatch, home)
        expected = load(data_file, use_cache=False)
        assert load(data_file) == expected
        assert load(data_file) == expected
        assert not (home / ".cache").exists()
        assert len(parses) == 3
    finally:
        home.chmod(0o755)


def test_home_that_cannot_hold_a_folder(
    data_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    parses: list[int],
    no_racy_wait: None,
) -> None:
    home = tmp_path / "home-is-a-file"
    home.write_text("", encoding="utf-8")  # ~/.cache cannot be made, even by root
    monkeypatch.delenv("TZCLI_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(home))
    assert people(data_file) == Decimal(34000)
    assert people(data_file) == Decimal(34000)
    assert len(parses) == 2


def test_unwritable_cache_dir(
    data_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    parses: list[int],
    no_racy_wait: None,
) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        monkeypatch.setenv("TZCLI_CACHE_DIR", str(locked))
        _deny_writes_under(monkeypatch, locked)
        assert people(data_file) == Decimal(34000)
        assert people(data_file) == Decimal(34000)
        assert list(locked.iterdir()) == []
        assert len(parses) == 2
    finally:
        locked.chmod(0o755)


def test_failing_writes_are_silent(
    data_file: Path, monkeypatch: pytest.MonkeyPatch, parses: list[int], no_racy_wait: None
) -> None:
    """Whatever the file system says (even to root): a full disk, a rename refused."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    assert people(data_file) == Decimal(34000)
    assert people(data_file) == Decimal(34000)
    assert len(parses) == 2
    assert entries() == []
    assert list(cache_root().glob("*.tmp")) == [], "the temporary file is cleaned up"


def test_cache_dir_is_a_file(
    data_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    parses: list[int],
    no_racy_wait: None,
) -> None:
    not_a_dir = tmp_path / "file"
    not_a_dir.write_text("", encoding="utf-8")
    monkeypatch.setenv("TZCLI_CACHE_DIR", str(not_a_dir))
    assert people(data_file) == Decimal(34000)
    assert people(data_file) == Decimal(34000)
    assert len(parses) == 2


@pytest.mark.parametrize("value", ["1", "yes", "true"])
def test_no_cache_turns_it_off(
    data_file: Path,
    monkeypatch: pytest.MonkeyPatch,
    parses: list[int],
    no_racy_wait: None,
    value: str,
) -> None:
    # a valid entry that lies: with the cache off it must not be read
    load(data_file)
    (entry,) = entries()
    key, plain = stored_of(entry.read_bytes())
    plain["figures"][0]["value"] = "1"
    entry.write_bytes(packed((key, plain), [str(data_file)]))
    assert people(data_file) == Decimal(1), "the planted entry is read while the cache is on"
    monkeypatch.setenv("TZCLI_NO_CACHE", value)
    assert cache.cache_dir() is None
    assert people(data_file) == Decimal(34000)
    before = entry.read_bytes()
    set_value(data_file, "35000")
    assert people(data_file) == Decimal(35000)
    assert entry.read_bytes() == before, "nothing is written either"


def test_no_cache_zero_or_empty_leaves_it_on(
    data_file: Path, monkeypatch: pytest.MonkeyPatch, parses: list[int], no_racy_wait: None
) -> None:
    for value in ("0", ""):
        monkeypatch.setenv("TZCLI_NO_CACHE", value)
        load(data_file)
    assert len(parses) == 1


# --------------------------------------------------------------------------
# Finding the files without pathlib


def test_dataset_files_finds_the_toml_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The one rule, with os.path (no pathlib): *.toml files (case as written, hidden
    ones too, links followed, folders and broken links not), sorted, resolved."""
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name in ("b.toml", "a.toml", ".hidden.toml", "c.TOML", "d.toml.bak", "e.txt"):
        (folder / name).write_text(dataset_text(), encoding="utf-8")
    (folder / "dir.toml").mkdir()
    (folder / "broken.toml").symlink_to(tmp_path / "nowhere")
    (folder / "link.toml").symlink_to(folder / "a.toml")
    single = folder / "a.toml"
    (tmp_path / "link-to-folder").symlink_to(folder)
    monkeypatch.chdir(tmp_path)
    for target in (
        None,
        folder,
        single,
        "mixed",
        "mixed/a.toml",
        "./mixed//b.toml",
        "link-to-folder",
    ):
        found = dataset.dataset_files(target)
        if target is None:
            assert [os.path.basename(f) for f in found] == ["tianzhong.toml"]
        elif "a.toml" in str(target) or "b.toml" in str(target):
            assert found == [os.path.realpath(Path(str(target)))]
        else:
            assert found == [
                os.path.realpath(folder / name)
                for name in (".hidden.toml", "a.toml", "b.toml", "link.toml")
            ], target


def test_the_bundled_folder_is_found_inside_an_installed_package(tmp_path: Path) -> None:
    """A wheel carries the data as tzcli/data, next to the modules."""
    package = tmp_path / "site-packages" / "tzcli"
    (package / "data").mkdir(parents=True)
    (package / "data" / "tianzhong.toml").write_text(dataset_text(), encoding="utf-8")
    loader = package / "dataset.py"
    loader.write_text("", encoding="utf-8")
    assert dataset._bundled_folder(str(loader)) == os.path.realpath(package / "data")


def test_odd_paths_are_one_problem_and_never_cached(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    for target in (tmp_path / "missing.toml", empty, "", "bad\0name"):
        with pytest.raises(DataError):
            dataset.dataset_files(target)
    assert cache.keys_for(dataset.dataset_files("/dev/null")) == [None]  # not a regular file


# --------------------------------------------------------------------------
# Several processes at once

_HAMMER = """
import sys
from pathlib import Path
from tzcli import cache, dataset
cache.RACY_SECONDS = 0
path = sys.argv[1]
(key,) = cache.keys_for(dataset.dataset_files(path))
files = [Path(name) for name in dataset.dataset_files(path)]
part = dataset._parse_part(str(files[0]))
cache.write(key, part)
expected = dataset.build(dataset.parse_files(files))
for _ in range(40):
    cache.write(key, part)
    stored = cache.read(key)
    assert stored is not None, "an entry vanished or was half written"
    assert dataset.build(dataset._combine([stored])) == expected
    assert dataset.load(path) == expected
print("ok")
"""


def test_processes_writing_the_same_entry_at_once(data_file: Path, tmp_path: Path) -> None:
    data_file.write_text(many_figures_text(300), encoding="utf-8")  # an entry of ~100 kB
    script = tmp_path / "hammer.py"
    script.write_text(_HAMMER, encoding="utf-8")
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), str(data_file)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=subprocess_env(),
        )
        for _ in range(6)
    ]
    results = [proc.communicate(timeout=300) for proc in procs]
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert out.strip() == "ok"
    assert len(entries()) == 1
    assert list(cache_root().glob("*.tmp")) == []


_RUN_TZCLI = """
import sys
from tzcli import cache
cache.RACY_SECONDS = 0
from tzcli.cli import main
sys.argv[0] = "tzcli"
main()
"""


def test_cli_calls_at_once_agree_with_an_uncached_call(data_file: Path, tmp_path: Path) -> None:
    script = tmp_path / "run_tzcli.py"
    script.write_text(_RUN_TZCLI, encoding="utf-8")
    args = ["--data", str(data_file), "facts", "--format", "tsv"]
    fresh = subprocess.run(
        [*tzcli_command(), *args],
        capture_output=True,
        text=True,
        env=subprocess_env(TZCLI_NO_CACHE="1"),
    )
    assert fresh.returncode == 0, fresh.stderr
    for _ in range(2):  # a cold start with writers racing, then hits
        procs = [
            subprocess.Popen(
                [sys.executable, str(script), *args],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=subprocess_env(),
            )
            for _ in range(5)
        ]
        for proc in procs:
            out, err = proc.communicate(timeout=300)
            assert proc.returncode == 0, err
            assert out == fresh.stdout
    assert len(entries()) == 1


# --------------------------------------------------------------------------
# What a hit imports

_MODULES = """
import sys, atexit
out = sys.argv.pop(1)
from tzcli import cache
cache.RACY_SECONDS = 0
atexit.register(lambda: open(out, "w").write("\\n".join(sorted(sys.modules))))
from tzcli.cli import main
sys.argv[0] = "tzcli"
main()
"""


def _modules_of_a_call(tmp_path: Path, args: list[str], **env: str) -> dict[str, Any]:
    script = tmp_path / "modules.py"
    script.write_text(_MODULES, encoding="utf-8")
    out = tmp_path / "modules.txt"
    done = subprocess.run(
        [sys.executable, str(script), str(out), *args],
        capture_output=True,
        text=True,
        env=subprocess_env(**env),
    )
    assert done.returncode == 0, done.stderr
    return {"modules": set(out.read_text(encoding="utf-8").split()), "stdout": done.stdout}


def test_a_hit_does_not_import_tomllib(data_file: Path, tmp_path: Path) -> None:
    args = ["--data", str(data_file), "facts", "--format", "tsv"]
    miss = _modules_of_a_call(tmp_path, args)
    assert "tomllib" in miss["modules"] or "tomli" in miss["modules"], "the check sees imports"
    assert len(entries()) == 1
    hit = _modules_of_a_call(tmp_path, args)
    assert hit["stdout"] == miss["stdout"]
    for name in ("tomllib", "tomli", "tzcli.schema", "tzcli.formula", "pathlib"):
        assert name not in hit["modules"], f"a cache hit imported {name}"


def test_a_hit_from_another_folder_still_shows_the_same_answer(
    data_file: Path, tmp_path: Path
) -> None:
    args = ["--data", str(data_file), "stats", "--format", "json"]
    first = _modules_of_a_call(tmp_path, args)
    second = _modules_of_a_call(tmp_path, args)
    assert first["stdout"] == second["stdout"]


def test_the_checkout_has_no_stray_entries() -> None:
    """The cache lives outside the project: nothing is written next to the data."""
    assert not list(ROOT.glob("data/*.marshal"))
    assert not list(ROOT.glob("src/tzcli/*.marshal"))


# --------------------------------------------------------------------------
# An entry is trusted only if tzcli wrote it (issue 12, items 1-6)

UNUSED_UID = 54321  # no such user on a test machine; files are chowned to it as root


def _as_root() -> None:
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        pytest.skip("needs root: files of another user are made with chown")


def _tzcli(args: list[str], timeout: float = 60, **env: str) -> subprocess.CompletedProcess[str]:
    """tzcli in a subprocess, caching files however new (``_RUN_TZCLI``)."""
    return subprocess.run(
        [sys.executable, "-c", _RUN_TZCLI, *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=subprocess_env(**env),
    )


def test_an_entry_that_crashes_marshal_is_never_unmarshalled(data_file: Path) -> None:
    """Eleven bytes that make marshal.loads crash the interpreter are refused by the
    checksum before marshal sees them."""
    args = ["--data", str(data_file), "stats", "--format", "tsv"]
    first = _tzcli(args)
    assert first.returncode == 0, first.stderr
    (entry,) = entries()
    entry.write_bytes(b"\xa9\x02{r\x00\x00\x00\x00N0N")
    again = _tzcli(args)
    assert again.returncode == 0, again.stderr
    assert again.stdout == first.stdout and again.stderr == ""


def test_a_changed_digit_inside_an_entry_is_not_served(
    data_file: Path, parses: list[int], no_racy_wait: None
) -> None:
    entry = _fill(data_file)
    good = entry.read_bytes()
    assert good.count(b"34000") >= 1
    entry.write_bytes(good.replace(b"34000", b"94000"))
    assert people(data_file) == Decimal(34000)
    assert len(parses) == 2


def test_random_damage_to_an_entry_never_changes_the_answer(
    data_file: Path, no_racy_wait: None
) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    expected = load(data_file, use_cache=False)
    entry = _fill(data_file)
    good = entry.read_bytes()
    damage = st.one_of(
        st.tuples(st.just("flip"), st.integers(0, len(good) - 1), st.integers(1, 255)),
        st.tuples(st.just("cut"), st.integers(0, len(good) - 1), st.just(0)),
        st.tuples(st.just("insert"), st.integers(0, len(good)), st.integers(0, 255)),
        st.tuples(st.just("drop"), st.integers(0, len(good) - 1), st.integers(1, 64)),
    )

    @settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))
    @given(st.lists(damage, min_size=1, max_size=4))
    def check(changes: list[Any]) -> None:
        data = bytearray(good)
        for how, at, arg in changes:
            at = min(at, len(data))
            if how == "flip" and at < len(data):
                data[at] ^= arg
            elif how == "cut":
                del data[at:]
            elif how == "insert":
                data[at:at] = bytes([arg])
            elif how == "drop":
                del data[at : at + arg]
        entry.write_bytes(bytes(data))
        assert load(data_file) == expected

    check()


def test_a_fifo_at_the_entry_does_not_hang(data_file: Path) -> None:
    args = ["--data", str(data_file), "stats", "--format", "tsv"]
    first = _tzcli(args)
    (entry,) = entries()
    entry.unlink()
    os.mkfifo(entry)
    again = _tzcli(args, timeout=30)
    assert again.returncode == 0 and again.stdout == first.stdout, again.stderr


def test_a_symlinked_entry_is_not_followed(
    data_file: Path, tmp_path: Path, parses: list[int], no_racy_wait: None
) -> None:
    entry = _fill(data_file)
    elsewhere = tmp_path / "elsewhere.marshal"
    os.replace(entry, elsewhere)  # a good entry, but not in the cache folder
    entry.symlink_to(elsewhere)
    assert people(data_file) == Decimal(34000)
    assert len(parses) == 2, "an entry behind a symlink was read"
    entry.unlink()
    entry.symlink_to("/dev/zero")  # and one that would be read for ever
    assert people(data_file) == Decimal(34000)


@pytest.mark.parametrize("mode", [0o770, 0o707, 0o777, 0o1777], ids=oct)
def test_a_cache_folder_others_may_write_to_is_not_used(
    data_file: Path, parses: list[int], no_racy_wait: None, mode: int
) -> None:
    _fill(data_file)
    cache_root().chmod(mode)
    try:
        load(data_file)
        assert len(parses) == 2, "an entry in a folder others may write to was read"
        assert cache.read(key_of(data_file)) is None
    finally:
        cache_root().chmod(0o700)


def test_a_symlinked_cache_folder_is_not_used(
    data_file: Path, tmp_path: Path, parses: list[int], no_racy_wait: None, monkeypatch: Any
) -> None:
    _fill(data_file)
    link = tmp_path / "link-to-cache"
    link.symlink_to(cache_root())
    monkeypatch.setenv("TZCLI_CACHE_DIR", str(link))
    load(data_file)
    assert len(parses) == 2
    assert cache.write(key_of(data_file), {"x": 1}) is False


def test_a_new_cache_folder_is_private(
    tmp_path: Path, monkeypatch: Any, no_racy_wait: None
) -> None:
    path = tmp_path / "data.toml"
    path.write_text(dataset_text(), encoding="utf-8")
    monkeypatch.setenv("TZCLI_CACHE_DIR", str(tmp_path / "fresh" / "tzcli"))
    old = os.umask(0)  # the loosest umask there is
    try:
        load(path)
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "fresh" / "tzcli").stat().st_mode) == 0o700
    assert list((tmp_path / "fresh" / "tzcli").glob("*.marshal"))


def test_another_users_fifo_in_a_shared_cache_folder_does_not_hang(
    data_file: Path, tmp_path: Path
) -> None:
    """As root: a 0777 cache folder where another user left a FIFO at the entry's name."""
    _as_root()
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    args = ["--data", str(data_file), "stats", "--format", "tsv"]
    fresh = _tzcli(args, TZCLI_NO_CACHE="1")
    key = key_of(data_file)
    fifo = Path(cache.entry_path(str(shared), key))
    os.mkfifo(fifo)
    os.chown(fifo, UNUSED_UID, UNUSED_UID)
    done = _tzcli(args, timeout=30, TZCLI_CACHE_DIR=str(shared))
    assert done.returncode == 0 and done.stdout == fresh.stdout, done.stderr


def test_a_cache_folder_of_another_user_is_not_used(
    data_file: Path, parses: list[int], no_racy_wait: None
) -> None:
    _as_root()
    entry = _fill(data_file)
    os.chown(cache_root(), UNUSED_UID, UNUSED_UID)
    os.chown(entry, 0, 0)  # even an entry of one's own: the folder is someone else's
    try:
        load(data_file)
        assert len(parses) == 2
    finally:
        os.chown(cache_root(), 0, 0)


def test_root_with_another_users_home_creates_nothing_there(
    data_file: Path, tmp_path: Path
) -> None:
    """``sudo -E tzcli …``: root, with HOME still the user's; pip's rule, nothing made."""
    _as_root()
    home = tmp_path / "alice"
    home.mkdir()
    os.chown(home, UNUSED_UID, UNUSED_UID)
    env = {
        k: v for k, v in subprocess_env().items() if k not in ("TZCLI_CACHE_DIR", "XDG_CACHE_HOME")
    }
    env["HOME"] = str(home)
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", _RUN_TZCLI, "--data", str(data_file), "stats"],
            capture_output=True,
            text=True,
            env=env,
        )
        assert done.returncode == 0, done.stderr
    assert list(home.iterdir()) == [], "root made folders in another user's home"
    # and the same with an existing ~/.cache of the user's
    (home / ".cache").mkdir()
    os.chown(home / ".cache", UNUSED_UID, UNUSED_UID)
    done = subprocess.run(
        [sys.executable, "-c", _RUN_TZCLI, "--data", str(data_file), "stats"],
        capture_output=True,
        env=env,
    )
    assert done.returncode == 0
    assert list((home / ".cache").iterdir()) == []


def test_trim_removes_entries_of_deleted_files(tmp_path: Path, no_racy_wait: None) -> None:
    kept = tmp_path / "kept.toml"
    kept.write_text(dataset_text(), encoding="utf-8")
    load(kept)
    for i in range(60):
        gone = tmp_path / f"gone{i}.toml"
        gone.write_text(dataset_text(), encoding="utf-8")
        load(gone)
        gone.unlink()
    assert len(entries()) == 61
    removed = cache.trim()
    assert len(removed) == 60
    assert entries() == [Path(cache.entry_path(str(cache_root()), key_of(kept)))]


def test_trim_removes_entries_unused_for_thirty_days(
    data_file: Path, tmp_path: Path, parses: list[int], no_racy_wait: None
) -> None:
    import time

    other = tmp_path / "other.toml"
    other.write_text(dataset_text(), encoding="utf-8")
    old = _fill(data_file)
    load(other)
    month_ago = time.time() - 31 * 86400
    os.utime(old, (month_ago, month_ago))
    assert cache.trim() == [old.name]
    assert len(entries()) == 1


def test_a_hit_keeps_an_entry_from_being_trimmed(data_file: Path, no_racy_wait: None) -> None:
    import time

    entry = _fill(data_file)
    week_ago = time.time() - 7 * 86400
    os.utime(entry, (week_ago, week_ago))
    load(data_file)  # a hit: the entry is in use
    assert entry.stat().st_mtime > time.time() - 3600
    assert cache.trim(now=time.time() + 25 * 86400) == []


def test_trim_keeps_the_cache_under_its_size_bound(
    tmp_path: Path, no_racy_wait: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    paths = []
    for i in range(5):
        path = tmp_path / f"d{i}.toml"
        path.write_text(dataset_text(), encoding="utf-8")
        load(path)
        entry = Path(cache.entry_path(str(cache_root()), key_of(path)))
        os.utime(entry, (time.time() - 100 + i, time.time() - 100 + i))  # d0 oldest
        paths.append(entry)
    size = paths[0].stat().st_size
    monkeypatch.setattr(cache, "MAX_TOTAL_BYTES", int(size * 2.5))
    removed = cache.trim()
    assert sorted(removed) == sorted(p.name for p in paths[:3])
    assert entries() == sorted(paths[3:])


def test_a_write_trims_at_most_once_a_day(tmp_path: Path, no_racy_wait: None) -> None:
    first = tmp_path / "first.toml"
    first.write_text(dataset_text(), encoding="utf-8")
    load(first)  # the first write trims, and notes when
    first.unlink()
    second = tmp_path / "second.toml"
    second.write_text(dataset_text(), encoding="utf-8")
    load(second)  # within the day: no trim
    assert len(entries()) == 2
    stamp = cache_root() / "last-trim"
    os.utime(stamp, (0, 0))
    third = tmp_path / "third.toml"
    third.write_text(dataset_text(), encoding="utf-8")
    load(third)
    assert len(entries()) == 2, "the entry of the deleted file outlived a trim"


def test_editing_one_file_of_a_folder_reparses_that_file_alone(
    tmp_path: Path, no_racy_wait: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(5):
        (folder / f"f{i}.toml").write_text(
            dataset_text(f"src_{i}", f"p{i}", str(100 + i)), encoding="utf-8"
        )
    parsed: list[str] = []
    real = dataset.parse_file

    def counting(path: Any) -> Any:
        parsed.append(Path(path).name)
        return real(path)

    monkeypatch.setattr(dataset, "parse_file", counting)
    load(folder)
    assert sorted(parsed) == [f"f{i}.toml" for i in range(5)]
    parsed.clear()
    (folder / "f3.toml").write_text(dataset_text("src_3", "p3", "999"), encoding="utf-8")
    changed = load(folder)
    assert parsed == ["f3.toml"]
    assert changed == load(folder, use_cache=False)
    assert changed.figure("p3.people").value == Decimal(999)
    parsed.clear()
    load(folder)
    assert parsed == []


def test_per_file_entries_follow_the_current_folder(
    tmp_path: Path, no_racy_wait: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "two"
    folder.mkdir()
    (folder / "a.toml").write_text(dataset_text("src_a", "a"), encoding="utf-8")
    (folder / "b.toml").write_text(dataset_text("src_b", "b"), encoding="utf-8")
    monkeypatch.chdir(folder)
    load(folder)
    (folder / "a.toml").write_text(dataset_text("src_a", "a", "5"), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    there = load(folder)  # b from its entry, written from another folder
    fresh = load(folder, use_cache=False)
    assert there == fresh
    assert [m.file for m in there.metas] == ["two/a.toml", "two/b.toml"]


# --------------------------------------------------------------------------
# A folder: one entry a file, and the checks across files after any change to one


def outcome(folder: Path, **options: Any) -> Any:
    """What a load gives: the dataset, or the problems, one line each."""
    try:
        return load(folder, **options)
    except DataError as exc:
        return [str(problem) for problem in exc.problems]


def assert_as_uncached(folder: Path) -> Any:
    """A cached load (twice: from fresh entries, then a hit) says exactly what an
    uncached one says, dataset or problems."""
    expected = outcome(folder, use_cache=False)
    assert outcome(folder) == expected
    assert outcome(folder) == expected
    return expected


def with_lines(text: str, *lines: str, after: str) -> str:
    """``text`` with ``lines`` put after its first line that is ``after``."""
    assert after in text.splitlines()
    return text.replace(after + "\n", after + "\n" + "\n".join(lines) + "\n", 1)


def topic_text(topic: str, name_en: str = "Shared topic") -> str:
    return f'\n[[topics]]\nid = "{topic}"\nname_zh = "共同主题"\nname_en = "{name_en}"\n'


def figure_text(fig_id: str, topic: str, section: str, **fields: str) -> str:
    more = "".join(f"{key} = {value}\n" for key, value in fields.items())
    return (
        f'\n[[figures]]\nid = "{fig_id}"\ntopic = "{topic}"\nsection = "{section}"\n'
        f'year = 2016\nsubject_zh = "人"\nsubject_en = "people"\nunit = "people"\n'
        f'qualifier = "exact"\n{more}'
    )


@pytest.fixture
def folder(tmp_path: Path, no_racy_wait: None) -> Path:
    """Two sources; b's figure uses the topic only a defines, b's note names a's other
    topic. Each file's entry holds its summary: the checks across files run on them."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.toml").write_text(dataset_text("src_a", "a") + topic_text("shared"), "utf-8")
    b = dataset_text("src_b", "b") + figure_text(
        "b.shared", "shared", "b_section", value="5", quote='"人5人"'
    )
    b += '\n[[notes]]\nid = "b.note"\nkind = "other"\nquote = "人口"\n'
    b += 'text_en = "As in a\'s topic."\nrefs = ["a_topic"]\n'
    (folder / "b.toml").write_text(b, encoding="utf-8")
    return folder


def add_c(folder: Path) -> None:
    """A third source that names a's figure as ``src_a:a.people``, in a formula and in a
    note: its result hangs on a, so the checks of every file together run."""
    c = dataset_text("src_c", "c") + figure_text(
        "c.from_a", "c_topic", "c_section", derived="true", formula='"src_a:a.people + 1"'
    )
    c += '\n[[notes]]\nid = "c.note"\nkind = "other"\nquote = "人口"\n'
    c += 'text_en = "Compare with src_a."\nrefs = ["src_a:a.people"]\n'
    (folder / "c.toml").write_text(c, encoding="utf-8")


def summaries(folder: Path) -> list[Any]:
    """The summary in each file's entry (None: the file's result hangs on the others)."""
    keys = cache.keys_for(dataset.dataset_files(folder))
    return [part["summary"] for part in cache.read_many(keys)]


def test_a_folder_cached_is_the_folder_parsed(folder: Path) -> None:
    ds = assert_as_uncached(folder)
    assert [t.id for t in ds.topics].count("shared") == 1
    assert summaries(folder) == [
        {"source": "src_a", "uses": ["a_topic"], "needs": []},
        {"source": "src_b", "uses": ["b_topic", "shared"], "needs": ["a_topic"]},
    ]
    add_c(folder)
    ds = assert_as_uncached(folder)
    assert ds.figure("src_c:c.from_a").value == Decimal(34001)
    assert summaries(folder)[2] is None


def test_an_edit_that_makes_a_source_id_twice_is_found(folder: Path) -> None:
    assert_as_uncached(folder)
    b = folder / "b.toml"
    b.write_text(b.read_text("utf-8").replace('id = "src_b"', 'id = "src_a"'), "utf-8")
    problems = assert_as_uncached(folder)
    assert any("source id 'src_a' is used twice" in p for p in problems), problems


def test_an_edit_that_duplicates_an_id_within_a_source_across_files_is_found(
    folder: Path,
) -> None:
    assert_as_uncached(folder)
    (folder / "d.toml").write_text(dataset_text("src_d", "d"), "utf-8")
    assert_as_uncached(folder)
    d = folder / "d.toml"  # now the second file of src_a, with a's ids
    d.write_text(dataset_text("src_a", "a"), "utf-8")
    problems = assert_as_uncached(folder)
    assert any("duplicate id 'a.people'" in p for p in problems), problems


def test_an_edit_that_defines_a_shared_topic_differently_is_found(folder: Path) -> None:
    assert_as_uncached(folder)
    b = folder / "b.toml"
    b.write_text(b.read_text("utf-8") + topic_text("shared", "Another meaning"), "utf-8")
    problems = assert_as_uncached(folder)
    assert any("topic 'shared' is defined differently" in p for p in problems), problems
    b.write_text(b.read_text("utf-8").replace("Another meaning", "Shared topic"), "utf-8")
    ds = assert_as_uncached(folder)  # the same definition twice: one topic
    assert [t.id for t in ds.topics].count("shared") == 1


def test_an_edit_to_one_file_breaks_what_another_unchanged_file_uses(folder: Path) -> None:
    assert_as_uncached(folder)
    a = folder / "a.toml"
    a.write_text(dataset_text("src_a", "a"), "utf-8")  # no topic "shared": b uses it
    problems = assert_as_uncached(folder)
    assert any("b.toml" in p and "no topic with id 'shared'" in p for p in problems), problems
    a.write_text((dataset_text("src_a", "a") + topic_text("shared")).replace("a_topic", "a_t"))
    problems = assert_as_uncached(folder)  # b's note names a topic no file has now
    assert len(problems) == 1 and "b.toml:" in problems[0], problems
    assert problems[0].endswith(": notes[0].refs[0]: no record with id 'a_topic'"), problems


def test_an_edit_to_an_input_changes_a_figure_derived_in_another_file(folder: Path) -> None:
    add_c(folder)
    assert load(folder).figure("src_c:c.from_a").value == Decimal(34001)
    set_value(folder / "a.toml", "100")
    (folder / "a.toml").write_text(
        (folder / "a.toml").read_text("utf-8") + topic_text("shared"), "utf-8"
    )
    ds = assert_as_uncached(folder)
    assert ds.figure("src_c:c.from_a").value == Decimal(101)


def test_an_edit_that_removes_a_record_another_file_names_is_found(folder: Path) -> None:
    add_c(folder)
    assert_as_uncached(folder)
    a = folder / "a.toml"
    a.write_text(a.read_text("utf-8").replace('id = "a.people"', 'id = "a.persons"'), "utf-8")
    problems = assert_as_uncached(folder)
    assert any("c.toml" in p and "src_a:a.people" in p for p in problems), problems


def test_an_edit_that_adds_a_bare_id_another_source_has_is_found(tmp_path: Path) -> None:
    """A formula's bare id that its source lacks names the one other source that has
    it: a second such source, added or edited in, makes it ambiguous."""
    folder = tmp_path / "bare"
    folder.mkdir()
    (folder / "a.toml").write_text(dataset_text("src_a", "a"), "utf-8")
    b = dataset_text("src_b", "b") + figure_text(
        "b.from_a", "b_topic", "b_section", derived="true", formula='"a.people + 1"'
    )
    (folder / "b.toml").write_text(b, encoding="utf-8")
    (folder / "c.toml").write_text(dataset_text("src_c", "c"), "utf-8")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cache, "RACY_SECONDS", 0)
        assert assert_as_uncached(folder).figure("b.from_a").value == Decimal(34001)
        (folder / "c.toml").write_text(dataset_text("src_c", "a"), "utf-8")  # c has a.people
        problems = assert_as_uncached(folder)
    assert any("'a.people' is an id of several sources" in p for p in problems), problems


def test_deleting_and_adding_files(folder: Path) -> None:
    add_c(folder)
    assert_as_uncached(folder)
    (folder / "c.toml").unlink()
    ds = assert_as_uncached(folder)
    assert ds.source_ids() == ("src_a", "src_b")
    (folder / "a.toml").unlink()  # b uses the topic a defined
    problems = assert_as_uncached(folder)
    assert any("no topic with id 'shared'" in p for p in problems), problems
    (folder / "e.toml").write_text(dataset_text("src_e", "a") + topic_text("shared"), "utf-8")
    ds = assert_as_uncached(folder)
    assert ds.source_ids() == ("src_b", "src_e")


def test_a_topic_of_the_shared_vocabulary_needs_no_definition(folder: Path) -> None:
    b = folder / "b.toml"
    b.write_text(b.read_text("utf-8").replace('topic = "shared"', 'topic = "poverty"'), "utf-8")
    ds = assert_as_uncached(folder)
    assert "poverty" in [t.id for t in ds.topics]


def test_only_the_edited_file_of_a_folder_is_parsed(
    folder: Path, parses: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit re-parses the edited file alone; with c, whose result hangs on the
    others, the checks of every file together run, parsing each."""
    load(folder)
    assert len(parses) == 2
    b = folder / "b.toml"
    b.write_text(b.read_text("utf-8").replace("value = 5", "value = 6"), "utf-8")
    assert load(folder).figure("b.shared").value == Decimal(6)
    assert len(parses) == 3
    load(folder)
    assert len(parses) == 3
    add_c(folder)
    load(folder)
    assert len(parses) == 3 + 1 + 3  # c alone, then all three for the checks together


def test_a_damaged_entry_of_one_file_of_a_folder(folder: Path, parses: list[int]) -> None:
    expected = load(folder, use_cache=False)
    load(folder)
    assert len(entries()) == 2
    (key,) = cache.keys_for([str((folder / "b.toml").resolve())])
    entry = Path(cache.entry_path(str(cache_root()), key))
    good = entry.read_bytes()
    for damaged in (
        good[:-1],
        packed((key, {**stored_of(good)[1], "figures": [{"id": 1}]})),
        packed((key, {**stored_of(good)[1], "metas": [{}]})),
    ):
        entry.write_bytes(damaged)
        count = len(parses)
        assert load(folder) == expected
        assert load(folder) == expected  # the entry was written again
        assert len(parses) <= count + 2
        assert entry.read_bytes() == good
