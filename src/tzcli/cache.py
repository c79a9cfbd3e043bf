"""A cache of already validated data, kept the way Python keeps ``.pyc`` files.

An entry holds the plain records that ``tzcli.dataset`` makes of a data
file (str/int/bool/None, lists and dicts), stored with ``marshal``
under ``$TZCLI_CACHE_DIR``, else ``$XDG_CACHE_HOME/tzcli``, else
``~/.cache/tzcli``. It is keyed on each file's resolved path, size, mtime,
ctime, inode and device, on tzcli's version and schema version, on the
loader's own source files (so that editing the loader in a checkout cannot
serve records made by the old code) and on the Python that wrote it; it is
written atomically (a temporary file, then a rename), so a reader sees a
whole old entry or a whole new one, never a mix, whoever else is writing.

``marshal`` is not safe on data it did not write, so the cache trusts only
what it wrote itself, as pip does with its cache. The folder is created
0700 and used only if it is a real folder (not a symlink) owned by the
current user and not writable by group or others; as root, nothing is
created under a folder someone else owns (``sudo -E`` with a user's HOME).
An entry is opened without following symlinks and without blocking (a
FIFO), must be a regular file of the user's of at most ``MAX_ENTRY_BYTES``,
and carries a CRC-32 of its contents, checked before ``marshal.loads``.

The loader keeps one entry per data file (``keys_for``: that file's checked
records and a summary for the checks across files: docs/cache.md), so a
change to one file re-parses that file alone. ``trim`` (at most once every
``TRIM_EVERY_SECONDS``, when an entry is written) removes entries whose data
files are gone, entries unused for ``UNUSED_DAYS`` and, oldest first, what
is over ``MAX_TOTAL_BYTES``.

Any problem at all (no entry, a stale or corrupt one, an unwritable or
untrusted directory, a read-only home, a concurrent writer) makes ``read``
return None or ``write`` do nothing, and the caller parses the TOML
instead: the cache can make a call faster, never wrong. A file changed less
than ``RACY_SECONDS`` ago is neither cached nor looked up: a second change
within the file system's timestamp granularity could otherwise go unseen
(git's "racily clean" problem). ``TZCLI_NO_CACHE=1`` turns the cache off.

At import this module needs only ``os`` and ``sys``; it imports ``time``,
``marshal`` and ``zlib`` when used. A cache hit costs a few ``stat`` calls,
one CRC-32 (about 20 µs for 100 kB) and one ``marshal.loads``: tomllib,
pathlib, the schema and the checks are not even imported.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Sequence

    PathLike = str | os.PathLike[str]

#: Bumped whenever the layout of an entry or of the plain records changes.
FORMAT = 5

#: A file modified more recently than this is not cached (see the docstring).
RACY_SECONDS = 2.0

#: An entry bigger than this is neither written nor read.
MAX_ENTRY_BYTES = 512 * 1024 * 1024

#: What the cache may hold in all; ``trim`` removes the least recently used beyond it.
MAX_TOTAL_BYTES = 1024 * 1024 * 1024

#: An entry not used for this long is removed by ``trim``.
UNUSED_DAYS = 30

#: How often (at most) a write also trims the cache.
TRIM_EVERY_SECONDS = 24 * 3600

#: Where the key looks for the code that makes the plain records.
_LOADER_FILES = (
    "cache.py",
    "check.py",
    "concepts.py",  # the shared topics a file may use without defining them
    "dataset.py",
    "formula.py",
    "model.py",
    "schema.py",
)

_RACY = "racy"
_MARSHAL_VERSION = 4
_MAGIC = b"tzcache4"  # then the CRC-32 of the rest, 4 bytes
_HEAD = len(_MAGIC) + 4 + 4 + 8  # magic, crc, length of the names, length of the payload
_STAMP = "last-trim"
_TOUCH_SECONDS = 24 * 3600  # a hit refreshes the entry's mtime at most once a day

Key = tuple[Any, ...]


def enabled() -> bool:
    """False when ``TZCLI_NO_CACHE`` is set to anything but empty or 0."""
    return os.environ.get("TZCLI_NO_CACHE", "") in ("", "0")


def cache_dir() -> str | None:
    """Where entries live, or None when caching is turned off or there is nowhere."""
    if not enabled():
        return None
    explicit = os.environ.get("TZCLI_CACHE_DIR")
    if explicit:
        return explicit
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):  # the XDG spec: a relative path is to be ignored
        return os.path.join(xdg, "tzcli")
    home = os.path.expanduser("~")
    if not home or home == "~" or not os.path.isabs(home):
        return None
    return os.path.join(home, ".cache", "tzcli")


def _euid() -> int | None:
    geteuid = getattr(os, "geteuid", None)
    return geteuid() if geteuid is not None else None


def trusted(directory: str) -> bool:
    """Whether ``directory`` is a real folder of the current user's that no one else may
    write to: only then are its entries read (pip's rule for its cache)."""
    import stat

    try:
        st = os.lstat(directory)
    except (OSError, ValueError):
        return False
    if not stat.S_ISDIR(st.st_mode) or st.st_mode & 0o022:
        return False
    uid = _euid()
    return uid is None or st.st_uid == uid


def _may_create(directory: str) -> bool:
    """Whether creating ``directory`` leaves other people's folders alone: its nearest
    existing ancestor must be the user's own, or a sticky folder such as /tmp."""
    import stat

    uid = _euid()
    here = os.path.abspath(directory)
    while True:
        try:
            st = os.stat(here)
            break
        except FileNotFoundError:
            parent = os.path.dirname(here)
            if parent == here:
                return False
            here = parent
        except (OSError, ValueError):
            return False
    if uid is None or st.st_uid == uid:
        return True
    return uid != 0 and bool(st.st_mode & stat.S_ISVTX)


def _usable_dir(create: bool) -> str | None:
    directory = cache_dir()
    if directory is None:
        return None
    if create and not os.path.lexists(directory):
        if not _may_create(directory):
            return None
        try:
            os.makedirs(directory, mode=0o700, exist_ok=True)
        except (OSError, ValueError):
            return None
    return directory if trusted(directory) else None


def keys_for(files: Sequence[PathLike]) -> list[Key | None]:
    """What must be unchanged for each file's entry to be valid (one entry a data file);
    None for a file that can't be stat'ed or is not a regular file.

    A key for a file changed in the last ``RACY_SECONDS`` is marked racy: ``read``
    finds nothing under it and ``write`` does not store it.
    """
    import time

    head, now = _key_head("file"), time.time_ns()
    return [_key(head, [name], now) for name in files]


def _key_head(kind: str) -> list[Any]:
    """What every key of ``kind`` starts with: the format, tzcli's and the data's
    versions, the Python, and the loader's own source files."""
    from tzcli._version import __version__
    from tzcli.model import SCHEMA_VERSION

    here = os.path.dirname(os.path.abspath(__file__))
    code: list[tuple[str, int | None, int | None]] = []
    for name in _LOADER_FILES:
        try:
            st = os.stat(os.path.join(here, name))
            code.append((name, st.st_size, st.st_mtime_ns))
        except OSError:  # not on a file system (a zip): the version has to do
            code.append((name, None, None))
    return [
        "tzcli-cache",
        FORMAT,
        __version__,
        SCHEMA_VERSION,
        sys.implementation.cache_tag,
        tuple(code),
        kind,
    ]


def _key(head: list[Any], files: Sequence[PathLike], now: int) -> Key | None:
    parts = list(head)
    racy = False
    for path in files:
        try:
            name = os.fspath(path)
            st = os.stat(name)
        except (OSError, ValueError, TypeError):
            return None
        if st.st_mode & 0o170000 != 0o100000:  # not a regular file (a pipe, a device)
            return None
        parts.append((name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev))
        if now - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_SECONDS * 1e9:
            racy = True
    if racy:
        parts.append(_RACY)
    return tuple(parts)


def key_files(key: Key | None) -> list[str]:
    """The resolved paths a key is for."""
    if key is None:
        return []
    return [part[0] for part in key[7:] if isinstance(part, tuple)]


def entry_path(directory: str, key: Key) -> str:
    """One entry per set of data files, kind and Python: a new key replaces the old entry."""
    kind = key[6] if len(key) > 6 else ""
    text = f"{kind}\0" + "\0".join(key_files(key)) + "\0" + str(sys.implementation.cache_tag)
    digest = 0xCBF29CE484222325  # 64-bit FNV-1a: stable, and no import
    for byte in text.encode("utf-8", "surrogatepass"):
        digest = ((digest ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return os.path.join(directory, f"data-{digest:016x}.marshal")


def _open_entry(path: str) -> tuple[int, Any] | None:
    """A descriptor and ``fstat`` of an entry that may be read, or None: no symlink
    followed, no FIFO waited on, only a regular file of the user's of bounded size."""
    import stat

    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
    except (OSError, ValueError):
        return None
    try:
        st = os.fstat(fd)
        uid = _euid()
        if (
            stat.S_ISREG(st.st_mode)
            and (uid is None or st.st_uid == uid)
            and _HEAD <= st.st_size <= MAX_ENTRY_BYTES
        ):
            return fd, st
    except OSError:
        pass
    os.close(fd)
    return None


def _read_all(fd: int, size: int) -> bytes | None:
    """The file's ``size`` bytes, or None if it is not exactly that long."""
    chunks = []
    left = size + 1
    while left > 0:
        chunk = os.read(fd, min(left, 1 << 26))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    data = chunks[0] if len(chunks) == 1 else b"".join(chunks)
    return data if len(data) == size else None


def _unpack(data: bytes) -> tuple[memoryview, memoryview] | None:
    """The names and the payload of an entry whose checksum and lengths are right."""
    import zlib

    if len(data) < _HEAD or data[: len(_MAGIC)] != _MAGIC:
        return None
    view = memoryview(data)
    start = len(_MAGIC)
    if int.from_bytes(view[start : start + 4], "little") != zlib.crc32(view[start + 4 :]):
        return None
    names_len = int.from_bytes(view[start + 4 : start + 8], "little")
    payload_len = int.from_bytes(view[start + 8 : start + 16], "little")
    if _HEAD + names_len + payload_len != len(data):
        return None
    return view[_HEAD : _HEAD + names_len], view[_HEAD + names_len :]


def _pack(names: list[str], payload: bytes) -> bytes:
    """An entry, whole: its head, then its payload."""
    return b"".join(_pack_parts(names, payload))


def _pack_parts(names: list[str], payload: bytes) -> tuple[bytes, bytes]:
    """An entry as its head and its payload, for ``write`` to write one after the other:
    joined, a 126 kB entry is copied twice more (~110 µs of its ~800 µs write)."""
    import zlib

    blob = "\0".join(names).encode("utf-8", "surrogatepass")
    lengths = len(blob).to_bytes(4, "little") + len(payload).to_bytes(8, "little")
    crc = zlib.crc32(payload, zlib.crc32(lengths + blob))
    return _MAGIC + crc.to_bytes(4, "little") + lengths + blob, payload


def read(key: Key | None) -> Any | None:
    """The payload stored under ``key``, or None."""
    return read_many([key])[0]


def read_many(keys: Sequence[Key | None]) -> list[Any | None]:
    """The payload stored under each key, or None for it (the folder checked once)."""
    directory = _usable_dir(create=False) if any(keys) else None
    if directory is None:
        return [None] * len(keys)
    return [_read_entry(directory, key) for key in keys]


def _read_entry(directory: str, key: Key | None) -> Any | None:
    if key is None or key[-1] == _RACY:
        return None
    opened = _open_entry(entry_path(directory, key))
    if opened is None:
        return None
    fd, st = opened
    import marshal

    try:
        data = _read_all(fd, st.st_size)
        parts = _unpack(data) if data is not None else None
        if parts is None:
            return None
        stored = marshal.loads(parts[1])
        if not isinstance(stored, tuple) or len(stored) != 2 or stored[0] != key:
            return None
        import time

        if time.time() - st.st_mtime > _TOUCH_SECONDS:  # "used": kept by trim
            try:
                os.utime(fd)
            except (OSError, NotImplementedError):
                pass
        return stored[1]
    except Exception:  # unreadable, or marshal data of another Python
        return None
    finally:
        os.close(fd)


def write(key: Key | None, payload: Any) -> bool:
    """Store ``payload`` under ``key``, atomically; silently give up on any error.

    Returns whether an entry was written (for tests; callers ignore it).
    """
    if key is None or key[-1] == _RACY:
        return False
    import marshal

    directory = _usable_dir(create=True)
    if directory is None:
        return False
    tmp: str | None = None
    try:
        head, data = _pack_parts(key_files(key), marshal.dumps((key, payload), _MARSHAL_VERSION))
        if len(head) + len(data) > MAX_ENTRY_BYTES:
            return False
        target = entry_path(directory, key)
        tmp = f"{target}.{os.getpid()}.{id(data):x}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
        with open(fd, "wb") as handle:
            handle.write(head)
            handle.write(data)
        os.replace(tmp, target)
        tmp = None
    except Exception:  # unwritable, full, read-only, a payload marshal can't store …
        return False
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
    _trim_now_and_then(directory)
    return True


def _trim_now_and_then(directory: str) -> None:
    import time

    stamp = os.path.join(directory, _STAMP)
    now = time.time()
    try:
        if now - os.lstat(stamp).st_mtime < TRIM_EVERY_SECONDS:
            return
    except FileNotFoundError:
        pass
    except OSError:
        return
    try:
        fd = os.open(stamp, os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        os.utime(fd)
        os.close(fd)
    except OSError:
        return
    trim(directory, now)


def trim(directory: str | None = None, now: float | None = None) -> list[str]:
    """Remove entries whose data files are gone, entries unused for ``UNUSED_DAYS``,
    leftover temporary files, and, least recently used first, what is over
    ``MAX_TOTAL_BYTES``. Returns the names removed; never raises."""
    import stat
    import time

    if directory is None:
        directory = _usable_dir(create=False)
    if directory is None or not trusted(directory):
        return []
    now = time.time() if now is None else now
    removed: list[str] = []
    kept: list[tuple[float, int, str]] = []
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    uid = _euid()
    for name in names:
        path = os.path.join(directory, name)
        is_entry = name.startswith("data-") and name.endswith(".marshal")
        if not is_entry and not name.endswith(".tmp"):
            continue
        try:
            st = os.lstat(path)
        except OSError:
            continue
        if uid is not None and st.st_uid != uid:
            continue  # not ours: in a trusted folder it cannot be there; leave it
        stale = now - st.st_mtime > UNUSED_DAYS * 86400
        if name.endswith(".tmp"):
            stale = now - st.st_mtime > 3600  # a writer that died
        elif not stale:
            stale = not stat.S_ISREG(st.st_mode) or _files_gone(path)
        if stale:
            try:
                os.unlink(path)
                removed.append(name)
            except OSError:
                pass
        elif is_entry:
            kept.append((st.st_mtime, st.st_size, name))
    total = sum(size for _, size, _ in kept)
    for _, size, name in sorted(kept):
        if total <= MAX_TOTAL_BYTES:
            break
        try:
            os.unlink(os.path.join(directory, name))
            removed.append(name)
            total -= size
        except OSError:
            pass
    return removed


def _files_gone(path: str) -> bool:
    """Whether an entry is not one, or names a data file that no longer exists (only its
    head is read: a damaged payload is harmless, ``read`` refuses it)."""
    opened = _open_entry(path)
    if opened is None:
        return True
    fd, st = opened
    try:
        head = os.read(fd, _HEAD)
        if len(head) < _HEAD or head[: len(_MAGIC)] != _MAGIC:
            return True
        names_len = int.from_bytes(head[len(_MAGIC) + 4 : len(_MAGIC) + 8], "little")
        if _HEAD + names_len > st.st_size:
            return True
        names = os.read(fd, names_len).decode("utf-8", "surrogatepass").split("\0")
    except (OSError, ValueError):
        return True
    finally:
        os.close(fd)
    return not all(name and os.path.exists(name) for name in names)
