"""Thin entry point: ``python run.py <command> ...`` is the same as the ``harz`` console script."""

from model.cli import main

if __name__ == "__main__":
    main()
