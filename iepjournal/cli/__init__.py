"""The `iepjournal` command (a thin Click layer: arguments in, library
calls, words out, exit codes)."""

from iepjournal.cli.commands import main, run

__all__ = ["main", "run"]
