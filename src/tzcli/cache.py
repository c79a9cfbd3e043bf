"""A cache of already validated data, kept the way Python keeps ``.pyc`` files.

The entry for a set of data files is keyed on each file's resolved path,
size, mtime, ctime and inode, and on tzcli's version and schema; it is
written atomically (a temporary file, then a rename). Any problem at all
(missing, stale, corrupt, unwritable, a concurrent writer) makes ``read``
return None or ``write`` do nothing, so the caller parses the TOML instead:
the cache can make a call faster, never wrong.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Optional, Sequence, Tuple

_MAGIC = "tzcli-cache-1"


def cache_dir() -> Optional[Path]:
    """Where entries live, or None when caching is turned off."""
    if os.environ.get("TZCLI_NO_CACHE", "") not in ("", "0"):
        return None
    explicit = os.environ.get("TZCLI_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    if xdg and os.path.isabs(xdg):
        return Path(xdg) / "tzcli"
    home = os.path.expanduser("~")
    if home == "~":
        return None
    return Path(home) / ".cache" / "tzcli"


def key_for(files: Sequence[Path]) -> Optional[Tuple[Any, ...]]:
    """What must be unchanged for an entry to be valid; None if a file can't be stat'ed."""
    from tzcli import __version__
    from tzcli.model import SCHEMA_VERSION

    parts: list[Any] = [_MAGIC, __version__, SCHEMA_VERSION]
    for path in files:
        try:
            st = os.stat(path)
        except OSError:
            return None
        parts.append((str(path), st.st_size, st.st_mtime_ns, st.st_ctime_ns, st.st_ino))
    return tuple(parts)


def _entry_path(directory: Path, key: Tuple[Any, ...]) -> Path:
    import zlib

    names = "\0".join(str(part[0]) for part in key[3:])
    return directory / f"data-{zlib.crc32(names.encode('utf-8', 'surrogatepass')):08x}.marshal"


def read(key: Optional[Tuple[Any, ...]]) -> Optional[Any]:
    """The payload stored under ``key``, or None."""
    directory = cache_dir()
    if directory is None or key is None:
        return None
    import marshal

    try:
        with open(_entry_path(directory, key), "rb") as handle:
            stored = marshal.loads(handle.read())
    except Exception:  # missing, unreadable, truncated or not marshal at all
        return None
    if not isinstance(stored, tuple) or len(stored) != 2 or stored[0] != key:
        return None
    return stored[1]


def write(key: Optional[Tuple[Any, ...]], payload: Any) -> None:
    """Store ``payload`` under ``key``, atomically; silently give up on any error."""
    directory = cache_dir()
    if directory is None or key is None:
        return
    import marshal

    tmp: Optional[Path] = None
    try:
        data = marshal.dumps((key, payload))
        directory.mkdir(parents=True, exist_ok=True)
        target = _entry_path(directory, key)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.{id(data):x}.tmp")
        with open(tmp, "wb") as handle:
            handle.write(data)
        os.replace(tmp, target)
        tmp = None
    except Exception:
        pass
    finally:
        if tmp is not None:
            try:
                tmp.unlink()
            except OSError:
                pass
