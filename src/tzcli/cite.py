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


def _title(meta: Meta) -> str:
    """The page's title with its English in brackets, as APA 7 gives a title in another
    language (CSL has no field for a translated title; Zotero's APA does the same)."""
    return f"{meta.title_zh} [{meta.title_en}]" if meta.title_en else meta.title_zh


#: What each kind of text is called (``[meta] kind``), in Chinese and in English.
KIND_NAMES = {
    "interview": ("访谈", "Interview"),
    "work_report": ("工作报告", "Work report"),
    "work_summary": ("工作总结", "Work summary"),
}


def _interview(meta: Meta) -> str:
    """What the text is: an interview with whom, or a work report (by whom, if known)."""
    if meta.kind == "interview" and meta.interviewee_en and meta.interviewee_zh:
        role = f", {meta.role_en}" if meta.role_en else ""
        return f"Interview with {meta.interviewee_en} ({meta.interviewee_zh}){role}"
    name = KIND_NAMES.get(meta.kind, KIND_NAMES["interview"])[1]
    by = meta.role_en or meta.interviewee_en or meta.interviewee_zh
    return f"{name} ({by})" if by else name


def _what_zh(meta: Meta) -> str:
    return (
        f"{meta.role_zh or ''}{meta.interviewee_zh or ''}"
        + KIND_NAMES.get(meta.kind, KIND_NAMES["interview"])[0]
    )


def _site(meta: Meta, lang: str = "zh") -> str:
    """Who published it: the site, else the place, else the title (a draft knows little)."""
    zh = meta.site_zh or meta.place_zh or meta.title_zh
    return zh if lang == "zh" else (meta.site_en or zh)


def _said(figure: Figure, *, english: bool = True) -> str:
    """What a figure's entry is titled: its subject, then the source's words (or, for a
    figure computed by tzcli, its formula), so that every style prints the quote."""
    subject = f"{figure.subject_zh} [{figure.subject_en}]" if english else figure.subject_zh
    if figure.quote:
        return f"{subject}: “{figure.quote}”"
    return (
        f"{subject} (derived: {figure.formula})"
        if english
        else f"{subject}（推算: {figure.formula}）"
    )


def _apa_date(iso: str | None) -> str:
    if not iso:
        return "n.d."
    year, month, day = iso.split("-")
    return f"{year}, {_MONTHS[int(month) - 1]} {int(day)}"


def gbt7714(meta: Meta, accessed: str, figure: Figure | None = None) -> str:
    """GB/T 7714-2015, an electronic resource [EB/OL]; a figure as a part of the
    interview (析出文献, joined by ``//``)."""
    section = (meta.section_zh or "").split(">>")[-1].strip()
    whole = f"{meta.title_zh}: {_what_zh(meta)}"
    if figure is None:
        text = f"{_site(meta)}. {whole}[EB/OL]. "
    else:
        text = f"{_site(meta)}. {_said(figure, english=False)}[EB/OL]//{whole}. "
    text += f"{section + ', ' if section else ''}({meta.published or 'n.d.'})[{accessed}]."
    if meta.url:
        text += f" {meta.url}."
    return text


def apa(meta: Meta, accessed: str, figure: Figure | None = None) -> str:
    """APA 7, a web page whose author is the site (so the site is not named again): as
    citeproc renders ``csl_item`` in the APA style, a figure "in" the interview."""
    del accessed  # APA gives no access date for a page not meant to change
    text = f"{_site(meta)}. ({_apa_date(meta.published)}). "
    if figure is None:
        text += f"{_title(meta)} [{_interview(meta)}]."
    else:
        text += f"{_said(figure)}. {_title(meta)}."
    if meta.url:
        text += f" {meta.url}"
    return text


def _bib(text: str) -> str:
    """Escape BibTeX's special characters."""
    out = text.replace("\\", "\\textbackslash{}")
    for ch in "{}&%$#_":
        out = out.replace(ch, "\\" + ch)
    return out.replace("~", "\\textasciitilde{}").replace("^", "\\textasciicircum{}")


def _key(meta: Meta, figure: Figure | None) -> str:
    """The entry's own id: the source's, or the source's and the figure's."""
    return meta.id if figure is None else f"{meta.id}:{figure.id}"


def bibtex(meta: Meta, accessed: str, figure: Figure | None = None) -> str:
    """A biblatex ``@online`` entry (Zotero, pandoc, LaTeX): the site as author, once;
    ``langid`` so that pandoc and biblatex leave the title's case alone."""
    if figure is None:
        title, note = _title(meta), _interview(meta)
    else:
        title, note = _said(figure), f"In: {_title(meta)}. {_interview(meta)}"
    fields = [
        ("author", "{" + _bib(_site(meta)) + "}"),
        ("title", _bib(title)),
        *((("date", meta.published),) if meta.published else ()),
        ("note", _bib(note)),
        ("langid", "chinese" if meta.language == "zh" else meta.language),
        ("urldate", accessed),
    ]
    if meta.url:
        fields.append(("url", meta.url))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@online{{{_key(meta, figure)},\n{body}\n}}"


def _date_parts(iso: str) -> dict[str, list[list[int]]]:
    return {"date-parts": [[int(part) for part in iso.split("-")]]}


def _language(meta: Meta) -> str:
    return "zh-CN" if meta.language == "zh" else meta.language


def csl_item(meta: Meta, accessed: str, figure: Figure | None = None) -> dict[str, Any]:
    """One CSL-JSON item, a web page (Zotero, Mendeley, pandoc): the site is its author,
    said once; a figure is an item of its own, titled by its subject and quote, in the
    interview (``container-title``)."""
    item: dict[str, Any] = {"id": _key(meta, figure), "type": "webpage"}
    if figure is None:
        item.update(title=_title(meta), genre=_interview(meta))
    else:
        item.update({"title": _said(figure), "container-title": _title(meta)})
    item.update(
        {
            "author": [{"literal": _site(meta)}],
            "issued": _date_parts(meta.published) if meta.published else {"literal": "n.d."},
            "accessed": _date_parts(accessed),
            "language": _language(meta),
        }
    )
    if meta.url:
        item["URL"] = meta.url
    return item


def citations(metas: Sequence[Meta], style: str, accessed: str) -> str:
    """Every source's citation: one CSL-JSON list of them all, else one after another
    (bibtex and ris: a blank line between)."""
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
    """An RIS record of a web page (ELEC), with only the tags Zotero maps to a web page's
    fields: TI title, AU author, T2 website title (for a figure: the interview),
    M3 website type, DA date, Y2 access date, UR, LA, N1 a note."""
    if figure is None:
        lines = [("TY", "ELEC"), ("TI", _title(meta)), ("AU", _site(meta))]
        lines.append(("M3", _interview(meta)))
    else:
        lines = [("TY", "ELEC"), ("TI", _said(figure)), ("AU", _site(meta))]
        lines += [("T2", _title(meta)), ("N1", f"tzcli {figure.id}. {_interview(meta)}")]
    lines += [
        ("PY", (meta.published or "")[:4]),
        ("DA", (meta.published or "").replace("-", "/")),
        ("Y2", accessed.replace("-", "/")),
        ("LA", _language(meta)),
    ]
    if meta.url:
        lines.append(("UR", meta.url))
    lines.append(("ER", ""))
    return "\n".join(f"{tag}  - {' '.join(value.split())}" for tag, value in lines)


def citation(meta: Meta, style: str, accessed: str, figure: Figure | None = None) -> str:
    """The citation in ``style``: of the interview, or of a figure as itself."""
    if style == "bibtex":
        return bibtex(meta, accessed, figure)
    if style == "csl-json":
        return csl_json(meta, accessed, figure)
    if style == "ris":
        return ris(meta, accessed, figure)
    if style == "gbt7714":
        return gbt7714(meta, accessed, figure)
    return apa(meta, accessed, figure)


def short(meta: Meta, lang: str = "en") -> str:
    """The one-line citation under ``tzcli show``."""
    if lang == "zh":
        return f"{_site(meta)}. {meta.title_zh}[EB/OL]. ({meta.published or 'n.d.'})."
    return f"{_site(meta, 'en')} ({meta.published or 'n.d.'}). {_title(meta)}."
