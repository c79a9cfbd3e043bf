"""What a tzcli process sets up for itself, once, before the command line runs:
called by the process entry (``tzcli.__main__.run``) only, never by a function a
program or a test calls, since each changes the whole process."""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from tzcli.model import Dataset

#: Handed each dataset ``dataset.load`` makes, the collector still off. None in a
#: program or a test (nothing is done); set by the process entry alone
#: (``__main__.run``: the dataset lives until the process ends, see there).
after_load: Callable[[Dataset], object] | None = None


def prepare() -> None:
    """Standard streams that are usable whatever the caller left (closed, or with an
    encoding that lacks characters), and a COLUMNS that is a width or nothing."""
    _sane_streams()
    _sane_columns()
    try:
        # What stdout's encoding lacks (PYTHONIOENCODING=latin-1, a legacy code page)
        # comes out as \uXXXX instead of a UnicodeEncodeError; machine formats write UTF-8.
        sys.stdout.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
    except (AttributeError, ValueError):  # pragma: no cover - a replaced stdout
        pass


class _ClosedStream:
    """Stands for a stdout that was closed (``>&-``): every write fails as a write to a
    closed descriptor does, so the call says so instead of losing the output."""

    encoding = "utf-8"
    errors = "strict"

    def write(self, text: str) -> int:
        import errno

        raise OSError(errno.EBADF, "stdout is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def writable(self) -> bool:
        return True


def _sane_streams() -> None:
    """Closed standard descriptors are held open on /dev/null, so that no file tzcli
    opens takes their number (and receives output or messages meant for them)."""
    import io

    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
            continue
        except OSError:
            pass
        try:
            null = os.open(os.devnull, os.O_RDWR)
            if null != fd:
                os.dup2(null, fd)
                os.close(null)
        except OSError:  # pragma: no cover - no /dev/null
            continue
        if fd == 1:
            sys.stdout = _ClosedStream()
        elif fd == 2:  # messages have nowhere to go: they go nowhere, never to stdout
            sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8")
    if sys.stdout is None:
        sys.stdout = _ClosedStream()
    if sys.stderr is None:
        sys.stderr = io.TextIOWrapper(
            io.FileIO(os.open(os.devnull, os.O_WRONLY), "w"), encoding="utf-8"
        )


def _sane_columns() -> None:
    """COLUMNS of 0, negative or not a number means "unknown": ignored, as ls does, so
    the terminal's own width (or 80) is used rather than a page no column fits."""
    from tzcli.terminal import columns_setting  # the one rule (tzcli.terminal)

    if "COLUMNS" in os.environ and columns_setting() is None:
        del os.environ["COLUMNS"]
