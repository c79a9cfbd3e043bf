"""What an export says of its data: its title, what it holds, where it comes from and
its licence (Datasette's metadata, the data package's descriptor, the workbook's
``about`` sheet).

One source is named by itself (the bundled interview: its title, place and
interviewee); several by the corpus they make (``tzcli corpus: 4 sources — …``,
their places), each source then in the table ``sources``.
"""

from __future__ import annotations

from tzcli.model import Dataset, Meta

#: The licence of tzcli's data file (as of the code); the quoted text is the publisher's.
LICENSE = {
    "name": "MIT",
    "path": "https://opensource.org/licenses/MIT",
    "title": "MIT License (tzcli's data file and code); the quotations are the publisher's "
    "text, quoted with their source",
}

#: Places a corpus's title names before it says "…" (each source is in table sources).
TITLE_PLACES = 4
#: Sources a corpus's source line names before it says how many more.
SOURCE_LINES = 5

_KIND_WORDS = {
    "interview": ("interview", "interviews"),
    "work_report": ("work report", "work reports"),
    "work_summary": ("work summary", "work summaries"),
}


def both(zh: str | None, en: str | None) -> str:
    """Chinese with its English in brackets (where it is other than the Chinese)."""
    if zh and en and en != zh:
        return f"{zh} ({en})"
    return zh or en or ""


def what(meta: Meta) -> str:
    """What the text is: ``interview with ROLE NAME``, or ``work report (ROLE)``."""
    who = " ".join(w for w in (meta.role_en, meta.interviewee_en or meta.interviewee_zh) if w)
    kind = _KIND_WORDS.get(meta.kind, (meta.kind, meta.kind))[0]
    if meta.kind == "interview" and who:
        return f"interview with {who}"
    return f"{kind} ({who})" if who else kind


def source_words(meta: Meta) -> str:
    """Who published the text, when, and its title."""
    site = both(meta.site_zh, meta.site_en) or both(meta.place_zh, meta.place_en)
    return f"{site or meta.id}, {meta.published or 'n.d.'}: {both(meta.title_zh, meta.title_en)}"


def source_text(ds: Dataset) -> str:
    """Where the data comes from: the one source, or the corpus's sources (the first
    ``SOURCE_LINES``, then how many more)."""
    if not ds.several:
        return f"{source_words(ds.meta)}, {what(ds.meta)}"
    metas = ds.metas
    lines = [f"{source_words(m)}, {what(m)}" for m in metas[:SOURCE_LINES]]
    if len(metas) > SOURCE_LINES:
        lines.append(f"and {len(metas) - SOURCE_LINES} more (table sources)")
    return f"{len(metas)} sources: " + "; ".join(lines)


def places(ds: Dataset) -> list[str]:
    """Each source's place in its first words (its id where it names none), once each."""
    return list(dict.fromkeys(m.short_place("en") or m.id for m in ds.metas))


def corpus_title(ds: Dataset) -> str:
    """A corpus's title: ``tzcli corpus: 4 sources — PLACE, PLACE, …``."""
    named = places(ds)
    shown = ", ".join(named[:TITLE_PLACES]) + (" …" if len(named) > TITLE_PLACES else "")
    return f"tzcli corpus: {len(ds.metas)} sources — {shown}"


def kinds(ds: Dataset) -> str:
    """How many texts of each kind: ``2 interviews, 1 work report``."""
    counts: dict[str, int] = {}
    for meta in ds.metas:
        counts[meta.kind] = counts.get(meta.kind, 0) + 1
    words = []
    for kind, count in counts.items():
        one, many = _KIND_WORDS.get(kind, (kind, kind))
        words.append(f"{count} {one if count == 1 else many}")
    return ", ".join(words)
