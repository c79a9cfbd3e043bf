"""``tzcli draft``: from the text of an interview to a dataset draft, or the quote
check of a dataset against its text (``--against``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import click

from tzcli import draft as drafting
from tzcli.commands.boundary import TzcliCommand
from tzcli.commands.boundary import one_line as _line
from tzcli.commands.settings import CLOSED_STDIN, stdin_bytes
from tzcli.status import ExitStatus

if TYPE_CHECKING:
    from tzcli.files import Inputs
    from tzcli.model import Dataset


@click.command(
    cls=TzcliCommand,
    examples=[
        ("Draft a dataset file from a text:", "tzcli draft interview.txt -o new.toml"),
        ("The draft on screen, to read before writing it:", "tzcli draft interview.txt | head"),
    ],
)
@click.argument("text", metavar="TEXT")
@click.option("-o", "--output", metavar="FILE", help="Write the draft here (default: stdout).")
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
@click.option(
    "--against",
    "dataset",
    metavar="DATASET",
    help="Instead of a draft: the text's numbers no quote of DATASET covers, "
    "and DATASET's quotes that are not verbatim in the text ('-': stdin).",
)
@click.option(
    "--year",
    type=click.IntRange(1900, 2100),
    help="The year of the results, where a clause names none (plans: the year after) "
    "[default: read from the title, headings and date].",
)
@click.option(
    "--plan-year",
    type=click.IntRange(1900, 2100),
    help="The year of the plans, where a clause names none [default: read from the text, "
    "or the year after --year].",
)
@click.option(
    "--id", "source_id", metavar="ID", help="The source's id [default: from TEXT's name]."
)
@click.pass_context
def draft(
    ctx: click.Context,
    text: str,
    output: str | None,
    force: bool,
    dataset: str | None,
    year: int | None,
    plan_year: int | None,
    source_id: str | None,
) -> None:
    """Draft a dataset file from TEXT (UTF-8 or GB18030; '-' for stdin).

    Every stated number becomes a figure with its value, unit, qualifier,
    verbatim quote, section, year (or span of years) and whether it is a
    result or a target, marked reviewed = false; a figure that is plainly a
    concept ('tzcli concepts') gets the concept's id. The draft loads as it is
    ('tzcli --data FOLDER ...' beside other sources); 'tzcli validate FILE'
    lists what each figure still lacks. Texts over 2 MiB are refused.

    With --against, the quote check: every number of TEXT (read on its own,
    not as the draft reads it) that no quote of DATASET covers, the quotes
    not verbatim in TEXT, and what looked like a number but could not be read.
    """
    if source_id is not None and not re.fullmatch(r"[a-z][a-z0-9_]*", source_id):
        raise click.BadParameter(
            "lower case letters, digits and '_', starting with a letter", param_hint="'--id'"
        )
    if text == "-" and dataset == "-":
        raise click.BadParameter("TEXT and DATASET cannot both be stdin", param_hint="'--against'")
    writing = output is not None and output != "-"
    inputs = _inputs(text, dataset)
    if output is not None and writing:
        from tzcli.files import check_file

        check_file(output, force=force, inputs=inputs)  # before any work
    source = _read_source(text)
    problems = 0
    if dataset is not None:
        from tzcli.commands.settings import load_data  # only for --against

        problems = _report_against(source, load_data(dataset, use_cache=False, quiet=True))
        if output is None:
            ctx.exit(ExitStatus.ERROR if problems else ExitStatus.SUCCESS)
    content = drafting.draft_toml(
        source,
        source_id or drafting.source_id_for("stdin" if text == "-" else text),
        results_year=year,
        plan_year=plan_year,
    )
    if output is None or not writing:
        click.echo(content.encode("utf-8"), nl=False)  # TOML is UTF-8, whatever the locale
        return
    drafting.write_draft(output, content, force=force, inputs=inputs)
    figures = content.count("\n[[figures]]\n")
    click.echo(
        f"wrote {_line(output)}: {figures} figures, unreviewed (reviewed = false); "
        f"'tzcli validate {_line(output)}' lists what each lacks",
        err=True,
    )
    if problems:
        ctx.exit(ExitStatus.ERROR)


def _inputs(text: str, dataset: str | None) -> Inputs:
    """What the call reads, which ``-o`` may never replace: the text and the dataset."""
    from tzcli.files import Inputs

    inputs = Inputs()
    if text == "-":
        inputs.add_stdin("the text being drafted (stdin)")
    else:
        inputs.add(text, "the text being drafted", text)
    if dataset == "-":
        inputs.add_stdin("the dataset read from stdin (--against -)")
    elif dataset is not None:
        from tzcli.dataset import dataset_files, display_name

        for name in dataset_files(dataset):
            inputs.add(name, "a file of the --against dataset", display_name(name))
    return inputs


def _read_source(text: str) -> str:
    """The text to draft from: the file, or stdin for '-' (one line if it is closed)."""
    if text != "-":
        return drafting.read_text(text)
    raw = stdin_bytes(drafting.MAX_TEXT_BYTES + 1)
    if raw is None:
        raise click.ClickException(f"cannot read TEXT: {CLOSED_STDIN}")
    if len(raw) > drafting.MAX_TEXT_BYTES:
        raise click.ClickException(f"stdin is over the limit of {drafting.MAX_TEXT_BYTES} bytes")
    return drafting.decode(raw, "stdin")


def _report_against(source: str, ds: Dataset) -> int:
    """Print what ``against`` found; the number of quotes not in the text."""
    from rich.cells import cell_len

    uncovered, missing, unread = drafting.against(source, ds)
    text = drafting.normalise(source)
    click.echo(f"numbers no quote covers: {len(uncovered)}")
    for number in uncovered:
        # the number in its words: 10 characters either side, on one line
        around = _line(text[max(0, number.start - 10) : number.end + 10].replace("\n", " "))
        shown = _line(number.text)[:12]
        pad = " " * max(1, 11 - cell_len(shown))
        kind = "date " if number.kind != "number" else "     "
        click.echo(f"  line {number.line:<5}{shown}{pad}{kind}{around}")
    click.echo(f"quotes not verbatim in the text: {len(missing)}")
    for where, quote in missing:
        click.echo(f"  {_line(where)}: {_line(quote)}")
    if unread:
        click.echo(f"numbers it could not read: {len(unread)}")
        for number in unread:
            click.echo(f"  line {number.line:<4} {_line(number.text)}")
    return len(missing)
