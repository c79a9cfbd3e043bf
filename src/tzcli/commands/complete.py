"""Values for shell completion (Click's mechanism: ``_TZCLI_COMPLETE=bash_source tzcli``).

Imported only when a completion is asked for. Ids, topics and sectors come from the
dataset through the loader and its cache (a warm cache parses no TOML); nothing here
imports Rich.

A value from the data reaches the shell's command line, so it is offered only as a
safe shell word (``shell_word``): escaped for the shell asking, never with a newline or
control character (which would inject completion directives), never with a glob
character in bash (whose script expands it). Completion reads no FIFO, device or
terminal and waits at most a second for the data (``choices._within_a_second``).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING

import click
from click.shell_completion import CompletionItem

from tzcli.commands.choices import column_names, help_dataset, option_value, split_values

if TYPE_CHECKING:
    from tzcli.model import Dataset

#: Characters that need no escaping in any shell's word.
_PLAIN = frozenset("_.:/+=@%^,-")


def asking_shell() -> str:
    """The shell that asks (``_TZCLI_COMPLETE=zsh_complete`` …); bash's rules otherwise."""
    mode = os.environ.get("_TZCLI_COMPLETE", "")
    return mode.split("_", 1)[0] if mode.endswith("_complete") else "bash"


def shell_word(value: str, shell: str) -> str | None:
    """``value`` as the completion protocol of ``shell`` must hand it over so that the
    shell inserts it as one word, or None when it cannot be offered safely.

    zsh's ``compadd`` and fish quote what they insert themselves; bash's script inserts
    the word as it is, after ``read`` (which takes one backslash) and an unquoted
    expansion (which globs): so every special character gets a backslash, doubled, and
    a value with ``* ? [`` is not offered. fish's script splits at commas."""
    if not value or not value.isprintable():  # a newline, control or bidi character
        return None
    if shell == "zsh":
        return value
    if shell == "fish":
        return None if "," in value else value
    if any(ch in "*?[" for ch in value):
        return None
    word = "".join(
        ch if ch.isalnum() or ch in _PLAIN or (ch == "#" and i) else "\\" + ch
        for i, ch in enumerate(value)
    )  # '#' starts a comment only at a word's start
    return word.replace("\\", "\\\\") if shell == "bash" else word


def _items(values: Iterable[str], incomplete: str, prefix: str = "") -> list[CompletionItem]:
    shell = asking_shell()
    items = []
    for value in values:
        if value.startswith(incomplete):
            word = shell_word(prefix + value, shell)
            if word is not None:
                items.append(CompletionItem(word))
    return items


def complete_values(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """A ValuesOption's values; after a comma (--sector a,b), the next one. A value that
    holds a comma is offered escaped for the option (``a\\,b``), as ``many`` reads it."""
    choices = getattr(param, "choices", None)  # a ValuesOption's (options.ValuesOption)
    if not callable(choices):
        return []
    parts = split_values(incomplete)
    last = parts[-1]
    prefix = "".join(option_value(p) + "," for p in parts[:-1])
    return _items([option_value(v) for v in choices(ctx)], option_value(last), prefix)


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
        if isinstance(values, _IdsOrHandles):
            return [CompletionItem(v) for v in values.matching(incomplete)]
        return _items(values, incomplete)

    return complete


def _every_id(ds: Dataset) -> Iterable[str]:
    """Every id, and the handle a table prints for it (``tzcli.handles``)."""
    from tzcli.handles import for_dataset

    return _IdsOrHandles(for_dataset(ds).ids, ds)


def _figure_ids(ds: Dataset) -> Iterable[str]:
    """Each figure by the name ``cite`` takes: its id where unique, else ``SOURCE:ID``;
    for a start that begins none of them, the handles a table prints."""
    return _IdsOrHandles(dict.fromkeys(ds.name_of(f) for f in ds.figures), ds)


class _IdsOrHandles(list[str]):
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
        yield ds.name_of(v)
        yield v.name_zh


#: ``shell_complete`` callbacks for the arguments and options that name records.
complete_record_id = _ids(_every_id)
complete_figure_id = _ids(_figure_ids)
complete_village = _ids(_village_names)
