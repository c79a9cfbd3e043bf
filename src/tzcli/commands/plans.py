"""tzcli plans."""

from __future__ import annotations

import click

from tzcli import query
from tzcli.commands.boundary import TzcliCommand
from tzcli.commands.choices import many
from tzcli.commands.options import ValuesOption, check_choices
from tzcli.commands.output import Output, emit, with_output
from tzcli.commands.settings import Settings, pass_settings
from tzcli.model import PILLARS


@click.command(
    cls=TzcliCommand,
    columns=query.plan_columns,
    examples=[
        ("The whole 2017 plan:", "tzcli plans"),
        (
            "The industry plan, its measures and targets in Chinese:",
            "tzcli plans --pillar industry --lang zh",
        ),
        (
            "One row per measure, target or project, as tsv:",
            "tzcli plans --columns plan_id,kind,id,text_en --format tsv",
        ),
    ],
)
@click.option(
    "--pillar",
    multiple=True,
    metavar="PILLAR",
    cls=ValuesOption,
    values=lambda: PILLARS,
    from_data=False,
    help="Only this pillar of the plan (repeatable, or a,b).",
)
@with_output
@pass_settings
def plans(settings: Settings, out: Output, pillar: tuple[str, ...]) -> None:
    """The plan items, with their measures, targets and projects."""
    pillars = many(pillar)
    check_choices(pillars, PILLARS, "--pillar")
    emit(query.plans(settings.dataset(), pillar=pillars), out, settings)
