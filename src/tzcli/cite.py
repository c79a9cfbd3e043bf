"""Citations of the source, and of one figure, built from the dataset's meta only.

Nothing is invented: no URL unless the meta holds one, no author beyond the
site, the interviewee and their role as the meta gives them.
"""

from __future__ import annotations

from typing import Any

from tzcli.errors import QueryError
from tzcli.model import Figure, Meta

STYLES = ("gbt7714", "apa", "bibtex", "csl-json", "ris")

_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def check_date(text: str) -> str:
    """A YYYY-MM-DD date, checked; raises QueryError."""
    import datetime

    try:
        return datetime.date.fromisoformat(text).isoformat()
    except (TypeError, ValueError):
        raise QueryError(f"{text!r} is not a date; use YYYY-MM-DD, e.g. 2026-11-25") from None


def _apa_date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{year}, {_MONTHS[int(month) - 1]} {int(day)}"


def _long_date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{_MONTHS[int(month) - 1]} {int(day)}, {year}"


def gbt7714(meta: Meta, accessed: str) -> str:
    """GB/T 7714-2015, electronic resource [EB/OL]."""
    section = meta.section_zh.split(">>")[-1].strip()
    text = (
        f"{meta.site_zh}. {meta.title_zh}: {meta.role_zh}{meta.interviewee_zh}访谈"
        f"[EB/OL]. {section}, ({meta.published})[{accessed}]."
    )
    if meta.url:
        text += f" {meta.url}."
    return text


def apa(meta: Meta, accessed: str) -> str:
    """APA 7, a web page with a named site; the Chinese title with its English in brackets."""
    section = meta.section_en.split(">>")[-1].strip()
    text = (
        f"{meta.site_en}. ({_apa_date(meta.published)}). {meta.title_zh} [{meta.title_en}] "
        f"[Interview with {meta.interviewee_en} ({meta.interviewee_zh}), {meta.role_en}]. "
        f"{meta.site_zh}, {section}."
    )
    if meta.url:
        text += f" Retrieved {_long_date(accessed)}, from {meta.url}"
    else:
        text += f" Accessed {_long_date(accessed)}."
    return text


def _bib(text: str) -> str:
    """Escape BibTeX's special characters."""
    out = text.replace("\\", "\\textbackslash{}")
    for ch in "{}&%$#_":
        out = out.replace(ch, "\\" + ch)
    return out.replace("~", "\\textasciitilde{}").replace("^", "\\textasciicircum{}")


def bibtex(meta: Meta, accessed: str, figure: Figure | None = None) -> str:
    """A ``@misc`` entry for Zotero and LaTeX (biblatex fields date, urldate)."""
    key = meta.id if figure is None else f"{meta.id}:{figure.id}"
    fields = [
        ("author", "{" + _bib(meta.site_zh) + "}"),
        ("title", _bib(f"{meta.title_zh} [{meta.title_en}]")),
        ("howpublished", _bib(f"{meta.site_zh} ({meta.site_en}), {meta.section_zh}")),
        ("year", meta.published[:4]),
        ("date", meta.published),
        (
            "note",
            _bib(
                f"Interview with {meta.interviewee_zh} ({meta.interviewee_en}), "
                f"{meta.role_zh} ({meta.role_en}). Accessed {accessed}."
                + (f" Figure {figure.id}: “{figure.quote}”" if figure and figure.quote else "")
            ),
        ),
        ("language", "chinese"),
        ("urldate", accessed),
    ]
    if meta.url:
        fields.append(("url", meta.url))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@misc{{{key},\n{body}\n}}"


def _note(meta: Meta, figure: Figure | None) -> str:
    text = (
        f"Interview with {meta.interviewee_zh} ({meta.interviewee_en}), "
        f"{meta.role_zh} ({meta.role_en}). {meta.title_en}."
    )
    if figure is not None:
        if figure.quote:
            text += f" Figure {figure.id}: “{figure.quote}”"
        else:
            text += f" Figure {figure.id} (derived): {figure.formula}"
    return text


def _date_parts(iso: str) -> dict[str, list[list[int]]]:
    return {"date-parts": [[int(part) for part in iso.split("-")]]}


def csl_item(meta: Meta, accessed: str, figure: Figure | None = None) -> dict[str, Any]:
    """One CSL-JSON item (a web page; Zotero, Mendeley and pandoc read it)."""
    item: dict[str, Any] = {
        "id": meta.id if figure is None else f"{meta.id}:{figure.id}",
        "type": "webpage",
        "title": meta.title_zh,
        "author": [{"literal": meta.site_zh}],
        "container-title": meta.site_zh,
        "publisher": meta.site_zh,
        "genre": f"访谈 (interview with {meta.interviewee_en}, {meta.role_en})",
        "section": meta.section_zh,
        "issued": _date_parts(meta.published),
        "accessed": _date_parts(accessed),
        "language": "zh-CN" if meta.language == "zh" else meta.language,
        "note": _note(meta, figure),
    }
    if meta.url:
        item["URL"] = meta.url
    return item


def csl_json(meta: Meta, accessed: str, figure: Figure | None = None) -> str:
    """A CSL-JSON document: a list of one item."""
    from tzcli.render.machine import json_document

    return json_document([csl_item(meta, accessed, figure)]).rstrip("\n")


def ris(meta: Meta, accessed: str, figure: Figure | None = None) -> str:
    """An RIS record (ELEC, a web page), as Zotero and EndNote import it."""
    lines = [
        ("TY", "ELEC"),
        ("AU", meta.site_zh),
        ("TI", f"{meta.title_zh} [{meta.title_en}]"),
        ("T2", meta.site_zh),
        ("PB", meta.site_zh),
        ("PY", meta.published[:4]),
        ("DA", meta.published.replace("-", "/")),
        ("Y2", accessed.replace("-", "/")),
        ("LA", "zh-CN" if meta.language == "zh" else meta.language),
        ("N1", _note(meta, figure)),
    ]
    if meta.url:
        lines.insert(7, ("UR", meta.url))
    lines.append(("ER", ""))
    return "\n".join(f"{tag}  - {' '.join(value.split())}" for tag, value in lines)


def citation(meta: Meta, style: str, accessed: str, figure: Figure | None = None) -> str:
    """The citation in ``style``; with a figure, followed by its quote."""
    if style == "bibtex":
        return bibtex(meta, accessed, figure)
    if style == "csl-json":
        return csl_json(meta, accessed, figure)
    if style == "ris":
        return ris(meta, accessed, figure)
    text = gbt7714(meta, accessed) if style == "gbt7714" else apa(meta, accessed)
    if figure is not None:
        if figure.quote:
            mark = "原文" if style == "gbt7714" else "Quote"
            text += f"\n{mark} ({figure.id}): “{figure.quote}”"
        else:
            mark = "推算" if style == "gbt7714" else "Derived"
            text += f"\n{mark} ({figure.id}): {figure.formula}"
    return text


def short(meta: Meta, lang: str = "en") -> str:
    """The one-line citation under ``tzcli show``."""
    if lang == "zh":
        return f"{meta.site_zh}. {meta.title_zh}[EB/OL]. ({meta.published})."
    return f"{meta.site_en} ({meta.published}). {meta.title_zh} [{meta.title_en}]."
