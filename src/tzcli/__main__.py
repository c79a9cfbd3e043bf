"""The process entry: ``python -m tzcli``, and the ``tzcli`` console script (``run``)."""

from __future__ import annotations

#: The garbage collector's thresholds for a call (Python's are 700, 10, 10). A call
#: is short and makes little cyclic garbage, yet importing Click and Rich set off
#: dozens of collections (Rich's import alone 18, ~5 ms of a table); mypy's command
#: line raises them for the same reason. Set here, before anything is imported.
GC_THRESHOLDS = (100_000, 50, 100)


def run() -> None:
    """Set the collector up for one short call, then run the command line."""
    import gc

    gc.set_threshold(*GC_THRESHOLDS)
    from tzcli.cli import main

    main()


if __name__ == "__main__":
    run()
