"""tzcli validate."""

from __future__ import annotations

import os

import click

from tzcli import query
from tzcli.commands.boundary import TzcliCommand, one_line
from tzcli.commands.options import complete_path
from tzcli.commands.progress import loading
from tzcli.commands.settings import Settings, load_data, pass_settings
from tzcli.errors import DataError


@click.command(
    cls=TzcliCommand,
    examples=[
        ("Check the bundled data:", "tzcli validate"),
        ("Check your own file or folder:", "tzcli validate tianzhong.toml"),
        ("Check a file read from stdin:", "tzcli validate - < tianzhong.toml"),
        ("Fail on drafted figures no one has reviewed yet:", "tzcli validate --strict"),
    ],
)
@click.argument("path", required=False, metavar="[FILE]", shell_complete=complete_path)
@click.option(
    "--strict", is_flag=True, help="Fail (exit 1) on unreviewed records too, not only on errors."
)
@pass_settings
def validate(settings: Settings, path: str | None, strict: bool) -> None:
    """Check a dataset file or folder (default: --data, or the bundled data).

    Lists, per file, the records not yet reviewed (reviewed = false: what `tzcli
    draft` writes) and what each still lacks; they are no error unless --strict."""
    target = path if path is not None else settings.data
    try:
        with loading(target, settings.quiet, verb="checking"):
            ds = load_data(target, use_cache=False, quiet=settings.quiet)
    except DataError as exc:
        for problem in exc.problems:
            click.echo(f"error: {one_line(str(problem))}", err=True)
        raise click.ClickException(f"{len(exc.problems)} problem(s) found") from None
    counts = query.topics(ds).rows
    derived = sum(row["derived"] for row in counts)
    if target is None:  # where the bundled data lives is an install detail
        shown = "the bundled data (" + ", ".join(os.path.basename(f) for f in ds.files) + ")"
    elif target != "-" and os.path.isdir(target) and len(ds.files) > 1:
        # a folder: its files by name (a corpus of hundreds: their count), not their paths
        names = [os.path.basename(f) for f in ds.files]
        inside = ", ".join(names) if len(names) <= 5 else f"{len(names)} files"
        shown = f"{target} ({inside})"
    else:
        shown = ", ".join(ds.files)
    click.echo(
        f"OK: {one_line(shown)}: {len(ds.figures)} figures "
        f"({len(ds.figures) - derived} stated, {derived} derived), "
        f"{len(ds.projects)} projects, "
        f"{len(ds.plans)} plan items, {len(ds.villages)} villages, {len(ds.notes)} source notes"
    )
    for row in counts:
        click.echo(f"  {row['id']:<20} {row['figures']:>4}")
    unreviewed = query.unreviewed(ds)
    for meta in ds.metas:
        records = unreviewed.get(meta.id, [])
        if not records:
            continue
        click.echo(
            f"{one_line(meta.file)}: {len(records)} of "
            f"{sum(1 for f in ds.figures if f.source == meta.id)} figures unreviewed"
        )
        for rid, lacks in records:
            said = "lacks " + ", ".join(lacks) if lacks else "to check against the text"
            click.echo(f"  {one_line(rid)}: {one_line(said)}")
    total = sum(len(r) for r in unreviewed.values())
    if strict and total:
        raise click.ClickException(f"{total} unreviewed record(s) (--strict)")
