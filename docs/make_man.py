"""Build tzcli's man pages with click-man: ``python docs/make_man.py [FOLDER]``.

Writes ``tzcli.1`` and one ``tzcli-COMMAND.1`` per command into FOLDER (default
``man/``). click-man reads a group's ``commands``, and tzcli's group builds each
command only when asked for it, so every command is asked for first. Needs
``pip install click-man`` (in the ``test`` extra); ``man -l man/tzcli.1`` shows one.
"""

from __future__ import annotations

import os
import sys

import click
from click_man.core import write_man_pages

from tzcli import __version__
from tzcli.cli import cli
from tzcli.commands import COMMANDS


def main(argv: list[str]) -> int:
    target = argv[0] if argv else "man"
    os.makedirs(target, exist_ok=True)
    ctx = click.Context(cli, info_name="tzcli")
    cli.short_help = (cli.help or "").split("\n\n")[0].strip()
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)  # built now, so that click-man sees it
        if command is not None and name in COMMANDS:
            command.short_help = COMMANDS[name].summary  # whole, as tzcli --help shows it
    write_man_pages("tzcli", cli, version=__version__, target_dir=target)
    print(f"wrote {len(cli.commands) + 1} man pages to {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
