"""A progress bar for work that takes a while, on stderr when it is a terminal.

Nothing is shown, and Rich is not imported, unless the work is still going after
``DELAY`` seconds: a timer starts the bar then. A cache hit or a small file is done
long before, so a fast call costs one timer thread and imports nothing. Nothing is
shown when stderr is not a terminal, or with ``--quiet``.
"""

from __future__ import annotations

import contextlib
import sys
import threading
from collections.abc import Iterator
from typing import Any, TextIO

#: Seconds of work before the bar appears.
DELAY = 1.0


def terminal_stderr() -> TextIO | None:
    """stderr, if it is a terminal."""
    from tzcli import terminal

    return sys.stderr if terminal.is_terminal(sys.stderr) else None


class _Bar:
    """The bar, started by the timer (in its thread) and stopped by the work (in its own)."""

    def __init__(self, description: str, stream: TextIO) -> None:
        self.description = description
        self.stream = stream
        self.lock = threading.Lock()
        self.done = False
        self.progress: Any = None

    def start(self) -> None:
        from rich.console import Console
        from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

        with self.lock:
            if self.done:
                return
            progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TimeElapsedColumn(),
                console=Console(file=self.stream, force_terminal=True),
                transient=True,  # the bar goes when the work is done; the result stays
            )
            progress.add_task(self.description, total=None)  # a pulse: no steps to count
            progress.start()
            self.progress = progress

    def stop(self) -> None:
        with self.lock:
            self.done = True
            if self.progress is not None:
                self.progress.stop()


@contextlib.contextmanager
def working(description: str, quiet: bool = False) -> Iterator[None]:
    """Show ``description`` with a progress bar if the block takes longer than DELAY."""
    stream = None if quiet else terminal_stderr()
    if stream is None:
        yield
        return
    bar = _Bar(description, stream)
    timer = threading.Timer(DELAY, bar.start)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        bar.stop()


def loading(data: str | None, quiet: bool = False, verb: str = "reading") -> Any:
    """``working`` for loading the dataset at ``data`` (None: the bundled data)."""
    if data is None:
        shown = "the bundled data"
    elif data == "-":
        shown = "<stdin>"
    else:
        shown = data
    return working(f"{verb} {shown}", quiet)
