"""The process entry: ``python -m tzcli``, and the ``tzcli`` console script (``run``)."""

from __future__ import annotations

from tzcli.status import ExitStatus  # imports nothing

TYPE_CHECKING = False  # typing itself is not imported (a ^C before run must be rare)
if TYPE_CHECKING:
    from collections.abc import Callable
    from typing import Any

#: The garbage collector's thresholds for a call (Python's are 700, 10, 10). A call
#: is short and makes little cyclic garbage, yet importing Click and Rich set off
#: dozens of collections (Rich's import alone 18, ~5 ms of a table); mypy's command
#: line raises them for the same reason. Set here, before anything is imported.
GC_THRESHOLDS = (100_000, 50, 100)


def run() -> None:
    """Set the process up for one short call (the collector, the streams, COLUMNS:
    ``tzcli.process``; each dataset it loads frozen and kept: ``_kept_to_the_end``),
    run the command line, and freeze the collector as it ends.

    ^C at any moment gives one line and exit 130, never a traceback: the first
    SIGINT raises KeyboardInterrupt (``main`` reports it); one that arrives before
    ``main`` runs, as it ends, or while the interpreter shuts down ends the process
    at once (``_interrupted``).
    """
    stopping = [False]

    def interrupt(_signum: int, _frame: object) -> None:
        if stopping[0]:
            _interrupted()
        stopping[0] = True
        raise KeyboardInterrupt

    try:  # from the first statement: a ^C even in ``import gc`` is one line, exit 130
        import gc

        gc.set_threshold(*GC_THRESHOLDS)
        try:
            import sys

            # A ^C that lands in a callback the interpreter runs for itself (a weakref's,
            # an import lock's) cannot propagate: Python would print it as "Exception
            # ignored" with a traceback and go on. It ends the call instead. Set before
            # any import: an import runs such callbacks.
            sys.unraisablehook = _ending_on_interrupt(sys.unraisablehook)
            import signal

            if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not ignored
                signal.signal(signal.SIGINT, interrupt)
            from tzcli import process

            process.prepare()
            process.after_load = _kept_to_the_end
            from tzcli.cli import main

            main()
        finally:
            stopping[0] = True
            # The process ends here. The interpreter's last garbage collections would
            # walk every object (Click's, Rich's, the data's) only to free memory the
            # system takes back anyway: a few ms of every call. Frozen objects are
            # skipped by them; objects are still finalised by reference counting as
            # modules are cleared (files close).
            gc.freeze()
    except KeyboardInterrupt:  # before main's own handling, or after it
        _interrupted()


def _kept_to_the_end(dataset: object) -> None:
    """What the process does with each dataset it loads (``process.after_load``): a call
    uses it until it ends, so the collector is told so, and it is never freed.

    Loading leaves every record in the collector's youngest generation (it is off while
    they are made): its next collection would walk them all only to keep them.
    ``gc.freeze`` puts them out of its sight. Freeing them as the call ends would visit
    each once more only to hand memory back to a system that takes it anyway: the
    dataset is held by a frozen cycle that nothing else names, which no collection, the
    interpreter's last included, ever looks at. Together: a warm query of 1,000 files
    2.0 -> 1.6 s of CPU (docs/performance.md). Only the process entry does this; a
    program that calls ``dataset.load`` keeps its collector and frees its datasets as
    usual (tests/test_process.py)."""
    import gc

    holder: list[object] = [dataset]
    holder.append(holder)  # a cycle: never freed by reference counting
    gc.freeze()


def _ending_on_interrupt(previous: Callable[[Any], object]) -> Callable[[Any], None]:
    def hook(unraisable: Any) -> None:
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            _interrupted()
        previous(unraisable)

    return hook


def _interrupted() -> None:
    """End the process now: one line on stderr (if there is one), exit 130."""
    import os

    try:
        os.write(2, b"interrupted\n")
    except OSError:
        pass
    os._exit(ExitStatus.INTERRUPTED)


if __name__ == "__main__":
    run()
