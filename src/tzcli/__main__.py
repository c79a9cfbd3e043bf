"""The process entry: ``python -m tzcli``, and the ``tzcli`` console script (``run``)."""

from __future__ import annotations

#: The garbage collector's thresholds for a call (Python's are 700, 10, 10). A call
#: is short and makes little cyclic garbage, yet importing Click and Rich set off
#: dozens of collections (Rich's import alone 18, ~5 ms of a table); mypy's command
#: line raises them for the same reason. Set here, before anything is imported.
GC_THRESHOLDS = (100_000, 50, 100)

#: The exit status of a call ended by ^C (128 + SIGINT), as shells report it.
INTERRUPTED = 130


def run() -> None:
    """Set the process up for one short call (the collector, the streams, COLUMNS:
    ``tzcli.process``), run the command line, and freeze the collector as it ends.

    ^C at any moment gives one line and exit 130, never a traceback: the first
    SIGINT raises KeyboardInterrupt (``main`` reports it); one that arrives before
    ``main`` runs, as it ends, or while the interpreter shuts down ends the process
    at once (``_interrupted``).
    """
    import signal

    stopping = [False]

    def interrupt(_signum: int, _frame: object) -> None:
        if stopping[0]:
            _interrupted()
        stopping[0] = True
        raise KeyboardInterrupt

    import gc

    try:
        try:
            if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not ignored
                signal.signal(signal.SIGINT, interrupt)
            gc.set_threshold(*GC_THRESHOLDS)
            from tzcli import process

            process.prepare()
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


def _interrupted() -> None:
    """End the process now: one line on stderr (if there is one), exit 130."""
    import os

    try:
        os.write(2, b"interrupted\n")
    except OSError:
        pass
    os._exit(INTERRUPTED)


if __name__ == "__main__":
    run()
