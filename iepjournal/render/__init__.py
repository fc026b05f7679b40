"""Rendering: templates, Markdown to safe HTML, the text/Markdown/JSON
report, the printable site, charts, the calendar file, and writing an output
folder. Imports the layers below, never capture or cli."""
