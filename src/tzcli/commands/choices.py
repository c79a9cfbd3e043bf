"""What help texts and completions read about a call: the dataset it would load, a
command's column names, the topics. Imported by ``common`` (the options' help) and by
``complete`` (their completions), and imports neither: no cycle between them.
Nothing here runs on a normal call.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import click

    from tzcli.model import Dataset


def help_dataset(ctx: click.Context) -> Dataset | None:
    """The dataset the call would read, for help and completion; None if it cannot be read."""
    from tzcli.errors import TzcliError

    # The group's Settings (commands.common), which every context inherits as its
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

        return load(data)
    except (TzcliError, OSError):
        return None


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
