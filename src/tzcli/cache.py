"""A cache of already validated data, kept the way Python keeps ``.pyc`` files.

An entry holds the plain records that ``tzcli.dataset`` makes of a set of
data files (str/int/bool/None, lists and dicts), stored with ``marshal``
under ``$TZCLI_CACHE_DIR``, else ``$XDG_CACHE_HOME/tzcli``, else
``~/.cache/tzcli``. It is keyed on each file's resolved path, size, mtime,
ctime, inode and device, on tzcli's version and schema version, on the
loader's own source files (so that editing the loader in a checkout cannot
serve records made by the old code) and on the Python that wrote it; it is
written atomically (a temporary file, then a rename), so a reader sees a
whole old entry or a whole new one, never a mix, whoever else is writing.

Any problem at all (no entry, a stale or corrupt one, an unwritable
directory, a read-only home, a concurrent writer) makes ``read`` return None
or ``write`` do nothing, and the caller parses the TOML instead: the cache
can make a call faster, never wrong. A file changed less than
``RACY_SECONDS`` ago is neither cached nor looked up: a second change within
the file system's timestamp granularity could otherwise go unseen (git's
"racily clean" problem). ``TZCLI_NO_CACHE=1`` turns the cache off.

At import this module needs only ``os`` and ``sys``; it imports ``time``
and ``marshal`` when used (both built in). A cache hit costs a few ``stat``
calls and one ``marshal.loads``: tomllib, pathlib, the schema and the
checks are not even imported.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Any, List, Optional, Sequence, Tuple, Union

if TYPE_CHECKING:
    PathLike = Union[str, "os.PathLike[str]"]

#: Bumped whenever the layout of an entry or of the plain records changes.
FORMAT = 3

#: A file modified more recently than this is not cached (see the docstring).
RACY_SECONDS = 2.0

#: Where the key looks for the code that makes the plain records.
_LOADER_FILES = ("cache.py", "dataset.py", "formula.py", "model.py", "schema.py")

_RACY = "racy"
_MARSHAL_VERSION = 4

Key = Tuple[Any, ...]


def enabled() -> bool:
    """False when ``TZCLI_NO_CACHE`` is set to anything but empty or 0."""
    return os.environ.get("TZCLI_NO_CACHE", "") in ("", "0")


def cache_dir() -> Optional[str]:
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


def files_for(path: Optional["PathLike"], loader_file: str) -> Optional[List[str]]:
    """The data files ``tzcli.dataset.data_files`` would return, as resolved paths.

    Done with ``os.path`` so that a cache hit does not import pathlib. Any
    case that is not plain (a missing path, an empty folder, a device …)
    gives None, and the caller takes the slow path, which reports errors.
    ``loader_file`` is ``tzcli.dataset.__file__``, whose folder locates the
    bundled data.
    """
    if os.name != "posix":
        return None
    try:
        if path is None:
            here = os.path.dirname(os.path.realpath(loader_file))
            target = os.path.join(here, "data")
            if not os.path.isdir(target):
                target = os.path.join(os.path.dirname(os.path.dirname(here)), "data")
        else:
            target = os.fspath(path)
            if not isinstance(target, str) or not target:
                return None
        if os.path.isdir(target):
            names = sorted(
                name
                for name in os.listdir(target)
                if name.endswith(".toml") and os.path.isfile(os.path.join(target, name))
            )
            if not names:
                return None
            return [os.path.realpath(os.path.join(target, name)) for name in names]
        if os.path.isfile(target):
            return [os.path.realpath(target)]
    except (OSError, ValueError, TypeError):
        pass
    return None


def key_for(files: Optional[Sequence["PathLike"]]) -> Optional[Key]:
    """What must be unchanged for an entry to be valid; None if a file can't be stat'ed.

    A key for files changed in the last ``RACY_SECONDS`` is marked racy:
    ``read`` finds nothing under it and ``write`` does not store it.
    """
    if files is None:
        return None
    import time

    from tzcli import __version__
    from tzcli.model import SCHEMA_VERSION

    now = time.time_ns()
    here = os.path.dirname(os.path.abspath(__file__))
    code: List[Tuple[str, Optional[int], Optional[int]]] = []
    for name in _LOADER_FILES:
        try:
            st = os.stat(os.path.join(here, name))
            code.append((name, st.st_size, st.st_mtime_ns))
        except OSError:  # not on a file system (a zip): the version has to do
            code.append((name, None, None))
    parts: List[Any] = [
        "tzcli-cache",
        FORMAT,
        __version__,
        SCHEMA_VERSION,
        sys.implementation.cache_tag,
        tuple(code),
    ]
    racy = False
    for path in files:
        try:
            name = os.fspath(path)
            st = os.stat(name)
        except (OSError, ValueError, TypeError):
            return None
        parts.append((name, st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_dev))
        if now - max(st.st_mtime_ns, st.st_ctime_ns) < RACY_SECONDS * 1e9:
            racy = True
    if racy:
        parts.append(_RACY)
    return tuple(parts)


def key_files(key: Optional[Key]) -> List[str]:
    """The resolved paths a key is for."""
    if key is None:
        return []
    return [part[0] for part in key[6:] if isinstance(part, tuple)]


def entry_path(directory: str, key: Key) -> str:
    """One entry per set of data files (and Python): a new key replaces the old entry."""
    text = "\0".join(key_files(key)) + "\0" + str(sys.implementation.cache_tag)
    digest = 0xCBF29CE484222325  # 64-bit FNV-1a: stable, and cheaper to import than zlib
    for byte in text.encode("utf-8", "surrogatepass"):
        digest = ((digest ^ byte) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    return os.path.join(directory, f"data-{digest:016x}.marshal")


def read(key: Optional[Key]) -> Optional[Any]:
    """The payload stored under ``key``, or None."""
    if key is None or key[-1] == _RACY:
        return None
    directory = cache_dir()
    if directory is None:
        return None
    import marshal

    try:
        with open(entry_path(directory, key), "rb") as handle:
            if hasattr(os, "geteuid") and os.fstat(handle.fileno()).st_uid != os.geteuid():
                return None  # someone else's file in a shared folder: not trusted
            stored = marshal.loads(handle.read())
    except Exception:  # missing, unreadable, truncated or not marshal at all
        return None
    if not isinstance(stored, tuple) or len(stored) != 2 or stored[0] != key:
        return None
    return stored[1]


def write(key: Optional[Key], payload: Any) -> bool:
    """Store ``payload`` under ``key``, atomically; silently give up on any error.

    Returns whether an entry was written (for tests; callers ignore it).
    """
    if key is None or key[-1] == _RACY:
        return False
    directory = cache_dir()
    if directory is None:
        return False
    import marshal

    tmp: Optional[str] = None
    try:
        data = marshal.dumps((key, payload), _MARSHAL_VERSION)
        os.makedirs(directory, mode=0o700, exist_ok=True)
        target = entry_path(directory, key)
        tmp = f"{target}.{os.getpid()}.{id(data):x}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with open(fd, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
        tmp = None
        return True
    except Exception:  # unwritable, full, read-only, a payload marshal can't store …
        return False
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
