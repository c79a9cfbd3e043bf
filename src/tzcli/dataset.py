"""Find, parse and validate dataset files into the model.

The only module that reads data files. Parsing happens in two steps: the
TOML is checked against ``tzcli.schema`` and turned into plain, normalised
records (str/int/bool/None, lists and dicts: what ``marshal`` can store);
then those records become frozen dataclasses. The cache (``tzcli.cache``)
keeps each file's plain records and a summary of it for the checks across files
(docs/cache.md), so a repeated call skips tomllib altogether, and a call after
an edit parses and checks the edited file alone.
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

    from tzcli.check import Checker, TomlTable

PathLike = Union[str, "os.PathLike[str]"]
#: A record's fields by name, in the model's order: what ``build`` makes a record of.
State = dict[str, Any]

#: Bigger files are refused rather than parsed for minutes. tomllib needs up to ~30
#: bytes of memory a byte of TOML (an array of decimals): at this size a call stays
#: within 2 GB, whatever the file holds.
MAX_FILE_BYTES = 48 * 1024 * 1024

#: Refused before tomllib sees them: longer lines, keys of more dotted parts (tomllib
#: takes time and memory growing with the square of a key's parts).
MAX_LINE_CHARS = 1_000_000
MAX_KEY_PARTS = 100


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
        loaded = _load(path, use_cache)
        from tzcli import process

        if process.after_load is not None:  # the command line's process: see __main__.run
            process.after_load(loaded)
        return loaded
    finally:
        if collecting:
            gc.enable()


def _load(path: PathLike | None, use_cache: bool) -> Dataset:
    from tzcli import cache

    files = dataset_files(path)  # with os.path: a hit imports neither pathlib nor tomllib
    if not use_cache or not cache.enabled():
        return build(parse_files(_paths(files)))
    # Each file's entry: its records as ``build`` takes them and a summary of what the
    # checks across files need of it. A changed file is parsed and checked alone; the
    # checks across files run on the summaries (``_combine``), or, when those cannot
    # tell, on every file's records, parsed again (``parse_files``).
    keys = cache.keys_for(files)  # taken before parsing: a change meanwhile is a miss later
    try:
        return _from_parts(files, keys, cache.read_many(keys))
    except DataError:
        raise
    except Exception:  # an entry of the wrong shape (its checksum right: a buggy writer)
        return _from_parts(files, keys, [None] * len(files))  # every file parsed again


def _from_parts(files: list[str], keys: list[Any], stored: list[Any]) -> Dataset:
    """The dataset of ``files`` from their entries (``stored``: None where there is
    none); the others parsed and their entries written."""
    from tzcli import cache

    parts: list[State] = []
    problems: list[Problem] = []
    for name, key, part in zip(files, keys, stored, strict=True):
        if part is None or not _renamed(part, name):
            try:
                part = _parse_part(name)
            except DataError as exc:  # as parse_files: every file's problems, in order
                problems.extend(exc.problems)
                continue
            cache.write(key, part)  # before build adopts its records
        parts.append(part)
    if problems:
        raise DataError(problems)
    combined = _combine(parts)
    if combined is None:
        return build(parse_files(_paths(files)))
    return build(combined)


def _renamed(part: Any, name: str) -> bool:
    """Whether a per-file entry has the expected shape; its file named as this call
    shows it (relative to the current folder)."""
    try:
        shown = display_name(name)
        part["file"] = shown
        if part["summary"] is not None:
            part["metas"][0]["file"] = shown
        return True
    except Exception:  # an entry of the wrong shape: parse instead
        return False


def _parse_part(name: str) -> State:
    """One file parsed and checked alone (``check.check_alone``): the file's entry."""
    from pathlib import Path

    from tzcli.check import check_alone

    plain = parse_file(Path(name))
    summary = check_alone(plain)
    part: State = {"file": plain["file"], "summary": summary}
    if summary is not None:  # else only the checks of every file together can tell
        part.update(_states(plain, [plain["meta"]], plain["topics"]))
    return part


def _combine(parts: list[State]) -> State | None:
    """The files' records together, with the checks across files done on their
    summaries: unique source ids, topics one vocabulary, every topic a file uses or
    names defined somewhere. None when a file's summary is missing (its result depends
    on the others) or any of those fails: ``parse_files`` then checks every record and
    says exactly what is wrong, as it does without the cache."""
    sources: set[str] = set()
    kept: dict[str, State] = {}
    topics: list[State] = []
    used: set[str] = set()
    for part in parts:
        summary = part["summary"]
        if summary is None or summary["source"] in sources:
            return None
        sources.add(summary["source"])
        used.update(summary["uses"])
        for topic in part["topics"]:
            first = kept.get(topic["id"])
            if first is None:
                kept[topic["id"]] = topic
                topics.append(topic)
            elif any(topic[key] != first[key] for key in _TOPIC_DEFINITION):
                return None
    missing = sorted(topic_id for topic_id in used if topic_id not in kept)
    if missing:  # used, defined by no file: the shared vocabulary's definition
        from tzcli.concepts import topic as vocabulary_topic

        for topic_id in missing:
            known = vocabulary_topic(topic_id)
            if known is None:
                return None
            kept[topic_id] = _state(Topic, {**known._asdict(), "source": ""})
            topics.append(kept[topic_id])
    if any(need not in kept for part in parts for need in part["summary"]["needs"]):
        return None
    combined: State = {"files": [part["file"] for part in parts], "topics": topics}
    for group in ("metas",) + _GROUPS[1:] + ("replaced_ids",):
        combined[group] = [item for part in parts for item in part[group]]
    return combined


#: What makes two files' definitions of a topic the same (``check.check_references``).
_TOPIC_DEFINITION = ("name_zh", "name_en", "description_en")


def load_text(raw: bytes, name: str = "<stdin>") -> Dataset:
    """One TOML document given as bytes (``--data -``), validated as a file is, never
    cached (there is no file to key it on); ``name`` stands for its file name."""
    from pathlib import Path

    if len(raw) > MAX_FILE_BYTES:
        raise DataError([Problem(name, "", f"input is over the limit of {MAX_FILE_BYTES} bytes")])
    return build(parse_files([Path(name)], raw=raw))


# --------------------------------------------------------------------------
# Parsing and checking


def _read_toml(path: Path) -> tuple[dict[str, Any], str, bytes]:
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


def _decode_toml(raw: bytes, name: str) -> tuple[dict[str, Any], str, bytes]:
    """The document, its text and its bytes (UTF-8, for the checks that scan bytes)."""
    if not raw or raw.isspace():  # raw.strip() would copy the whole file to find that out
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
    _precheck(name, text, raw)
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
    return doc, text, raw


#: Every byte but '.' and newline: once they are deleted, a line's dots are in a row.
_NOT_DOTS = bytes(b for b in range(256) if b not in b".\n")


def _precheck(name: str, text: str, raw: bytes) -> None:
    """Refuse what would exhaust tomllib before it starts: a line over ``MAX_LINE_CHARS``,
    a key of more than ``MAX_KEY_PARTS`` dotted parts (outside quoted strings). ``raw``:
    the text's UTF-8 bytes, where the dots of each line are counted at once (a loop over
    the lines of a 126 kB file: 0.6 ms). No ``raw.count(b".")`` first: a data file has
    over a hundred dots (its ids), and the count cost as much as the translation."""
    if len(text) <= MAX_LINE_CHARS:
        if b"." * MAX_KEY_PARTS not in raw.translate(None, _NOT_DOTS):  # a line's dots, in a row
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


def parse_file(path: Path, raw: bytes | None = None) -> TomlTable:
    """One file, checked against the schema and normalised; raises DataError.
    ``raw``: the file's bytes, read already (stdin), ``path`` only naming it."""
    root, check = _checked_document(path, raw)
    return _plain_records(root, check)


def _checked_document(path: Path, raw: bytes | None) -> tuple[TomlTable, Checker]:
    """The file's document, read and checked against the schema (its values converted),
    with its checker; a DataError with every problem of the first stage that has any."""
    from tzcli.check import Checker, fast_document, todo_problems, uncarriable  # to parse

    name = display_name(path)
    doc, text, utf8 = _read_toml(path) if raw is None else _decode_toml(raw, name)
    fast = fast_document(doc, name, text, utf8)  # most files: the fast checks alone
    if fast is not None:
        root, check = fast
    else:  # the long way, which says what is wrong, in this order
        refused = uncarriable(doc, name, text, utf8)
        if refused:
            raise DataError(refused)
        todo = todo_problems(doc, name, text)
        if todo:  # a draft: what is left to do, not what its placeholders break
            raise DataError(todo)
        check = Checker(name, text)
        checked = check.table(doc, "root", "")
        if checked is None or check.problems:
            raise DataError(check.problems)
        root = checked
    if root["schema_version"] != SCHEMA_VERSION:
        check.fail(
            "schema_version",
            f"this tzcli reads schema version {SCHEMA_VERSION}, "
            f"the file has {root['schema_version']}",
        )
        raise DataError(check.problems)
    return root, check


def _plain_records(root: TomlTable, check: Checker) -> TomlTable:
    """A checked document as plain records: the figures of projects and plans made
    figures of their own (their owner, year and section inherited), paths and
    sources marked on every record."""
    from tzcli.check import figure_record

    source = root["meta"]["id"]
    figures: list[TomlTable] = []
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

    def tagged(name: str) -> list[TomlTable]:
        items = root.get(name, [])
        for i, item in enumerate(items):
            item.setdefault("path", f"{name}[{i}]")
        return list(items)

    plain: TomlTable = {
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


def parse_files(files: Sequence[Path], *, raw: bytes | None = None) -> State:
    """Every file parsed, then checked together: unique ids, references, derived values;
    the records as ``build`` takes them. Never cached (``tzcli validate``, and the
    loader when the checks on the cached summaries cannot tell); ``raw``: the bytes of
    the one file, read already (see ``load_text``)."""
    parsed: list[TomlTable] = []
    problems: list[Problem] = []
    for path in files:
        try:
            parsed.append(parse_file(path) if raw is None else parse_file(path, raw))
        except DataError as exc:
            problems.extend(exc.problems)
    if problems:
        raise DataError(problems)
    combined: TomlTable = {"files": [p["file"] for p in parsed], "metas": []}
    for group in _GROUPS + ("replaced_ids",):
        combined[group] = [item for p in parsed for item in p[group]]
    combined["metas"] = [p["meta"] for p in parsed]
    from tzcli.check import check_references  # only to parse

    check_references(combined)
    states = _states(combined, combined["metas"], combined["topics"])
    states["files"] = combined["files"]
    return states


def _states(data: TomlTable, metas: list[TomlTable], topics: list[TomlTable]) -> State:
    """Checked records (``data``'s groups, ``metas``, ``topics``) as the states of their
    model records: what the cache stores and ``build`` adopts."""
    return {
        "metas": [
            _state(Meta, m, years=tuple(_state(YearMeaning, y) for y in m["years"])) for m in metas
        ],
        "topics": _group_states(Topic, topics),
        "sections": [
            _state(Section, s, measures=tuple(_group_states(Measure, s.get("measures", ()))))
            for s in data["sections"]
        ],
        "figures": _figure_states(data["figures"]),
        "projects": _group_states(Project, data["projects"]),
        "plans": [
            _state(Plan, p, measures=tuple(_group_states(Measure, p.get("measures", ()))))
            for p in data["plans"]
        ],
        "villages": [
            _state(Village, v, mentions=tuple(_group_states(Mention, v.get("mentions", ()))))
            for v in data["villages"]
        ],
        "notes": _group_states(SourceNote, data["notes"]),
        "replaced_ids": _group_states(ReplacedId, data["replaced_ids"]),
    }


#: Each record class's fields with their defaults (``_REQUIRED`` for none), in order.
_FIELDS: dict[type, tuple[tuple[str, Any], ...]] = {}
_REQUIRED: Any = object()
#: Each record class's fields as a dict of their defaults, in order; the names of
#: those that hold tuples (``tuple[...]`` in the model); the keys the loader adds to a
#: checked record for messages that are none of its fields (``_ONLY_FOR_MESSAGES``);
#: the fields without a default.
_TEMPLATES: dict[type, tuple[State, tuple[str, ...], tuple[str, ...], frozenset[str]]] = {}
_ONLY_FOR_MESSAGES = ("path", "file")


def _fields(cls: type) -> tuple[tuple[str, Any], ...]:
    found = _FIELDS.get(cls)
    if found is None:
        from tzcli._frozen import defaults

        fallback = defaults(cls)  # the defaults tzcli's records have: (), None, text
        names = cls.__match_args__  # type: ignore[attr-defined]
        found = _FIELDS[cls] = tuple((name, fallback.get(name, _REQUIRED)) for name in names)
    return found


def _template(cls: type) -> tuple[State, tuple[str, ...], tuple[str, ...], frozenset[str]]:
    found = _TEMPLATES.get(cls)
    if found is None:
        hints: dict[str, Any] = {}
        for base in reversed(cls.__mro__):
            hints.update(base.__dict__.get("__annotations__", {}))
        template = dict(_fields(cls))
        tuples = tuple(name for name in template if str(hints[name]).startswith("tuple["))
        extra = tuple(name for name in _ONLY_FOR_MESSAGES if name not in template)
        required = frozenset(name for name, value in template.items() if value is _REQUIRED)
        found = _TEMPLATES[cls] = (template, tuples, extra, required)
    return found


def _state(cls: type, rec: TomlTable, **nested: Any) -> State:
    """A checked record as the fields of ``cls``, every one and in order, lists as tuples
    (project/plan figures still as ids), ``nested`` records given as their states: what
    the cache stores and ``build`` adopts (``_group_states`` of one)."""
    return _group_states(cls, ({**rec, **nested} if nested else rec,))[0]


def _group_states(cls: type, records: Sequence[TomlTable]) -> list[State]:
    """``_state`` of each record of a group, the class's template looked up once and no
    call a record (a 126 kB file's ~330 records: ~0.1 ms less).

    Each is made as ``{**defaults, **rec}`` less the record's own keys that are no field
    (its file and path, for messages): the defaults' order is the fields', and the merge
    is done in C: a 126 kB file's ~250 records in 0.52 ms, 0.79 ms a field at a time."""
    template, tuples, extra, required = _template(cls)
    size = len(template)
    states = []
    for rec in records:
        state = {**template, **rec}
        if len(state) != size:
            for name in extra:
                state.pop(name, None)
            if len(state) != size:
                for name in rec.keys() - template.keys():
                    del state[name]
        for name in tuples:
            value = state[name]
            if value.__class__ is list:
                state[name] = tuple(value)
        # Cannot be, once checked: never a half record. (The keys looked up, not the
        # values compared: ``in`` on the values compares each with ==, ~1 µs a record.)
        if not rec.keys() >= required and _REQUIRED in state.values():
            raise KeyError(f"a {cls.__name__} without a required field")
        states.append(state)
    return states


def _figure_states(records: list[TomlTable]) -> list[State]:
    """Checked figures as the fields of a ``Figure`` (``_group_states``: the model's,
    every one and in order), numbers still text, shared text interned: what the cache
    stores, and ``build`` turns into records at once."""
    states = _group_states(Figure, records)
    intern = sys.intern
    for state in states:
        for name in _SHARED_TEXT:
            value = state[name]
            if value is not None:
                state[name] = intern(value)
    return states


# --------------------------------------------------------------------------
# Building the model from plain records


#: Figure fields whose values many figures share (keywords, a source's id, a project's):
#: one string each, not one a figure, in the cache and in a hit (100,000 figures: 600,000).
_SHARED_TEXT = ("topic", "unit", "qualifier", "section", "project", "plan", "kind", "source")


def _figures(states: list[State]) -> tuple[Figure, ...]:
    """Figures made of their states (see ``_figure_states``): each state, complete and
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


def build(plain: State) -> Dataset:
    """The model, from plain records (freshly parsed or read from the cache): each state
    becomes its record's own fields, so write ``plain`` to the cache before this."""
    from tzcli._frozen import restore

    def records(cls: Any, states: list[State]) -> tuple[Any, ...]:
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
