"""The one terminal helper: is a stream a terminal, and how wide and tall is it.

Asked here and nowhere else, so that one rule holds (a ``COLUMNS`` that is not a
positive number means "unknown", as ``ls`` reads it) and a test can swap
``is_terminal`` (tests/test_readme.py draws the README's tables as a terminal would).
Callers reach it through the module (``terminal.is_terminal(...)``), so the swap is
seen. Standard library only; no Rich.
"""

from __future__ import annotations

import os

#: The width a table takes on a terminal whose width nobody can tell.
FALLBACK_WIDTH = 80


def is_terminal(stream: object) -> bool:
    """Whether ``stream`` is a terminal (a closed, missing or odd stream is not)."""
    try:
        return bool(stream.isatty())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        return False


def columns_setting() -> int | None:
    """``COLUMNS`` when it is a positive whole number; None when it is unset or anything
    else (0, negative, ``wide``: unknown, not "no room")."""
    text = os.environ.get("COLUMNS")
    if text is None:
        return None
    try:
        width = int(text.strip())
    except ValueError:
        return None
    return width if width > 0 else None


def width(stream: object = None) -> int:
    """The width a table on ``stream`` fits: ``COLUMNS`` when it is a width, else the
    terminal's own (``stream``'s, else the process's), else ``FALLBACK_WIDTH``."""
    chosen = columns_setting()
    if chosen is not None:
        return chosen
    descriptors: list[int] = []
    try:
        descriptors.append(stream.fileno())  # type: ignore[attr-defined]
    except (AttributeError, ValueError, OSError):
        pass
    for fd in (*descriptors, 1, 2, 0):
        try:
            columns = os.get_terminal_size(fd).columns
        except (OSError, ValueError):
            continue
        if columns > 0:
            return columns
    return FALLBACK_WIDTH


def height() -> int:
    """The screen's height in lines (``LINES``, the terminal's, else 24)."""
    import shutil

    return shutil.get_terminal_size().lines
