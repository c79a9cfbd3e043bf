"""Handles: the short form of an id that a table prints, and the one function that reads
a handle back (``resolve``), for ``show``, ``cite`` and completion alike.

A table on a terminal has no room for ``social_assistance.rural_dibao_people_per_household``
beside the subject it names, so it prints the shortest ending of the id, cut at a dot,
that no other id ends with (``rural_dibao_people_per_household``); the group's heading
names the rest. Every handle a table prints is accepted wherever an id is, and nothing
else is guessed: an ending that two ids share is refused with both named.

In a corpus the same id is in many sources, and ``SOURCE:ID`` is long
(``dongguan_2020:above_size_industrial_total``: 41 cells, more than half of an 80-column
line). A handle names its source by the shortest start of the source's id, cut before
a ``_``, that starts no other source's id (``dongguan:above_size_industrial_total``);
the full source id is in the group's heading or the row's Source column beside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from tzcli.model import SOURCE_SEPARATOR

if TYPE_CHECKING:
    from tzcli.listing import Listing
    from tzcli.model import Dataset

#: Where an id may be cut: after a dot, or (for a part such as ``plan.x#2``) the same.
_SEP = "."


def source_aliases(sources: Iterable[str]) -> dict[str, str]:
    """Each source's short name in a handle: the shortest start of its id, cut before a
    ``_``, that is no other source's id nor the start of one (``dongguan_2020`` →
    ``dongguan`` unless ``dongguan_2019`` is loaded too); the id itself otherwise."""
    every = list(dict.fromkeys(sources))
    aliases: dict[str, str] = {}
    for source in every:
        parts = source.split("_")
        aliases[source] = source
        for k in range(1, len(parts)):
            start = "_".join(parts[:k])
            if start and not any(
                other != source and (other == start or other.startswith(start + "_"))
                for other in every
            ):
                aliases[source] = start
                break
    return aliases


def _endings(full: str, aliases: dict[str, str]) -> list[str]:
    """``a.b.c#2`` → ``c#2``, ``b.c#2``, ``a.b.c#2``: shortest first. A name of one
    source of several (``S:a.b``) ends with the endings of its id, then the same with its
    source's short name (``source_aliases``), then with its source (``b``, ``a.b``,
    ``s:b``, ``s:a.b``, ``S:b``, ``S:a.b``), so that a table of several sources prints
    ``s:b`` where ``b`` alone is in more than one."""
    source, colon, rid = full.rpartition(SOURCE_SEPARATOR)
    parts = rid.split(_SEP)
    bare = [_SEP.join(parts[k:]) for k in range(len(parts) - 1, -1, -1)]
    if not colon:
        return bare
    alias = aliases.get(source, source)
    short = [f"{alias}{colon}{ending}" for ending in bare] if alias != source else []
    return bare + short + [f"{source}{colon}{ending}" for ending in bare]


def _says_something(ending: str) -> bool:
    """A handle names what it stands for: not a bare number (``….2019``, ``…#2``)."""
    return not ending.rpartition(SOURCE_SEPARATOR)[2].lstrip("#").isdigit()


class Handles:
    """The short handles of a set of ids, and the ids they stand for."""

    def __init__(self, ids: Iterable[str], sources: Iterable[str] = ()) -> None:
        self.ids = list(dict.fromkeys(ids))
        self.aliases = aliases = source_aliases(sources)
        owners: dict[str, list[str]] = {}
        for full in self.ids:
            for ending in _endings(full, aliases):
                owners.setdefault(ending, []).append(full)
        self._owners = owners
        known = self._known = set(self.ids)
        self._short: dict[str, str] = {}
        for full in self.ids:
            for ending in _endings(full, aliases):
                # an ending is a handle only when it names one id, is no other id itself,
                # and says something
                if len(owners[ending]) == 1 and (
                    ending == full or (ending not in known and _says_something(ending))
                ):
                    self._short[full] = ending
                    break

    def short(self, full: str) -> str:
        """The handle a table prints for ``full`` (``full`` itself when nothing shorter is
        unique, or when it is not an id of the set)."""
        return self._short.get(full, full)

    def resolve(self, text: str) -> str | None:
        """The id that ``text`` (an id or a handle) stands for; None when it stands for
        none or for more than one (``candidates`` names them)."""
        if text in self._known:
            return text
        owners = self._owners.get(text, [])
        return owners[0] if len(owners) == 1 else None

    def candidates(self, text: str) -> list[str]:
        """Every id that ends with ``text`` at a dot."""
        return list(self._owners.get(text, []))


#: The last dataset's handles (a call reads one dataset).
_last: tuple[Dataset, Handles] | None = None


def every_id(ds: Dataset) -> list[str]:
    """Every id that ``show`` takes: the records' (as ``Dataset.ids`` names them), then
    their parts' (a plan's measure ``plan.x#2``, a section's clause, a village's mention
    ``kongshuzhuang#1``)."""
    ids = list(ds.ids())
    owners: list[tuple[object, int]] = [
        *((plan, len(plan.measures)) for plan in ds.plans),
        *((section, len(section.measures)) for section in ds.sections),
        *((village, len(village.mentions)) for village in ds.villages),
    ]
    for owner, count in owners:
        if count:
            name = ds.name_of(owner)
            ids += [f"{name}#{i}" for i in range(1, count + 1)]
    return ids


def for_dataset(ds: Dataset) -> Handles:
    """The handles of every id ``show`` takes (records and their parts), made once per
    dataset."""
    global _last
    if _last is not None and _last[0] is ds:
        return _last[1]
    made = Handles(every_id(ds), [meta.id for meta in ds.metas])
    _last = (ds, made)
    return made


def resolve(ds: Dataset, text: str) -> str:
    """The full id that ``text`` stands for: an id, or the handle a table prints for one
    (the one place a handle is read, so that other short forms join it here). Returns
    ``text`` unchanged when it stands for no id or for several (the caller says which)."""
    found = for_dataset(ds).resolve(text.strip())
    return found if found is not None else text


def for_concepts() -> Handles:
    """The handles of the vocabulary's concept ids (``people_lifted`` for
    ``poverty.people_lifted``), which ``compare`` reads as it reads the ids."""
    global _concepts
    if _concepts is None:
        from tzcli.concepts import CONCEPTS

        _concepts = Handles(c.id for c in CONCEPTS)
    return _concepts


_concepts: Handles | None = None


def shorten(listing: Listing, ds: Dataset) -> Listing:
    """``listing`` with every id a table prints (columns of role ``id``) as its handle,
    and every concept id (role ``concept``) as the concept's."""
    from tzcli._frozen import replace

    names = [c.name for c in listing.columns if c.role == "id"]
    concepts = [c.name for c in listing.columns if c.role == "concept"]
    if not (names or concepts) or not listing.rows:
        return listing
    handles = for_dataset(ds)
    rows = []
    for row in listing.rows:
        new = dict(row)
        for name in concepts:
            value = new.get(name)
            if isinstance(value, str):
                new[name] = for_concepts().short(value)
        for name in names:
            value = new.get(name)
            if isinstance(value, str):
                if name == "id" and row.get("source"):  # the row's own record, as named
                    item = ds.within(str(row["source"]), value)
                    value = ds.name_of(item) if item is not None else value
                new[name] = handles.short(value)
        rows.append(new)
    return replace(listing, rows=rows)
