"""The whole dataset as one JSON document, one CSV of figures, a SQLite file, a data
package folder (tzcli.exports.datapackage) or an Excel workbook (tzcli.exports.xlsx).

Files are written to a temporary file beside the target and renamed into
place, so an interrupted or failed export never leaves a half-written file
and never touches an existing one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tzcli.errors import OutputError
from tzcli.model import Dataset


def document(ds: Dataset) -> dict[str, Any]:
    """Every record as plain data (Decimal values; derived ones to their ``decimals``,
    as every output shows them)."""
    return {
        "sources": [asdict(m) for m in ds.metas],
        "topics": [asdict(t) for t in ds.topics],
        "sections": [asdict(s) for s in ds.sections],
        "figures": [{**asdict(f), "value": f.shown_value()} for f in ds.figures],
        "projects": [
            {
                **asdict(p),
                "investment": p.investment.id if p.investment else None,
                "figures": [f.id for f in p.figures],
            }
            for p in ds.projects
        ],
        "plans": [{**asdict(p), "targets": [f.id for f in p.targets]} for p in ds.plans],
        "villages": [asdict(v) for v in ds.villages],
        "notes": [asdict(n) for n in ds.notes],
    }


def text(ds: Dataset, fmt: str, *, bom: bool = False) -> str:
    """The export as text (json or csv)."""
    from tzcli.render import OutputFormat
    from tzcli.render.machine import json_document, machine_text

    if fmt == "json":
        return json_document(document(ds))
    if fmt == "csv":
        from tzcli.query import figure_columns, figure_row

        body = machine_text([figure_row(f) for f in ds.figures], figure_columns(), OutputFormat.CSV)
        return ("\ufeff" if bom else "") + body
    raise OutputError(f"cannot export {fmt!r} as text")


def write(ds: Dataset, fmt: str, path: str, *, force: bool = False, bom: bool = False) -> None:
    """Write the export to ``path`` atomically; refuse to overwrite without ``force``.

    Only regular files are written: through a symlink, the file it points to (in that
    file's folder; the link stays); a device, FIFO, socket or folder is refused.
    """
    if fmt in OTHER_FORMATS:
        write_other(ds, fmt, path, force=force)
        return
    target, exists = _output_file(path, force)
    if fmt == "sqlite":
        import sqlite3

        def fill(tmp: Path) -> None:
            try:
                write_sqlite(ds, tmp)
            except sqlite3.Error as exc:  # a full disk, an unwritable folder: as an OSError
                raise OSError(str(exc)) from None

        _atomic(target, fill, replace=exists, shown=path)
    else:
        payload = text(ds, fmt, bom=bom).encode("utf-8")
        _atomic(target, lambda tmp: tmp.write_bytes(payload), replace=exists, shown=path)


def _output_file(path: str, force: bool) -> tuple[Path, bool]:
    """The regular file ``path`` names (a symlink followed), and whether it exists; an
    OutputError for anything else, or for an existing file without ``force``."""
    import stat

    def fail(reason: str) -> OutputError:
        return OutputError(f"cannot write {path}: {reason}")

    try:
        link = os.lstat(path)
    except FileNotFoundError:
        link = None
    except NotADirectoryError:
        raise fail("a folder on the way is a file") from None
    except (OSError, ValueError) as exc:  # a folder on the way we may not enter, a NUL …
        raise fail(getattr(exc, "strerror", None) or str(exc)) from None
    try:
        st: Any = os.stat(path) if link is not None else None
    except FileNotFoundError:  # a dangling symlink: its target would be created
        st = None
    except OSError as exc:  # a loop of links, a folder we may not enter
        raise fail(exc.strerror or str(exc)) from None
    if st is not None and stat.S_ISDIR(st.st_mode):
        raise OutputError(f"{path} is a directory")
    if path.endswith(("/", os.sep)):
        raise fail("not a file name (it ends in '/')")
    if st is not None and not stat.S_ISREG(st.st_mode):
        raise fail(
            "not a regular file (a device, FIFO or socket); only files are written "
            "('-o -' writes to stdout)"
        )
    if link is not None and not force:
        raise OutputError(f"{path} exists; use --force to overwrite it")
    target = Path(os.path.realpath(path)) if link is not None else Path(path)
    if not target.parent.is_dir():
        raise fail(f"directory {target.parent} does not exist")
    return target, st is not None


class _Signalled(BaseException):
    """SIGTERM or SIGHUP arrived while writing: the temporary files go, then the signal
    is delivered again, as it would have been."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


def _atomic(
    target: Path, fill: Callable[[Path], Any], *, replace: bool = True, shown: str = ""
) -> None:
    """``fill`` a temporary file beside ``target``, then put it in place: with ``replace``,
    by a rename over the file; otherwise by a hard link, which fails if a file appeared
    at ``target`` meanwhile (never a check, then a rename)."""
    import signal
    import threading

    handlers: dict[int, Any] = {}
    if threading.current_thread() is threading.main_thread():
        for name in ("SIGTERM", "SIGHUP"):
            signum = getattr(signal, name, None)
            if signum is None:
                continue

            def stop(signum: int, _frame: Any) -> None:
                raise _Signalled(signum)

            try:
                handlers[signum] = signal.signal(signum, stop)
            except (OSError, ValueError):  # pragma: no cover - not settable here
                pass
    try:
        _write_and_place(target, fill, replace, shown or str(target))
    except _Signalled as exc:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)
        handlers.clear()
        signal.raise_signal(exc.signum)
        raise  # pragma: no cover - the signal's own handler did not end the process
    finally:
        for signum, handler in handlers.items():
            signal.signal(signum, handler)


def _write_and_place(target: Path, fill: Callable[[Path], Any], replace: bool, shown: str) -> None:
    import stat
    import tempfile

    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise OutputError(f"cannot write {shown}: {exc.strerror or exc}") from None
    tmp = Path(name)
    try:
        os.close(handle)
        fill(tmp)  # into our own (empty) file: sqlite takes an empty file as a new database
        if replace:
            try:  # --force keeps the replaced file's permissions
                os.chmod(tmp, stat.S_IMODE(os.stat(target).st_mode))
            except FileNotFoundError:
                pass
        else:
            mask = os.umask(0o022)
            os.umask(mask)
            os.chmod(tmp, 0o666 & ~mask)  # as a file the user creates: mkstemp made it 0600
        if replace:
            os.replace(tmp, target)
        else:
            _place_new(tmp, target, shown)
    except OSError as exc:
        raise OutputError(f"cannot write {shown}: {exc.strerror or exc}") from None
    finally:
        for leftover in (name, f"{name}-journal", f"{name}-wal", f"{name}-shm"):
            try:
                os.unlink(leftover)
            except OSError:
                pass


def _place_new(tmp: Path, target: Path, shown: str) -> None:
    """Give the finished ``tmp`` the name ``target`` only if no file has it."""
    import errno

    try:
        os.link(tmp, target)
        return
    except FileExistsError:
        raise OutputError(f"{shown} exists; use --force to overwrite it") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV):
            raise
    # No hard links here (FAT, some network file systems): an exclusive create, then a copy.
    import shutil

    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    except FileExistsError:
        raise OutputError(f"{shown} exists; use --force to overwrite it") from None
    try:
        with open(fd, "wb") as out, open(tmp, "rb") as src:
            shutil.copyfileobj(src, out)
    except BaseException:
        os.unlink(target)
        raise


def _sql_value(value: Any) -> Any:
    from decimal import Decimal

    if isinstance(value, Decimal):
        whole = value == value.to_integral_value() and -(2**63) <= value < 2**63  # SQLite's
        return int(value) if whole else float(value)
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (list, tuple)):
        import json

        return json.dumps(list(value), ensure_ascii=False)
    return value


TableSpec = tuple[str, Sequence[tuple[str, str]], list[dict[str, Any]]]


_SQL_TYPES = {"int": "INTEGER", "bool": "INTEGER", "quantity": "NUMERIC", "number": "NUMERIC"}


def _typed(columns: Sequence[Any]) -> list[tuple[str, str]]:
    """(name, SQL type) for query columns: the listings and the tables share their names."""
    return [(c.name, _SQL_TYPES.get(c.kind, "TEXT")) for c in columns]


def _records(
    items: Sequence[Any], *drop: str
) -> tuple[list[tuple[str, str]], list[dict[str, Any]]]:
    """Columns and rows straight from model records (sections, notes, sources)."""
    rows = [{k: v for k, v in asdict(item).items() if k not in drop} for item in items]
    if not rows:
        return [("id", "TEXT")], []
    types = {bool: "INTEGER", int: "INTEGER"}
    first = rows[0]
    return [(k, types.get(type(v), "TEXT")) for k, v in first.items()], rows


def sqlite_tables(ds: Dataset) -> list[TableSpec]:
    """(table, [(column, SQL type)], rows) for every table of the SQLite export."""
    from tzcli import query

    figures = query.facts(ds)
    plan_items = [
        {
            "id": p.id,
            "pillar": p.pillar,
            "section": p.section,
            "number_zh": p.number_zh,
            "title_zh": p.title_zh,
            "title_en": p.title_en,
            "quote": p.quote,
            "source": p.source,
        }
        for p in ds.plans
    ]
    mentions = [
        {"village_id": v.id, "position": i, "quote": m.quote, "en": m.en, "source": v.source}
        for v in ds.villages
        for i, m in enumerate(v.mentions, 1)
    ]
    tables: list[TableSpec] = [
        (
            "figures",
            _typed(figures.columns) + [("value_text", "TEXT")],
            [{**row, "value_text": str(row["value"])} for row in figures.rows],
        ),
    ]
    for name, listing in (
        ("projects", query.projects(ds)),
        ("plan_entries", query.plans(ds)),
        ("villages", query.villages(ds)),
        ("topics", query.topics(ds)),
    ):
        tables.append((name, _typed(listing.columns), listing.rows))
    tables.append(
        (
            "plans",
            [(k, "TEXT") for k in plan_items[0]] if plan_items else [("id", "TEXT")],
            plan_items,
        )
    )
    tables.append(
        (
            "village_mentions",
            [
                ("village_id", "TEXT"),
                ("position", "INTEGER"),
                ("quote", "TEXT"),
                ("en", "TEXT"),
                ("source", "TEXT"),
            ],
            mentions,
        )
    )
    for name, items, drop in (
        ("notes", ds.notes, ()),
        ("sections", ds.sections, ()),
        ("sources", ds.metas, ("years",)),
    ):
        columns, rows = _records(items, *drop)
        tables.append((name, columns, rows))
    return tables


def write_sqlite(ds: Dataset, path: Path) -> None:
    """Every table, with keys, foreign keys and full-text search (see tzcli.exports.sqlite)."""
    from tzcli.exports import sqlite

    sqlite.write(ds, path)


# --------------------------------------------------------------------------
# Formats written by tzcli.exports: a folder, a workbook, Datasette's metadata

#: Formats ``write`` hands to ``write_other``.
OTHER_FORMATS = ("datapackage", "xlsx")


def write_other(ds: Dataset, fmt: str, path: str, *, force: bool = False) -> None:
    """A data package folder or an Excel workbook, with the rules of ``write``."""
    if fmt == "datapackage":
        write_folder(ds, path, force=force)
        return
    from tzcli.exports import xlsx

    xlsx.check_available()  # before anything is written
    target, exists = _output_file(path, force)
    _atomic(target, lambda tmp: xlsx.write(ds, tmp), replace=exists, shown=path)


def write_metadata(ds: Dataset, path: str, database: str, *, force: bool = False) -> None:
    """Datasette's metadata for the database ``database`` (the SQLite file's stem)."""
    from tzcli.exports.datasette import metadata
    from tzcli.render.machine import json_document

    payload = json_document(metadata(ds, database)).encode("utf-8")
    target, exists = _output_file(path, force)
    _atomic(target, lambda tmp: tmp.write_bytes(payload), replace=exists, shown=path)


def check_target(path: str, force: bool) -> Path:
    """The checks of ``write`` (only a regular file, never over one without ``force``),
    made before anything is written; the file to write."""
    return _output_file(path, force)[0]


def write_folder(ds: Dataset, path: str, *, force: bool = False) -> None:
    """A data package folder, written to a temporary folder beside it and renamed.

    With ``force``, only a folder that is itself a data package (it holds a
    ``datapackage.json``) is replaced, never any other folder or a file.
    """
    import shutil
    import tempfile

    from tzcli.exports import datapackage

    target = Path(path)
    try:
        exists = target.exists() or target.is_symlink()
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    if exists and not force:
        raise OutputError(f"{path} exists; use --force to overwrite it")
    if exists and (target.is_symlink() or not (target / "datapackage.json").is_file()):
        raise OutputError(f"{path} exists and is not a data package folder; not replacing it")
    if not target.parent.exists():
        raise OutputError(f"cannot write {path}: directory {target.parent} does not exist")
    try:
        tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent))
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    old: Path | None = None
    try:
        datapackage.write(ds, tmp)
        os.chmod(tmp, 0o777 & ~_umask())
        if exists:  # a folder cannot be renamed over another: move the old one aside first
            old = Path(
                tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".old", dir=target.parent)
            )
            os.replace(target, old / target.name)
        os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    finally:  # also on Ctrl-C: the old package is put back if the new one is not in place
        shutil.rmtree(tmp, ignore_errors=True)
        if old is not None:
            aside = old / target.name
            try:
                if aside.exists() and not target.exists():
                    os.replace(aside, target)
                shutil.rmtree(old)
            except OSError:  # never delete the old package unless it is back or replaced
                pass


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
