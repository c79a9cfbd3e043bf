"""The settings every command shares (``--data``, ``--lang``, ``--units``, ``--quiet``,
``--source``), as the group and the command chose them, and the dataset they name."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import click

from tzcli.commands.choices import many
from tzcli.errors import DataError, QueryError

if TYPE_CHECKING:
    from tzcli.files import Inputs
    from tzcli.model import Dataset


class Settings:
    """What the group's options chose, handed to every command."""

    def __init__(
        self,
        data: str | None,
        lang: str,
        units: str = "source",
        quiet: bool = False,
        sources: Sequence[str] = (),
    ) -> None:
        self.data = data
        self.lang = lang
        self.units = units
        self.quiet = quiet
        #: --source: only these sources' records (every source when empty)
        self.sources: tuple[str, ...] = tuple(sources)
        self._dataset: Dataset | None = None

    @property
    def metric(self) -> bool:
        """--units metric: mu as hectares, amounts in CNY millions."""
        return self.units == "metric"

    def choose(self, name: str, value: Any) -> None:
        """A setting given again after the command name: the later one wins."""
        if name == "data" and value != self.data:
            self._dataset = None
        if name == "source":
            name, value = "sources", many(value)
        setattr(self, name, value)

    def dataset(self) -> Dataset:
        """The data of --data, only the sources of --source when it is given."""
        if self._dataset is None:
            # The loader is imported here, not at the top: --help, --version and
            # `tzcli schema` need no data.
            from tzcli.commands.progress import loading

            with loading(self.data, self.quiet):
                self._dataset = load_data(self.data, quiet=self.quiet)
        if not self.sources:
            return self._dataset
        known = self._dataset.source_ids()
        for source in self.sources:
            if source not in known:
                raise QueryError(
                    f"--source: no source {source!r} is loaded; the sources: {', '.join(known)}"
                )
        return self._dataset.only(self.sources)

    def whole_dataset(self) -> Dataset:
        """The data of --data, every source: what ``show`` reads an id or a handle in."""
        self.dataset()
        assert self._dataset is not None
        return self._dataset

    def inputs(self) -> Inputs:
        """The files the dataset is read from, which no output may replace."""
        from tzcli.files import Inputs

        found = Inputs()
        if self.data == "-":
            return found.add_stdin("the dataset read from stdin")
        from tzcli.dataset import dataset_files, display_name

        names = dataset_files(self.data)
        whose = "the bundled dataset" if self.data is None else "the dataset this command reads"
        folder = self.data is None or os.path.isdir(self.data)
        what = f"a file of {whose}" if folder else whose
        for name in names:
            found.add(name, what, display_name(name))
        return found


pass_settings = click.make_pass_decorator(Settings)


def load_data(data: str | None, *, use_cache: bool = True, quiet: bool = False) -> Dataset:
    """The dataset of ``--data``: a path, the bundled data (None), or '-' for stdin."""
    from tzcli import terminal
    from tzcli.dataset import MAX_FILE_BYTES, load, load_text

    if data != "-":
        return load(data, use_cache=use_cache)
    if terminal.is_terminal(sys.stdin) and not quiet:
        click.echo("reading a TOML dataset from stdin (end it with Ctrl-D)", err=True)
    raw = stdin_bytes(MAX_FILE_BYTES + 1)
    if raw is None:
        from tzcli.errors import Problem

        raise DataError([Problem("<stdin>", "", CLOSED_STDIN)])
    return load_text(raw)


#: What a closed stdin (``<&-``) is, when '-' asks for it.
CLOSED_STDIN = "stdin is closed: give '-' something to read (… < FILE), or a file name"


def stdin_bytes(limit: int = -1) -> bytes | None:
    """Standard input's bytes (at most ``limit``); None when there is no stdin to read
    (closed: ``<&-``, or not readable)."""
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None:
        return None
    try:
        return bytes(stream.read(limit))
    except (OSError, ValueError):  # a bad descriptor, a closed file
        return None
