"""``python -m tzcli``."""

from tzcli.cli import main

if __name__ == "__main__":
    main()
