"""Find, parse and validate dataset files into the model.

The only module that reads data files. Parsing happens in two steps: the
TOML is checked against ``tzcli.schema`` and turned into plain, normalised
records (str/int/bool/None, lists and dicts: what ``marshal`` can store);
then those records become frozen dataclasses. The cache (``tzcli.cache``)
keeps the plain records, so a repeated call skips tomllib altogether.
"""

from __future__ import annotations

import os
import re
import sys
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Dict, FrozenSet, List, Optional, Sequence, Tuple, Union

from tzcli.errors import DataError, Problem
from tzcli.model import (
    DATE_PATTERN,
    ID_PATTERN,
    SCHEMA_VERSION,
    Dataset,
    Figure,
    Measure,
    Mention,
    Meta,
    Plan,
    Project,
    Section,
    SourceNote,
    Topic,
    Village,
    YearMeaning,
)

if TYPE_CHECKING:
    from pathlib import Path  # imported where used: a cache hit needs no pathlib

PathLike = Union[str, "os.PathLike[str]"]
Record = Dict[str, Any]

#: Bigger files are refused rather than parsed for minutes.
MAX_FILE_BYTES = 200 * 1024 * 1024


_BAD = object()


def bundled_path() -> Path:
    """The bundled data folder: inside the installed package, or the checkout's ``data/``."""
    from pathlib import Path

    here = Path(__file__).resolve().parent
    packaged = here / "data"
    if packaged.is_dir():
        return packaged
    return here.parent.parent / "data"


def display_name(path: PathLike) -> str:
    """A path as the user would recognise it: relative to the cwd when under it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:  # another drive on Windows
        return str(path)
    return str(path) if relative.startswith("..") else relative


def data_files(path: Optional[PathLike] = None) -> List[Path]:
    """The TOML files that make up a dataset: one file, or every ``*.toml`` in a folder."""
    from pathlib import Path

    target = bundled_path() if path is None else Path(path)
    shown = str(path) if path is not None else display_name(target)
    if path is not None and not os.fspath(path):  # Path("") would be the current folder
        raise DataError([Problem("''", "", "empty path: give a file or folder")])
    try:
        target.stat()
    except FileNotFoundError:
        raise DataError([Problem(shown, "", "no such file or directory")]) from None
    except (OSError, ValueError) as exc:  # a folder on the way we may not enter, a NUL …
        reason = getattr(exc, "strerror", None) or str(exc)
        raise DataError([Problem(shown, "", f"cannot read: {reason}")]) from None
    if target.is_dir():
        files = sorted(p for p in target.glob("*.toml") if p.is_file())
        if not files:
            raise DataError([Problem(shown, "", "directory holds no *.toml file")])
        return [p.resolve() for p in files]
    resolved = target.resolve()  # /dev/fd/63 of <(…) resolves to a name that is not there
    return [resolved if resolved.exists() else target.absolute()]


def load(path: Optional[PathLike] = None, *, use_cache: bool = True) -> Dataset:
    """Load the bundled dataset, or the file or folder at ``path``, validated."""
    import gc

    # The records hold no reference cycles: collecting while they are made only
    # walks them again and again (a tenth of a repeated call on big files).
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _load(path, use_cache)
    finally:
        if collecting:
            gc.enable()


def _load(path: Optional[PathLike], use_cache: bool) -> Dataset:
    from tzcli import cache

    if not use_cache or not cache.enabled():
        return build(parse_files(data_files(path)))
    # The files are found with os.path first: a hit imports neither pathlib nor tomllib.
    key = cache.key_for(cache.files_for(path, __file__))
    stored = cache.read(key)
    if stored is not None:
        try:
            # File names as this call shows them (relative to the current folder).
            names = [display_name(f) for f in cache.key_files(key)]
            renamed = dict(zip(stored["files"], names, strict=True))
            stored["files"] = names
            for meta in stored["metas"]:
                meta["file"] = renamed[meta["file"]]
            return build(stored)
        except Exception:  # a cache entry of the wrong shape: parse instead
            pass
    files = data_files(path)
    if cache.key_files(key) != [str(f) for f in files]:
        key = cache.key_for(files)  # taken before parsing: a change meanwhile is a miss later
    plain = parse_files(files)
    cache.write(key, plain)
    return build(plain)


def load_text(raw: bytes, name: str = "<stdin>") -> Dataset:
    """One TOML document given as bytes (``--data -``), validated as a file is, never
    cached (there is no file to key it on); ``name`` stands for its file name."""
    from pathlib import Path

    if len(raw) > MAX_FILE_BYTES:
        raise DataError([Problem(name, "", f"input is over the limit of {MAX_FILE_BYTES} bytes")])
    return build(parse_files([Path(name)], raw))


# --------------------------------------------------------------------------
# Parsing and checking


def _read_toml(path: Path) -> Tuple[Dict[str, Any], str]:
    name = display_name(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DataError(
                [Problem(name, "", f"file is {size} bytes; the limit is {MAX_FILE_BYTES}")]
            )
        with open(path, "rb") as handle:  # at most the limit: /dev/zero, a FIFO …
            raw = handle.read(MAX_FILE_BYTES + 1)
        if len(raw) > MAX_FILE_BYTES:
            raise DataError(
                [Problem(name, "", f"file is over the limit of {MAX_FILE_BYTES} bytes")]
            )
    except PermissionError:
        raise DataError([Problem(name, "", "permission denied")]) from None
    except IsADirectoryError:
        raise DataError([Problem(name, "", "is a directory")]) from None
    except OSError as exc:
        raise DataError([Problem(name, "", f"cannot read: {exc.strerror or exc}")]) from None
    return _decode_toml(raw, name)


def _decode_toml(raw: bytes, name: str) -> Tuple[Dict[str, Any], str]:
    if not raw.strip():
        raise DataError([Problem(name, "", "file is empty")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad_line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            [Problem(name, "", f"not UTF-8 text (byte 0x{raw[exc.start]:02x})", bad_line)]
        ) from None
    if text.startswith("\ufeff"):
        text = text[1:]
    try:
        import tomllib  # type: ignore[import-not-found,unused-ignore]
    except ModuleNotFoundError:  # Python < 3.11
        import tomli as tomllib  # type: ignore[import-not-found,no-redef,unused-ignore]
    try:
        doc = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line: Optional[int] = getattr(exc, "lineno", None)
        column: Optional[int] = getattr(exc, "colno", None)
        found = re.search(r"\s*\(at line (\d+), column (\d+)\)", message)
        if found:
            line, column = int(found.group(1)), int(found.group(2))
            message = message[: found.start()] + message[found.end() :]
        elif re.search(r"\(at end of document\)", message):
            line = text.count("\n") + 1
            message = message.replace(" (at end of document)", " at end of file")
        message = getattr(exc, "msg", None) or message
        raise DataError([Problem(name, "", f"invalid TOML: {message}", line, column)]) from None
    except RecursionError:
        raise DataError([Problem(name, "", "invalid TOML: nested too deeply")]) from None
    except ValueError as exc:  # e.g. an integer of thousands of digits
        reason = str(exc).split(";")[0]
        raise DataError([Problem(name, "", f"invalid TOML: {reason}")]) from None
    return doc, text


def _show(value: Any) -> str:
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = repr(str(value) if isinstance(value, Decimal) else value)
    return text if len(text) <= 60 else text[:57] + "..."


class _Checker:
    """Checks one file's document against the schema, collecting problems."""

    def __init__(self, name: str, text: str) -> None:
        self.name = name
        self.text = text
        self.problems: List[Problem] = []
        self._lines: Optional[Dict[str, List[int]]] = None

    def fail(self, path: str, message: str, record_id: Optional[str] = None) -> None:
        self.problems.append(Problem(self.name, path, message, self._line_of(record_id)))

    def _line_of(self, record_id: Optional[str]) -> Optional[int]:
        if not record_id or not self.text:
            return None
        if self._lines is None:  # one pass, however many problems: linear in the file
            self._lines = _id_lines(self.text)
        found = self._lines.get(record_id)
        return found[0] if found else None

    def table(self, obj: Any, name: str, path: str) -> Optional[Record]:
        fast = _fast_table(obj, name) if obj.__class__ is dict else None
        if fast is not None and not fast[1]:
            return fast[0]  # the common case: every value plain and valid
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

    def value(self, value: Any, kind: str, path: str, rid: Optional[str]) -> Any:
        if kind.startswith("table:"):
            result = self.table(value, kind[6:], path)
            return _BAD if result is None else result
        if kind.startswith("tables:"):
            if not isinstance(value, list):
                self.fail(path, f"expected an array of tables, got {_show(value)}", rid)
                return _BAD
            items = [self.table(item, kind[7:], f"{path}[{i}]") for i, item in enumerate(value)]
            return [item for item in items if item is not None]
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
        if kind == "ids":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                self.fail(path, f"expected an array of strings, got {_show(value)}", rid)
                return _BAD
            for i, item in enumerate(value):
                if not _match_id(item):
                    self.fail(f"{path}[{i}]", f"{_show(item)} is not a valid id", rid)
                    return _BAD
            return list(value)
        if kind == "date":
            if hasattr(value, "isoformat") and not isinstance(value, str):
                value = value.isoformat()
            if not isinstance(value, str) or not _match_date(value):
                self.fail(path, f"expected a date YYYY-MM-DD, got {_show(value)}", rid)
                return _BAD
            return value
        # str, text, id
        if not isinstance(value, str):
            self.fail(path, f"expected a string, got {_show(value)}", rid)
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
# _Checker.value then says why). Each accepts a subset of what _Checker.value
# accepts and returns the same; tests/test_dataset.py checks that on random values.


def _no_match(text: str) -> Any:
    _compile_patterns()
    return _match_id(text)


def _no_date_match(text: str) -> Any:
    _compile_patterns()
    return _match_date(text)


#: Bound to the compiled patterns' ``fullmatch`` on first use (a cache hit needs neither).
_match_id = _no_match
_match_date = _no_date_match


def _compile_patterns() -> None:
    global _match_id, _match_date
    # fullmatch: with match, '$' would let a trailing newline through; ASCII digits only.
    _match_id = re.compile(ID_PATTERN).fullmatch  # type: ignore[assignment]
    _match_date = re.compile(DATE_PATTERN, re.ASCII).fullmatch  # type: ignore[assignment]


def _fast_str(value: Any) -> Any:
    return value if value.__class__ is str and value and not value.isspace() else _BAD


def _fast_text(value: Any) -> Any:
    return value if value.__class__ is str else _BAD


def _fast_id(value: Any) -> Any:
    return value if value.__class__ is str and _match_id(value) else _BAD


def _fast_int(value: Any) -> Any:
    return value if value.__class__ is int else _BAD


def _fast_bool(value: Any) -> Any:
    return value if value.__class__ is bool else _BAD


def _fast_number(value: Any) -> Any:
    if value.__class__ is int:
        return str(value) if 0 <= value < 10**21 else _BAD
    if value.__class__ is Decimal and value.is_finite() and value >= 0:
        return str(value) if not value or -20 <= value.adjusted() <= 20 else _BAD
    return _BAD


def _fast_ids(value: Any) -> Any:
    if value.__class__ is list and all(v.__class__ is str and _match_id(v) for v in value):
        return list(value)
    return _BAD


def _fast_date(value: Any) -> Any:
    return value if value.__class__ is str and _match_date(value) else _BAD


_FAST = {
    "str": _fast_str,
    "text": _fast_text,
    "id": _fast_id,
    "int": _fast_int,
    "bool": _fast_bool,
    "number": _fast_number,
    "ids": _fast_ids,
    "date": _fast_date,
}

_PLANS: Dict[str, Tuple[Dict[str, Tuple[Any, Any]], FrozenSet[str]]] = {}


def _fast_table(obj: Record, name: str) -> Optional[Tuple[Record, List[str]]]:
    """A table's plain values converted, and the keys of its nested tables, left for the
    caller; None if any key is unknown, missing or invalid (the caller goes key by key)."""
    plan = _PLANS.get(name)
    if plan is None:
        from tzcli.schema import TABLES

        _compile_patterns()
        fields = TABLES[name]
        plan = (
            {key: (_FAST.get(field.kind), field.choices) for key, field in fields.items()},
            frozenset(key for key, field in fields.items() if field.required),
        )
        _PLANS[name] = plan
    checks, required = plan
    keys = obj.keys()
    if not (checks.keys() >= keys and keys >= required):
        return None
    out: Record = {}
    nested: List[str] = []
    for key, raw in obj.items():
        fast, choices = checks[key]
        if fast is None:  # a nested table or array of tables
            nested.append(key)
            continue
        value = fast(raw)
        if value is _BAD or (choices and value not in choices):
            return None
        out[key] = value
    return out, nested


def _id_lines(text: str) -> Dict[str, List[int]]:
    """The line of every ``id = "…"`` in a file, by id, in order: one pass over the text."""
    lines: Dict[str, List[int]] = {}
    line, pos = 1, 0
    for found in re.finditer(r'(?m)^[ \t]*id[ \t]*=[ \t]*"([^"\\\n]*)"', text):
        line += text.count("\n", pos, found.start())
        pos = found.start()
        lines.setdefault(found.group(1), []).append(line)
    return lines


def _check_figure(check: _Checker, fig: Record, path: str) -> None:
    rid = fig.get("id")
    if fig.get("derived"):
        if "formula" not in fig:
            check.fail(_join(path, "formula"), "a derived figure needs a formula", rid)
        for key in ("value", "value_max", "quote"):
            if key in fig:
                check.fail(_join(path, key), "a derived figure has no stated value or quote", rid)
    else:
        if "formula" in fig:
            check.fail(_join(path, "formula"), "only a derived figure has a formula", rid)
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


def _figure_record(
    check: _Checker, raw: Record, path: str, *, inherit: Record, fig_id: Optional[str] = None
) -> Record:
    fig = {**inherit, **raw} if inherit else raw  # raw: a fresh record from the checker
    if fig_id is not None:
        fig["id"] = fig_id
    _check_figure(check, fig, path)
    fig["path"] = path
    return fig


def parse_file(path: Path, raw: Optional[bytes] = None) -> Record:
    """One file, checked against the schema and normalised; raises DataError.
    ``raw``: the file's bytes, read already (stdin), ``path`` only naming it."""
    doc, text = _read_toml(path) if raw is None else _decode_toml(raw, display_name(path))
    check = _Checker(display_name(path), text)
    root = check.table(doc, "root", "")
    if root is None or check.problems:
        raise DataError(check.problems)
    if root["schema_version"] != SCHEMA_VERSION:
        check.fail(
            "schema_version",
            f"this tzcli reads schema version {SCHEMA_VERSION}, "
            f"the file has {root['schema_version']}",
        )
        raise DataError(check.problems)
    source = root["meta"]["id"]
    figures: List[Record] = []
    for i, fig in enumerate(root.get("figures", [])):
        figures.append(_figure_record(check, fig, f"figures[{i}]", inherit={}))
    projects = []
    for i, proj in enumerate(root.get("projects", [])):
        base = {"topic": "projects", "year": proj["year"], "section": proj["section"]}
        base["project"] = proj["id"]
        if "investment" in proj:
            inv = _figure_record(
                check,
                proj.pop("investment"),
                f"projects[{i}].investment",
                inherit=base,
                fig_id=f"{proj['id']}.investment",
            )
            figures.append(inv)
            proj["investment"] = inv["id"]
        ids = []
        for j, fig in enumerate(proj.pop("figures", [])):
            rec = _figure_record(check, fig, f"projects[{i}].figures[{j}]", inherit=base)
            figures.append(rec)
            ids.append(rec["id"])
        proj["figures"] = ids
        proj["path"] = f"projects[{i}]"
        projects.append(proj)
    plans = []
    sections = {s["id"]: s for s in root.get("sections", [])}
    for i, plan in enumerate(root.get("plans", [])):
        year = sections.get(plan["section"], {}).get("year", 2017)
        base = {"topic": "plans", "year": year, "section": plan["section"], "plan": plan["id"]}
        ids = []
        for j, fig in enumerate(plan.pop("targets", [])):
            rec = _figure_record(check, fig, f"plans[{i}].targets[{j}]", inherit=base)
            figures.append(rec)
            ids.append(rec["id"])
        plan["targets"] = ids
        plan["path"] = f"plans[{i}]"
        plans.append(plan)
    if check.problems:
        raise DataError(check.problems)

    def tagged(name: str) -> List[Record]:
        items = root.get(name, [])
        for i, item in enumerate(items):
            item.setdefault("path", f"{name}[{i}]")
        return list(items)

    plain: Record = {
        "file": check.name,
        "meta": root["meta"],
        "topics": tagged("topics"),
        "sections": tagged("sections"),
        "figures": figures,
        "projects": projects,
        "plans": plans,
        "villages": tagged("villages"),
        "notes": tagged("notes"),
    }
    for group in ("topics", "sections", "figures", "projects", "plans", "villages", "notes"):
        for item in plain[group]:
            item["source"] = source
            item["file"] = check.name  # for messages: two files may share a source id
    plain["meta"]["file"] = check.name
    return plain


def parse_files(files: Sequence[Path], raw: Optional[bytes] = None) -> Record:
    """Every file parsed, then checked together: unique ids, references, derived values.
    ``raw``: the bytes of the one file, read already (see ``load_text``)."""
    parsed: List[Record] = []
    problems: List[Problem] = []
    for path in files:
        try:
            parsed.append(parse_file(path, raw))
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    combined: Record = {"files": [p["file"] for p in parsed], "metas": []}
    for group in ("topics", "sections", "figures", "projects", "plans", "villages", "notes"):
        combined[group] = [item for p in parsed for item in p[group]]
    combined["metas"] = [p["meta"] for p in parsed]
    _check_references(combined)
    combined["figures"] = [_figure_state(fig) for fig in combined["figures"]]
    combined["metas"] = [
        _state(Meta, m, years=tuple(_state(YearMeaning, y) for y in m["years"]))
        for m in combined["metas"]
    ]
    combined["topics"] = [_state(Topic, t) for t in combined["topics"]]
    combined["sections"] = [_state(Section, s) for s in combined["sections"]]
    combined["projects"] = [_state(Project, p) for p in combined["projects"]]
    combined["plans"] = [
        _state(Plan, p, measures=tuple(_state(Measure, m) for m in p.get("measures", ())))
        for p in combined["plans"]
    ]
    combined["villages"] = [
        _state(Village, v, mentions=tuple(_state(Mention, m) for m in v.get("mentions", ())))
        for v in combined["villages"]
    ]
    combined["notes"] = [_state(SourceNote, n) for n in combined["notes"]]
    return combined


def _state(cls: type, rec: Record, **nested: Any) -> Record:
    """A checked record as the fields of ``cls``, every one and in order, lists as tuples
    (project/plan figures still as ids): what the cache stores and ``build`` adopts."""
    from tzcli._frozen import defaults

    fallback = defaults(cls)
    state: Record = {}
    for name in cls.__match_args__:  # type: ignore[attr-defined]
        if name in nested:
            state[name] = nested[name]
        elif name in rec:
            value = rec[name]
            state[name] = tuple(value) if isinstance(value, list) else value
        else:
            state[name] = fallback[name]
    return state


def _check_references(data: Record) -> None:
    problems: List[Problem] = []
    file_of = {m["id"]: m["file"] for m in data["metas"]}
    source_lines: Dict[str, Dict[str, List[int]]] = {}

    def fail(item: Record, key: str, message: str, nth: int = 0) -> None:
        name = item.get("file") or file_of.get(item.get("source", ""), "")
        line = None
        if item.get("id"):
            if name not in source_lines:  # each file indexed once: linear, however many problems
                try:
                    from pathlib import Path

                    source_lines[name] = _id_lines(Path(name).read_text(encoding="utf-8"))
                except (OSError, ValueError):
                    source_lines[name] = {}
            found = source_lines[name].get(item["id"], [])
            if found:
                line = found[min(nth, len(found) - 1)]
        problems.append(Problem(name, _join(item.get("path", ""), key), message, line))

    seen_sources: Dict[str, str] = {}
    for meta in data["metas"]:
        if meta["id"] in seen_sources:
            problems.append(
                Problem(meta["file"], "meta.id", f"source id {meta['id']!r} is used twice")
            )
        seen_sources[meta["id"]] = meta["file"]

    kinds: Dict[str, Dict[str, Record]] = {}
    everything: Dict[str, Record] = {}
    occurrences: Dict[Tuple[str, str], int] = {}  # (file, id) seen more than once: how often
    for group in ("topics", "sections", "figures", "projects", "plans", "villages", "notes"):
        kinds[group] = {}
        for item in data[group]:
            rid = item["id"]
            if rid in everything:
                other = everything[rid]
                where = item.get("file", "")
                first = 1 if other.get("file", "") == where else 0
                nth = occurrences.get((where, rid), first)
                occurrences[(where, rid)] = nth + 1
                fail(
                    item,
                    "id",
                    f"duplicate id {rid!r} (also at {other.get('file', '')}: "
                    f"{other.get('path', '')})",
                    nth,
                )
                continue
            everything[rid] = item
            kinds[group][rid] = item

    def resolve(item: Record, key: str, group: str, value: Optional[str]) -> None:
        if value is not None and value not in kinds[group]:
            singular = group[:-1]
            fail(item, key, f"no {singular} with id {value!r}")

    for fig in data["figures"]:
        if (fig.get("project") or fig.get("plan")) and fig.get("topic") not in kinds["topics"]:
            owner = "a project's" if fig.get("project") else "a plan's"
            fail(
                fig,
                "topic",
                f"{owner} figures belong to topic {fig.get('topic')!r}: "
                f"the file needs a [[topics]] entry with id = {fig.get('topic')!r}",
            )
            continue
        resolve(fig, "topic", "topics", fig.get("topic"))
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
            if ref not in everything:
                fail(note, f"refs[{i}]", f"no record with id {ref!r}")
    if problems:
        raise DataError(problems)
    _compute_derived(data["figures"], kinds["figures"], fail)
    if problems:
        raise DataError(problems)


def _compute_derived(figures: List[Record], by_id: Dict[str, Record], fail: Any) -> None:
    from tzcli.formula import FormulaError, evaluate, names

    state: Dict[str, str] = {}
    failures: Dict[str, BaseException] = {}

    class _Cycle(Exception):
        pass

    def compute(fid: str) -> Decimal:
        """The figure's value; a failure is kept and raised again for it alone."""
        fig = by_id[fid]
        if fid in failures:
            raise failures[fid]
        if state.get(fid) == "busy":
            raise _Cycle(fid)
        if "value" not in fig:
            state[fid] = "busy"
            try:
                fig["value"] = str(evaluate(fig["formula"], value_of))
            except (_Cycle, FormulaError, ArithmeticError, RecursionError) as exc:
                failures[fid] = exc
                raise
            finally:
                state.pop(fid, None)
        return Decimal(fig["value"])

    def value_of(fid: str) -> Decimal:
        """An input's value: a derived input that fails is named, not blamed on its user."""
        fig = by_id.get(fid)
        if fig is None:
            raise FormulaError(f"no figure with id {fid!r}")
        if not fig.get("derived"):
            return Decimal(fig["value"])
        try:
            return compute(fid)
        except _Cycle:
            raise
        except (FormulaError, ArithmeticError, RecursionError):
            raise FormulaError(f"uses {fid!r}, which cannot be computed") from None

    for fig in figures:
        if not fig.get("derived"):
            continue
        try:
            fig["inputs"] = list(names(fig["formula"]))
            value = compute(fig["id"])
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


# --------------------------------------------------------------------------
# Building the model from plain records


def _figure_state(rec: Record) -> Record:
    """A checked figure as the fields of a ``Figure``, every one and in order, with the
    numbers still text: what the cache stores, and ``build`` turns into a record at once."""
    get = rec.get
    # Keywords and ids that many figures share become one string each: the cache then
    # stores (and a hit makes) one object, not one a figure (100,000 figures: 600,000).
    intern = sys.intern
    project, plan = get("project"), get("plan")
    return {
        "id": rec["id"],
        "topic": intern(rec["topic"]),
        "year": rec["year"],
        "subject_zh": rec["subject_zh"],
        "subject_en": rec["subject_en"],
        "value": rec["value"],
        "unit": intern(rec["unit"]),
        "qualifier": intern(rec["qualifier"]),
        "section": intern(rec["section"]),
        "quote": get("quote"),
        "value_max": get("value_max"),
        "derived": bool(get("derived", False)),
        "formula": get("formula"),
        "inputs": tuple(get("inputs", ())),
        "villages": tuple(get("villages", ())),
        "note_en": get("note_en"),
        "note_zh": get("note_zh"),
        "flag_en": get("flag_en"),
        "project": None if project is None else intern(project),
        "plan": None if plan is None else intern(plan),
        "source": intern(rec["source"]),
    }


def _figures(states: List[Record]) -> Tuple[Figure, ...]:
    """Figures made of their states (see ``_figure_state``): each state, complete and
    checked, becomes the figure's own fields (``restore``: no ``__init__``, no copy; at
    100,000 figures that is most of a repeated call's work and a third of its memory)."""
    from tzcli._frozen import restore

    fields = Figure.__match_args__
    if states and tuple(states[0]) != fields:
        raise ValueError("a figure state of the wrong shape")
    figures: List[Figure] = []
    for state in states:
        if len(state) != len(fields):
            raise ValueError("a figure state of the wrong shape")
        state["value"] = Decimal(state["value"])
        if state["value_max"] is not None:
            state["value_max"] = Decimal(state["value_max"])
        figures.append(restore(Figure, state))
    return tuple(figures)


def build(plain: Record) -> Dataset:
    """The model, from plain records (freshly parsed or read from the cache): each state
    becomes its record's own fields, so write ``plain`` to the cache before this."""
    from tzcli._frozen import restore

    def records(cls: Any, states: List[Record]) -> Tuple[Any, ...]:
        if states and tuple(states[0]) != cls.__match_args__:
            raise ValueError(f"a {cls.__name__} state of the wrong shape")
        return tuple(restore(cls, state) for state in states)

    figures = _figures(plain["figures"])
    by_id = {fig.id: fig for fig in figures}
    for meta in plain["metas"]:
        meta["years"] = records(YearMeaning, meta["years"])
    for proj in plain["projects"]:
        proj["investment"] = by_id[proj["investment"]] if proj["investment"] else None
        proj["figures"] = tuple(by_id[f] for f in proj["figures"])
    for plan in plain["plans"]:
        plan["measures"] = records(Measure, plan["measures"])
        plan["targets"] = tuple(by_id[f] for f in plan["targets"])
    for village in plain["villages"]:
        village["mentions"] = records(Mention, village["mentions"])
    return Dataset(
        metas=records(Meta, plain["metas"]),
        topics=records(Topic, plain["topics"]),
        sections=records(Section, plain["sections"]),
        figures=figures,
        projects=records(Project, plain["projects"]),
        plans=records(Plan, plain["plans"]),
        villages=records(Village, plain["villages"]),
        notes=records(SourceNote, plain["notes"]),
        files=tuple(plain["files"]),
    )
