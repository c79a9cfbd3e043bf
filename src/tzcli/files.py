"""The one way tzcli writes a file or a folder: ``export`` (every format, ``--metadata``),
``draft -o`` and the man pages all go through here.

The rules, each for a reason a user has met:

- only a regular file is written; a device, FIFO, socket or folder is refused (as
  root, ``-o /dev/null --force`` would otherwise replace the system's /dev/null);
- a symlink is written through: the file it points to is replaced, the link stays;
- atomic: a temporary file beside the target (in the target's own folder), then a
  rename, so a failure or a signal never leaves half a file, nor a temporary one;
- no clobber without ``force``: a new file is put in place by a hard link, which fails
  if a file appeared meanwhile (never a check, then a rename);
- the umask respected for a new file; a replaced file keeps its mode;
- never the input: a target that is, by real path or by inode, a file the command
  reads (``Inputs``), or a folder holding one, is refused whatever ``force`` says.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from tzcli.errors import OutputError

Fill = Callable[[Path], Any]


def _fail(shown: str, reason: str) -> OutputError:
    return OutputError(f"cannot write {shown}: {reason}")


class Inputs:
    """What a command reads, so that it never writes over it: files (a dataset's, the
    text being drafted) and stdin when it is a regular file (``--data - < ds.toml``).

    Each is known by its real path and its inode, taken when it is named: a hard link
    or a symlink to it is the same file."""

    def __init__(self) -> None:
        self._files: list[tuple[str, tuple[int, int] | None, str, str]] = []

    def add(self, path: str | os.PathLike[str], what: str, shown: str = "") -> Inputs:
        """A file that is read; ``what`` says what it is, ``shown`` its name, for the
        message."""
        name = os.fspath(path)
        try:
            st = os.stat(name)
            ident: tuple[int, int] | None = (st.st_dev, st.st_ino)
        except (OSError, ValueError):
            ident = None
        self._files.append((os.path.realpath(name), ident, what, shown))
        return self

    def add_stdin(self, what: str) -> Inputs:
        """Standard input, when it is a file we can name (a redirect from a regular file)."""
        try:
            st = os.fstat(0)
        except (OSError, ValueError):
            return self
        if stat.S_ISREG(st.st_mode):
            self._files.append(("", (st.st_dev, st.st_ino), what, ""))
        return self

    def refuse(self, path: str, shown: str) -> None:
        """An OutputError if ``path`` is one of the inputs, or a folder holding one."""
        real = os.path.realpath(path)
        try:
            st = os.stat(path)
            ident: tuple[int, int] | None = (st.st_dev, st.st_ino)
        except (OSError, ValueError):
            ident = None
        for name, their, what, label in self._files:
            if (name and name == real) or (ident is not None and ident == their):
                known = f" ({label})" if label and label != shown else ""
                raise OutputError(f"{shown} is {what}{known}; never written over (--force or not)")
            if name and name.startswith(real.rstrip(os.sep) + os.sep):
                raise OutputError(
                    f"{shown} holds {what} ({label or name}); never written over (--force or not)"
                )


NO_INPUTS = Inputs()


def same_file(a: str, b: str) -> bool:
    """Whether two names are one file: the same real path, or the same inode."""
    if os.path.realpath(a) == os.path.realpath(b):
        return True
    try:
        return os.path.samefile(a, b)
    except (OSError, ValueError):
        return False


def check_file(path: str, *, force: bool, inputs: Inputs = NO_INPUTS) -> tuple[Path, bool]:
    """The regular file ``path`` names (a symlink followed) and whether it exists; an
    OutputError for anything else, for an existing file without ``force``, or for an
    input. Made before anything is written."""
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        link = None
    except NotADirectoryError:
        raise _fail(path, "a folder on the way is a file") from None
    except (OSError, ValueError) as exc:  # a folder on the way we may not enter, a NUL …
        raise _fail(path, getattr(exc, "strerror", None) or str(exc)) from None
    try:
        st: Any = os.stat(path) if link is not None else None
    except FileNotFoundError:  # a dangling symlink: its target would be created
        st = None
    except OSError as exc:  # a loop of links, a folder we may not enter
        raise _fail(path, exc.strerror or str(exc)) from None
    inputs.refuse(path, path)
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{path} is a directory")
    if path.endswith(("/", os.sep)):
        raise _fail(path, "not a file name (it ends in '/')")
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise _fail(
            path,
            "not a regular file (a device, FIFO or socket); only files are written "
            "('-o -' writes to stdout)",
        )
    if link is not None and not force:
        raise OutputError(f"{path} exists; use --force to overwrite it")
    target = Path(os.path.realpath(path)) if link is not None else Path(path)
    if not target.parent.is_dir():
        raise _fail(path, f"directory {target.parent} does not exist")
    return target, st is not None


def write_file(
    path: str, fill: Fill | bytes, *, force: bool = False, inputs: Inputs = NO_INPUTS
) -> None:
    """Write ``path`` by the rules above: ``fill`` writes a temporary file (its Path) or
    is the bytes to write."""
    target, exists = check_file(path, force=force, inputs=inputs)
    if isinstance(fill, bytes):
        payload = fill
        fill = lambda tmp: tmp.write_bytes(payload)  # noqa: E731
    atomic(target, fill, replace=exists, shown=path)


class _Signalled(BaseException):
    """SIGTERM or SIGHUP arrived while writing: the temporary files go, then the signal
    is delivered again, as it would have been."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def atomic(target: Path, fill: Fill, *, replace: bool = True, shown: str = "") -> None:
    """``fill`` a temporary file beside ``target``, then put it in place: with ``replace``,
    by a rename over the file; otherwise by a hard link, which fails if a file appeared
    at ``target`` meanwhile (never a check, then a rename)."""
    import signal
    import threading

    handlers: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGTERM", "SIGHUP"):
            signum = getattr(signal, name, None)
            if signum is None:
                continue

            def stop(signum: int, _frame: Any) -> None:
                raise _Signalled(signum)

            try:
                handlers[signum] = signal.signal(signum, stop)
            except (OSError, ValueError):  # pragma: no cover - not settable here
                pass
    try:
        _write_and_place(target, fill, replace, shown or str(target))
    except _Signalled as exc:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
        handlers.clear()
        signal.raise_signal(exc.signum)
        raise  # pragma: no cover - the signal's own handler did not end the process
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)


def umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_and_place(target: Path, fill: Fill, replace: bool, shown: str) -> None:
    import tempfile

    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise _fail(shown, exc.strerror or str(exc)) from None
    tmp = Path(name)
    try:
        os.close(handle)
        fill(tmp)  # into our own (empty) file: sqlite takes an empty file as a new database
        mode = 0o666 & ~umask()  # as a file the user creates: mkstemp made it 0600
        if replace:
            try:  # --force keeps the replaced file's permissions
                mode = stat.S_IMODE(os.stat(target).st_mode)
            except FileNotFoundError:
                pass
        os.chmod(tmp, mode)
        if replace:
            os.replace(tmp, target)
        else:
            _place_new(tmp, target, shown)
    except OSError as exc:
        raise _fail(shown, exc.strerror or str(exc)) from None
    finally:
        for leftover in (name, f"{name}-journal", f"{name}-wal", f"{name}-shm"):
            try:
                os.unlink(leftover)
            except OSError:
                pass


def _place_new(tmp: Path, target: Path, shown: str) -> None:
    """Give the finished ``tmp`` the name ``target`` only if no file has it."""
    import errno

    try:
        os.link(tmp, target)
        return
    except FileExistsError:
        raise OutputError(f"{shown} exists; use --force to overwrite it") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
    # No hard links here (FAT, some network file systems): an exclusive create, then a copy.
    import shutil

    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise OutputError(f"{shown} exists; use --force to overwrite it") from None
    try:
        with open(fd, "wb") as out, open(tmp, "rb") as src:
            shutil.copyfileobj(src, out)
    except BaseException:
        os.unlink(target)
        raise


# --------------------------------------------------------------------------
# A folder of files (the data package)


def write_folder(
    path: str,
    fill: Callable[[Path], Iterable[str]],
    *,
    owned: Callable[[Path], set[str] | None],
    force: bool = False,
    inputs: Inputs = NO_INPUTS,
    kind: str = "folder",
) -> None:
    """A folder of files, ``fill`` writing them into an empty temporary folder beside it
    and returning their names.

    ``owned(folder)`` reads the manifest of a previous export there: the names it wrote,
    or None when the folder is not one. A new folder is renamed into place whole. An
    existing one needs ``force`` and must be a previous export or empty: if it holds only
    that export's files it is swapped whole; otherwise each file is renamed in over its
    old self, the previous export's files no longer written are removed, and nothing else
    in it is touched."""
    import shutil
    import tempfile

    target = Path(path)
    try:
        link = os.lstat(path)
    except FileNotFoundError:
        link = None
    except (OSError, ValueError) as exc:
        raise _fail(path, getattr(exc, "strerror", None) or str(exc)) from None
    inputs.refuse(path, path)
    if link is not None and not force:
        raise OutputError(f"{path} exists; use --force to overwrite it")
    old_names: set[str] = set()
    present: set[str] = set()
    if link is not None:
        if stat.S_ISLNK(link.st_mode) or not stat.S_ISDIR(link.st_mode):
            raise OutputError(f"{path} exists and is not a {kind} folder; not replacing it")
        try:
            present = set(os.listdir(path))
        except OSError as exc:
            raise _fail(path, exc.strerror or str(exc)) from None
        if present:
            found = owned(target)
            if found is None:
                raise OutputError(
                    f"{path} exists and is not a {kind} folder tzcli wrote; not replacing it"
                )
            old_names = found
            for name in sorted(old_names & present):
                mode = os.lstat(target / name).st_mode
                if not stat.S_ISREG(mode):
                    raise _fail(f"{path}/{name}", "not a regular file; not replacing it")
    if not target.parent.exists():
        raise _fail(path, f"directory {target.parent} does not exist")
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except OSError as exc:
        raise _fail(path, exc.strerror or str(exc)) from None
    old: Path | None = None
    try:
        written = list(fill(tmp))
        mask = umask()
        for name in written:
            os.chmod(tmp / name, 0o666 & ~mask)
        os.chmod(tmp, 0o777 & ~mask)
        if link is None:
            os.replace(tmp, target)
        elif present and present <= old_names:  # only the previous export: swapped whole
            old = Path(
                tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent)
            )
            os.replace(target, old / target.name)
            os.replace(tmp, target)
        else:  # beside the user's own files: file by file, the manifest last
            for name in sorted(written, key=lambda n: n == "datapackage.json"):
                os.replace(tmp / name, target / name)
            for name in sorted((old_names & present) - set(written)):
                os.unlink(target / name)
    except OSError as exc:
        raise _fail(path, exc.strerror or str(exc)) from None
    finally:  # also on Ctrl-C: the old folder is put back if the new one is not in place
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            aside = old / target.name
            try:
                if aside.exists() and not target.exists():
                    os.replace(aside, target)
                shutil.rmtree(old)
            except OSError:  # never delete the old folder unless it is back or replaced
                pass
