"""Citations of the source, and of one figure, built from the dataset's meta only.

Nothing is invented: no URL unless the meta holds one, no author beyond the
site, the interviewee and their role as the meta gives them.
"""

from __future__ import annotations

from collections.abc import Sequence
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


def _apa_date(iso: str | None) -> str:
    if not iso:
        return "n.d."
    year, month, day = iso.split("-")
    return f"{year}, {_MONTHS[int(month) - 1]} {int(day)}"


def _long_date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{_MONTHS[int(month) - 1]} {int(day)}, {year}"


#: What each kind of text is called (``[meta] kind``), in Chinese and in English.
KIND_NAMES = {
    "interview": ("访谈", "Interview"),
    "work_report": ("工作报告", "Work report"),
    "work_summary": ("工作总结", "Work summary"),
}


def what_text(meta: Meta, lang: str) -> str:
    """What the text is, as a citation says it: an interview with whom, or a report."""
    zh, en = KIND_NAMES.get(meta.kind, KIND_NAMES["interview"])
    if lang == "zh":
        return f"{meta.role_zh or ''}{meta.interviewee_zh or ''}{zh}"
    if meta.kind == "interview" and (meta.interviewee_en or meta.interviewee_zh):
        who = meta.interviewee_en or meta.interviewee_zh
        if meta.interviewee_en and meta.interviewee_zh:
            who = f"{meta.interviewee_en} ({meta.interviewee_zh})"
        role = f", {meta.role_en}" if meta.role_en else ""
        return f"Interview with {who}{role}"
    by = meta.role_en or meta.interviewee_en
    return f"{en} ({by})" if by else en


def _both_languages(meta: Meta) -> str:
    """An interview's who in both languages (穆森 (Mu Sen), 书记 (Party Secretary)), or
    what the text is."""
    if meta.kind == "interview" and meta.interviewee_zh and meta.interviewee_en:
        role = f", {meta.role_zh} ({meta.role_en})" if meta.role_zh and meta.role_en else ""
        return f"Interview with {meta.interviewee_zh} ({meta.interviewee_en}){role}"
    return what_text(meta, "en")


def _titles(meta: Meta) -> str:
    """The Chinese title, with its English in brackets where the meta gives it."""
    return f"{meta.title_zh} [{meta.title_en}]" if meta.title_en else meta.title_zh


def _site(meta: Meta, lang: str = "zh") -> str:
    """Who published it: the site, else the place, else the title (a draft knows little)."""
    zh = meta.site_zh or meta.place_zh or meta.title_zh
    return zh if lang == "zh" else (meta.site_en or zh)


def _last_part(section: str | None) -> str:
    return (section or "").split(">>")[-1].strip()


def gbt7714(meta: Meta, accessed: str) -> str:
    """GB/T 7714-2015, electronic resource [EB/OL]."""
    section = _last_part(meta.section_zh)
    text = (
        f"{_site(meta)}. {meta.title_zh}: {what_text(meta, 'zh')}"
        f"[EB/OL]. {section + ', ' if section else ''}({meta.published or 'n.d.'})[{accessed}]."
    )
    if meta.url:
        text += f" {meta.url}."
    return text


def apa(meta: Meta, accessed: str) -> str:
    """APA 7, a web page with a named site; the Chinese title with its English in brackets."""
    section = _last_part(meta.section_en or meta.section_zh)
    text = (
        f"{_site(meta, 'en')}. ({_apa_date(meta.published)}). {_titles(meta)} "
        f"[{what_text(meta, 'en')}]. {_site(meta)}{', ' + section if section else ''}."
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
        ("author", "{" + _bib(_site(meta)) + "}"),
        ("title", _bib(_titles(meta))),
        (
            "howpublished",
            _bib(
                ", ".join(
                    part
                    for part in (
                        f"{_site(meta)} ({meta.site_en})" if meta.site_en else _site(meta),
                        meta.section_zh,
                    )
                    if part
                )
            ),
        ),
        *((("year", meta.published[:4]), ("date", meta.published)) if meta.published else ()),
        (
            "note",
            _bib(
                f"{_both_languages(meta)}. Accessed {accessed}."
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
    text = f"{_both_languages(meta)}. {meta.title_en or meta.title_zh}."
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
        "author": [{"literal": _site(meta)}],
        "container-title": _site(meta),
        "publisher": _site(meta),
        "genre": f"{KIND_NAMES.get(meta.kind, KIND_NAMES['interview'])[0]} "
        f"({what_text(meta, 'en')[:1].lower()}{what_text(meta, 'en')[1:]})",
        "section": meta.section_zh or "",
        "issued": _date_parts(meta.published) if meta.published else {"literal": "n.d."},
        "accessed": _date_parts(accessed),
        "language": "zh-CN" if meta.language == "zh" else meta.language,
        "note": _note(meta, figure),
    }
    if meta.url:
        item["URL"] = meta.url
    return item


def citations(metas: Sequence[Meta], style: str, accessed: str) -> str:
    """Every source's citation: one CSL-JSON list of them all, else one after another
    (a blank line between)."""
    if style == "csl-json":
        from tzcli.render.machine import json_document

        return json_document([csl_item(meta, accessed) for meta in metas]).rstrip("\n")
    joiner = "\n\n" if style in ("bibtex", "ris") else "\n"
    return joiner.join(citation(meta, style, accessed) for meta in metas)


def csl_json(meta: Meta, accessed: str, figure: Figure | None = None) -> str:
    """A CSL-JSON document: a list of one item."""
    from tzcli.render.machine import json_document

    return json_document([csl_item(meta, accessed, figure)]).rstrip("\n")


def ris(meta: Meta, accessed: str, figure: Figure | None = None) -> str:
    """An RIS record (ELEC, a web page), as Zotero and EndNote import it."""
    lines = [
        ("TY", "ELEC"),
        ("AU", _site(meta)),
        ("TI", _titles(meta)),
        ("T2", _site(meta)),
        ("PB", _site(meta)),
        ("PY", (meta.published or "")[:4]),
        ("DA", (meta.published or "").replace("-", "/")),
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
        return f"{_site(meta)}. {meta.title_zh}[EB/OL]. ({meta.published or 'n.d.'})."
    return f"{_site(meta, 'en')} ({meta.published or 'n.d.'}). {_titles(meta)}."
