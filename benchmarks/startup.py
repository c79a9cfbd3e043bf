#!/usr/bin/env python3
"""How long a tzcli call takes, against the cost of the imports it cannot avoid.

Times whole processes of the installed ``tzcli`` (next to this Python, or on
PATH), interleaved (A B C … A B C …) after a warm-up, and prints for each
the median and spread and, for tzcli calls, the ratio to its floor:

- ``python -c "import click, tomllib"``: the floor for machine formats;
- ``python -c "import click, rich.console, rich.table, tomllib"``: for tables.

Targets (medians, one machine, one run): machine formats <= 1.15x their
floor, tables <= 1.15x theirs. tzcli sets the garbage collector's thresholds
high for a call and freezes it as it exits, which spares it the interpreter's
last collections (a few ms); the same two floors with those settings are
timed too, and the worst ratio to them is printed, so that this part of the
gain can be told apart. The cache
goes to a temporary folder, which the warm-up fills, as a user's first call
would; ``--no-cache`` times every call parsing the TOML instead.

    python benchmarks/startup.py [--runs 30] [--warmup 3] [--no-cache] [--tzcli PATH]

Standard library only; never asserts anything about time (``--check`` makes
a missed target the exit status, for a person who wants that).
"""

from __future__ import annotations

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from _common import (  # noqa: E402
    Environment,
    find_tzcli,
    load_average,
    machine_line,
    python_of,
    run_once,
    spread,
)

TARGET = 1.15

MACHINE_FLOOR = "import click, tomllib"
TABLE_FLOOR = "import click, rich.console, rich.table, tomllib"
#: tzcli's console script sets the garbage collector's thresholds high before its first
#: import and freezes the collector as the process ends (sparing it the interpreter's last
#: collections); these floors do the same, for a like-for-like ratio.
GC_END = "; import gc; gc.freeze()"
LIKE_TZCLI = " (tzcli's gc settings)"


def _has_tomllib(python: str) -> bool:
    import subprocess

    return subprocess.run([python, "-c", "import tomllib"], capture_output=True).returncode == 0


def gc_settings(python: str) -> str:
    """The code that gives a floor tzcli's collector thresholds (read from the installed
    tzcli.__main__.GC_THRESHOLDS), to run before its imports; empty for a tzcli without them."""
    import subprocess

    try:
        found = subprocess.run(
            [python, "-c", "from tzcli.__main__ import GC_THRESHOLDS as t; print(*t, sep=', ')"],
            capture_output=True,
            text=True,
            timeout=60,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        found = ""
    return f"import gc; gc.set_threshold({found}); " if found else ""


#: (label, tzcli arguments, floor) for every tzcli call timed.
CALLS: list[tuple[str, list[str], str]] = [
    ("tzcli stats --format tsv", ["stats", "--format", "tsv"], "machine"),
    (
        "tzcli projects --min-investment 2e8 --format json",
        ["projects", "--min-investment", "2e8", "--format", "json"],
        "machine",
    ),
    ("tzcli facts --format csv", ["facts", "--format", "csv"], "machine"),
    ("tzcli stats --format table", ["stats", "--format", "table"], "table"),
    ("tzcli projects --format table", ["projects", "--format", "table"], "table"),
    (
        "tzcli poverty --year 2016 --format table",
        ["poverty", "--year", "2016", "--format", "table"],
        "table",
    ),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=30, help="timed runs of each command (>= 20)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed runs of each command first")
    parser.add_argument("--no-cache", action="store_true", help="run tzcli with TZCLI_NO_CACHE=1")
    parser.add_argument("--tzcli", help="the tzcli executable (default: the installed one)")
    parser.add_argument("--check", action="store_true", help="exit 1 if a target is missed")
    args = parser.parse_args(argv)
    if args.runs < 20:
        parser.error("--runs must be at least 20")

    tzcli = find_tzcli(args.tzcli)
    python = python_of(tzcli)
    env = Environment()
    tz_env = dict(env.env)
    if args.no_cache:
        tz_env["TZCLI_NO_CACHE"] = "1"

    settings = gc_settings(python)
    # Below Python 3.11 the floors import tomli, as tzcli does there.
    toml = "tomllib" if _has_tomllib(python) else "tomli"
    machine_code = MACHINE_FLOOR.replace("tomllib", toml)
    table_code = TABLE_FLOOR.replace("tomllib", toml)
    commands: dict[str, tuple[list[str], dict[str, str]]] = {
        "python -c pass": ([python, "-c", "pass"], env.env),
        f'python -c "{MACHINE_FLOOR}"': ([python, "-c", machine_code], env.env),
        f'python -c "{TABLE_FLOOR}"': ([python, "-c", table_code], env.env),
        f'python -c "{MACHINE_FLOOR}"{LIKE_TZCLI}': (
            [python, "-c", settings + machine_code + GC_END],
            env.env,
        ),
        f'python -c "{TABLE_FLOOR}"{LIKE_TZCLI}': (
            [python, "-c", settings + table_code + GC_END],
            env.env,
        ),
    }
    for label, extra, _ in CALLS:
        commands[label] = ([tzcli, *extra], tz_env)

    print(machine_line(python, tzcli))
    for note in env.notes:
        print(f"note: {note}")
    print(f"tzcli's gc settings, given to the second pair of floors: {settings}IMPORTS{GC_END}")
    print(
        f"{args.warmup} warm-up and {args.runs} timed runs of each command, interleaved; "
        f"cache: {'off (TZCLI_NO_CACHE=1)' if args.no_cache else 'on, in a temporary folder'}; "
        f"load average before: {load_average()}"
    )

    try:
        for _ in range(args.warmup):
            for label, (cmd, cmd_env) in commands.items():
                _, code, _, err = run_once(cmd, cmd_env)
                if code != 0:
                    print(f"error: {label} exited {code}:\n{err}", file=sys.stderr)
                    return 2
        times: dict[str, list[float]] = {label: [] for label in commands}
        cpus: dict[str, list[float]] = {label: [] for label in commands}
        for _ in range(args.runs):
            for label, (cmd, cmd_env) in commands.items():
                elapsed, code, cpu, err = run_once(cmd, cmd_env)
                if code != 0:
                    print(f"error: {label} exited {code}:\n{err}", file=sys.stderr)
                    return 2
                times[label].append(elapsed)
                cpus[label].append(cpu)
    finally:
        env.close()

    machine_floor = f'python -c "{MACHINE_FLOOR}"'
    table_floor = f'python -c "{TABLE_FLOOR}"'
    floor_of = {
        label: machine_floor if kind == "machine" else table_floor for label, _, kind in CALLS
    }

    def median(values: list[float]) -> float:
        return float(spread(values)[0])

    base = median(times["python -c pass"])
    width = max(len(label) for label in commands)
    print()
    print("wall: whole process, spawn to exit; cpu: its user + system time (less disturbed")
    print("by other load on the machine). 'x floor' is a ratio of medians, on which the")
    print("targets are; 'paired' is the median of each round's own ratio (the call and its")
    print("floor run moments apart), which bursts of load on a shared machine disturb less.")
    print(
        f"{'command':<{width}}  {'wall':>7}  {'IQR':>13}  {'min..max':>13}  "
        f"{'x pass':>6}  {'x floor':>7}  {'cpu':>7}  {'x floor':>7}  {'paired':>6}"
    )
    missed = []
    for label in commands:
        wall, q1, q3, low, high = spread(times[label])
        cpu = median(cpus[label])
        line = (
            f"{label:<{width}}  {wall * 1000:5.1f}ms  "
            f"{q1 * 1000:5.1f}..{q3 * 1000:5.1f}ms  {low * 1000:5.1f}..{high * 1000:5.1f}ms  "
            f"{wall / base:5.2f}x"
        )
        floor = floor_of.get(label)
        if floor is None:
            line += f"  {'':>7}  {cpu * 1000:5.1f}ms"
        else:
            ratio = wall / median(times[floor])
            cpu_ratio = cpu / median(cpus[floor])
            paired = median([t / f for t, f in zip(times[label], times[floor], strict=True)])
            ok = ratio <= TARGET
            if not ok:
                missed.append(label)
            line += (
                f"  {ratio:6.2f}x  {cpu * 1000:5.1f}ms  {cpu_ratio:6.2f}x  {paired:5.2f}x"
                f"  {'ok' if ok else 'OVER'}"
            )
        print(line)
    worst: dict[str, float] = {}
    for label, _, kind in CALLS:
        floor = f"{machine_floor if kind == 'machine' else table_floor}"
        ratio = median(times[label]) / median(times[floor + LIKE_TZCLI])
        worst[kind] = max(worst.get(kind, 0.0), ratio)
    print()
    print(
        f"against floors with tzcli's gc settings: machine formats up to "
        f"{worst['machine']:.2f}x, tables up to {worst['table']:.2f}x"
    )
    print(
        f"targets: machine formats <= {TARGET}x the click + tomllib floor, "
        f"tables <= {TARGET}x the click + rich + tomllib floor"
    )
    if missed:
        print(f"over target: {', '.join(missed)}")
    else:
        print(f"every tzcli call is within {TARGET}x of its floor")
    print(f"load average after: {load_average()}")
    return 1 if (missed and args.check) else 0


if __name__ == "__main__":
    sys.exit(main())
