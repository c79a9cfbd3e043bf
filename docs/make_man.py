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
from click_man.core import generate_man_page

from tzcli import __version__
from tzcli.cli import cli
from tzcli.commands import COMMANDS
from tzcli.errors import OutputError
from tzcli.files import write_file


def main(argv: list[str]) -> int:
    target = argv[0] if argv else "man"
    os.makedirs(target, exist_ok=True)
    ctx = click.Context(cli, info_name="tzcli")
    cli.short_help = (cli.help or "").split("\n\n")[0].strip()
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)  # built now, so that click-man sees it
        if command is not None and name in COMMANDS:
            command.short_help = COMMANDS[name].summary  # whole, as tzcli --help shows it
    pages = [(ctx, "tzcli.1")]
    for name, command in cli.commands.items():
        if not command.hidden:
            pages.append((click.Context(command, info_name=name, parent=ctx), f"tzcli-{name}.1"))
    try:
        for page_ctx, file_name in pages:
            text = generate_man_page(page_ctx, version=__version__)
            # tzcli's one file writer: atomic, only regular files, the umask respected;
            # the script's own pages are replaced, as a build does.
            write_file(os.path.join(target, file_name), text.encode("utf-8"), force=True)
    except OutputError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {len(pages)} man pages to {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
