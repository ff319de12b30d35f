"""Command line: a thin wrapper over the runner and the output functions."""

from model.cli.app import app, main

__all__ = ["app", "main"]
