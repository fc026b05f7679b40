"""The Jinja2 environment every rendering shares: a journal's own
`templates/` folder first, then the templates shipped with iepjournal, so a
family can override any template by name."""

from __future__ import annotations

from pathlib import Path

import jinja2

from iepjournal import bundled


def environment(
    root: Path | None, *, html: bool, **options: object
) -> jinja2.Environment:
    """Templates for the journal at `root` (None: only the shipped ones);
    `html` turns on escaping, which plain text and Markdown must not have."""
    folders = [str(root / "templates")] if root else []
    folders.append(str(bundled.templates_folder()))
    settings: dict[str, object] = {
        "trim_blocks": True,
        "lstrip_blocks": True,
        "undefined": jinja2.StrictUndefined,
        "auto_reload": False,  # one run, one read of each template
    } | options
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=html,
        **settings,  # type: ignore[arg-type]
    )
