"""``tzcli export``: its formats in one registry (``FORMATS``), as ``render.WRITERS``
is the listings'; the command's ``--format`` choices and help come from here.

Every format is written from the same tables (``tables``: the columns with their
Frictionless types, keys and descriptions, defined once), and every file by the one
safe writer, ``tzcli.files`` (atomic, only regular files, never over a file without
``force``, never over the data being read). Importing this package is cheap: each
format's module, and its library, is imported only when that format is written.

- ``tables``: the exported tables, described once
- ``plaintext``: json (every table) and csv (the figures), to a file or stdout
- ``sqlite``: a SQLite file with keys and full-text search (Datasette, sqlite-utils)
- ``datasette``: Datasette's metadata for that file (``--metadata``)
- ``datapackage``: a Frictionless data package folder
- ``xlsx``: an Excel workbook (openpyxl)
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from tzcli.files import NO_INPUTS, Inputs

if TYPE_CHECKING:
    from tzcli.model import Dataset


class Target(NamedTuple):
    """Where an export goes, and the call's choices: ``force`` to replace a file,
    ``bom`` for csv opened in a spreadsheet, ``inputs`` never written over."""

    path: str
    force: bool = False
    bom: bool = False
    inputs: Inputs = NO_INPUTS


#: A format's writer: the dataset, and where.
Writer = Callable[["Dataset", Target], None]


class ExportFormat(NamedTuple):
    """One format of ``tzcli export``: its name (``--format``), what it holds (the
    option's help), its writer, whether it is text that may go to stdout, and whether
    it is a folder rather than a file."""

    name: str
    help: str
    write: Writer
    text: bool = False
    folder: bool = False


def _text_writer(fmt: str) -> Writer:
    def write(ds: Dataset, target: Target) -> None:
        from tzcli import files
        from tzcli.exports.plaintext import text

        def fill(tmp: Path) -> None:  # made once the target is checked
            tmp.write_bytes(text(ds, fmt, bom=target.bom).encode("utf-8"))

        files.write_file(target.path, fill, force=target.force, inputs=target.inputs)

    return write


def _write_sqlite(ds: Dataset, target: Target) -> None:
    import sqlite3

    from tzcli import files
    from tzcli.exports import sqlite

    def fill(tmp: Path) -> None:
        try:
            sqlite.write(ds, tmp)
        except sqlite3.Error as exc:  # a full disk, an unwritable folder: as an OSError
            raise OSError(str(exc)) from None

    files.write_file(target.path, fill, force=target.force, inputs=target.inputs)


def _write_datapackage(ds: Dataset, target: Target) -> None:
    """A new folder renamed into place whole; an older package replaced, its own files
    only (its ``datapackage.json`` lists them), never any other folder, file or the
    user's files beside it (``tzcli.files.write_folder``)."""
    from tzcli import files
    from tzcli.exports import datapackage

    files.write_folder(
        target.path,
        lambda tmp: datapackage.write(ds, tmp),
        owned=datapackage.written_files,
        force=target.force,
        inputs=target.inputs,
        kind="data package",
    )


def _write_xlsx(ds: Dataset, target: Target) -> None:
    from tzcli import files
    from tzcli.exports import xlsx

    xlsx.check_available()  # before anything is written
    files.write_file(
        target.path, lambda tmp: xlsx.write(ds, tmp), force=target.force, inputs=target.inputs
    )


#: Every format of ``tzcli export``, in the order its help lists them.
FORMATS: dict[str, ExportFormat] = {
    spec.name: spec
    for spec in (
        ExportFormat("json", "every record", _text_writer("json"), text=True),
        ExportFormat("csv", "every figure", _text_writer("csv"), text=True),
        ExportFormat(
            "sqlite",
            "one table per kind of record, with keys and search (Datasette)",
            _write_sqlite,
        ),
        ExportFormat(
            "datapackage",
            "a folder of csv files and datapackage.json (Frictionless, R)",
            _write_datapackage,
            folder=True,
        ),
        ExportFormat("xlsx", "one sheet per table (needs tzcli[xlsx])", _write_xlsx),
    )
}


def write(
    ds: Dataset,
    fmt: str,
    path: str,
    *,
    force: bool = False,
    bom: bool = False,
    inputs: Inputs = NO_INPUTS,
) -> None:
    """Write the export ``fmt`` to ``path`` (see ``tzcli.files`` for the rules)."""
    FORMATS[fmt].write(ds, Target(path, force, bom, inputs))


def text(ds: Dataset, fmt: str, *, bom: bool = False) -> str:
    """A text format's export (json, csv), for stdout."""
    from tzcli.exports import plaintext

    return plaintext.text(ds, fmt, bom=bom)


def write_metadata(
    ds: Dataset, path: str, database: str, *, force: bool = False, inputs: Inputs = NO_INPUTS
) -> None:
    """Datasette's metadata for the database ``database`` (the SQLite file's stem)."""
    from tzcli import files
    from tzcli.exports.datasette import metadata
    from tzcli.render.machine import json_document

    payload = json_document(metadata(ds, database)).encode("utf-8")
    files.write_file(path, payload, force=force, inputs=inputs)
