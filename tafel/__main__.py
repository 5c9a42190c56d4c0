"""``python -m tafel``."""

from tafel.cli import main

if __name__ == "__main__":
    main()
