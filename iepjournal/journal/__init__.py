"""Reading a journal: files to typed entries with their problems, the
settings file, the checks across files, and the one entry point, `load`.
Imports only the model."""

from iepjournal.journal.loading import find_root, load

__all__ = ["find_root", "load"]
