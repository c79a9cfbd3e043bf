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
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Union

from tzcli.errors import DataError, Problem
from tzcli.model import (
    SCHEMA_VERSION,
    Dataset,
    Figure,
    Measure,
    Mention,
    Meta,
    Plan,
    Project,
    ReplacedId,
    Section,
    SourceNote,
    Topic,
    Village,
    YearMeaning,
)

if TYPE_CHECKING:
    from pathlib import Path  # imported where used: a cache hit needs no pathlib

    from tzcli.check import Checker

PathLike = Union[str, "os.PathLike[str]"]
Record = dict[str, Any]

#: Bigger files are refused rather than parsed for minutes. tomllib needs up to ~30
#: bytes of memory a byte of TOML (an array of decimals): at this size a call stays
#: within 2 GB, whatever the file holds.
MAX_FILE_BYTES = 48 * 1024 * 1024

#: Refused before tomllib sees them: longer lines, keys of more dotted parts (tomllib
#: takes time and memory growing with the square of a key's parts).
MAX_LINE_CHARS = 1_000_000
MAX_KEY_PARTS = 100


def bundled_path() -> Path:
    """The bundled data folder: inside the installed package, or the checkout's ``data/``.

    Not called by tzcli itself, which keeps pathlib out of a call (``_bundled_folder``):
    the one public way to ask an installed tzcli where its data is (tests/test_install.py
    asks a built wheel)."""
    from pathlib import Path

    return Path(_bundled_folder(__file__))


def _bundled_folder(loader_file: str) -> str:
    """``data`` beside the loader (a wheel carries it as ``tzcli/data``), else the
    checkout's ``data/`` (an editable install)."""
    here = os.path.dirname(os.path.realpath(loader_file))
    packaged = os.path.join(here, "data")
    if os.path.isdir(packaged):
        return packaged
    return os.path.join(os.path.dirname(os.path.dirname(here)), "data")


def display_name(path: PathLike) -> str:
    """A path as the user would recognise it: relative to the cwd when under it."""
    try:
        relative = os.path.relpath(path)
    except (ValueError, OSError):  # another drive on Windows; a deleted working folder
        return str(path)
    return str(path) if relative.startswith("..") else relative


def dataset_files(path: PathLike | None = None) -> list[str]:
    """The one rule for which files make up a dataset: the file named, or every
    ``*.toml`` file of the folder named (the bundled folder when None), sorted by
    name, as resolved paths; a DataError that says why when there are none.

    Written with ``os.path``: a cache hit, which needs only these names, imports no
    pathlib."""
    target = _bundled_folder(__file__) if path is None else os.fspath(path)
    shown = str(path) if path is not None else display_name(target)
    if not isinstance(target, str) or not target:
        raise DataError([Problem("''", "", "empty path: give a file or folder")])
    try:
        os.stat(target)
    except FileNotFoundError:
        raise DataError([Problem(shown, "", "no such file or directory")]) from None
    except (OSError, ValueError) as exc:  # a folder on the way we may not enter, a NUL …
        reason = getattr(exc, "strerror", None) or str(exc)
        raise DataError([Problem(shown, "", f"cannot read: {reason}")]) from None
    if os.path.isdir(target):
        try:
            names = sorted(
                name
                for name in os.listdir(target)
                if name.endswith(".toml") and os.path.isfile(os.path.join(target, name))
            )
        except OSError as exc:
            raise DataError([Problem(shown, "", f"cannot read: {exc.strerror or exc}")]) from None
        if not names:
            raise DataError([Problem(shown, "", "directory holds no *.toml file")])
        return [os.path.realpath(os.path.join(target, name)) for name in names]
    resolved = os.path.realpath(target)  # /dev/fd/63 of <(…) resolves to a name not there
    return [resolved if os.path.exists(resolved) else os.path.abspath(target)]


def _paths(names: Sequence[str]) -> list[Path]:
    from pathlib import Path  # only when files are parsed

    return [Path(name) for name in names]


def load(path: PathLike | None = None, *, use_cache: bool = True) -> Dataset:
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


def _load(path: PathLike | None, use_cache: bool) -> Dataset:
    from tzcli import cache

    files = dataset_files(path)  # with os.path: a hit imports neither pathlib nor tomllib
    if not use_cache or not cache.enabled():
        return build(parse_files(_paths(files)))
    key = cache.key_for(files)  # taken before parsing: a change meanwhile is a miss later
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
    plain = parse_files(_paths(files), per_file_cache=len(files) > 1)
    cache.write(key, plain)
    return build(plain)


def _parse_file_cached(path: Path) -> Record:
    """``parse_file``, through the cache's entry for this one file (a folder of many
    files: a change to one of them re-parses that one alone)."""
    from tzcli import cache

    key = cache.key_for([str(path)], kind="file")
    stored = cache.read(key)
    if isinstance(stored, dict):
        try:
            name = display_name(path)  # as this call shows it (relative to the current folder)
            for group in _GROUPS:
                for item in stored[group]:
                    item["file"] = name
            stored["file"] = stored["meta"]["file"] = name
            return stored
        except Exception:  # an entry of the wrong shape: parse instead
            pass
    plain = parse_file(path)
    cache.write(key, plain)  # before parse_files changes the records
    return plain


def load_text(raw: bytes, name: str = "<stdin>") -> Dataset:
    """One TOML document given as bytes (``--data -``), validated as a file is, never
    cached (there is no file to key it on); ``name`` stands for its file name."""
    from pathlib import Path

    if len(raw) > MAX_FILE_BYTES:
        raise DataError([Problem(name, "", f"input is over the limit of {MAX_FILE_BYTES} bytes")])
    return build(parse_files([Path(name)], raw=raw))


# --------------------------------------------------------------------------
# Parsing and checking


def _read_toml(path: Path) -> tuple[dict[str, Any], str]:
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


def _decode_toml(raw: bytes, name: str) -> tuple[dict[str, Any], str]:
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
        if not text.strip():
            raise DataError([Problem(name, "", "file is empty (only a byte-order mark)")])
    _precheck(name, text)
    try:
        import tomllib  # type: ignore[import-not-found,unused-ignore]
    except ModuleNotFoundError:  # Python < 3.11
        import tomli as tomllib  # type: ignore[import-not-found,no-redef,unused-ignore]
    try:
        doc = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        message = str(exc)
        line: int | None = getattr(exc, "lineno", None)
        column: int | None = getattr(exc, "colno", None)
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


def _precheck(name: str, text: str) -> None:
    """Refuse what would exhaust tomllib before it starts: a line over ``MAX_LINE_CHARS``,
    a key of more than ``MAX_KEY_PARTS`` dotted parts (outside quoted strings)."""
    if len(text) <= MAX_LINE_CHARS and text.count(".") <= MAX_KEY_PARTS:
        return
    lines = text.split("\n")
    for number, line in enumerate(lines, 1):
        if len(line) > MAX_LINE_CHARS:
            raise DataError(
                [Problem(name, "", f"line is over {MAX_LINE_CHARS} characters", number)]
            )
        if line.count(".") >= MAX_KEY_PARTS:
            bare = re.sub(r'"(?:[^"\\]|\\.)*"|\'[^\']*\'', "", line)  # strings do not count
            if bare.count(".") >= MAX_KEY_PARTS:
                raise DataError(
                    [Problem(name, "", f"a key of over {MAX_KEY_PARTS} dotted parts", number)]
                )


def parse_file(path: Path, raw: bytes | None = None) -> Record:
    """One file, checked against the schema and normalised; raises DataError.
    ``raw``: the file's bytes, read already (stdin), ``path`` only naming it."""
    root, check = _checked_document(path, raw)
    return _plain_records(root, check)


def _checked_document(path: Path, raw: bytes | None) -> tuple[Record, Checker]:
    """The file's document, read and checked against the schema (its values converted),
    with its checker; a DataError with every problem of the first stage that has any."""
    from tzcli.check import Checker, todo_problems, uncarriable  # only to parse

    doc, text = _read_toml(path) if raw is None else _decode_toml(raw, display_name(path))
    refused = uncarriable(doc, display_name(path), text)
    if refused:
        raise DataError(refused)
    todo = todo_problems(doc, display_name(path), text)
    if todo:  # a draft: what is left to do, not what its placeholders break
        raise DataError(todo)
    check = Checker(display_name(path), text)
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
    return root, check


def _plain_records(root: Record, check: Checker) -> Record:
    """A checked document as plain records: the figures of projects and plans made
    figures of their own (their owner, year and section inherited), paths and
    sources marked on every record."""
    from tzcli.check import figure_record

    source = root["meta"]["id"]
    figures: list[Record] = []
    for i, fig in enumerate(root.get("figures", [])):
        figures.append(figure_record(check, fig, f"figures[{i}]", inherit={}))
    projects = []
    for i, proj in enumerate(root.get("projects", [])):
        base = {"topic": "projects", "year": proj["year"], "section": proj["section"]}
        base["project"] = proj["id"]
        if "investment" in proj:
            inv = figure_record(
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
            rec = figure_record(check, fig, f"projects[{i}].figures[{j}]", inherit=base)
            figures.append(rec)
            ids.append(rec["id"])
        proj["figures"] = ids
        proj["path"] = f"projects[{i}]"
        projects.append(proj)
    plans = []
    sections = {s["id"]: s for s in root.get("sections", [])}
    for i, plan in enumerate(root.get("plans", [])):
        year = sections.get(plan["section"], {}).get("year", 2017)
        base = {
            "topic": "plans",
            "year": year,
            "section": plan["section"],
            "plan": plan["id"],
            "kind": "target",  # a plan's targets are targets unless they say otherwise
        }
        ids = []
        for j, fig in enumerate(plan.pop("targets", [])):
            rec = figure_record(check, fig, f"plans[{i}].targets[{j}]", inherit=base)
            figures.append(rec)
            ids.append(rec["id"])
        plan["targets"] = ids
        plan["path"] = f"plans[{i}]"
        plans.append(plan)
    if check.problems:
        raise DataError(check.problems)

    def tagged(name: str) -> list[Record]:
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
        "replaced_ids": tagged("replaced_ids"),
    }
    for group in _GROUPS + ("replaced_ids",):
        for item in plain[group]:
            item["source"] = source
            item["file"] = check.name  # for messages: two files may share a source id
    plain["meta"]["file"] = check.name
    return plain


_GROUPS = ("topics", "sections", "figures", "projects", "plans", "villages", "notes")


def parse_files(
    files: Sequence[Path], *, per_file_cache: bool = False, raw: bytes | None = None
) -> Record:
    """Every file parsed, then checked together: unique ids, references, derived values.
    With ``per_file_cache``, each file's own checked records come from the cache when
    they can (see ``_parse_file_cached``); ``raw``: the bytes of the one file, read
    already (see ``load_text``)."""
    parsed: list[Record] = []
    problems: list[Problem] = []
    for path in files:
        try:
            if raw is not None:
                parsed.append(parse_file(path, raw))
            elif per_file_cache:
                parsed.append(_parse_file_cached(path))
            else:
                parsed.append(parse_file(path))
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    combined: Record = {"files": [p["file"] for p in parsed], "metas": []}
    for group in _GROUPS + ("replaced_ids",):
        combined[group] = [item for p in parsed for item in p[group]]
    combined["metas"] = [p["meta"] for p in parsed]
    from tzcli.check import check_references  # only to parse

    check_references(combined)
    combined["figures"] = [_figure_state(fig) for fig in combined["figures"]]
    combined["metas"] = [
        _state(Meta, m, years=tuple(_state(YearMeaning, y) for y in m["years"]))
        for m in combined["metas"]
    ]
    combined["topics"] = [_state(Topic, t) for t in combined["topics"]]
    combined["sections"] = [
        _state(Section, s, measures=tuple(_state(Measure, m) for m in s.get("measures", ())))
        for s in combined["sections"]
    ]
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
    combined["replaced_ids"] = [_state(ReplacedId, r) for r in combined["replaced_ids"]]
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
        "decimals": get("decimals"),
        "kind": intern(get("kind", "result")),
        "year_end": get("year_end"),
        "reviewed": get("reviewed", True),
        "source": intern(rec["source"]),
    }


def _figures(states: list[Record]) -> tuple[Figure, ...]:
    """Figures made of their states (see ``_figure_state``): each state, complete and
    checked, becomes the figure's own fields (``restore``: no ``__init__``, no copy; at
    100,000 figures that is most of a repeated call's work and a third of its memory)."""
    from tzcli._frozen import restore

    fields = Figure.__match_args__
    if states and tuple(states[0]) != fields:
        raise ValueError("a figure state of the wrong shape")
    figures: list[Figure] = []
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

    def records(cls: Any, states: list[Record]) -> tuple[Any, ...]:
        if states and tuple(states[0]) != cls.__match_args__:
            raise ValueError(f"a {cls.__name__} state of the wrong shape")
        return tuple(restore(cls, state) for state in states)

    figures = _figures(plain["figures"])
    # Only projects and plans name figures: index theirs alone (a corpus has 100,000 others).
    by_id = {
        (fig.source, fig.id): fig
        for fig in figures
        if fig.project is not None or fig.plan is not None
    }
    for meta in plain["metas"]:
        meta["years"] = records(YearMeaning, meta["years"])
    for proj in plain["projects"]:
        source = proj["source"]
        inv = proj["investment"]
        proj["investment"] = by_id[(source, inv)] if inv else None
        proj["figures"] = tuple(by_id[(source, f)] for f in proj["figures"])
    for section in plain["sections"]:
        section["measures"] = records(Measure, section["measures"])
    for plan in plain["plans"]:
        plan["measures"] = records(Measure, plan["measures"])
        plan["targets"] = tuple(by_id[(plan["source"], f)] for f in plan["targets"])
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
        replaced_ids=records(ReplacedId, plain.get("replaced_ids", [])),
    )
