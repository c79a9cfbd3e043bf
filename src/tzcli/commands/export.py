"""tzcli export."""

from __future__ import annotations

import sys

import click

from tzcli import export as exporter
from tzcli.commands.common import Settings, TzcliCommand, complete_path, pass_settings
from tzcli.commands.progress import working
from tzcli.render import write_utf8


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
    type=click.Choice(["json", "csv", "sqlite"]),
    required=True,
    help="json: every record; csv: every figure; sqlite: one table per kind of record.",
)
@click.option(
    "--output",
    "-o",
    "path",
    required=True,
    metavar="PATH",
    shell_complete=complete_path,
    help="Where to write ('-' for stdout; not for sqlite).",
)
@click.option("--force", is_flag=True, help="Overwrite PATH if it exists.")
@click.option("--bom", is_flag=True, help="Start csv with a UTF-8 byte-order mark (for Excel).")
@pass_settings
def export(settings: Settings, fmt: str, path: str, force: bool, bom: bool) -> None:
    """Write the whole dataset to a file: json, csv or sqlite."""
    ds = settings.dataset()
    if path == "-":
        if fmt == "sqlite":
            raise click.BadParameter("sqlite cannot be written to stdout", param_hint="'--output'")
        with working(f"making {fmt}", settings.quiet):
            text = exporter.text(ds, fmt, bom=bom)
        write_utf8(text, sys.stdout)
        return
    with working(f"writing {path}", settings.quiet):
        exporter.write(ds, fmt, path, force=force, bom=bom)
    if not settings.quiet:
        click.echo(f"wrote {path}", err=True)
