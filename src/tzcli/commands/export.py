"""tzcli export."""

from __future__ import annotations

import os
import sys

import click

from tzcli import exports
from tzcli.commands.boundary import TzcliCommand, one_line
from tzcli.commands.options import BOM_HELP, Choice, complete_path
from tzcli.commands.progress import working
from tzcli.commands.settings import Settings, pass_settings
from tzcli.render import write_utf8

#: The formats that may go to stdout (``-o -``), and those that write a folder.
TEXT_FORMATS = [f.name for f in exports.FORMATS.values() if f.text]
FOLDER_FORMATS = [f.name for f in exports.FORMATS.values() if f.folder]


@click.command(
    cls=TzcliCommand,
    examples=[
        ("Every record as json:", "tzcli export --format json --output tianzhong.json"),
        (
            "Every figure as csv for Excel, replacing an older copy:",
            "tzcli export -f csv -o figures.csv --bom --force",
        ),
        ("One sqlite table per kind of record:", "tzcli export -f sqlite -o tianzhong.sqlite"),
    ],
)
@click.option(
    "--format",
    "-f",
    "fmt",
    type=Choice(list(exports.FORMATS)),
    required=True,
    help="; ".join(f"{f.name}: {f.help}" for f in exports.FORMATS.values()) + ".",
)
@click.option(
    "--output",
    "-o",
    "path",
    required=True,
    metavar="PATH",
    shell_complete=complete_path,
    help=f"Where to write ('-' for stdout: {' and '.join(TEXT_FORMATS)} only; a folder for "
    f"{' and '.join(FOLDER_FORMATS)}).",
)
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@click.option(
    "--bom",
    is_flag=True,
    help=f"{BOM_HELP} (The data package's csv files stay exact, for Frictionless, R, pandas.)",
)
@click.option(
    "--metadata",
    "metadata",
    metavar="FILE",
    help="With sqlite: also write Datasette's metadata (title, source, licence, "
    "what each column means) to FILE: datasette DB --metadata FILE.",
)
@pass_settings
def export(
    settings: Settings, fmt: str, path: str, force: bool, bom: bool, metadata: str | None
) -> None:
    """Write the whole dataset: json, csv, sqlite, a data package or xlsx."""
    if metadata is not None and fmt != "sqlite":
        raise click.BadParameter("goes with --format sqlite only", param_hint="'--metadata'")
    if metadata is not None and path == "-":
        raise click.BadParameter("sqlite cannot be written to stdout", param_hint="'--output'")
    ds = settings.dataset()
    if path == "-":
        if fmt not in TEXT_FORMATS:
            raise click.BadParameter(f"{fmt} cannot be written to stdout", param_hint="'--output'")
        with working(f"making {fmt}", settings.quiet):
            text = exports.text(ds, fmt, bom=bom)
        write_utf8(text, sys.stdout)
        return
    from tzcli.files import check_file, same_file

    if metadata is not None and same_file(metadata, path):
        raise click.BadParameter("is the same file as --output", param_hint="'--metadata'")
    inputs = settings.inputs()
    if metadata is not None:
        check_file(metadata, force=force, inputs=inputs)  # before the database is written
    with working(f"writing {path}", settings.quiet):
        exports.write(ds, fmt, path, force=force, bom=bom, inputs=inputs)
    if not settings.quiet:
        click.echo(f"wrote {one_line(path)}", err=True)
    if metadata is not None:
        stem = os.path.splitext(os.path.basename(path))[0]
        exports.write_metadata(ds, metadata, stem, force=force, inputs=inputs)
        if not settings.quiet:
            click.echo(f"wrote {one_line(metadata)}", err=True)
