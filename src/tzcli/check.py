"""Checking dataset files: each file against the schema, then all of them together.

``Checker`` checks one parsed TOML document against ``tzcli.schema`` and
normalises it into plain records, with a fast path for tables that are valid
(most of them) and a long way, key by key, that says what is wrong with file,
line and key path. ``check_references`` checks the records of all files
together (unique ids, references, replaced ids) and computes derived values.

Imported only when files are parsed: a cache hit needs none of it.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from tzcli.errors import DataError, Problem
from tzcli.formula import FormulaError, evaluate, names, tokens
from tzcli.model import DATE_PATTERN, ID_PATTERN, SOURCE_SEPARATOR

TomlTable = dict[str, Any]

#: What SQLite (and the exports) can carry as an integer.
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


_BAD = object()


#: Characters no text field may hold: C0 controls but tab and newline, DEL, C1
#: controls, and the bidi embeddings, overrides and isolates (they reorder a terminal's
#: line). Their TOML escapes, and raw C1/bidi characters, are what ``_suspect`` looks for first.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: TOML escapes of those characters, in the file's bytes (each backslash found by memchr).
_ESCAPED = re.compile(rb"\\(?:[bfrexU]|u00[01189][0-9a-fA-F]|u007[fF]|u20(?:2[a-eA-E]|6[6-9]))")
#: Those characters raw, but for the C0 ones (TOML refuses them raw, tab aside), in
#: UTF-8: each pattern begins with a byte found by memchr (``_matches_at_some``; a
#: character class over the decoded text costs 0.6 ms a 126 kB file).
_RAW_C1 = re.compile(b"\xc2[\x80-\x9f]")
_RAW_BIDI = re.compile(b"\xe2(?:\x80[\xaa-\xae]|\x81[\xa6-\xa9])")
#: Digits and '_' as "0", everything else as " ": a run of 19 is where an integer of
#: more than 64 bits could be (bytes.translate and a substring search: no regex scan).
_DIGIT_RUNS = bytes(48 if chr(b) in "0123456789_" else 32 for b in range(256))


def _suspect(text: str, utf8: bytes | None = None) -> tuple[bool, bool]:
    """Cheap looks at the whole text before any walk: could it hold a control character
    (raw or escaped), could it hold an integer beyond 64 bits? ``utf8``: the text's
    bytes, if at hand (a BOM before them changes nothing)."""
    data = text.encode("utf-8", "surrogatepass") if utf8 is None else utf8
    digits = data.translate(_DIGIT_RUNS)
    integers = b"0" * 19 in digits or _BASED_INT.search(data) is not None
    return _controls_suspect(data), integers


def _controls_suspect(data: bytes) -> bool:
    """Whether a file's UTF-8 bytes could hold a control character, raw or escaped."""
    return (
        _matches_at_some(data, b"\\", _ESCAPED)
        or _matches_at_some(data, b"\xc2", _RAW_C1)
        or _matches_at_some(data, b"\xe2", _RAW_BIDI)
    )


def _matches_at_some(data: bytes, lead: bytes, pattern: re.Pattern[bytes]) -> bool:
    """``pattern.search(data) is not None`` for a pattern that begins with the byte
    ``lead``: each ``lead`` found by ``bytes.find`` (memchr) and the pattern matched there.
    Hand-written because regex scans byte by byte: the three patterns over a 126 kB file
    cost ~1.9 M instructions that way, ~0.8 M this way (~0.1 ms a file parsed: ~0.1 s of
    a 1,000-file first call, under a millisecond on one file; docs/performance.md)."""
    at = data.find(lead)
    while at >= 0:
        if pattern.match(data, at) is not None:
            return True
        at = data.find(lead, at + 1)
    return False


#: Hexadecimal, octal and binary integers long enough to pass 64 bits.
_BASED_INT = re.compile(rb"0(?:x[0-9a-fA-F_]{16}|o[0-7_]{21}|b[01_]{63})")


def uncarriable(doc: Any, name: str, text: str, utf8: bytes | None = None) -> list[Problem]:
    """Values tzcli cannot carry, anywhere in a parsed file: integers outside SQLite's
    64 bits, control characters in text (see ``_CONTROL``). One problem each, with
    the key path and the line of the record they are in. ``utf8``: as in ``_suspect``."""
    controls, integers = _suspect(text, utf8)
    if not controls and not integers:
        return []
    from tzcli.render.cells import visible

    problems: list[Problem] = []
    lines: dict[str, list[int]] | None = None

    def fail(path: str, message: str, rid: str | None) -> None:
        nonlocal lines
        line = None
        if rid:
            if lines is None:
                lines = _id_lines(text)
            found = lines.get(rid)
            line = found[0] if found else None
        problems.append(Problem(name, path or "(top level)", message, line))

    def walk(value: Any, path: str, rid: str | None) -> None:
        if isinstance(value, dict):
            own = value.get("id")
            here = own if isinstance(own, str) else rid
            for key, item in value.items():
                walk(item, _join(path, str(key)), here)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                walk(item, f"{path}[{i}]", rid)
        elif isinstance(value, str):
            found = _CONTROL.search(value) if controls else None
            if found:
                fail(
                    path,
                    f"control character {visible(found.group())} in text "
                    "(only tab and newline may be used)",
                    rid,
                )
        elif integers and isinstance(value, int) and not isinstance(value, bool):
            if not INT64_MIN <= value <= INT64_MAX:
                fail(path, f"integer {value} is outside the 64-bit range", rid)

    walk(doc, "", None)
    return problems


def _real_date(text: str) -> bool:
    """Whether a YYYY-MM-DD string names a day of the calendar (not 2017-13-45, 02-30)."""
    import datetime

    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(str(value) if isinstance(value, Decimal) else value)
    return text if len(text) <= 60 else text[:57] + "..."


class _NotFast(Exception):
    """A table the fast checks do not accept, met by a ``Checker`` that is ``fast_only``."""


class Checker:
    """Checks one file's document against the schema, collecting problems. ``fast_only``:
    give up (``_NotFast``) at the first table the fast checks do not accept, or the first
    problem (see ``fast_document``)."""

    def __init__(self, name: str, text: str, *, fast_only: bool = False) -> None:
        self.name = name
        self.text = text
        self.fast_only = fast_only
        self.problems: list[Problem] = []
        self._lines: dict[str, list[int]] | None = None

    def fail(self, path: str, message: str, record_id: str | None = None) -> None:
        if self.fast_only:
            raise _NotFast
        self.problems.append(Problem(self.name, path, message, self._line_of(record_id)))

    def _line_of(self, record_id: str | None) -> int | None:
        if not record_id or not self.text:
            return None
        if self._lines is None:  # one pass, however many problems: linear in the file
            self._lines = _id_lines(self.text)
        found = self._lines.get(record_id)
        return found[0] if found else None

    def table(
        self,
        obj: Any,
        name: str,
        path: str,
        fast: tuple[TomlTable, list[str]] | None = None,
        *,
        taken: bool = False,
    ) -> TomlTable | None:
        """``obj`` checked as a table ``name``; ``fast``: its ``_fast_table``, if ``taken``."""
        if not taken:
            fast = _fast_table(obj, name) if obj.__class__ is dict else None
        if fast is not None and not fast[1]:
            return fast[0]  # the common case: every value plain and valid
        if fast is None and self.fast_only:
            raise _NotFast
        from tzcli.schema import TABLES

        spec = TABLES[name]
        if not isinstance(obj, dict):
            self.fail(path or "(top level)", f"expected a table, got {_show(obj)}")
            return None
        rid = obj.get("id") if isinstance(obj.get("id"), str) else None
        if fast is not None:  # every plain value valid: only nested tables are left
            out, nested = fast
            for key in nested:
                value = self.value(obj[key], spec[key].kind, _join(path, key), rid)
                if value is not _BAD:
                    out[key] = value
            return out
        # The long way round, key by key in the schema's order: says what is wrong and where.
        for key in obj:
            if key not in spec:
                self.fail(
                    _join(path, key), f"unknown key (expected one of: {', '.join(spec)})", rid
                )
        out = {}
        for key, field in spec.items():
            where = _join(path, key)
            if key not in obj:
                if field.required:
                    self.fail(where, "missing required key", rid)
                continue
            value = self.value(obj[key], field.kind, where, rid)
            if value is _BAD:
                continue
            if field.choices and value not in field.choices:
                self.fail(where, f"{_show(value)} is not one of: {', '.join(field.choices)}", rid)
                continue
            out[key] = value
        return out

    def _tables(self, items: list[Any], name: str, path: str) -> list[TomlTable]:
        """An array of tables: each table's path made only for one with nested tables or
        a problem (an f-string a table cost ~4 % of the check)."""
        out = []
        for i, item in enumerate(items):
            fast = _fast_table(item, name) if item.__class__ is dict else None
            if fast is not None and not fast[1]:
                out.append(fast[0])
                continue
            checked = self.table(item, name, f"{path}[{i}]", fast, taken=True)
            if checked is not None:
                out.append(checked)
        return out

    def value(self, value: Any, kind: str, path: str, rid: str | None) -> Any:
        if kind.startswith("table:"):
            result = self.table(value, kind[6:], path)
            return _BAD if result is None else result
        if kind.startswith("tables:"):
            if not isinstance(value, list):
                self.fail(path, f"expected an array of tables, got {_show(value)}", rid)
                return _BAD
            return self._tables(value, kind[7:], path)
        if kind == "number":
            if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
                self.fail(path, f"expected a number, got {_show(value)}", rid)
                return _BAD
            if isinstance(value, Decimal) and not value.is_finite():
                self.fail(path, f"expected a finite number, got {_show(value)}", rid)
                return _BAD
            if value < 0:
                self.fail(path, f"expected a number >= 0, got {_show(value)}", rid)
                return _BAD
            if value != 0 and not -20 <= Decimal(value).adjusted() <= 20:
                self.fail(path, f"expected a number from 1e-20 to 1e20, got {_show(value)}", rid)
                return _BAD
            return str(value)
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                self.fail(path, f"expected an integer, got {_show(value)}", rid)
                return _BAD
            return value
        if kind == "bool":
            if not isinstance(value, bool):
                self.fail(path, f"expected true or false, got {_show(value)}", rid)
                return _BAD
            return value
        if kind in ("ids", "refs"):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                self.fail(path, f"expected an array of strings, got {_show(value)}", rid)
                return _BAD
            match = _match_id if kind == "ids" else _match_ref
            for i, item in enumerate(value):
                if not match(item):
                    self.fail(f"{path}[{i}]", f"{_show(item)} is not a valid id", rid)
                    return _BAD
            return list(value)
        if kind == "date":
            if hasattr(value, "isoformat") and not isinstance(value, str):
                value = value.isoformat()
            if not isinstance(value, str) or not _match_date(value):
                self.fail(path, f"expected a date YYYY-MM-DD, got {_show(value)}", rid)
                return _BAD
            if not _real_date(value):
                self.fail(path, f"{_show(value)} is not a date of the calendar", rid)
                return _BAD
            return value
        # str, text, id
        if not isinstance(value, str):
            self.fail(path, f"expected a string, got {_show(value)}", rid)
            return _BAD
        if kind == "ref" and not _match_ref(value):
            self.fail(path, f"{_show(value)} is not a valid id (ID or SOURCE:ID)", rid)
            return _BAD
        if kind == "id" and not _match_id(value):
            self.fail(
                path,
                f"{_show(value)} is not a valid id (lower case letters, digits, '_' and '.')",
                rid,
            )
            return _BAD
        if kind == "str" and not value.strip():
            self.fail(path, "expected a non-empty string", rid)
            return _BAD
        return value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


# Fast checks of one value: the converted value if it is valid, else _BAD (and
# Checker.value then says why). Each accepts a subset of what Checker.value
# accepts and returns the same; tests/test_dataset.py checks that on random values.


# fullmatch: with match, '$' would let a trailing newline through; ASCII digits only.
# Compiled at import: this module is imported only when a file is parsed.
_match_id = re.compile(ID_PATTERN).fullmatch


def _match_ref(value: str) -> bool:
    """Whether ``value`` is ``REF_PATTERN`` whole: an id, or two joined by the one ':' (an
    id holds none). The pattern's optional ``SOURCE:`` is tried first and given up on a
    bare id, the common case: 1.9 µs against 0.7 µs this way (~130 refs a 126 kB file)."""
    source, colon, rest = value.partition(SOURCE_SEPARATOR)
    if colon:
        return _match_id(source) is not None and _match_id(rest) is not None
    return _match_id(value) is not None


_match_date = re.compile(DATE_PATTERN, re.ASCII).fullmatch


def _fast_str(value: Any) -> Any:
    return value if value.__class__ is str and value and not value.isspace() else _BAD


def _fast_text(value: Any) -> Any:
    return value if value.__class__ is str else _BAD


def _fast_id(value: Any) -> Any:
    return value if value.__class__ is str and _match_id(value) else _BAD


def _fast_ref(value: Any) -> Any:
    return value if value.__class__ is str and _match_ref(value) else _BAD


def _fast_refs(value: Any) -> Any:
    if value.__class__ is list and all(v.__class__ is str and _match_ref(v) for v in value):
        return list(value)
    return _BAD


def _fast_int(value: Any) -> Any:
    # Within 64 bits, as every integer the fast checks accept: see ``fast_document``.
    return value if value.__class__ is int and INT64_MIN <= value <= INT64_MAX else _BAD


def _fast_bool(value: Any) -> Any:
    return value if value.__class__ is bool else _BAD


def _fast_number(value: Any) -> Any:
    if value.__class__ is int:
        return str(value) if 0 <= value <= INT64_MAX else _BAD  # see ``fast_document``
    if value.__class__ is Decimal and value.is_finite() and value >= 0:
        return str(value) if not value or -20 <= value.adjusted() <= 20 else _BAD
    return _BAD


def _fast_ids(value: Any) -> Any:
    if value.__class__ is list and all(v.__class__ is str and _match_id(v) for v in value):
        return list(value)
    return _BAD


def _fast_date(value: Any) -> Any:
    return value if value.__class__ is str and _match_date(value) and _real_date(value) else _BAD


_FAST = {
    "str": _fast_str,
    "text": _fast_text,
    "id": _fast_id,
    "int": _fast_int,
    "bool": _fast_bool,
    "number": _fast_number,
    "ids": _fast_ids,
    "ref": _fast_ref,
    "refs": _fast_refs,
    "date": _fast_date,
}

_PLANS: dict[str, tuple[dict[str, Any], frozenset[str]]] = {}


def _fast_table(obj: TomlTable, name: str) -> tuple[TomlTable, list[str]] | None:
    """A table's plain values converted, and the keys of its nested tables, left for the
    caller; None if any key is unknown, missing or invalid (the caller goes key by key)."""
    plan = _PLANS.get(name)
    if plan is None:
        from tzcli.schema import TABLES

        fields = TABLES[name]
        plan = (
            {key: _fast_check(field.kind, field.choices) for key, field in fields.items()},
            frozenset(key for key, field in fields.items() if field.required),
        )
        _PLANS[name] = plan
    checks, required = plan
    keys = obj.keys()
    if not (checks.keys() >= keys and keys >= required):
        return None
    out: TomlTable = {}
    nested: list[str] = []
    for key, raw in obj.items():
        fast = checks[key]
        if fast is _fast_str:  # the most common check (half the values), inlined
            if raw.__class__ is not str or not raw or raw.isspace():
                return None
            out[key] = raw
            continue
        if fast is None:  # a nested table or array of tables
            nested.append(key)
            continue
        value = fast(raw)
        if value is _BAD:
            return None
        out[key] = value
    return out, nested


def _fast_check(kind: str, choices: tuple[str, ...] | None) -> Any:
    """The fast check of a field: ``_FAST[kind]``, with its choices if it has any (a
    string of one of them: never empty or blank); None for a nested table."""
    fast = _FAST.get(kind)
    if not choices or fast is None:
        return fast
    if kind != "str" or not all(choice.strip() for choice in choices):
        raise ValueError(f"choices of a {kind!r} field")  # a schema this does not handle
    allowed = frozenset(choices)
    return lambda value: value if value.__class__ is str and value in allowed else _BAD


def fast_document(
    doc: TomlTable, name: str, text: str, utf8: bytes
) -> tuple[TomlTable, Checker] | None:
    """A file's document checked against the schema the fast way alone, with its checker,
    when that is all a file needs (most files): no control character can be in it (the
    look at its bytes), no ``TODO`` mark, and the fast checks accept every table. Then
    ``uncarriable`` and ``todo_problems`` would find nothing: the fast checks saw every
    value of the document and accept integers within 64 bits only. None otherwise: the
    caller takes the long way (``uncarriable``, ``todo_problems``, ``Checker.table``),
    which says exactly what is wrong. Spares a file of 126 kB the look for long integers
    (a ``bytes.translate`` and a regex scan: ~2 M instructions, ~0.2 ms)."""
    if f'"{TODO_MARK}"' in text or _controls_suspect(utf8):
        return None
    check = Checker(name, text, fast_only=True)
    try:
        root = check.table(doc, "root", "")
    except _NotFast:
        return None
    if root is None:  # pragma: no cover - a failure raises _NotFast first
        return None
    check.fast_only = False  # the checks after the schema's report their problems
    return root, check


def _id_lines(text: str) -> dict[str, list[int]]:
    """The line of every ``id = "…"`` in a file, by id, in order: one pass over the text."""
    lines: dict[str, list[int]] = {}
    line, pos = 1, 0
    for found in re.finditer(r'(?m)^[ \t]*id[ \t]*=[ \t]*"([^"\\\n]*)"', text):
        line += text.count("\n", pos, found.start())
        pos = found.start()
        lines.setdefault(found.group(1), []).append(line)
    return lines


def _check_figure(check: Checker, fig: TomlTable, path: str) -> None:
    rid = fig.get("id")
    end = fig.get("year_end")
    if end is not None and isinstance(fig.get("year"), int) and end <= fig["year"]:
        check.fail(
            _join(path, "year_end"),
            f"a span ends after it begins: expected more than {fig['year']}, got {end}",
            rid,
        )
    if fig.get("derived"):
        if "formula" not in fig:
            check.fail(_join(path, "formula"), "a derived figure needs a formula", rid)
        for key in ("value", "value_max", "quote"):
            if key in fig:
                check.fail(_join(path, key), "a derived figure has no stated value or quote", rid)
        _check_decimals(check, fig, path)
    else:
        for key in ("formula", "decimals"):
            if key in fig:
                check.fail(_join(path, key), f"only a derived figure has a {key}", rid)
        for key in ("value", "quote"):
            if key not in fig:
                check.fail(_join(path, key), "missing required key", rid)
        if (
            "value" in fig
            and "value_max" in fig
            and Decimal(fig["value_max"]) <= Decimal(fig["value"])
        ):
            check.fail(
                _join(path, "value_max"),
                f"must be greater than value ({fig['value']}), got {fig['value_max']}",
                rid,
            )


def _check_decimals(check: Checker, fig: TomlTable, path: str) -> None:
    """A derived figure's shown precision: -12 to 12 decimal places (negative: to tens,
    hundreds …, for a figure whose inputs have fewer significant figures than digits)."""
    decimals = fig.get("decimals")
    if decimals is not None and not -12 <= decimals <= 12:
        check.fail(
            _join(path, "decimals"), f"expected -12 to 12 places, got {decimals}", fig.get("id")
        )


def figure_record(
    check: Checker, raw: TomlTable, path: str, *, inherit: TomlTable, fig_id: str | None = None
) -> TomlTable:
    fig = {**inherit, **raw} if inherit else raw  # raw: a fresh record from the checker
    if fig_id is not None:
        fig["id"] = fig_id
    _check_figure(check, fig, path)
    fig["path"] = path
    return fig


#: What ``tzcli draft`` writes where a person must still write something.
TODO_MARK = "TODO"


def todo_problems(doc: TomlTable, name: str, text: str) -> list[Problem]:
    """Every value that is still ``"TODO"`` (a draft's marks for a person), with its key
    path and, when the file's ``key = "TODO"`` lines pair up with them, its line."""
    if f'"{TODO_MARK}"' not in text:  # one substring search: files that are not drafts
        return []
    paths: list[str] = []

    def walk(node: Any, where: str) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(value, _join(where, key))
        elif isinstance(node, list):
            for i, item in enumerate(node):
                walk(item, f"{where}[{i}]")
        elif node == TODO_MARK:
            paths.append(where)

    walk(doc, "")
    mark = re.escape(TODO_MARK)
    found = re.finditer(rf'(?m)^[ \t]*([A-Za-z0-9_-]+)[ \t]*=[ \t]*"{mark}"[ \t]*(?:#.*)?$', text)
    marks = [(m.group(1), text.count("\n", 0, m.start()) + 1) for m in found]
    lines: list[int | None] = [None] * len(paths)
    if [key for key, _ in marks] == [p.rsplit(".", 1)[-1] for p in paths]:
        lines = [line for _, line in marks]
    pairs = zip(paths, lines, strict=True)
    return [Problem(name, where, "still to do (TODO)", line) for where, line in pairs]


def check_references(data: TomlTable) -> None:
    """The records of every file together: unique source ids, ids unique within each
    source, topics one vocabulary (the same definition in several files is one topic),
    every reference resolved within its source (or as ``SOURCE:ID``), replaced ids
    retired; then derived values computed. Raises DataError with every problem of the
    first stage that has any."""
    refs = _References(data)
    refs.unique_sources()
    refs.shared_topics()
    kinds, everything = refs.index_ids()
    refs.resolve_links(kinds, everything)
    _check_replaced_ids(data.get("replaced_ids", []), everything, kinds["topics"], refs.fail)
    refs.raise_if_any()
    _compute_derived(data["figures"], kinds["figures"], refs.fail)
    refs.raise_if_any()


#: The kinds of record that have an id of their source's own (topics are shared).
_OWN_ID_GROUPS = ("sections", "figures", "projects", "plans", "villages", "notes")


def check_alone(part: TomlTable) -> TomlTable | None:
    """One file's records (as ``parse_file`` makes them) checked by ``check_references``
    as if they were all the data, with every shared topic the file uses but does not
    define taken as defined; its derived values are computed on the way.

    Returns what the checks across files still need of the file: the topics its figures
    use (``uses``) and the ids its notes and replaced ids name that must be shared topics
    (``needs``). None when the file's result could differ beside other files (a problem
    here, a reference to another source, a formula's input it does not have, a
    ``SOURCE:ID`` that names one of its own topics): then only ``check_references`` over
    every file's records can tell. For a file that returns a summary, that check finds
    nothing in it, and computes the same derived values, whatever the other files
    hold, when the source ids are unique, every ``uses`` is a topic some file defines
    (the same way everywhere) or the shared vocabulary has, and every ``needs`` is a
    topic of the result (``dataset._combine`` checks those)."""
    source = part["meta"]["id"]
    own_topics = {topic["id"] for topic in part["topics"]}
    ids = {item["id"] for group in _OWN_ID_GROUPS for item in part[group]}
    named = [ref for note in part["notes"] for ref in note.get("refs", ())]
    named += [item["new"] for item in part["replaced_ids"] if item.get("new") is not None]
    needs: set[str] = set()
    for ref in named:
        other, sep, rid = ref.partition(SOURCE_SEPARATOR)
        if sep:
            if other != source or rid not in ids:  # another source; or a topic of the file
                return None  # (kept from another file if defined there first): see above
        elif ref not in ids and ref not in own_topics:
            needs.add(ref)
    uses = {fig["topic"] for fig in part["figures"]}
    stubs = [
        {"id": topic_id, "name_zh": "", "name_en": "", "source": "", "file": "", "path": ""}
        for topic_id in sorted((uses | needs) - own_topics)
    ]
    alone: TomlTable = {
        "files": [part["file"]],
        "metas": [part["meta"]],
        "topics": list(part["topics"]) + stubs,
        "replaced_ids": part["replaced_ids"],
    }
    for group in _OWN_ID_GROUPS:
        alone[group] = part[group]
    try:
        check_references(alone)
    except DataError:
        return None
    return {"source": source, "uses": sorted(uses), "needs": sorted(needs)}


Key = tuple[str, str]  # (source, id)


def _ref_key(source: str, ref: str) -> Key:
    """A reference as written in ``source``: ``SOURCE:ID``, or an id of ``source`` itself."""
    other, sep, rid = ref.partition(SOURCE_SEPARATOR)
    return (other, rid) if sep else (source, ref)


class _References:
    """The problems found across files, each with its file and, where the record's id
    can be found in the file's text, its line."""

    def __init__(self, data: TomlTable) -> None:
        self.data = data
        self.problems: list[Problem] = []
        self.file_of = {m["id"]: m["file"] for m in data["metas"]}
        self.source_lines: dict[str, dict[str, list[int]]] = {}

    def fail(self, item: TomlTable, key: str, message: str, nth: int = 0) -> None:
        name = item.get("file") or self.file_of.get(item.get("source", ""), "")
        line = None
        if item.get("id"):
            found = self._lines_of(name).get(item["id"], [])
            if found:
                line = found[min(nth, len(found) - 1)]
        self.problems.append(Problem(name, _join(item.get("path", ""), key), message, line))

    def _lines_of(self, name: str) -> dict[str, list[int]]:
        """Where each id is in the file: each file indexed once, however many problems."""
        if name not in self.source_lines:
            try:
                from pathlib import Path

                self.source_lines[name] = _id_lines(Path(name).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.source_lines[name] = {}
        return self.source_lines[name]

    def raise_if_any(self) -> None:
        if self.problems:
            raise DataError(self.problems)

    def unique_sources(self) -> None:
        seen: dict[str, str] = {}
        for meta in self.data["metas"]:
            if meta["id"] in seen:
                self.problems.append(
                    Problem(meta["file"], "meta.id", f"source id {meta['id']!r} is used twice")
                )
            seen[meta["id"]] = meta["file"]

    def shared_topics(self) -> None:
        """Topics are one vocabulary: a topic defined the same way in several files is
        one topic (the first file's record is kept); defined differently, a problem
        naming both places; twice in one file, a duplicate."""
        kept: dict[str, TomlTable] = {}
        topics: list[TomlTable] = []
        for topic in self.data["topics"]:
            first = kept.get(topic["id"])
            if first is None:
                kept[topic["id"]] = topic
                topics.append(topic)
                continue
            where = f"{first.get('file', '')}: {first.get('path', '')}"
            if first.get("file") == topic.get("file"):
                self.fail(topic, "id", f"duplicate id {topic['id']!r} (also at {where})", 1)
                continue
            differs = [
                key
                for key in ("name_zh", "name_en", "description_en")
                if topic.get(key) != first.get(key)
            ]
            if differs:
                self.fail(
                    topic,
                    "id",
                    f"topic {topic['id']!r} is defined differently at {where} "
                    f"({', '.join(differs)}): a topic is one definition for every source",
                )
        used = {fig.get("topic") for fig in self.data["figures"]}
        missing = sorted(t for t in used if isinstance(t, str) and t not in kept)
        if missing:  # used, defined by no file: the shared vocabulary's definition
            from tzcli.concepts import topic as vocabulary_topic

            for topic_id in missing:
                known = vocabulary_topic(topic_id)
                if known is not None:
                    topics.append({**known._asdict(), "source": "", "file": "", "path": ""})
        self.data["topics"] = topics

    def index_ids(self) -> tuple[dict[str, dict[Any, TomlTable]], dict[Key, TomlTable]]:
        """Every record by kind and (source, id) (topics by id: they are shared), and all
        of them by (source, id); an id twice in one source is a problem (the nth
        duplicate of an id in one file is placed on its nth line)."""
        kinds: dict[str, dict[Any, TomlTable]] = {
            "topics": {t["id"]: t for t in self.data["topics"]}
        }
        everything: dict[Key, TomlTable] = {}
        own_topics = {(t.get("source", ""), t["id"]): t for t in self.data["topics"]}
        occurrences: dict[Key, int] = {}  # (file, id) seen more than once
        for group in ("sections", "figures", "projects", "plans", "villages", "notes"):
            kinds[group] = {}
            for item in self.data[group]:
                key = (item["source"], item["id"])
                other = everything.get(key) or own_topics.get(key)
                if other is not None:
                    where = item.get("file", "")
                    first = 1 if other.get("file", "") == where else 0
                    nth = occurrences.get((where, key[1]), first)
                    occurrences[(where, key[1])] = nth + 1
                    self.fail(
                        item,
                        "id",
                        f"duplicate id {key[1]!r} (also at {other.get('file', '')}: "
                        f"{other.get('path', '')})",
                        nth,
                    )
                    continue
                everything[key] = item
                kinds[group][key] = item
        for topic in self.data["topics"]:
            everything.setdefault((topic.get("source", ""), topic["id"]), topic)
        return kinds, everything

    def resolve_links(
        self, kinds: dict[str, dict[Any, TomlTable]], everything: dict[Key, TomlTable]
    ) -> None:
        """Every id a record names is the id of a record of the right kind, in its own
        source (topics: in the shared vocabulary)."""
        topics = kinds["topics"]

        def resolve(item: TomlTable, key: str, group: str, value: str | None) -> None:
            if value is not None and (item["source"], value) not in kinds[group]:
                self.fail(item, key, f"no {group[:-1]} with id {value!r}")

        data = self.data
        for fig in data["figures"]:
            if (fig.get("project") or fig.get("plan")) and fig.get("topic") not in topics:
                owner = "a project's" if fig.get("project") else "a plan's"
                self.fail(
                    fig,
                    "topic",
                    f"{owner} figures belong to topic {fig.get('topic')!r}: "
                    f"the file needs a [[topics]] entry with id = {fig.get('topic')!r}",
                )
                continue
            if fig.get("topic") not in topics:
                self.fail(fig, "topic", f"no topic with id {fig.get('topic')!r}")
            resolve(fig, "section", "sections", fig.get("section"))
            for i, village in enumerate(fig.get("villages", [])):
                resolve(fig, f"villages[{i}]", "villages", village)
        for proj in data["projects"]:
            resolve(proj, "section", "sections", proj.get("section"))
            resolve(proj, "plan", "plans", proj.get("plan"))
            for i, village in enumerate(proj.get("villages", [])):
                resolve(proj, f"villages[{i}]", "villages", village)
        for plan in data["plans"]:
            resolve(plan, "section", "sections", plan.get("section"))
            for i, proj_id in enumerate(plan.get("projects", [])):
                resolve(plan, f"projects[{i}]", "projects", proj_id)
        for section in data["sections"]:
            resolve(section, "parent", "sections", section.get("parent"))
        for note in data["notes"]:
            for i, ref in enumerate(note.get("refs", [])):
                if _ref_key(note["source"], ref) not in everything and ref not in topics:
                    self.fail(note, f"refs[{i}]", f"no record with id {ref!r}")


def _check_replaced_ids(
    items: list[TomlTable],
    everything: dict[Key, TomlTable],
    topics: dict[Any, TomlTable],
    fail: Any,
) -> None:
    """An old id is no longer in use in its source, appears once, and its replacement exists."""
    seen: set[Key] = set()
    for item in items:
        old, new = item["old"], item.get("new")
        key = (item["source"], old)
        if key in everything or (old in topics and topics[old].get("source") == item["source"]):
            fail(item, "old", f"{old!r} is still the id of a record")
        if key in seen:
            fail(item, "old", f"{old!r} is listed twice")
        seen.add(key)
        if (
            new is not None
            and _ref_key(item["source"], new) not in everything
            and new not in topics
        ):
            fail(item, "new", f"no record with id {new!r}")


class _Cycle(Exception):
    """A formula that refers back to itself (``_Derivation.compute``)."""


def _compute_derived(figures: list[TomlTable], by_key: dict[Key, TomlTable], fail: Any) -> None:
    """Each derived figure's value from its formula. A formula's ids are those of its own
    source first, then ``SOURCE:ID``, then an id that one other loaded source alone has."""
    derivation = _Derivation(by_key)
    for fig in figures:
        if not fig.get("derived"):
            continue
        try:
            fig["inputs"] = list(names(fig["formula"], derivation.tokens_of(fig["formula"])))
            value = derivation.compute((fig["source"], fig["id"]))
            if value != 0 and not -20 <= value.adjusted() <= 20:
                fail(fig, "formula", f"the result {value:.3e} is out of range (1e-20 to 1e20)")
                fig["value"] = "0"
        except _Cycle as exc:
            fail(fig, "formula", f"formula refers back to itself through {exc.args[0]!r}")
            fig["value"] = "0"
        except FormulaError as exc:
            fail(fig, "formula", str(exc))
            fig["value"] = "0"
        except (ArithmeticError, RecursionError):  # overflow; parentheses or chains too deep
            fail(fig, "formula", "cannot be computed (a number overflows or it nests too deeply)")
            fig["value"] = "0"


class _Derivation:
    """The derived values of ``by_key``'s figures, each computed once. Methods, not
    closures that name each other: those made a reference cycle that kept every record
    of the file alive until the collector next ran (the loader turns it off while it
    works; the command line's process then freezes what is left)."""

    def __init__(self, by_key: dict[Key, TomlTable]) -> None:
        self.by_key = by_key
        self.state: dict[Key, str] = {}
        self.failures: dict[Key, BaseException] = {}
        self.by_bare: dict[str, list[Key]] | None = None
        self.read: dict[str, list[tuple[str, str]]] = {}

    def tokens_of(self, formula: str) -> list[tuple[str, str]]:
        """A formula's tokens, read once for its inputs and its value (~10 % of a file's
        own checks across its records when read twice)."""
        found = self.read.get(formula)
        if found is None:
            found = self.read[formula] = tokens(formula)
        return found

    def key_of(self, source: str, name: str) -> Key:
        key = _ref_key(source, name)
        if key in self.by_key or SOURCE_SEPARATOR in name:
            return key
        if self.by_bare is None:
            self.by_bare = {}
            for other in self.by_key:
                self.by_bare.setdefault(other[1], []).append(other)
        found = self.by_bare.get(name, [])
        if len(found) == 1:
            return found[0]
        if len(found) > 1:
            named = ", ".join(f"{s}{SOURCE_SEPARATOR}{i}" for s, i in found)
            raise FormulaError(f"{name!r} is an id of several sources; name one of: {named}")
        return key

    def compute(self, key: Key) -> Decimal:
        """The figure's value; a failure is kept and raised again for it alone."""
        fig = self.by_key[key]
        if key in self.failures:
            raise self.failures[key]
        if self.state.get(key) == "busy":
            raise _Cycle(key[1])
        if "value" not in fig:
            self.state[key] = "busy"
            source = key[0]
            try:
                read = self.tokens_of(fig["formula"])
                fig["value"] = str(
                    evaluate(fig["formula"], lambda n: self.value_of(source, n), read)
                )
            except (_Cycle, FormulaError, ArithmeticError, RecursionError) as exc:
                self.failures[key] = exc
                raise
            finally:
                self.state.pop(key, None)
        return Decimal(fig["value"])

    def value_of(self, source: str, name: str) -> Decimal:
        """An input's value: a derived input that fails is named, not blamed on its user."""
        key = self.key_of(source, name)
        fig = self.by_key.get(key)
        if fig is None:
            raise FormulaError(f"no figure with id {name!r}")
        if not fig.get("derived"):
            return Decimal(fig["value"])
        try:
            return self.compute(key)
        except _Cycle:
            raise
        except (FormulaError, ArithmeticError, RecursionError):
            raise FormulaError(f"uses {name!r}, which cannot be computed") from None
