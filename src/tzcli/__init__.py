"""tzcli: the figures of the 2017 Tianzhong Subdistrict interview, queryable.

Importing this package does no work: ``load_dataset`` imports the loader
only when it is called, so ``tzcli --help`` stays as cheap as Click itself.
"""

from __future__ import annotations

from tzcli._version import __version__

#: typing.TYPE_CHECKING without importing typing (~8 ms): until ``tzcli.__main__.run``
#: has started, a ^C would end the call with a traceback, so that time is kept short.
TYPE_CHECKING = False
if TYPE_CHECKING:
    import os

    from tzcli.model import Dataset

__all__ = ["__version__", "load_dataset"]


def load_dataset(path: str | os.PathLike[str] | None = None) -> Dataset:
    """Load and validate the bundled dataset, or the file or folder at ``path``."""
    from tzcli.dataset import load

    return load(path)
