"""A pager for tables taller than the screen, as git and gh do: ``TZCLI_PAGER``, else
``PAGER``, else ``less -FRX`` when there is one; ``cat`` or an empty value means none.
Used only on a terminal (the CLI decides), never in a pipe or for a machine format.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Callable
from typing import IO

from tzcli import terminal


class TerminalBuffer(io.StringIO):
    """What a table is drawn into before it is paged: a stream that says it is a terminal,
    so that the table is drawn as it would be on the real one (width, colours)."""

    encoding = "utf-8"

    def isatty(self) -> bool:
        return True


def pager_command(environ: dict[str, str] | None = None) -> str | None:
    """The pager to use, or None for none."""
    env = os.environ if environ is None else environ
    for name in ("TZCLI_PAGER", "PAGER"):
        if name in env:
            command = env[name].strip()
            return None if command in ("", "cat") else command
    import shutil

    return "less -FRX" if shutil.which("less") else None


def page(draw: Callable[[IO[str]], None], stdout: IO[str] | None = None) -> None:
    """Draw into a terminal-like buffer; print it, or hand it to the pager when it is
    taller than the screen."""
    out = stdout or sys.stdout
    buffer = TerminalBuffer()
    draw(buffer)
    text = buffer.getvalue()
    command = pager_command()
    if command is None or text.count("\n") < terminal.height():
        _write(text, out)
        return
    _run(command, text, getattr(out, "encoding", None) or "utf-8")


def _write(text: str, out: IO[str]) -> None:
    reconfigure = getattr(out, "reconfigure", None)
    if reconfigure is not None:
        try:
            reconfigure(errors="backslashreplace")
        except Exception:  # pragma: no cover - not every stream can be reconfigured
            pass
    out.write(text)
    out.flush()


def _run(command: str, text: str, encoding: str) -> None:
    """The pager, through the shell (as git runs it: PAGER may hold options), fed the text;
    ``LESS=FRX`` when LESS is not set, so that less keeps colours and short output."""
    import subprocess

    env = dict(os.environ)
    env.setdefault("LESS", "FRX")
    sys.stdout.flush()
    try:
        proc = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=env)
    except OSError:
        _write(text, sys.stdout)
        return
    assert proc.stdin is not None
    try:
        proc.stdin.write(text.encode(encoding, errors="backslashreplace"))
        proc.stdin.close()
    except (BrokenPipeError, OSError):  # the reader quit before the end: that is fine
        pass
    while True:
        try:
            code = proc.wait()
            break
        except KeyboardInterrupt:  # ^C belongs to the pager (less keeps running)
            continue
    if code in (126, 127):  # the shell found no such pager: the table is not lost
        _write(text, sys.stdout)
