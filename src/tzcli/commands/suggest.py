"""Did you mean: the closest value of a choice, and the option that does the job on this
command (``--min`` for ``--min-investment``, ``--json`` for ``--format``)."""

from __future__ import annotations

from collections.abc import Sequence

import click

#: What people type for an option, and the options that do that job (kept only
#: where the command has them).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "--min": ("--min-investment",),
    "--max": ("--max-investment",),
    "--minimum": ("--min", "--min-investment"),
    "--maximum": ("--max", "--max-investment"),
    "--investment": ("--min-investment", "--max-investment"),
    "--metric": ("--units",),
    "--unit": ("--units",),
    "--language": ("--lang",),
    "--zh": ("--lang",),
    "--en": ("--lang",),
    "--json": ("--format",),
    "--csv": ("--format",),
    "--tsv": ("--format",),
    "--output": ("--format",),
    "--fields": ("--columns",),
    "--cols": ("--columns",),
    "--select": ("--columns",),
    "--order": ("--sort",),
    "--order-by": ("--sort",),
    "--sort-by": ("--sort",),
    "--top": ("--limit",),
    "--head": ("--limit",),
    "--grep": ("--search",),
    "--query": ("--search",),
    "--find": ("--search",),
    "--file": ("--data",),
    "--dataset": ("--data",),
    "--category": ("--sector", "--pillar"),
    "--industry": ("--sector", "--pillar"),
    "--state": ("--status",),
}


def did_you_mean(value: str, valid: Sequence[str]) -> str:
    """`` Did you mean 'x'?`` for the closest of ``valid``, or ""."""
    import difflib

    close = difflib.get_close_matches(value.casefold(), list(valid), n=1, cutoff=0.6)
    if not close:
        close = [v for v in valid if v.startswith(value.casefold())][:1] if value else []
    return f". Did you mean {close[0]!r}?" if close else ""


def suggest_options(command: click.Command, ctx: click.Context, typed: str) -> list[str]:
    """Options of ``command`` that do what ``typed`` asks: a longer or shorter form of it
    (``--min`` for ``--min-investment``), a synonym, or a close spelling."""
    import difflib

    name = typed.split("=", 1)[0]
    names = [
        opt
        for param in command.get_params(ctx)
        if isinstance(param, click.Option) and not param.hidden
        for opt in (*param.opts, *param.secondary_opts)
        if opt.startswith("--")
    ]
    found: list[str] = []
    if name.startswith("--") and len(name) > 3:
        found += [n for n in names if n.startswith(name) or name.startswith(n + "-")]
    found += [n for n in SYNONYMS.get(name, ()) if n in names]
    if not found:  # only when nothing does the job: --bom is close to --min, but no help
        found = difflib.get_close_matches(name, names)
    return list(dict.fromkeys(found))


def better_no_such_option(
    command: click.Command, ctx: click.Context, exc: click.NoSuchOption
) -> click.NoSuchOption:
    """Click's error, with the suggestions of ``suggest_options`` (Click's own keep only
    close spellings: ``--min`` is not close to ``--min-investment``)."""
    found = [repr(name) for name in suggest_options(command, ctx, exc.option_name)]
    message = exc.message  # Click's own words, then suggestions as Click words them
    if len(found) == 1:
        message += f" Did you mean {found[0]}?"
    elif found:
        message += f" (Did you mean one of: {', '.join(found)}?)"
    return click.NoSuchOption(exc.option_name, message=message, ctx=ctx)
