"""The exit statuses of tzcli, named once (as httpie's ``ExitStatus``), and the
table of README.md's "Exit codes and errors".

A plain class of ints rather than an ``IntEnum``: ``tzcli.__main__`` ends a call
interrupted before Click (and with it ``enum``) is imported, and that path imports
nothing it can avoid. The values are what shells, Click and httpie use:
``ERROR`` is ``click.ClickException.exit_code``, ``USAGE`` is
``click.UsageError.exit_code`` (a test holds both).
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing is not imported: see above
if TYPE_CHECKING:
    from typing import Final


class ExitStatus:
    """How a call ended, as its exit status."""

    #: Done, including an empty result.
    SUCCESS: Final = 0
    #: A data file missing, unreadable or invalid; a file that cannot (or may not)
    #: be written; a stdout that fails; a draft whose quotes are not all in its text.
    ERROR: Final = 1
    #: A usage error: an unknown command, option, column, id or year; a bad amount.
    USAGE: Final = 2
    #: Ended by ^C (128 + SIGINT), as shells report it.
    INTERRUPTED: Final = 130
