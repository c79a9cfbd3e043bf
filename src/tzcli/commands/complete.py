"""Values for shell completion (Click's mechanism: ``_TZCLI_COMPLETE=bash_source tzcli``).

Imported only when a completion is asked for. Ids, topics and sectors come from the
dataset through the loader and its cache (a warm cache parses no TOML); nothing here
imports Rich.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import click
from click.shell_completion import CompletionItem

from tzcli.commands.choices import column_names, help_dataset

if TYPE_CHECKING:
    from tzcli.model import Dataset


def _items(values: Iterable[str], incomplete: str, prefix: str = "") -> list[CompletionItem]:
    return [CompletionItem(prefix + v) for v in values if v.startswith(incomplete)]


def complete_values(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """A ValuesOption's values; after a comma (--sector a,b), the next one."""
    choices = getattr(param, "choices", None)  # a ValuesOption's (common imports this module)
    if not callable(choices):
        return []
    head, _, last = incomplete.rpartition(",")
    prefix = head + "," if head else ""
    return _items(choices(ctx), last, prefix)


def complete_columns(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """The command's columns, one after another: ``id,ye`` completes to ``id,year``."""
    head, _, last = incomplete.rpartition(",")
    prefix = head + "," if head else ""
    chosen = set(head.split(",")) if head else set()
    names = [n for n in column_names(ctx.command) if n not in chosen]
    return _items(names, last, prefix)


def complete_sort(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """A column, or -column for descending."""
    sign = "-" if incomplete.startswith("-") else ""
    return _items(column_names(ctx.command), incomplete[len(sign) :], sign)


def _ids(
    pick: Callable[[Dataset], Iterable[str]],
) -> Callable[[click.Context, click.Parameter, str], list[CompletionItem]]:
    def complete(
        ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[CompletionItem]:
        ds = help_dataset(ctx)
        if ds is None:
            return []
        values = pick(ds)
        if isinstance(values, _or_handles):
            return [CompletionItem(v) for v in values.matching(incomplete)]
        return _items(values, incomplete)

    return complete


def _every_id(ds: Dataset) -> Iterable[str]:
    """Every id, and the handle a table prints for it (``tzcli.handles``)."""
    from tzcli.handles import for_dataset

    return _or_handles(for_dataset(ds).ids, ds)


def _figure_ids(ds: Dataset) -> Iterable[str]:

    return _or_handles([f.id for f in ds.figures], ds)


class _or_handles(list[str]):
    """Ids; and, for a start that begins none of them, the handles a table prints
    (``rural_dibao_h`` completes to ``rural_dibao_households``)."""

    def __init__(self, ids: Iterable[str], ds: Dataset) -> None:
        super().__init__(ids)
        self.ds = ds

    def matching(self, incomplete: str) -> list[str]:
        found = [i for i in self if i.startswith(incomplete)]
        if found:
            return found
        from tzcli.handles import for_dataset

        handles = for_dataset(self.ds)
        return [h for h in (handles.short(i) for i in self) if h.startswith(incomplete)]


def _village_names(ds: Dataset) -> Iterable[str]:
    for v in ds.villages:
        yield v.id
        yield v.name_zh


#: ``shell_complete`` callbacks for the arguments and options that name records.
complete_record_id = _ids(_every_id)
complete_figure_id = _ids(_figure_ids)
complete_village = _ids(_village_names)
