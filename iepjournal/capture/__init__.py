"""Capture: what writes new files into a journal (init, new, log, email
import, letters). Never changes, moves or deletes a family's file."""
