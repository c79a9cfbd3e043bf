"""What help texts and completions read about a call: the dataset it would load, a
command's column names, the topics; option values split and escaped. Imported by
``options`` (the options' help and values) and by ``complete`` (their completions), and
imports neither: no cycle between them.
Nothing here but the splitting of values runs on a normal call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import click

    from tzcli.model import Dataset


def help_dataset(ctx: click.Context) -> Dataset | None:
    """The dataset the call would read, for help and completion; None if it cannot be read."""
    from tzcli.errors import TzcliError

    # The group's Settings (commands.settings), which every context inherits as its
    # obj; None in a completion, which runs no callback: then the options' values.
    settings = ctx.obj
    try:
        if settings is not None:
            if settings.data == "-":
                return None  # stdin is the data, not a help text's
            dataset: Dataset = settings.dataset()
            return dataset
        data = ctx.meta.get("tzcli.data")
        root = ctx.find_root()
        if data is None:
            data = root.params.get("data")
        if data == "-":
            return None
        from tzcli.dataset import load

        if ctx.resilient_parsing:  # completing: never block the shell
            return _within_a_second(data)
        return load(data)
    except (TzcliError, OSError):
        return None


#: How long completion waits for the data before it offers nothing from it.
COMPLETION_SECONDS = 1.0


def _within_a_second(data: str | None) -> Dataset | None:
    """The dataset for completion, only from regular files (a FIFO, a device or a
    terminal, ``/dev/stdin`` among them, would block the shell's Tab) and only if it is
    read within ``COMPLETION_SECONDS`` (a warm cache takes milliseconds)."""
    import os
    import stat
    import threading

    from tzcli.dataset import dataset_files, load
    from tzcli.errors import TzcliError

    try:
        for name in dataset_files(data):
            if not stat.S_ISREG(os.stat(name).st_mode):
                return None
    except (TzcliError, OSError, ValueError):
        return None
    found: list[Dataset] = []

    def read() -> None:
        try:
            found.append(load(data))
        except Exception:  # any failure: nothing to offer
            pass

    worker = threading.Thread(target=read, daemon=True)
    worker.start()
    worker.join(COMPLETION_SECONDS)
    return found[0] if found else None


def split_values(text: str) -> list[str]:
    """``a,b`` as ``[a, b]``; ``a\\,b`` and ``"a,b"`` as one value (``\\`` escapes any
    character; quotes are taken off)."""
    if "\\" not in text and '"' not in text:
        return text.split(",")
    parts: list[str] = []
    current: list[str] = []
    quoted = escaped = False
    for ch in text:
        if escaped:
            current.append(ch)
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == '"':
            quoted = not quoted
        elif ch == "," and not quoted:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    if escaped:  # a backslash at the end stands for itself
        current.append("\\")
    parts.append("".join(current))
    return parts


def many(values: tuple[str, ...]) -> tuple[str, ...]:
    """Repeated or comma-separated choices: --topic a --topic b, or --topic a,b; a value
    that holds a comma is given escaped (``a\\,b``) or in double quotes (``"a,b"``)."""
    out: list[str] = []
    for value in values:
        out.extend(v.strip() for v in split_values(value) if v.strip())
    return tuple(out)


def option_value(value: str) -> str:
    """A value as ``split_values`` reads it back whole: commas, quotes and backslashes
    escaped."""
    return value.replace("\\", "\\\\").replace(",", "\\,").replace('"', '\\"')


def column_names(command: click.Command, metric: bool = True) -> list[str]:
    """The names --columns takes on ``command`` (its ``column_set``), with the ones
    --units metric adds to machine formats unless ``metric`` is False."""
    column_set = getattr(command, "column_set", None)
    if column_set is None:
        return []
    columns = tuple(column_set())
    if metric:
        from tzcli import query
        from tzcli.listing import Listing

        columns = query.with_metric(Listing("", "", columns, [])).columns
    return [c.name for c in columns]


def topic_ids(ds: Dataset) -> list[str]:
    """The values of --topic (facts, indicators)."""
    return [t.id for t in ds.topics]
